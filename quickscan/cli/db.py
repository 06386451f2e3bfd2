"""``quickscan db upgrade|current|downgrade``: migrations, and questionnaire snapshots."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import migrate
from ..db import transaction
from ..questionnaire_store import register, registry


@click.group("db")
def db_group() -> None:
    """Create and migrate the database."""


@db_group.command("upgrade")
@with_appcontext
def upgrade() -> None:
    """Create the database or bring it to the newest schema, and register the questionnaires."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    before = migrate.current_revision(app)
    migrate.upgrade(app)
    after = migrate.current_revision(app)
    click.echo(f"Database {app.config['DATABASE_URL'].split('@')[-1]}: schema {before or 'empty'} -> {after}")
    with transaction(app) as session:
        for reg in register(session, registry(app)):
            if reg.status == "changed":
                click.echo(f"WARNING: {reg.key} differs from the version registered earlier; "
                           "give the changed questionnaire a new version.", err=True)
            elif reg.status == "new":
                click.echo(f"Registered questionnaire {reg.key}")


@db_group.command("current")
@with_appcontext
def current() -> None:
    """Show the schema revision of the database and the newest one available."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    click.echo(f"current: {migrate.current_revision(app)}, newest: {migrate.head_revision()}")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade(revision: str) -> None:
    """Take the schema back to REVISION (`base` removes every table: all data is lost)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    migrate.downgrade(app, revision)
    click.echo(f"current: {migrate.current_revision(app)}")
