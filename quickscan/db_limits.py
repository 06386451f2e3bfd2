"""How long Quickscan waits for its database, and how a wait that ran out looks to a visitor.

Every wait has an end (docs/deployment.md, "Database limits"), so a broken or busy database gives a page
that says so, quickly, instead of a worker that hangs until gunicorn kills it:

1. **Connecting**: ``connect_timeout`` (PostgreSQL); SQLite waits ``busy_timeout`` for a write lock.
2. **A free connection in the pool**: ``pool_timeout``; the pool holds ``pool_size`` + ``max_overflow``.
3. **A statement**: ``statement_timeout``, shorter than gunicorn's 30 s kill, so a slow page fails with a page.
   Command-line work (``db.transaction()``: report build, retention, demo) has its own limit, none by default.
4. **A lock**: ``lock_timeout``: a request waits at most this long behind another transaction.
5. **A transaction left open**: ``idle_in_transaction_session_timeout`` ends a session that holds a
   transaction (and its locks) while doing nothing; not for command-line work.

On PostgreSQL the limits travel in the connection's ``options`` (no extra statement per request); behind
PgBouncer in transaction pooling, which refuses those options, every transaction starts with ``SET LOCAL``
instead and psycopg prepares no statements (``QUICKSCAN_DB_PGBOUNCER=1``). :func:`unavailable` says which
errors mean "the database cannot serve now" (answered 503 with ``Retry-After``) rather than a bug (500).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, Engine, event, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

#: Environment variable → field; values in seconds unless the field is a count or a switch.
VARIABLES = {
    "QUICKSCAN_DB_CONNECT_TIMEOUT": "connect_timeout",
    "QUICKSCAN_DB_STATEMENT_TIMEOUT": "statement_timeout",
    "QUICKSCAN_DB_CLI_STATEMENT_TIMEOUT": "cli_statement_timeout",
    "QUICKSCAN_DB_LOCK_TIMEOUT": "lock_timeout",
    "QUICKSCAN_DB_IDLE_IN_TRANSACTION_TIMEOUT": "idle_in_transaction_timeout",
    "QUICKSCAN_DB_MIGRATION_LOCK_TIMEOUT": "migration_lock_timeout",
    "QUICKSCAN_DB_BUSY_TIMEOUT": "busy_timeout",
    "QUICKSCAN_DB_POOL_SIZE": "pool_size",
    "QUICKSCAN_DB_MAX_OVERFLOW": "max_overflow",
    "QUICKSCAN_DB_POOL_TIMEOUT": "pool_timeout",
    "QUICKSCAN_DB_POOL_RECYCLE": "pool_recycle",
    "QUICKSCAN_DB_POOL_PRE_PING": "pool_pre_ping",
    "QUICKSCAN_DB_PGBOUNCER": "pgbouncer",
}


@dataclass(frozen=True)
class Limits:
    """The database limits of one app; seconds as floats, 0 meaning "no limit" for the PostgreSQL timeouts."""

    connect_timeout: float = 5
    statement_timeout: float = 20
    cli_statement_timeout: float = 0
    lock_timeout: float = 5
    idle_in_transaction_timeout: float = 60
    migration_lock_timeout: float = 5
    busy_timeout: float = 30
    pool_size: int = 5
    max_overflow: int = 5
    pool_timeout: float = 5
    pool_recycle: float = 1800
    pool_pre_ping: bool = True
    pgbouncer: bool = False

    def session_settings(self) -> dict[str, int]:
        """The PostgreSQL settings of a request's session, in milliseconds."""
        return {
            "statement_timeout": _ms(self.statement_timeout),
            "lock_timeout": _ms(self.lock_timeout),
            "idle_in_transaction_session_timeout": _ms(self.idle_in_transaction_timeout),
        }

    def cli_settings(self) -> dict[str, int]:
        """The settings command-line work changes for its transaction: its statement limit, no idle limit."""
        return {"statement_timeout": _ms(self.cli_statement_timeout), "idle_in_transaction_session_timeout": 0}


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _number(name: str, value: str, kind: type) -> Any:
    try:
        number = kind(value)
    except ValueError:
        raise ValueError(f"{name} must be a {'whole ' if kind is int else ''}number, not {value!r}") from None
    if number < 0:
        raise ValueError(f"{name} must not be negative, not {value!r}")
    return number


def from_environment(environ: Mapping[str, str]) -> Limits:
    """The limits set in ``environ`` (``QUICKSCAN_DB_…``), the defaults for the others.

    Raises ``ValueError`` naming the variable when a value is not a number (or 0/1 for a switch)."""
    types = {f.name: f.type for f in fields(Limits)}
    given: dict[str, Any] = {}
    for name, field in VARIABLES.items():
        value = (environ.get(name) or "").strip()
        if not value:
            continue
        if types[field] == "bool":
            if value.lower() not in ("0", "1", "true", "false", "yes", "no"):
                raise ValueError(f"{name} must be 1 or 0, not {value!r}")
            given[field] = value.lower() in ("1", "true", "yes")
        else:
            given[field] = _number(name, value, int if types[field] == "int" else float)
    if given.get("pool_size") == 0:
        raise ValueError("QUICKSCAN_DB_POOL_SIZE must be at least 1 (0 would mean no limit at all)")
    return Limits(**given)


def engine_arguments(url: str, limits: Limits) -> dict[str, Any]:
    """``create_engine`` keyword arguments for ``url``: pool, connect timeout and session settings.

    SQL parameters are never put into error messages (``hide_parameters``): they hold survey tokens and
    answers, and error messages reach the log."""
    pool = {"pool_size": limits.pool_size, "max_overflow": limits.max_overflow, "pool_timeout": limits.pool_timeout}
    if url.startswith("sqlite"):
        sqlite: dict[str, Any] = {"connect_args": {"timeout": limits.busy_timeout}, "hide_parameters": True}
        in_memory = make_url(url).database in (None, "", ":memory:")  # one connection per thread: no pool to size
        return sqlite if in_memory else {**sqlite, **pool}
    connect_args: dict[str, Any] = {"application_name": "quickscan"}
    if limits.connect_timeout:
        connect_args["connect_timeout"] = max(2, round(limits.connect_timeout))  # libpq's minimum is 2 s
    if limits.pgbouncer:
        connect_args["prepare_threshold"] = None  # transaction pooling: a prepared statement may meet another server
    else:
        connect_args["options"] = " ".join(f"-c {k}={v}" for k, v in limits.session_settings().items())
    return {
        "connect_args": connect_args,
        "hide_parameters": True,
        **pool,
        "pool_recycle": limits.pool_recycle if limits.pool_recycle else -1,
        "pool_pre_ping": limits.pool_pre_ping,
    }


def watch(engine: Engine, limits: Limits) -> None:
    """Behind PgBouncer, start every transaction with the limits (``SET LOCAL``): a session's settings would
    stay on a server connection that other clients use next."""
    if engine.dialect.name != "postgresql" or not limits.pgbouncer:
        return

    @event.listens_for(engine, "begin")
    def _set_limits(connection: Connection) -> None:
        _set_local(connection, limits.session_settings())


def for_command_line(connection: Connection, limits: Limits) -> None:
    """Give the current transaction the command-line limits (long reports and deletions may take minutes)."""
    if connection.dialect.name == "postgresql":
        _set_local(connection, limits.cli_settings())


def _set_local(connection: Connection, settings: Mapping[str, int]) -> None:
    # One round trip; set_config(..., true) is SET LOCAL, valid until the transaction ends.
    calls = ", ".join(f"set_config('{name}', '{value}', true)" for name, value in settings.items())
    connection.exec_driver_sql(f"SELECT {calls}")


#: SQLSTATE classes and codes of PostgreSQL that mean "not now" rather than "wrong": what a visitor is told.
_STATES = {
    "57014": "a query took too long (statement_timeout)",
    "55P03": "a lock was not free in time (lock_timeout)",
    "25P03": "a transaction stayed idle too long (idle_in_transaction_session_timeout)",
    "40001": "a conflicting transaction (serialization failure)",
    "40P01": "a conflicting transaction (deadlock)",
    "53300": "the database has no free connection slots",
    "57P01": "the database is shutting down",
    "57P02": "the database is shutting down",
    "57P03": "the database is starting or shutting down",
}
_CLASSES = {"08": "the connection to the database failed", "53": "the database lacks resources"}
_SQLITE = ("database is locked", "unable to open database file", "disk i/o error", "database or disk is full")


def unavailable(error: BaseException) -> str | None:
    """A short reason when ``error`` means the database cannot serve now (a page says "try again later",
    503); None for anything else. The reason never holds an address, a user name or a password."""
    if isinstance(error, PoolTimeout):
        return "no free connection in the pool (pool_timeout)"
    if not isinstance(error, DBAPIError):
        return None
    original = error.orig
    if isinstance(original, sqlite3.OperationalError):
        message = str(original).lower()
        return next((f"SQLite: {m}" for m in _SQLITE if m in message), None)
    state = getattr(original, "sqlstate", None)
    if state:
        return _STATES.get(state) or _CLASSES.get(state[:2])
    if type(original).__name__ == "ConnectionTimeout":
        return "connecting to the database timed out (connect_timeout)"
    if error.connection_invalidated or isinstance(error, OperationalError):
        return "cannot connect to the database"  # no SQLSTATE: refused, unreachable, closed, too many clients
    return None
