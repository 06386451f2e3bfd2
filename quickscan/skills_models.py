"""The skills matrix's tables (inzetbaarheidsmatrix): a company's tasks, people, their levels, and snapshots.

Named personal data about employees, kept apart from the survey: no column here refers to a wave, an
invitation or a response, and nothing joins them (docs/privacy.md). Every row hangs on its company with
``ON DELETE CASCADE``: deleting a company deletes its matrix; deleting a person or a task deletes their cells.
Snapshots hold totals only (:class:`scoring.skills.Figures` as JSON), never a name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import Base

#: What a snapshot was taken at: a wave closing (baseline / end-line) or by hand.
SNAPSHOT_KINDS = ("baseline", "endline", "manual")


class SkillTask(Base):
    """A task (taak) of a company's matrix: a column of the grid."""

    __tablename__ = "skill_tasks"
    __table_args__ = (
        UniqueConstraint("company_pk", "name", name="uq_skill_tasks_company_name"),
        CheckConstraint("minimum BETWEEN 1 AND 99", name="minimum"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    critical: Mapped[bool] = mapped_column(Boolean, default=False)
    #: How many people should be at level 3 or higher (scoring.skills rule 3).
    minimum: Mapped[int] = mapped_column(Integer, default=2)
    position: Mapped[int] = mapped_column(Integer, default=0)

    cells: Mapped[list[SkillCell]] = relationship(
        back_populates="task", cascade="all, delete-orphan", passive_deletes=True
    )


class SkillPerson(Base):
    """A person of a company's matrix (a name or initials as the company writes it): a row of the grid."""

    __tablename__ = "skill_people"
    __table_args__ = (UniqueConstraint("company_pk", "name", name="uq_skill_people_company_name"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    #: Someone who left or is away long: kept out of the figures, their row kept until removed.
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    cells: Mapped[list[SkillCell]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )


class SkillCell(Base):
    """One person's level at one task (0-4), an optional target level and date, and who changed it last."""

    __tablename__ = "skill_cells"
    __table_args__ = (
        UniqueConstraint("person_pk", "task_pk", name="uq_skill_cells_person_task"),
        CheckConstraint("level BETWEEN 0 AND 4", name="level"),
        CheckConstraint("target IS NULL OR target BETWEEN 0 AND 4", name="target"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_pk: Mapped[int] = mapped_column(ForeignKey("skill_people.pk", ondelete="CASCADE"), index=True)
    task_pk: Mapped[int] = mapped_column(ForeignKey("skill_tasks.pk", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(Integer, default=0)
    target: Mapped[int | None] = mapped_column(Integer)
    target_on: Mapped[dt.date | None] = mapped_column(Date)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    #: The account's e-mail address, copied so the cell outlives the account ("" for an import by command).
    changed_by: Mapped[str] = mapped_column(String(254), default="")

    person: Mapped[SkillPerson] = relationship(back_populates="cells")
    task: Mapped[SkillTask] = relationship(back_populates="cells")


class SkillSnapshot(Base):
    """The company's matrix in numbers at one moment: totals only (``scoring.skills.Figures.to_dict()``)."""

    __tablename__ = "skill_snapshots"
    __table_args__ = (CheckConstraint("kind IN ('baseline', 'endline', 'manual')", name="kind"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_pk: Mapped[int] = mapped_column(ForeignKey("companies.pk", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
