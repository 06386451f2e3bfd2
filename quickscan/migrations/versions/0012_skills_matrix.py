"""skill_tasks, skill_people, skill_cells, skill_snapshots: each company's skills matrix (inzetbaarheidsmatrix)

Revision ID: 0012
Revises: 0008
Create Date: 2026-11-27 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None
#: Only adds: the previous version keeps working on the new schema (docs/contributing.md, "Migrations").
additive = True


def _company(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["company_pk"], ["companies.pk"], name=op.f(f"fk_{table}_company_pk_companies"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "skill_tasks",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("company_pk", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.Column("minimum", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("minimum BETWEEN 1 AND 99", name=op.f("ck_skill_tasks_minimum")),
        _company("skill_tasks"),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_skill_tasks")),
        sa.UniqueConstraint("company_pk", "name", name="uq_skill_tasks_company_name"),
    )
    op.create_index(op.f("ix_skill_tasks_company_pk"), "skill_tasks", ["company_pk"], unique=False)
    op.create_table(
        "skill_people",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("company_pk", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _company("skill_people"),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_skill_people")),
        sa.UniqueConstraint("company_pk", "name", name="uq_skill_people_company_name"),
    )
    op.create_index(op.f("ix_skill_people_company_pk"), "skill_people", ["company_pk"], unique=False)
    op.create_table(
        "skill_cells",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("person_pk", sa.Integer(), nullable=False),
        sa.Column("task_pk", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("target", sa.Integer(), nullable=True),
        sa.Column("target_on", sa.Date(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=254), nullable=False),
        sa.CheckConstraint("level BETWEEN 0 AND 4", name=op.f("ck_skill_cells_level")),
        sa.CheckConstraint("target IS NULL OR target BETWEEN 0 AND 4", name=op.f("ck_skill_cells_target")),
        sa.ForeignKeyConstraint(
            ["person_pk"], ["skill_people.pk"], name=op.f("fk_skill_cells_person_pk_skill_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["task_pk"], ["skill_tasks.pk"], name=op.f("fk_skill_cells_task_pk_skill_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_skill_cells")),
        sa.UniqueConstraint("person_pk", "task_pk", name="uq_skill_cells_person_task"),
    )
    op.create_index(op.f("ix_skill_cells_person_pk"), "skill_cells", ["person_pk"], unique=False)
    op.create_index(op.f("ix_skill_cells_task_pk"), "skill_cells", ["task_pk"], unique=False)
    op.create_table(
        "skill_snapshots",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("company_pk", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.CheckConstraint("kind IN ('baseline', 'endline', 'manual')", name=op.f("ck_skill_snapshots_kind")),
        _company("skill_snapshots"),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_skill_snapshots")),
    )
    op.create_index(op.f("ix_skill_snapshots_company_pk"), "skill_snapshots", ["company_pk"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_skill_snapshots_company_pk"), table_name="skill_snapshots")
    op.drop_table("skill_snapshots")
    op.drop_index(op.f("ix_skill_cells_task_pk"), table_name="skill_cells")
    op.drop_index(op.f("ix_skill_cells_person_pk"), table_name="skill_cells")
    op.drop_table("skill_cells")
    op.drop_index(op.f("ix_skill_people_company_pk"), table_name="skill_people")
    op.drop_table("skill_people")
    op.drop_index(op.f("ix_skill_tasks_company_pk"), table_name="skill_tasks")
    op.drop_table("skill_tasks")
