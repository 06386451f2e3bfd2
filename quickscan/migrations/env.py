"""Alembic environment. Quickscan runs migrations programmatically (``quickscan db upgrade``), passing an
open connection in ``config.attributes["connection"]``; see quickscan/migrate.py.

Each migration runs in its own transaction (its locks last only as long as it does), and on PostgreSQL a
migration waits at most ``config.attributes["lock_timeout"]`` seconds for a lock: a migration that needs a
table a long report is reading fails (and is tried again by ``migrate.upgrade_engine``) instead of making
every request that touches that table queue behind it. Statements themselves have no time limit here.
"""

from alembic import context

from quickscan import circle_models, dialogue_models, models, skills_models  # noqa: F401  (registers the tables on Base.metadata)
from quickscan.db import Base

config = context.config
target_metadata = Base.metadata

#: Session settings of a migration's connection on PostgreSQL; RESET afterwards (the connection is pooled).
POSTGRES_SETTINGS = ("lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout")


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    postgres = connection.dialect.name == "postgresql"
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite alters a table by copying it and dropping the old one ("batch" mode). With foreign keys on,
        # that drop cascades: rebuilding `users` deleted every coach assignment. Off for the migration (the
        # pragma only takes effect outside a transaction), checked afterwards, and on again for the pool.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    if postgres:
        lock_timeout = round(float(config.attributes.get("lock_timeout", 5)) * 1000)
        connection.exec_driver_sql(f"SET lock_timeout = {lock_timeout}")
        connection.exec_driver_sql("SET statement_timeout = 0")
        connection.exec_driver_sql("SET idle_in_transaction_session_timeout = 0")
        connection.commit()  # before configure(): Alembic must start (and commit) each migration's transaction
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        transaction_per_migration=True,
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"a migration left rows whose foreign key points nowhere: {broken[:5]}")
    finally:
        if postgres:
            _reset(connection)
        if sqlite:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def _reset(connection) -> None:  # type: ignore[no-untyped-def]
    try:
        connection.rollback()
        for name in POSTGRES_SETTINGS:
            connection.exec_driver_sql(f"RESET {name}")
        connection.commit()
    except Exception:  # noqa: BLE001 - a broken connection: let the pool forget it rather than hide the error
        connection.invalidate()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run `quickscan db upgrade`.")
run_migrations_online()
