"""Backups, restores and moving the data to another database (the usual move: SQLite to PostgreSQL).

- :func:`backup`: a consistent snapshot while the app keeps serving: SQLite's online backup API; for
  PostgreSQL, ``pg_dump --format=custom`` (which reads one consistent snapshot).
- :func:`restore`: into an empty database only, unless forced.
- :func:`copy`: every table, in one transaction on the target, then a check that each table holds the same
  number of rows with the same content checksum on both sides.

pg_dump and pg_restore get the database password in a temporary password file (``PGPASSFILE``), never on
their command line, which every user of the machine can read with ``ps``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, func, make_url, select, text
from sqlalchemy.engine import Connection

from .db import Base, make_engine
from .db_limits import Limits, for_command_line

#: Tables that hold data a user entered (an empty database has no rows in any of them).
DATA_TABLES = ("programmes", "companies", "users", "responses")


class DataError(RuntimeError):
    """A backup, restore or copy that cannot be done; the message says why."""


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise DataError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _libpq_url(engine: Engine) -> str:
    """The URL in the form pg_dump and pg_restore understand (no "+psycopg" driver part), without the
    password: a command line can be read by every user of the machine (``ps``)."""
    url = engine.url
    return URL.create("postgresql", url.username, None, url.host, url.port, url.database, url.query).render_as_string(
        hide_password=False
    )


def _passfile_line(password: str) -> str:
    """A line of a libpq password file that gives ``password`` for any host, port, database and user."""
    return "*:*:*:*:" + password.replace("\\", "\\\\").replace(":", "\\:") + "\n"


@contextmanager
def _libpq_environment(engine: Engine) -> Iterator[dict[str, str]]:
    """The environment for pg_dump and pg_restore: the URL's password in a temporary password file
    (``PGPASSFILE``, readable by the owner only, removed afterwards), never on the command line."""
    env = dict(os.environ)
    password = engine.url.password
    if password is None:
        yield env
        return
    if "\n" in str(password) or "\r" in str(password):  # a password file cannot hold it; the environment can
        env["PGPASSWORD"] = str(password)
        yield env
        return
    env.pop("PGPASSWORD", None)  # it would win over the password file
    with tempfile.TemporaryDirectory(prefix="quickscan-pg-") as folder:
        path = Path(folder) / "pgpass"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(_passfile_line(str(password)))
        env["PGPASSFILE"] = str(path)
        yield env


def is_empty(engine: Engine) -> bool:
    """True when no user data is stored (a migrated but unused database)."""
    with engine.connect() as conn:
        tables = set(Base.metadata.tables)
        for name in DATA_TABLES:
            if (
                name in tables
                and _exists(conn, name)
                and conn.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar()
            ):
                return False
    return True


def _exists(conn: Connection, table: str) -> bool:
    return conn.dialect.has_table(conn, table)


def backup(engine: Engine, target: Path) -> None:
    """Write a consistent snapshot of the database to ``target``."""
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(_sqlite_path(engine))
        destination = sqlite3.connect(target)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
        return
    if engine.dialect.name == "postgresql":
        if shutil.which("pg_dump") is None:
            raise DataError("pg_dump is not on PATH; install the PostgreSQL client tools (see docs/operations.md)")
        with _libpq_environment(engine) as env:
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(engine)], env)
        return
    raise DataError(f"backups of {engine.dialect.name} are not supported")


def restore(engine: Engine, source: Path, force: bool = False) -> None:
    """Restore a backup made by :func:`backup` into the database of ``engine``."""
    if not source.is_file():
        raise DataError(f"{source} is not a file")
    if not force and not is_empty(engine):
        raise DataError("the database is not empty; restore into an empty database, or use --force to replace it")
    if engine.dialect.name == "sqlite":
        with open(source, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise DataError(f"{source} is not a SQLite backup")
        engine.dispose()
        backup_db = sqlite3.connect(source)
        target = sqlite3.connect(_sqlite_path(engine))
        try:
            with target:
                backup_db.backup(target)
        finally:
            target.close()
            backup_db.close()
        return
    if engine.dialect.name == "postgresql":
        if shutil.which("pg_restore") is None:
            raise DataError("pg_restore is not on PATH; install the PostgreSQL client tools")
        engine.dispose()
        with _libpq_environment(engine) as env:
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--clean",
                    "--if-exists",
                    "--single-transaction",
                    f"--dbname={_libpq_url(engine)}",
                    str(source),
                ],
                env,
            )
        return
    raise DataError(f"restores into {engine.dialect.name} are not supported")


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        # Show only the tool's own message.
        raise DataError(f"{command[0]} failed: {result.stderr.strip()[:500]}")


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows_source: int
    rows_target: int
    checksum_source: str
    checksum_target: str

    @property
    def same(self) -> bool:
        return self.rows_source == self.rows_target and self.checksum_source == self.checksum_target


def _normalise(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


def _rows(conn: Connection, table_name: str) -> Iterator[tuple[Any, ...]]:
    table = Base.metadata.tables[table_name]
    order = list(table.primary_key.columns)
    for row in conn.execute(select(table).order_by(*order)).yield_per(5000):
        yield tuple(_normalise(v) for v in row)


def checksum(conn: Connection, table_name: str) -> tuple[int, str]:
    """Row count and SHA-256 over the rows in primary-key order, values in a database-neutral form."""
    digest = hashlib.sha256()
    n = 0
    for row in _rows(conn, table_name):
        digest.update(json.dumps(row, default=str).encode("utf-8"))
        n += 1
    return n, digest.hexdigest()


def copy(source: Engine, target_url: str, batch: int = 5000, limits: Limits | None = None) -> list[TableCheck]:
    """Copy every table from ``source`` into the (migrated, empty) database at ``target_url`` and verify.

    Both sides run with the command-line ``limits`` (on PostgreSQL: a statement may take as long as
    ``cli_statement_timeout``, a transaction may wait for the other side)."""
    limits = limits or Limits()
    target = make_engine(target_url, limits)
    try:
        if make_url(target_url) == source.url:
            raise DataError("the target is the same database as the source")
        if not is_empty(target):
            raise DataError("the target database is not empty; copy into an empty, migrated database")
        with source.connect() as src, target.begin() as dst:
            for_command_line(src, limits)
            for_command_line(dst, limits)
            for table in Base.metadata.sorted_tables:
                if table.name in ("questionnaire_snapshots",):
                    dst.execute(table.delete())  # registered again by `db upgrade`: take the source's
                rows: list[dict[str, Any]] = []
                for row in src.execute(select(table)).mappings().yield_per(batch):
                    rows.append(dict(row))
                    if len(rows) >= batch:
                        dst.execute(table.insert(), rows)
                        rows = []
                if rows:
                    dst.execute(table.insert(), rows)
            if dst.dialect.name == "postgresql":
                for table in Base.metadata.sorted_tables:
                    for column in table.primary_key.columns:
                        if column.autoincrement is True or (
                            column.autoincrement == "auto" and len(table.primary_key.columns) == 1
                        ):
                            dst.execute(
                                text(
                                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                                    f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                                )
                            )
        checks = []
        with source.connect() as src, target.connect() as dst:
            for_command_line(src, limits)
            for_command_line(dst, limits)
            for table in Base.metadata.sorted_tables:
                n_source, sum_source = checksum(src, table.name)
                n_target, sum_target = checksum(dst, table.name)
                checks.append(TableCheck(table.name, n_source, n_target, sum_source, sum_target))
        return checks
    finally:
        target.dispose()
