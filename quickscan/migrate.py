"""Run the Alembic migrations in quickscan/migrations against the app's database, and say whether this
version can serve a database (:func:`schema_problem`).

Rolling upgrades (docs/operations.md, "Upgrading without downtime"): the new version migrates while old nodes
keep serving, so

- each migration runs in its own transaction and waits at most ``migration_lock_timeout`` for a lock
  (``migrations/env.py``); one that could not get its lock is tried again, ``ATTEMPTS`` times in all;
- an old node accepts a database at a revision it does not know when that schema still holds everything the
  old code uses, unchanged, and asks nothing new of it (:func:`schema_serves`). A migration declares
  ``additive = True`` when it only adds such things; the tests check each declared one against that rule.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import Connection, Engine, MetaData
from sqlalchemy.exc import OperationalError

from .db import Base, database
from .db_limits import Limits
from .dbtools import DataError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: How often ``upgrade`` tries a migration that could not get its lock in time, and the pause (seconds) after
#: the first failure (twice as long after the second).
ATTEMPTS = 3
PAUSE = 1.0


class MigrationBlocked(DataError):
    """A migration could not get its lock in time, ``ATTEMPTS`` times; the message says what to do."""


@dataclass(frozen=True)
class Migration:
    revision: str
    title: str
    additive: bool


def alembic_config(directory: Path = MIGRATIONS_DIR) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(directory))
    return cfg


def upgrade(app: Flask, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the newest)."""
    upgrade_engine(database(app).engine, revision, database(app).limits.migration_lock_timeout)


def upgrade_engine(
    engine: Engine, revision: str = "head", lock_timeout: float | None = None, directory: Path = MIGRATIONS_DIR
) -> None:
    """Migrate; a migration that waited ``lock_timeout`` seconds for a lock is rolled back and tried again
    after a pause (the ones before it stay applied). Raises :class:`MigrationBlocked` when it never got it."""
    lock_timeout = Limits().migration_lock_timeout if lock_timeout is None else lock_timeout
    for attempt in range(1, ATTEMPTS + 1):
        try:
            _run(engine, "upgrade", revision, lock_timeout, directory)
            return
        except OperationalError as exc:
            if getattr(exc.orig, "sqlstate", None) != "55P03":
                raise
            logging.getLogger("quickscan").warning(
                "migration waited %s s for a lock (attempt %s)", lock_timeout, attempt
            )
            if attempt < ATTEMPTS:
                time.sleep(PAUSE * attempt)
    with engine.connect() as connection:
        at = MigrationContext.configure(connection).get_current_revision()
    raise MigrationBlocked(
        f"a migration waited {lock_timeout:g} s for a lock {ATTEMPTS} times and was rolled back each time; the "
        f"database stays at {at or 'no revision'}. A long query or transaction holds a table (see pg_stat_activity); "
        "run the upgrade again later."
    )


def downgrade(app: Flask, revision: str) -> None:
    _run(database(app).engine, "downgrade", revision, database(app).limits.migration_lock_timeout, MIGRATIONS_DIR)


def _run(engine: Engine, action: str, revision: str, lock_timeout: float, directory: Path) -> None:
    cfg = alembic_config(directory)
    with engine.connect() as connection:
        cfg.attributes["connection"] = connection
        cfg.attributes["lock_timeout"] = lock_timeout
        getattr(command, action)(cfg, revision)


def current_revision(app: Flask) -> str | None:
    with database(app).engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migrations this version knows, oldest first, with their ``additive`` mark (absent: False)."""
    scripts = reversed(list(ScriptDirectory.from_config(alembic_config(directory)).walk_revisions()))
    return [
        Migration(s.revision, (s.doc or "").splitlines()[0], bool(getattr(s.module, "additive", False)))
        for s in scripts
    ]


def pending(app: Flask) -> list[Migration]:
    """The migrations ``upgrade`` would run now."""
    current = current_revision(app)
    known = migrations()
    if current is None:
        return known
    done = next((i + 1 for i, m in enumerate(known) if m.revision == current), len(known))  # unknown: newer
    return known[done:]


def schema_serves(connection: Connection, metadata: MetaData = Base.metadata) -> str | None:
    """None when the database's schema can serve code whose tables are ``metadata``; else the first reason.

    It can when it holds every table and column of ``metadata`` with the same type and nullability, and what
    else it holds asks nothing of that code: more tables; columns that are nullable or have a default (an
    INSERT that leaves them out still works); indexes that are not unique; foreign keys on those new columns;
    anything on a table that code does not know (it never writes there: e.g. the job queue's tables).
    """
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    changes = [c for diff in compare_metadata(context, metadata) for c in (diff if isinstance(diff, list) else [diff])]
    extra = {(c[2], c[3].name) for c in changes if c[0] == "remove_column"}
    for change in changes:
        table = getattr(change[1], "table", None) if change[0] in ("remove_index", "remove_constraint") else None
        if table is not None and table.name not in metadata.tables:
            continue
        reason = _why_not(change, extra)
        if reason:
            return reason
    return None


def _why_not(change: tuple[Any, ...], extra: set[tuple[str, str]]) -> str | None:
    kind = change[0]
    if kind == "remove_table":
        return None
    if kind == "remove_column":
        column = change[3]
        if column.nullable or column.server_default is not None:
            return None
        return f"column {change[2]}.{column.name} must be filled (NOT NULL, no default), and this version does not"
    if kind == "remove_index" and not change[1].unique:
        return None
    if kind in ("remove_index", "remove_constraint"):
        return f"{change[1].name} is a new unique constraint this version does not know of"
    if kind == "remove_fk" and all((change[1].table.name, c.name) in extra for c in change[1].columns):
        return None
    if kind == "add_table":
        return f"table {change[1].name} is missing"
    if kind == "add_column":
        return f"column {change[2]}.{change[3].name} is missing"
    if kind.startswith("modify_"):
        return f"column {change[2]}.{change[3]} changed ({kind.removeprefix('modify_')})"
    return f"the schema differs ({kind})"


def schema_problem(app: Flask) -> str | None:
    """Why the app's database cannot be served by this version (not migrated, or migrated by a newer version
    that changed what this one uses), as one line for the operator; None when it can be served."""
    try:
        current = current_revision(app)
    except OperationalError as exc:
        said = str(exc.orig or exc).strip()
        return f"Quickscan: cannot reach the database ({said.splitlines()[0] if said else type(exc).__name__})."
    head = head_revision()
    if current == head:
        return None
    if current is None:
        return "Quickscan: the database has no tables yet: run `quickscan init-db` first."
    if current in {m.revision for m in migrations()}:
        return (
            f"Quickscan: the database is at migration {current}, this version needs {head}: run `quickscan db upgrade`."
        )
    with database(app).engine.connect() as connection:
        reason = schema_serves(connection)
    if reason is None:
        logging.getLogger("quickscan").warning(
            "The database is at migration %s, newer than this version's %s; its schema still serves this version.",
            current,
            head,
        )
        return None
    return f"Quickscan: the database is at migration {current}, which this version does not know, and {reason}."
