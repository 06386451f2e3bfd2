"""circles, circle_members, circle_consents and two flags on plan_actions: the learning circle (leerkring)

Revision ID: 0011
Revises: 0008
Create Date: 2026-11-27 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None
#: Only adds: the previous version keeps working on the new schema (docs/contributing.md, "Migrations").
additive = True


def upgrade() -> None:
    op.create_table(
        "circles",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("programme_pk", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_pk"], ["programmes.pk"], name=op.f("fk_circles_programme_pk_programmes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_circles")),
        sa.UniqueConstraint("programme_pk", "name", name="uq_circles_programme_name"),
    )
    op.create_index(op.f("ix_circles_programme_pk"), "circles", ["programme_pk"], unique=False)
    op.create_table(
        "circle_members",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("circle_pk", sa.Integer(), nullable=False),
        sa.Column("company_pk", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["circle_pk"], ["circles.pk"], name=op.f("fk_circle_members_circle_pk_circles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["company_pk"], ["companies.pk"], name=op.f("fk_circle_members_company_pk_companies"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_circle_members")),
        sa.UniqueConstraint("company_pk", name=op.f("uq_circle_members_company_pk")),
    )
    op.create_index(op.f("ix_circle_members_circle_pk"), "circle_members", ["circle_pk"], unique=False)
    op.create_table(
        "circle_consents",
        sa.Column("company_pk", sa.Integer(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("set_by", sa.String(length=254), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_pk"], ["companies.pk"], name=op.f("fk_circle_consents_company_pk_companies"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("company_pk", name=op.f("pk_circle_consents")),
    )
    with op.batch_alter_table("plan_actions") as batch:
        batch.add_column(sa.Column("circle_shareable", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("circle_named", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("plan_actions") as batch:
        batch.drop_column("circle_named")
        batch.drop_column("circle_shareable")
    op.drop_table("circle_consents")
    op.drop_index(op.f("ix_circle_members_circle_pk"), table_name="circle_members")
    op.drop_table("circle_members")
    op.drop_index(op.f("ix_circles_programme_pk"), table_name="circles")
    op.drop_table("circles")
