"""computed_results: report results computed by jobs, stored per release key; on PostgreSQL also the job
queue's schema (procrastinate)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None
#: Only adds (a table; on PostgreSQL the queue's own tables, types and functions): the previous version keeps
#: working on the new schema (docs/contributing.md, "Migrations").
additive = True


def upgrade() -> None:
    op.create_table(
        "computed_results",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("company_pk", sa.Integer(), nullable=True),
        sa.Column("programme_pk", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_pk"], ["companies.pk"], name=op.f("fk_computed_results_company_pk_companies"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["programme_pk"],
            ["programmes.pk"],
            name=op.f("fk_computed_results_programme_pk_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_computed_results")),
        sa.UniqueConstraint("scope", name=op.f("uq_computed_results_scope")),
    )
    op.create_index(op.f("ix_computed_results_company_pk"), "computed_results", ["company_pk"], unique=False)
    op.create_index(op.f("ix_computed_results_programme_pk"), "computed_results", ["programme_pk"], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # The job queue's schema, as the installed procrastinate ships it (docs/operations.md, "Report jobs").
        from procrastinate.schema import SchemaManager

        bind.exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))  # no parameters: a literal %


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql(
            "DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs,"
            " procrastinate_workers CASCADE"
        )
        functions = bind.exec_driver_sql(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = current_schema() AND left(p.proname, 14) = 'procrastinate_'"
        ).scalars()
        for signature in list(functions):
            bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
        bind.exec_driver_sql(
            "DROP TYPE IF EXISTS procrastinate_job_to_defer_v1, procrastinate_job_event_type,"
            " procrastinate_job_status CASCADE"
        )
    op.drop_index(op.f("ix_computed_results_programme_pk"), table_name="computed_results")
    op.drop_index(op.f("ix_computed_results_company_pk"), table_name="computed_results")
    op.drop_table("computed_results")
