"""releases: a wave's results come from fixed releases of its responses, never from the live count

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 12:00:00

Waves that are closed when this migration runs are released as they stand (one release with every
submitted response), so results that were shown before stay shown; open waves wait for their close.
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None
#: Only adds: the previous version keeps working on the new schema (docs/contributing.md, "Migrations").
additive = True


def upgrade() -> None:
    op.create_table(
        "releases",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("wave_pk", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("released_on", sa.Date(), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["wave_pk"], ["waves.pk"], name=op.f("fk_releases_wave_pk_waves"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_releases")),
        sa.UniqueConstraint("wave_pk", "number", name=op.f("uq_releases_wave_number")),
    )
    op.create_index(op.f("ix_releases_wave_pk"), "releases", ["wave_pk"], unique=False)
    with op.batch_alter_table("waves") as batch:
        batch.add_column(sa.Column("withheld_since", sa.Date(), nullable=True))
    with op.batch_alter_table("responses") as batch:
        batch.add_column(sa.Column("release_pk", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_responses_release_pk_releases"), "releases", ["release_pk"], ["pk"], ondelete="SET NULL"
        )
        batch.create_index(batch.f("ix_responses_release_pk"), ["release_pk"], unique=False)

    bind = op.get_bind()
    closed = bind.execute(sa.text("SELECT pk, closed_on FROM waves WHERE is_open = :no"), {"no": False}).all()
    for wave_pk, closed_on in closed:
        submitted = bind.execute(
            sa.text(
                "SELECT COUNT(*) FROM responses r JOIN invitations i ON r.invitation_pk = i.pk "
                "WHERE i.wave_pk = :w AND r.submitted_on IS NOT NULL"
            ),
            {"w": wave_pk},
        ).scalar_one()
        if not submitted:
            continue
        bind.execute(
            sa.text("INSERT INTO releases (wave_pk, number, released_on, responses) VALUES (:w, 1, :d, :n)"),
            {"w": wave_pk, "d": closed_on or dt.date.today(), "n": submitted},
        )
        release_pk = bind.execute(
            sa.text("SELECT pk FROM releases WHERE wave_pk = :w AND number = 1"), {"w": wave_pk}
        ).scalar_one()
        bind.execute(
            sa.text(
                "UPDATE responses SET release_pk = :r WHERE submitted_on IS NOT NULL AND invitation_pk IN "
                "(SELECT pk FROM invitations WHERE wave_pk = :w)"
            ),
            {"r": release_pk, "w": wave_pk},
        )


def downgrade() -> None:
    with op.batch_alter_table("responses") as batch:
        batch.drop_index(batch.f("ix_responses_release_pk"))
        batch.drop_constraint(batch.f("fk_responses_release_pk_releases"), type_="foreignkey")
        batch.drop_column("release_pk")
    with op.batch_alter_table("waves") as batch:
        batch.drop_column("withheld_since")
    op.drop_index(op.f("ix_releases_wave_pk"), table_name="releases")
    op.drop_table("releases")
