"""Backup, restore and moving the data to another database, checked table by table and by the scores."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import URL, create_engine, select, text

import scoring
from quickscan import create_app, dbtools, demo, migrate, wave_answers
from quickscan.cli import main
from quickscan.db import database, transaction
from quickscan.dbtools import checksum, is_empty
from quickscan.models import Company
from quickscan.questionnaire_store import registry

from ..conftest import TEST_DATABASE_URL


def _app(url: str, instance: Path) -> Flask:
    os.environ["QUICKSCAN_INSTANCE_PATH"] = str(instance)
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "x"})
    migrate.upgrade(app)
    return app


def _scores(app: Flask) -> dict[str, object]:
    """Every company's employee scores per wave, as the reports would compute them."""
    q = registry(app).get("leercultuur-mkb")
    out: dict[str, object] = {}
    with transaction(app) as s:
        companies = s.scalars(select(Company).order_by(Company.slug)).all()
        data = wave_answers.load(s, q, [w for c in companies for w in c.waves])
        for c in companies:
            for w in c.waves:
                group = data.get((w.pk, "employee"))
                if group is not None:
                    out[f"{c.slug}/{w.kind}"] = scoring.score(q, group.answers, "employee").to_dict()
    return out


def _tables(app: Flask) -> dict[str, tuple[int, str]]:
    from quickscan.db import Base

    with database(app).engine.connect() as conn:
        return {t.name: checksum(conn, t.name) for t in Base.metadata.sorted_tables}


@pytest.fixture
def sqlite_demo(tmp_path: Path) -> Flask:
    app = _app(f"sqlite:///{tmp_path / 'source.sqlite'}", tmp_path / "instance")
    with transaction(app) as s:
        demo.create(s, registry(app).get("leercultuur-mkb"), seed=3, regions=("Twente",))
    return app


def test_backup_while_serving_and_restore_into_an_empty_database(sqlite_demo: Flask, tmp_path: Path) -> None:
    runner = sqlite_demo.test_cli_runner()
    # A reader holds the database open (as a serving app would) during the backup.
    with database(sqlite_demo).engine.connect() as reader:
        reader.execute(text("SELECT count(*) FROM answers")).scalar()
        made = runner.invoke(main, ["backup", str(tmp_path / "backup.sqlite")])
    assert made.exit_code == 0, made.output
    fresh = _app(f"sqlite:///{tmp_path / 'fresh.sqlite'}", tmp_path / "instance2")
    assert is_empty(database(fresh).engine)
    restored = fresh.test_cli_runner().invoke(main, ["restore", str(tmp_path / "backup.sqlite")])
    assert restored.exit_code == 0, restored.output
    assert _tables(fresh) == _tables(sqlite_demo)
    assert _scores(fresh) == _scores(sqlite_demo)
    # A database with data is not overwritten, unless forced.
    again = fresh.test_cli_runner().invoke(main, ["restore", str(tmp_path / "backup.sqlite")])
    assert again.exit_code == 1 and "not empty" in again.output
    forced = fresh.test_cli_runner().invoke(main, ["restore", "--force", str(tmp_path / "backup.sqlite")])
    assert forced.exit_code == 0
    not_a_backup = tmp_path / "x.sqlite"
    not_a_backup.write_text("hello")
    bad = (
        _app(f"sqlite:///{tmp_path / 'third.sqlite'}", tmp_path / "i3")
        .test_cli_runner()
        .invoke(main, ["restore", str(not_a_backup)])
    )
    assert bad.exit_code == 1 and "is not a SQLite backup" in bad.output
    for app in (sqlite_demo, fresh):
        database(app).engine.dispose()


def _target_url(tmp_path: Path) -> str:
    """PostgreSQL when the suite runs against it (a database of its own), else another SQLite file."""
    if not TEST_DATABASE_URL:
        return f"sqlite:///{tmp_path / 'target.sqlite'}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS quickscan_copy_test WITH (FORCE)"))
        conn.execute(text("CREATE DATABASE quickscan_copy_test"))
    admin.dispose()
    return TEST_DATABASE_URL.rsplit("/", 1)[0] + "/quickscan_copy_test"


def test_copy_from_sqlite_keeps_every_row_and_every_score(sqlite_demo: Flask, tmp_path: Path) -> None:
    target = _target_url(tmp_path)
    result = sqlite_demo.test_cli_runner().invoke(main, ["db", "copy", "--to", target])
    assert result.exit_code == 0, result.output
    assert "All tables copied: same rows and checksums on both sides." in result.output
    assert "answers" in result.output and "DIFFERENT" not in result.output
    copied = create_app({"DATABASE_URL": target, "TESTING": True, "SECRET_KEY": "x"})
    assert _tables(copied) == _tables(sqlite_demo)
    assert _scores(copied) == _scores(sqlite_demo)
    # New rows get fresh ids after the copy (sequences moved on, on PostgreSQL).
    with transaction(copied) as s:
        demo_company = s.scalars(select(Company)).first()
        assert demo_company is not None
        from quickscan import programme

        new = programme.add_company(s, "Nieuw na kopie", "Twente")
        assert new.pk > max(c.pk for c in s.scalars(select(Company)) if c is not new)
    again = sqlite_demo.test_cli_runner().invoke(main, ["db", "copy", "--to", target])
    assert again.exit_code == 1 and "not empty" in again.output
    database(copied).engine.dispose()
    database(sqlite_demo).engine.dispose()


def test_copy_to_an_unreachable_database_says_so(sqlite_demo: Flask) -> None:
    result = sqlite_demo.test_cli_runner().invoke(
        main, ["db", "copy", "--to", "postgresql+psycopg://nobody@127.0.0.1:1/none"]
    )
    assert result.exit_code == 1 and "cannot prepare the target database" in result.output
    assert "Traceback" not in result.output
    database(sqlite_demo).engine.dispose()


def _captured_runs(monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[list[str], str, str | None]], list[Path]]:
    """Stand-ins for pg_dump/pg_restore: each call's argv, its password file's text, and PGPASSWORD; and the
    password files."""
    runs: list[tuple[list[str], str, str | None]] = []
    files: list[Path] = []

    def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        env = kwargs["env"]
        assert isinstance(env, dict)
        passfile = Path(env["PGPASSFILE"])
        assert passfile.stat().st_mode & 0o077 == 0  # readable by the owner only
        runs.append((command, passfile.read_text(encoding="utf-8"), env.get("PGPASSWORD")))
        files.append(passfile)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(dbtools.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(dbtools.subprocess, "run", run)
    monkeypatch.setenv("PGPASSWORD", "stale-from-the-shell")
    return runs, files


def test_the_database_password_is_never_on_the_pg_dump_or_pg_restore_command_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    runs, files = _captured_runs(monkeypatch)
    url = URL.create("postgresql+psycopg", "quickscan", "s3cr:et\\pw", "db.example", 5432, "quickscan")
    engine = create_engine(url)
    backup_file = tmp_path / "backup.dump"
    backup_file.write_bytes(b"PGDMP")
    dbtools.backup(engine, backup_file)
    dbtools.restore(engine, backup_file, force=True)
    assert [command[0] for command, _, _ in runs] == ["pg_dump", "pg_restore"]
    for command, passfile, pgpassword in runs:
        assert not any("s3cr" in arg for arg in command), command
        assert any("postgresql://quickscan@db.example:5432/quickscan" in arg for arg in command)
        assert passfile == "*:*:*:*:s3cr\\:et\\\\pw\n"
        assert pgpassword is None
    assert files and not any(f.exists() for f in files)  # removed after each run
