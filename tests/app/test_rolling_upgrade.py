"""Rolling upgrades: a node of this version keeps serving a database that a newer version migrated with only
additive changes, refuses one that took away what it uses, and a migration never stalls requests for longer
than its lock timeout. The newer version is simulated: a copy of the migrations with one more script."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import MetaData, create_engine, inspect, text

from quickscan import migrate
from quickscan.cli import main
from quickscan.db import database

ADDITIVE = '''"""companies.note, company_notes: what a newer version might add

Revision ID: 0099
Revises: {head}
"""

import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{head}"
branch_labels = None
depends_on = None
additive = True


def upgrade() -> None:
    op.create_table("company_notes", sa.Column("pk", sa.Integer(), primary_key=True), sa.Column("text", sa.Text()))
    with op.batch_alter_table("companies") as batch:
        batch.add_column(sa.Column("note_pk", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("stars", sa.Integer(), nullable=False, server_default="0"))
    # An index on a large table, built without blocking writes on PostgreSQL (docs/contributing.md).
    with op.get_context().autocommit_block():
        op.create_index("ix_companies_stars", "companies", ["stars"], postgresql_concurrently=True)


def downgrade() -> None:
    op.drop_index("ix_companies_stars", table_name="companies")
    with op.batch_alter_table("companies") as batch:
        batch.drop_column("stars")
        batch.drop_column("note_pk")
    op.drop_table("company_notes")
'''

CONTRACT = '''"""drop regions.name: what a later version might take away

Revision ID: 0100
Revises: 0099
"""

from alembic import op

revision = "0100"
down_revision = "0099"
branch_labels = None
depends_on = None
additive = False


def upgrade() -> None:
    with op.batch_alter_table("regions") as batch:
        batch.drop_column("name")


def downgrade() -> None:
    raise NotImplementedError
'''


@pytest.fixture(autouse=True)
def _schema_rebuilt_afterwards(app: Flask) -> Iterator[None]:
    """These tests change the schema; on PostgreSQL, where the tests share one schema, build it again."""
    yield
    engine = database(app).engine
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        migrate.upgrade(app)


def newer_version(tmp_path: Path, *scripts: str) -> Path:
    """A copy of this version's migrations with ``scripts`` added: the migrations of a newer version."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    for number, script in enumerate(scripts):
        path = folder / "versions" / f"{99 + number:04d}_newer.py"
        path.write_text(script.format(head=migrate.head_revision()), encoding="utf-8")
    return folder


def test_every_migration_says_whether_it_is_additive() -> None:
    import importlib.util

    for path in sorted((migrate.MIGRATIONS_DIR / "versions").glob("0*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        source = path.read_text(encoding="utf-8")
        assert spec is not None and "\nadditive = " in source, f"{path.name} does not say whether it is additive"


def test_each_additive_migration_leaves_a_schema_the_version_before_it_can_serve(app: Flask) -> None:
    engine = database(app).engine
    migrate.downgrade(app, "base")
    before = None
    for step in migrate.migrations():
        if before is not None and step.additive:
            migrate.upgrade_engine(engine, step.revision)
            with engine.connect() as conn:
                assert migrate.schema_serves(conn, before) is None, step.revision
        else:
            migrate.upgrade_engine(engine, step.revision)
        before = MetaData()
        before.reflect(engine)
        before.remove(before.tables["alembic_version"])
    assert migrate.current_revision(app) == migrate.head_revision()


def test_an_old_node_serves_a_newer_additive_schema_and_refuses_a_contracted_one(
    app: Flask, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine = database(app).engine
    newer = newer_version(tmp_path, ADDITIVE, CONTRACT)
    migrate.upgrade_engine(engine, "0099", directory=newer)
    assert migrate.current_revision(app) == "0099"
    assert "ix_companies_stars" in {ix["name"] for ix in inspect(engine).get_indexes("companies")}
    assert migrate.schema_problem(app) is None
    assert "at migration 0099, newer than this version's" in caplog.text
    assert app.test_client().get("/health").status_code == 200

    migrate.upgrade_engine(engine, "0100", directory=newer)
    assert migrate.schema_problem(app) == (
        "Quickscan: the database is at migration 0100, which this version does not know, "
        "and column regions.name is missing."
    )


def test_a_newer_column_that_must_be_filled_is_refused(app: Flask) -> None:
    with database(app).engine.begin() as conn:
        conn.execute(text("ALTER TABLE regions ADD COLUMN code VARCHAR(8) NOT NULL DEFAULT 'x'"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    assert migrate.schema_problem(app) is None  # with a default, old INSERTs still work
    if database(app).engine.dialect.name != "postgresql":
        return  # SQLite cannot drop a column default
    with database(app).engine.begin() as conn:
        conn.execute(text("ALTER TABLE regions ALTER COLUMN code DROP DEFAULT"))
    assert "column regions.code must be filled (NOT NULL, no default)" in (migrate.schema_problem(app) or "")


def test_the_migrations_are_listed_with_their_mark(app: Flask) -> None:
    known = migrate.migrations()
    assert known[0].revision == "0001" and known[-1].revision == migrate.head_revision()
    assert all(m.additive for m in known)
    assert migrate.pending(app) == []
    migrate.downgrade(app, known[-2].revision)
    assert migrate.pending(app) == known[-1:]
    said = app.test_cli_runner().invoke(main, ["db", "current"]).output
    assert f"to do: {known[-1].revision} {known[-1].title} (additive)" in said
    with database(app).engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    assert migrate.pending(app) == []


@pytest.mark.postgres
def test_a_migration_behind_a_long_read_gives_up_instead_of_stalling_requests(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrate, "PAUSE", 0.1)
    engine = database(app).engine
    newer = newer_version(tmp_path, ADDITIVE)
    report = create_engine(str(engine.url.render_as_string(hide_password=False)))
    waited: list[float] = []

    def survey_request() -> None:  # reads companies while the migration waits for its lock
        time.sleep(0.2)
        started = time.perf_counter()
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM companies")).scalar()
        waited.append(time.perf_counter() - started)

    try:
        with report.connect() as long_read:
            long_read.execute(text("SELECT count(*) FROM companies")).scalar()  # holds its lock until rollback
            request = threading.Thread(target=survey_request)
            request.start()
            with pytest.raises(migrate.MigrationBlocked) as blocked:
                migrate.upgrade_engine(engine, "0099", lock_timeout=0.5, directory=newer)
            request.join(10)
            long_read.rollback()
    finally:
        report.dispose()
    assert "waited 0.5 s for a lock 3 times" in str(blocked.value)
    assert f"stays at {migrate.head_revision()}" in str(blocked.value)
    assert waited and waited[0] < 2  # queued behind the migration's lock request at most until it gave up
    migrate.upgrade_engine(engine, "0099", lock_timeout=0.5, directory=newer)  # the read ended: it goes through
    assert migrate.current_revision(app) == "0099"
