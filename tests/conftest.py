"""Shared fixtures: ``app``, ``client`` and ``runner`` on a fresh, migrated database for every test.

By default the database is SQLite (a copy of a template migrated once per run). With
``QUICKSCAN_TEST_DATABASE_URL`` set (as `.ci/run` does) the same tests run on that PostgreSQL database:
its schema is rebuilt by the migrations once per run and every table is emptied before each test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text

from quickscan import create_app, migrate
from quickscan.db import Base, database

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "small-questionnaire.json"
TEST_DATABASE_URL = os.environ.get("QUICKSCAN_TEST_DATABASE_URL")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` need PostgreSQL: without ``QUICKSCAN_TEST_DATABASE_URL`` they are skipped."""
    if TEST_DATABASE_URL:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set QUICKSCAN_TEST_DATABASE_URL")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """scrypt with a small N: the same code path, without 100 ms per hash (test_auth checks the default)."""
    from quickscan import auth

    default = auth.HASH_METHOD
    auth.HASH_METHOD = "scrypt:1024:8:1"
    yield
    auth.HASH_METHOD = default


def _test_config(url: str) -> dict[str, object]:
    # Every test client comes from 127.0.0.1: the login throttle is set out of the way (test_throttle sets it).
    return {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret",
        "LOGIN_LIMIT_CLIENT": 10_000,
        "LOGIN_LIMIT_ALL": 10_000,
    }


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Migrate a database once per run: ("postgresql", url) or ("sqlite", template file)."""
    os.environ.setdefault("QUICKSCAN_INSTANCE_PATH", str(tmp_path_factory.mktemp("instance")))
    if TEST_DATABASE_URL:
        engine = create_engine(TEST_DATABASE_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        app = create_app(_test_config(TEST_DATABASE_URL))
        migrate.upgrade(app)
        database(app).engine.dispose()
        yield ("postgresql", TEST_DATABASE_URL)
    else:
        template = tmp_path_factory.mktemp("template") / "template.sqlite"
        app = create_app(_test_config(f"sqlite:///{template}"))
        migrate.upgrade(app)
        database(app).engine.dispose()
        yield ("sqlite", str(template))


@pytest.fixture
def database_url(migrated_database: tuple[str, str], tmp_path: Path) -> str:
    """The URL of an empty, fully migrated database for this test."""
    kind, where = migrated_database
    if kind == "sqlite":
        copy = tmp_path / "quickscan.sqlite"
        shutil.copyfile(where, copy)
        return f"sqlite:///{copy}"
    engine = create_engine(where)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    if tables:
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return where


@pytest.fixture
def app(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("QUICKSCAN_INSTANCE_PATH", str(tmp_path / "instance"))
    application = create_app(_test_config(database_url))
    yield application
    database(application).engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
