"""Run the Alembic migrations in quickscan/migrations against the app's database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from .db import database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade(app: Flask, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the newest)."""
    upgrade_engine(database(app).engine, revision)


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def downgrade(app: Flask, revision: str) -> None:
    cfg = alembic_config()
    with database(app).engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def current_revision(app: Flask) -> str | None:
    with database(app).engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_problem(app: Flask) -> str | None:
    """Why the app's database cannot be served by this version (not migrated, or migrated by a newer
    version), as one line for the operator; None when its schema is this version's newest."""
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
    if current not in {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}:
        return f"Quickscan: the database is at migration {current}, which this version does not know (a newer one?)."
    return f"Quickscan: the database is at migration {current}, this version needs {head}: run `quickscan db upgrade`."
