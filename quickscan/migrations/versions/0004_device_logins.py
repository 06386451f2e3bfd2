"""users: a failed-login counter and lock of their own for the user's known browsers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None
#: Only adds: the previous version keeps working on the new schema (docs/contributing.md, "Migrations").
additive = True


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("device_failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("device_locked_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("device_locked_until")
        batch.drop_column("device_failed_logins")
