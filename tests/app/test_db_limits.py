"""Every wait for the database ends: timeouts and pool limits from the environment, a 503 page (never a hang
or a 500) when one runs out, and /health that asks the database. Tests marked ``postgres`` need PostgreSQL."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from quickscan import config, create_app
from quickscan.db import database, session, transaction
from quickscan.db_limits import Limits, engine_arguments, from_environment

from .survey_helpers import make_company


def test_limits_come_from_the_environment_with_defaults() -> None:
    assert from_environment({}) == Limits()
    limits = from_environment(
        {
            "QUICKSCAN_DB_STATEMENT_TIMEOUT": "12.5",
            "QUICKSCAN_DB_CLI_STATEMENT_TIMEOUT": "600",
            "QUICKSCAN_DB_LOCK_TIMEOUT": "2",
            "QUICKSCAN_DB_POOL_SIZE": "3",
            "QUICKSCAN_DB_MAX_OVERFLOW": "0",
            "QUICKSCAN_DB_POOL_PRE_PING": "0",
            "QUICKSCAN_DB_PGBOUNCER": "yes",
            "QUICKSCAN_DB_POOL_TIMEOUT": " ",
        }
    )
    assert (limits.statement_timeout, limits.cli_statement_timeout, limits.lock_timeout) == (12.5, 600, 2)
    assert (limits.pool_size, limits.max_overflow, limits.pool_timeout) == (3, 0, Limits().pool_timeout)
    assert limits.pool_pre_ping is False and limits.pgbouncer is True
    assert limits.session_settings() == {
        "statement_timeout": 12500,
        "lock_timeout": 2000,
        "idle_in_transaction_session_timeout": 60000,
    }


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("QUICKSCAN_DB_STATEMENT_TIMEOUT", "30s", "QUICKSCAN_DB_STATEMENT_TIMEOUT must be a number, not '30s'"),
        ("QUICKSCAN_DB_POOL_SIZE", "2.5", "QUICKSCAN_DB_POOL_SIZE must be a whole number, not '2.5'"),
        ("QUICKSCAN_DB_POOL_SIZE", "0", "QUICKSCAN_DB_POOL_SIZE must be at least 1"),
        ("QUICKSCAN_DB_LOCK_TIMEOUT", "-1", "QUICKSCAN_DB_LOCK_TIMEOUT must not be negative"),
        ("QUICKSCAN_DB_PGBOUNCER", "maybe", "QUICKSCAN_DB_PGBOUNCER must be 1 or 0"),
    ],
)
def test_a_wrong_limit_stops_the_start_with_its_name(name: str, value: str, said: str, tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError) as refused:
        config.from_environment(str(tmp_path), {name: value})
    assert said in str(refused.value)


def test_postgresql_gets_the_limits_at_connect_or_per_transaction_behind_pgbouncer() -> None:
    url = "postgresql+psycopg://u@db/q"
    direct = engine_arguments(url, Limits(connect_timeout=0.5, pool_recycle=0))
    assert direct["connect_args"]["connect_timeout"] == 2  # libpq's minimum
    assert direct["connect_args"]["options"] == (
        "-c statement_timeout=20000 -c lock_timeout=5000 -c idle_in_transaction_session_timeout=60000"
    )
    pool = (direct["pool_size"], direct["max_overflow"], direct["pool_timeout"], direct["pool_recycle"])
    assert pool == (5, 5, 5, -1)
    assert direct["hide_parameters"] is True  # SQL parameters (tokens, answers) never reach an error message
    bouncer = engine_arguments(url, Limits(pgbouncer=True))["connect_args"]
    assert "options" not in bouncer and bouncer["prepare_threshold"] is None
    sqlite = engine_arguments("sqlite:///x.sqlite", Limits(busy_timeout=7, pool_size=2))
    assert sqlite["connect_args"] == {"timeout": 7} and sqlite["pool_size"] == 2
    assert "pool_size" not in engine_arguments("sqlite://", Limits())


def test_the_app_reads_its_limits_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUICKSCAN_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUICKSCAN_DB_POOL_TIMEOUT", "1.5")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'q.sqlite'}"})
    assert database(app).limits.pool_timeout == 1.5
    assert database(app).engine.pool.timeout() == 1.5  # type: ignore[attr-defined]
    database(app).engine.dispose()


def _with_limits(database_url: str, tmp_path: Path, **limits: object) -> Flask:
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, "DATABASE_LIMITS": Limits(**limits)}
    )

    @app.get("/test/sleep")
    def sleep() -> str:
        session().execute(text("SELECT pg_sleep(5)"))
        return "slept"

    return app


def test_a_request_that_gets_no_connection_answers_503_quickly(database_url: str, tmp_path: Path) -> None:
    app = _with_limits(database_url, tmp_path, pool_size=1, max_overflow=0, pool_timeout=0.3)
    with database(app).engine.connect():  # the pool's only connection, taken
        started = time.perf_counter()
        page = app.test_client().get("/questionnaires/leercultuur-mkb/1")
        assert time.perf_counter() - started < 2
        assert page.status_code == 503 and page.headers["Retry-After"] == "30"
        assert "Het is even te druk" in page.get_data(as_text=True)
        health = app.test_client().get("/health")
        assert health.status_code == 503
        reason = "no free connection in the pool (pool_timeout)"
        assert health.get_json() == {"status": "unavailable", "database": reason}
    assert app.test_client().get("/health").status_code == 200
    database(app).engine.dispose()


def test_a_commit_the_database_cannot_take_now_gives_503(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    co = make_company(app, employees=1, managers=0)

    def busy(_self: Session) -> None:
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(Session, "commit", busy)
    page = app.test_client().get(f"/s/{co.employee[0]}")  # reads, then commits at the request's end
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert page.headers["X-Frame-Options"] == "DENY"  # the security headers still come after


def test_health_asks_the_database(client: Flask) -> None:
    assert client.get("/health").get_json() == {"status": "ok"}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///{tmp}/missing-folder/quickscan.sqlite",
        "postgresql+psycopg://quickscan:s3cret-pw@127.0.0.1:1/quickscan",
    ],
)
def test_health_fails_when_the_database_is_unreachable(url: str, tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": url.format(tmp=tmp_path)})
    started = time.perf_counter()
    answer = app.test_client().get("/health")
    assert time.perf_counter() - started < 2
    assert answer.status_code == 503
    body = answer.get_json()
    assert body["status"] == "unavailable" and body["database"]
    assert "s3cret" not in answer.get_data(as_text=True) and "127.0.0.1" not in answer.get_data(as_text=True)
    assert "missing-folder" not in answer.get_data(as_text=True)
    database(app).engine.dispose()


def test_a_database_that_accepts_but_never_answers_gives_503_after_the_connect_timeout(tmp_path: Path) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel accepts connections; nobody ever answers them
    url = f"postgresql+psycopg://quickscan:s3cret-pw@127.0.0.1:{silent.getsockname()[1]}/quickscan"
    try:
        app = _with_limits(url, tmp_path, connect_timeout=2)
        started = time.perf_counter()
        health = app.test_client().get("/health")
        assert 1.5 < time.perf_counter() - started < 5
        assert health.status_code == 503
        assert health.get_json()["database"] == "connecting to the database timed out (connect_timeout)"
        database(app).engine.dispose()
    finally:
        silent.close()


@pytest.mark.postgres
def test_a_statement_over_the_timeout_fails_with_a_page(database_url: str, tmp_path: Path) -> None:
    app = _with_limits(database_url, tmp_path, statement_timeout=0.3)
    started = time.perf_counter()
    page = app.test_client().get("/test/sleep")
    assert time.perf_counter() - started < 3  # not the 5 s the statement wanted
    assert page.status_code == 503 and "Het is even te druk" in page.get_data(as_text=True)
    database(app).engine.dispose()


@pytest.mark.postgres
def test_a_request_waits_for_a_lock_no_longer_than_the_lock_timeout(database_url: str, tmp_path: Path) -> None:
    app = _with_limits(database_url, tmp_path, lock_timeout=0.3)
    co = make_company(app, employees=1, managers=0)
    other = create_engine(database_url)
    try:
        with other.connect() as migration:  # a migration that holds the table
            migration.execute(text("LOCK TABLE invitations IN ACCESS EXCLUSIVE MODE"))
            started = time.perf_counter()
            page = app.test_client().get(f"/s/{co.employee[0]}")
            assert time.perf_counter() - started < 3
            assert page.status_code == 503
            migration.rollback()
    finally:
        other.dispose()
    assert app.test_client().get(f"/s/{co.employee[0]}").status_code == 200
    database(app).engine.dispose()


@pytest.mark.postgres
def test_requests_and_the_command_line_get_their_own_limits(database_url: str, tmp_path: Path) -> None:
    app = _with_limits(database_url, tmp_path, statement_timeout=7, idle_in_transaction_timeout=90)
    show = "SELECT current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout')"

    @app.get("/test/settings")
    def settings() -> str:
        return " ".join(session().execute(text(show)).one())

    assert app.test_client().get("/test/settings").get_data(as_text=True) == "7s 90s"
    with transaction(app) as s:
        assert tuple(s.execute(text(show)).one()) == ("0", "0")
    assert app.test_client().get("/test/settings").get_data(as_text=True) == "7s 90s"  # SET LOCAL ended
    database(app).engine.dispose()


@pytest.mark.postgres
def test_behind_pgbouncer_every_transaction_sets_the_limits(database_url: str, tmp_path: Path) -> None:
    app = _with_limits(database_url, tmp_path, statement_timeout=0.3, pgbouncer=True)
    with database(app).engine.connect() as conn:
        assert conn.execute(text("SELECT current_setting('statement_timeout')")).scalar() == "300ms"
        conn.rollback()
        conn.exec_driver_sql("SET statement_timeout = 0")  # what another client left on a shared server connection
        conn.commit()
        assert conn.execute(text("SELECT current_setting('statement_timeout')")).scalar() == "300ms"
    assert app.test_client().get("/test/sleep").status_code == 503
    database(app).engine.dispose()


@pytest.mark.postgres
def test_a_request_that_waits_on_another_does_not_hang(database_url: str, tmp_path: Path) -> None:
    """Two requests at once, one holding the pool's only connection for a while: the other gets its page."""
    app = _with_limits(database_url, tmp_path, pool_size=1, max_overflow=0, pool_timeout=0.2, statement_timeout=1)
    results: list[int] = []
    slow = threading.Thread(target=lambda: results.append(app.test_client().get("/test/sleep").status_code))
    slow.start()
    time.sleep(0.3)
    results.append(app.test_client().get("/health").status_code)
    slow.join(10)
    assert sorted(results) == [503, 503]
    assert app.test_client().get("/health").status_code == 200
    database(app).engine.dispose()
