"""dialogue_sessions, dialogue_votes: a company's dialogue sessions ("waar staan we, waar willen we naartoe")

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-27 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None
#: Only adds: the previous version keeps working on the new schema (docs/contributing.md, "Migrations").
additive = True


def upgrade() -> None:
    op.create_table(
        "dialogue_sessions",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("company_pk", sa.Integer(), nullable=False),
        sa.Column("facilitator_pk", sa.Integer(), nullable=True),
        sa.Column("join_code", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("instrument", sa.String(length=140), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revealed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'revealed', 'closed')", name=op.f("ck_dialogue_sessions_status")),
        sa.ForeignKeyConstraint(
            ["company_pk"], ["companies.pk"], name=op.f("fk_dialogue_sessions_company_pk_companies"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["facilitator_pk"],
            ["users.pk"],
            name=op.f("fk_dialogue_sessions_facilitator_pk_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_dialogue_sessions")),
        sa.UniqueConstraint("join_code", name=op.f("uq_dialogue_sessions_join_code")),
    )
    op.create_index(op.f("ix_dialogue_sessions_company_pk"), "dialogue_sessions", ["company_pk"], unique=False)
    op.create_table(
        "dialogue_votes",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("session_pk", sa.Integer(), nullable=False),
        sa.Column("participant", sa.String(length=32), nullable=False),
        sa.Column("factor_id", sa.String(length=64), nullable=False),
        sa.Column("now", sa.Integer(), nullable=False),
        sa.Column("wanted", sa.Integer(), nullable=False),
        sa.Column("remark", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("now BETWEEN 1 AND 5", name=op.f("ck_dialogue_votes_now")),
        sa.CheckConstraint("wanted BETWEEN 1 AND 5", name=op.f("ck_dialogue_votes_wanted")),
        sa.ForeignKeyConstraint(
            ["session_pk"],
            ["dialogue_sessions.pk"],
            name=op.f("fk_dialogue_votes_session_pk_dialogue_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_dialogue_votes")),
        sa.UniqueConstraint(
            "session_pk", "participant", "factor_id", name=op.f("uq_dialogue_votes_participant_factor")
        ),
    )


def downgrade() -> None:
    op.drop_table("dialogue_votes")
    op.drop_index(op.f("ix_dialogue_sessions_company_pk"), table_name="dialogue_sessions")
    op.drop_table("dialogue_sessions")
