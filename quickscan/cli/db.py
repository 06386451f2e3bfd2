"""``quickscan init-db``, ``db upgrade|current|downgrade|copy``, ``backup``, ``restore``: the database itself."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import migrate
from ..db import database, transaction
from ..questionnaire_store import register, registry
from .common import current, refusals


@click.group("db")
def db_group() -> None:
    """Create and migrate the database."""


@db_group.command("upgrade")
@with_appcontext
def upgrade() -> None:
    """Create the database or bring it to the newest schema, and register the questionnaires."""
    app = current()
    before = migrate.current_revision(app)
    with refusals():  # a migration that never got its lock (MigrationBlocked): one line, not a traceback
        migrate.upgrade(app)
    after = migrate.current_revision(app)
    click.echo(f"Database {app.config['DATABASE_URL'].split('@')[-1]}: schema {before or 'empty'} -> {after}")
    with transaction(app) as session:
        for reg in register(session, registry(app)):
            if reg.status == "changed":
                click.echo(
                    f"WARNING: {reg.key} differs from the version registered earlier; "
                    "give the changed questionnaire a new version.",
                    err=True,
                )
            elif reg.status == "new":
                click.echo(f"Registered questionnaire {reg.key}")


@click.command("init-db")
@click.pass_context
def init_db(ctx: click.Context) -> None:
    """Create the database or migrate it to the newest schema (same as `db upgrade`)."""
    ctx.invoke(upgrade)


@db_group.command("current")
@with_appcontext
def show_revision() -> None:
    """Show the schema revision of the database and the newest one available."""
    app = current()
    click.echo(f"current: {migrate.current_revision(app)}, newest: {migrate.head_revision()}")
    for step in migrate.pending(app):
        mark = "additive" if step.additive else "NOT additive: stop the nodes of the old version first"
        click.echo(f"to do: {step.revision} {step.title} ({mark})")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade(revision: str) -> None:
    """Take the schema back to REVISION (`base` removes every table: all data is lost)."""
    app = current()
    migrate.downgrade(app, revision)
    click.echo(f"current: {migrate.current_revision(app)}")


@db_group.command("copy")
@click.option("--to", "target", required=True, help="SQLAlchemy URL of the target database (migrated if needed).")
@with_appcontext
def copy(target: str) -> None:
    """Copy everything to another database (e.g. SQLite to PostgreSQL) and check it arrived whole."""
    from ..db import make_engine
    from ..dbtools import copy as copy_all

    app = current()
    engine = make_engine(target)
    try:
        migrate.upgrade_engine(engine)
    except Exception as exc:  # noqa: BLE001 - any connection or migration problem: say it, no traceback
        raise click.ClickException(f"cannot prepare the target database: {str(exc).splitlines()[0][:300]}") from None
    finally:
        engine.dispose()
    with refusals():
        checks = copy_all(database(app).engine, target)
    width = max(len(c.table) for c in checks)
    for c in checks:
        state = "same" if c.same else "DIFFERENT"
        click.echo(f"{c.table:{width}}  {c.rows_source:>8} -> {c.rows_target:>8} rows  checksum {state}")
    if all(c.same for c in checks):
        click.echo("All tables copied: same rows and checksums on both sides.")
    else:
        raise click.ClickException("The copy differs from the source; do not switch to the target.")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup(file: str) -> None:
    """Write a consistent snapshot of the database to FILE while the app keeps serving."""
    from pathlib import Path

    from ..dbtools import backup as make_backup

    app = current()
    with refusals():
        make_backup(database(app).engine, Path(file))
    click.echo(f"Backup written to {file}")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@with_appcontext
def restore(file: str, force: bool) -> None:
    """Restore a backup made by `quickscan backup` into the (empty) database."""
    from pathlib import Path

    from ..dbtools import restore as do_restore

    app = current()
    with refusals():
        do_restore(database(app).engine, Path(file), force=force)
    click.echo(f"Restored from {file}")
