"""Alembic environment. Quickscan runs migrations programmatically (``quickscan db upgrade``), passing an
open connection in ``config.attributes["connection"]``; see quickscan/migrate.py."""

from alembic import context

from quickscan import models  # noqa: F401  (registers the tables on Base.metadata)
from quickscan.db import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run `quickscan db upgrade`.")
run_migrations_online()
