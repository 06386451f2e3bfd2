"""Questionnaire snapshots: the exact definition of each questionnaire version in use.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None
#: Only adds: the previous version keeps working on the new schema (docs/contributing.md, "Migrations").
additive = True


def upgrade() -> None:
    op.create_table(
        "questionnaire_snapshots",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_questionnaire_snapshots")),
        sa.UniqueConstraint("questionnaire_id", "version", name="uq_questionnaire_snapshots_key"),
    )


def downgrade() -> None:
    op.drop_table("questionnaire_snapshots")
