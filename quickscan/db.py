"""The database: one engine per app, one session and one transaction per request.

Services call ``session().flush()`` when they need ids; only the request boundary commits (after the view
returned a non-error response) or rolls back (on an error). CLI commands use :func:`transaction`.
Counters that must count whatever the request's outcome (login throttle, attempts on an account, the
bookkeeping of logins) use :func:`separate_transaction`, committed at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, Response, current_app, g
from sqlalchemy import Engine, MetaData, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from . import db_limits
from .db_limits import Limits

#: Constraint names that are the same on SQLite and PostgreSQL, so migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

EXTENSION = "quickscan.db"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def make_engine(url: str, limits: Limits | None = None) -> Engine:
    """An engine for ``url`` with ``limits`` (default: :class:`~quickscan.db_limits.Limits`' defaults);
    SQLite gets foreign keys, WAL and a busy timeout for concurrent writers."""
    limits = limits or Limits()
    engine = create_engine(url, **db_limits.engine_arguments(url, limits))
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    db_limits.watch(engine, limits)
    return engine


class Database:
    def __init__(self, url: str, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.engine = make_engine(url, self.limits)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def ping(self) -> str | None:
        """None when the database answers ``SELECT 1``; else why not, in a few words (no address, no password)."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"; the reason says which
            return db_limits.unavailable(exc) or "the database answered with an error"
        return None


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Database(app.config["DATABASE_URL"], app.config.get("DATABASE_LIMITS"))
    app.after_request(_commit)
    app.teardown_appcontext(_close)


def database(app: Flask | None = None) -> Database:
    db: Database = (app or current_app).extensions[EXTENSION]
    return db


def session() -> Session:
    """The session of the current request (or app context), opened on first use."""
    if "db_session" not in g:
        g.db_session = database().sessions()
    s: Session = g.db_session
    return s


def _commit(response: Response) -> Response:
    s: Session | None = g.get("db_session")
    if s is not None:
        if response.status_code >= 400:
            s.rollback()
            return response
        try:
            s.commit()
        except (DBAPIError, PoolTimeout) as exc:  # the error handlers decide: 503 for "not now", else a bug
            s.rollback()
            app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
            return app.make_response(app.handle_user_exception(exc))
    return response


def _close(_exc: BaseException | None) -> None:
    s: Session | None = g.pop("db_session", None)
    if s is not None:
        s.rollback()
        s.close()


@contextmanager
def separate_transaction(beside: Session) -> Iterator[Session]:
    """A short transaction of its own on ``beside``'s database, committed when the block ends.

    Only for counters and bookkeeping that must hold whatever becomes of the request: a refused login is
    answered with 429 and rolled back, but its attempt must still count. Use it before the request's own
    session writes anything: on SQLite a writer waits for the other, and both are this one thread.
    """
    with Session(beside.get_bind(), expire_on_commit=False) as own, own.begin():
        yield own


@contextmanager
def transaction(app: Flask | None = None) -> Iterator[Session]:
    """A session for CLI work: commits when the block ends normally, rolls back on an exception. Its
    transaction has the command-line limits (on PostgreSQL: no idle limit, ``cli_statement_timeout``)."""
    db = database(app)
    with db.sessions.begin() as s:
        db_limits.for_command_line(s.connection(), db.limits)
        yield s
