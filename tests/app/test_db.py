"""Migrations and questionnaire snapshots, on SQLite and (in CI) PostgreSQL."""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from flask import Flask
from sqlalchemy import inspect, select, text

from questionnaires import Registry
from quickscan import migrate
from quickscan.cli import main
from quickscan.db import Base, database, transaction
from quickscan.models import QuestionnaireSnapshot
from quickscan.questionnaire_store import register

from ..conftest import EXAMPLE


def _ours(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Whether a schema object is the app's: procrastinate's tables and their indexes (migration 0009 applies
    its schema on PostgreSQL, quickscan.report_jobs) are the job queue's, not models of ours."""
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
    return not str(table or "").startswith("procrastinate_")


def test_migrations_create_exactly_the_tables_of_the_models(app: Flask) -> None:
    with database(app).engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": _ours}), Base.metadata)
    assert diff == []
    assert migrate.current_revision(app) == migrate.head_revision()


def test_migrations_go_down_and_up_again(app: Flask) -> None:
    migrate.downgrade(app, "base")
    tables = set(inspect(database(app).engine).get_table_names())
    assert "questionnaire_snapshots" not in tables
    migrate.upgrade(app)
    assert "questionnaire_snapshots" in inspect(database(app).engine).get_table_names()


def _folder_with(tmp_path, data):  # type: ignore[no-untyped-def]
    folder = tmp_path / "q"
    folder.mkdir(exist_ok=True)
    (folder / "voorbeeld.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def test_register_keeps_a_snapshot_and_notices_a_changed_file(app: Flask, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    folder = _folder_with(tmp_path, data)
    with transaction(app) as s:
        assert [(r.key, r.status) for r in register(s, Registry(folder))] == [("voorbeeld@1", "new")]
    with transaction(app) as s:
        assert [r.status for r in register(s, Registry(folder))] == ["unchanged"]
        snap = s.scalars(select(QuestionnaireSnapshot)).one()
        assert json.loads(snap.definition) == data

    data["items"][0]["text"]["employee"]["nl"] = "Een andere tekst."
    folder = _folder_with(tmp_path, data)
    with transaction(app) as s:
        assert [r.status for r in register(s, Registry(folder))] == ["changed"]
    with transaction(app) as s:
        # The original snapshot is kept, not overwritten.
        snap = s.scalars(select(QuestionnaireSnapshot)).one()
        assert json.loads(snap.definition)["items"][0]["text"]["employee"]["nl"] != "Een andere tekst."


def test_db_upgrade_command_registers_the_shipped_questionnaires(app: Flask) -> None:
    result = app.test_cli_runner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Registered questionnaire leercultuur-mkb@1" in result.output
    again = app.test_cli_runner().invoke(main, ["db", "upgrade"])
    assert "Registered" not in again.output
    with transaction(app) as s:
        keys = [snap.key for snap in s.scalars(select(QuestionnaireSnapshot))]
    assert keys == ["leercultuur-mkb@1"]


def test_a_database_this_version_cannot_serve_is_named_in_one_line(app: Flask) -> None:
    assert migrate.schema_problem(app) is None
    head = migrate.head_revision()
    migrate.downgrade(app, "0003")
    assert migrate.schema_problem(app) == (
        f"Quickscan: the database is at migration 0003, this version needs {head}: run `quickscan db upgrade`."
    )
    migrate.downgrade(app, "base")
    assert migrate.schema_problem(app) == "Quickscan: the database has no tables yet: run `quickscan init-db` first."
    migrate.upgrade(app)
    with database(app).engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    assert migrate.schema_problem(app) is None  # newer, but it still holds all this version uses (test_rolling_upgrade)
    with database(app).engine.begin() as conn:
        conn.execute(text("ALTER TABLE audit_events RENAME TO audit_events_old"))
    assert migrate.schema_problem(app) == (
        "Quickscan: the database is at migration 9999, which this version does not know, "
        "and table audit_events is missing."
    )
    with database(app).engine.begin() as conn:
        conn.execute(text("ALTER TABLE audit_events_old RENAME TO audit_events"))
        conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    assert migrate.schema_problem(app) is None


def test_gunicorn_refuses_to_start_on_a_database_that_is_not_migrated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys
    from pathlib import Path

    from ..conftest import ROOT

    env = {
        **os.environ,
        "QUICKSCAN_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite'}",
        "QUICKSCAN_INSTANCE_PATH": str(tmp_path),
        "QUICKSCAN_SECRET_KEY": "k" * 40,
    }
    code = "import runpy; runpy.run_path('gunicorn.conf.py')['on_starting'](None)"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1] == (
        "Quickscan: the database has no tables yet: run `quickscan init-db` first."
    )
    assert "Traceback" not in run.stderr
    quickscan = str(Path(sys.executable).with_name("quickscan"))
    subprocess.run([quickscan, "init-db"], cwd=ROOT, env=env, check=True, capture_output=True)
    ok = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr


def test_an_unreachable_database_is_named_in_one_line_without_its_password(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from quickscan import create_app

    app = create_app(
        {
            "DATABASE_URL": "postgresql+psycopg://quickscan:s3cret-pw@127.0.0.1:1/quickscan",
            "SECRET_KEY": "k" * 40,
            "TESTING": True,
        }
    )
    problem = migrate.schema_problem(app) or ""
    assert problem.startswith("Quickscan: cannot reach the database (") and "\n" not in problem
    assert "s3cret-pw" not in problem
    database(app).engine.dispose()


def test_rebuilding_a_table_keeps_the_rows_that_point_at_it(app: Flask) -> None:
    """On SQLite a migration alters `users` by copying and dropping it; with foreign keys on, the drop cascaded
    and emptied coach_assignments (0008 did, on the way up and down). Migrations run with them off."""
    from quickscan.auth import add_user
    from quickscan.models import CoachAssignment, Company, User

    from .survey_helpers import make_company

    slug = make_company(app).company
    with transaction(app) as s:
        company = s.scalars(select(Company).where(Company.slug == slug)).one()
        add_user(s, "coach@example.nl", "een-lang-wachtwoord-9", "coach", coach_of=[company])
        add_user(s, "baas@example.nl", "een-lang-wachtwoord-9", "manager", company=company)

    def counts() -> tuple[int, int]:
        with database(app).engine.connect() as conn:
            users = conn.execute(text("SELECT count(*) FROM users")).scalar_one()
            coached = conn.execute(text("SELECT count(*) FROM coach_assignments")).scalar_one()
        return users, coached

    assert counts() == (2, 1)
    migrate.downgrade(app, "0007")
    assert counts() == (2, 1)
    migrate.upgrade(app)
    assert counts() == (2, 1)
    with transaction(app) as s:
        assert (
            s.scalars(select(CoachAssignment)).one().user_pk
            == s.scalars(select(User.pk).where(User.email == "coach@example.nl")).one()
        )
