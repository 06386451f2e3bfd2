"""plans, focus_areas, plan_actions, action_steps, action_notes: each company's plan of approach

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None
#: Only adds: the previous version keeps working on the new schema (docs/contributing.md, "Migrations").
additive = True


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("company_pk", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("touched_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_pk"], ["companies.pk"], name=op.f("fk_plans_company_pk_companies"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_plans")),
        sa.UniqueConstraint("company_pk", name=op.f("uq_plans_company_pk")),
    )
    op.create_table(
        "focus_areas",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("plan_pk", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sa.String(length=64), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_pk"], ["plans.pk"], name=op.f("fk_focus_areas_plan_pk_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_focus_areas")),
        sa.UniqueConstraint("plan_pk", "dimension_id", name="uq_focus_areas_plan_dimension"),
    )
    op.create_index(op.f("ix_focus_areas_plan_pk"), "focus_areas", ["plan_pk"], unique=False)
    op.create_table(
        "plan_actions",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("focus_area_pk", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("shareable", sa.Boolean(), nullable=False),
        sa.Column("from_suggestion", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('planned', 'in_progress', 'done', 'stopped')", name=op.f("ck_plan_actions_status")
        ),
        sa.ForeignKeyConstraint(
            ["focus_area_pk"],
            ["focus_areas.pk"],
            name=op.f("fk_plan_actions_focus_area_pk_focus_areas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_plan_actions")),
    )
    op.create_index(op.f("ix_plan_actions_focus_area_pk"), "plan_actions", ["focus_area_pk"], unique=False)
    op.create_table(
        "action_steps",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("action_pk", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_pk"], ["plan_actions.pk"], name=op.f("fk_action_steps_action_pk_plan_actions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_action_steps")),
    )
    op.create_index(op.f("ix_action_steps_action_pk"), "action_steps", ["action_pk"], unique=False)
    op.create_table(
        "action_notes",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("action_pk", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(length=254), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_pk"], ["plan_actions.pk"], name=op.f("fk_action_notes_action_pk_plan_actions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_action_notes")),
    )
    op.create_index(op.f("ix_action_notes_action_pk"), "action_notes", ["action_pk"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_action_notes_action_pk"), table_name="action_notes")
    op.drop_table("action_notes")
    op.drop_index(op.f("ix_action_steps_action_pk"), table_name="action_steps")
    op.drop_table("action_steps")
    op.drop_index(op.f("ix_plan_actions_focus_area_pk"), table_name="plan_actions")
    op.drop_table("plan_actions")
    op.drop_index(op.f("ix_focus_areas_plan_pk"), table_name="focus_areas")
    op.drop_table("focus_areas")
    op.drop_table("plans")
