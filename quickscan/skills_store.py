"""A company's skills matrix in the database: tasks, people, cells, snapshots. Functions only ``flush()``; the
request (or the command) commits, so a refused change stores nothing.

The figures are computed by :mod:`scoring.skills` from arrays this module builds; nothing here counts by
itself. Only the company's active people count. Nothing here reads or writes survey tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scoring import skills

from .models import Company
from .refusals import Refusal
from .skills_models import SNAPSHOT_KINDS, SkillCell, SkillPerson, SkillSnapshot, SkillTask

#: Limits that keep a matrix a company's: one A4 page holds about this many columns and rows.
MAX_TASKS = 40
MAX_PEOPLE = 200
NAME_LENGTH = 100


class SkillsInputError(Refusal):
    """A change the matrix refuses: an empty or duplicate name, a level outside 0-4, a limit reached."""


def now() -> dt.datetime:
    """Naive UTC to the second, as the plans and the audit trail keep time."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


# --- reading -----------------------------------------------------------------------------------------


def tasks(session: Session, company: Company) -> list[SkillTask]:
    return list(
        session.scalars(
            select(SkillTask).where(SkillTask.company_pk == company.pk).order_by(SkillTask.position, SkillTask.pk)
        )
    )


def people(session: Session, company: Company) -> list[SkillPerson]:
    return list(
        session.scalars(select(SkillPerson).where(SkillPerson.company_pk == company.pk).order_by(SkillPerson.name))
    )


def cells(session: Session, company: Company) -> dict[tuple[int, int], SkillCell]:
    """The company's filled-in cells by (person pk, task pk); a missing cell is level 0."""
    rows = session.scalars(
        select(SkillCell)
        .join(SkillPerson, SkillCell.person_pk == SkillPerson.pk)
        .where(SkillPerson.company_pk == company.pk)
    )
    return {(c.person_pk, c.task_pk): c for c in rows}


def task(session: Session, company: Company, pk: int) -> SkillTask | None:
    """Task ``pk`` if it is the company's (else None: an id from another company)."""
    return session.scalar(select(SkillTask).where(SkillTask.pk == pk, SkillTask.company_pk == company.pk))


def person(session: Session, company: Company, pk: int) -> SkillPerson | None:
    """Person ``pk`` if they are in the company's matrix (else None)."""
    return session.scalar(select(SkillPerson).where(SkillPerson.pk == pk, SkillPerson.company_pk == company.pk))


@dataclass(frozen=True)
class Grid:
    """What the grid page and the exports show: the rows and columns in order and the figures for them."""

    tasks: list[SkillTask]
    people: list[SkillPerson]
    cells: dict[tuple[int, int], SkillCell]
    #: The matrix of the active people (rows in the order of ``active``).
    active: list[SkillPerson]
    matrix: skills.Matrix

    def level(self, p: SkillPerson, t: SkillTask) -> int:
        found = self.cells.get((p.pk, t.pk))
        return 0 if found is None else found.level

    @property
    def figures(self) -> skills.Figures:
        return skills.figures(self.matrix)


def as_matrix(
    task_rows: Sequence[SkillTask], active: Sequence[SkillPerson], found: dict[tuple[int, int], SkillCell]
) -> skills.Matrix:
    """The arrays :mod:`scoring.skills` reads, for ``active`` people x ``task_rows``."""
    shape = (len(active), len(task_rows))
    levels = np.zeros(shape, np.int64)
    targets = np.full(shape, skills.NO_TARGET, np.int64)
    dated = np.zeros(shape, np.bool_)
    for i, p in enumerate(active):
        for j, t in enumerate(task_rows):
            c = found.get((p.pk, t.pk))
            if c is not None:
                levels[i, j] = c.level
                if c.target is not None:
                    targets[i, j] = c.target
                dated[i, j] = c.target_on is not None
    return skills.Matrix(
        levels,
        targets,
        dated,
        np.array([t.minimum for t in task_rows], np.int64),
        np.array([t.critical for t in task_rows], np.bool_),
    )


def grid(session: Session, company: Company) -> Grid:
    task_rows, person_rows, found = tasks(session, company), people(session, company), cells(session, company)
    active = [p for p in person_rows if p.active]
    return Grid(task_rows, person_rows, found, active, as_matrix(task_rows, active, found))


def figures(session: Session, company: Company) -> skills.Figures:
    return grid(session, company).figures


# --- changing ----------------------------------------------------------------------------------------


def clean_name(name: str, what: str) -> str:
    """``name`` without surrounding spaces; refused when empty or too long."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise SkillsInputError(f"the {what} has no name", _l("Vul een naam in."))
    if len(cleaned) > NAME_LENGTH:
        raise SkillsInputError(
            f"the {what}'s name is longer than {NAME_LENGTH}", _l("Een naam is hoogstens 100 tekens lang.")
        )
    return cleaned


def _check_minimum(minimum: int) -> int:
    if not 1 <= minimum <= 99:
        raise SkillsInputError(f"minimum {minimum} is not 1-99", _l("Het minimum is een getal van 1 tot 99."))
    return minimum


def add_task(session: Session, company: Company, name: str, critical: bool = False, minimum: int = 2) -> SkillTask:
    name = clean_name(name, "task")
    existing = tasks(session, company)
    if len(existing) >= MAX_TASKS:
        raise SkillsInputError(f"at most {MAX_TASKS} tasks", _l("Een matrix heeft hoogstens 40 taken."))
    if any(t.name.casefold() == name.casefold() for t in existing):
        raise SkillsInputError(f"task {name!r} exists", _l("Deze taak staat al in de matrix."))
    new = SkillTask(
        company_pk=company.pk,
        name=name,
        critical=critical,
        minimum=_check_minimum(minimum),
        position=max((t.position for t in existing), default=0) + 1,
    )
    session.add(new)
    session.flush()
    return new


def update_task(session: Session, company: Company, found: SkillTask, name: str, critical: bool, minimum: int) -> None:
    name = clean_name(name, "task")
    if any(t.pk != found.pk and t.name.casefold() == name.casefold() for t in tasks(session, company)):
        raise SkillsInputError(f"task {name!r} exists", _l("Deze taak staat al in de matrix."))
    found.name, found.critical, found.minimum = name, critical, _check_minimum(minimum)
    session.flush()


def remove_task(session: Session, found: SkillTask) -> None:
    session.execute(delete(SkillCell).where(SkillCell.task_pk == found.pk))
    session.delete(found)
    session.flush()


def add_person(session: Session, company: Company, name: str) -> SkillPerson:
    name = clean_name(name, "person")
    existing = people(session, company)
    if len(existing) >= MAX_PEOPLE:
        raise SkillsInputError(f"at most {MAX_PEOPLE} people", _l("Een matrix heeft hoogstens 200 mensen."))
    if any(p.name.casefold() == name.casefold() for p in existing):
        raise SkillsInputError(f"person {name!r} exists", _l("Deze naam staat al in de matrix."))
    new = SkillPerson(company_pk=company.pk, name=name, active=True)
    session.add(new)
    session.flush()
    return new


def update_person(session: Session, company: Company, found: SkillPerson, name: str, active: bool) -> None:
    name = clean_name(name, "person")
    if any(p.pk != found.pk and p.name.casefold() == name.casefold() for p in people(session, company)):
        raise SkillsInputError(f"person {name!r} exists", _l("Deze naam staat al in de matrix."))
    found.name, found.active = name, active
    session.flush()


def remove_person(session: Session, found: SkillPerson) -> int:
    """Remove a person with all their cells; how many cells went."""
    removed = session.execute(delete(SkillCell).where(SkillCell.person_pk == found.pk)).rowcount  # type: ignore[attr-defined]
    session.delete(found)
    session.flush()
    return int(removed or 0)


def set_cell(
    session: Session,
    p: SkillPerson,
    t: SkillTask,
    level: int,
    target: int | None,
    target_on: dt.date | None,
    by: str,
    at: dt.datetime | None = None,
) -> SkillCell:
    """Set one person's level at one task (and target); levels outside 0-4 are refused (scoring.skills rule 1)."""
    if p.company_pk != t.company_pk:
        raise SkillsInputError("person and task of different companies")
    try:
        skills.check_level(level)
        if target is not None:
            skills.check_level(target)
    except skills.SkillsError as exc:
        raise SkillsInputError(str(exc), _l("Een niveau is 0, 1, 2, 3 of 4.")) from exc
    if target_on is not None and target is None:
        raise SkillsInputError("a target date without a target level", _l("Kies ook het doelniveau bij een datum."))
    found = session.scalar(select(SkillCell).where(SkillCell.person_pk == p.pk, SkillCell.task_pk == t.pk))
    if found is None:
        found = SkillCell(person_pk=p.pk, task_pk=t.pk)
        session.add(found)
    found.level, found.target, found.target_on = level, target, target_on
    found.changed_at, found.changed_by = at or now(), by
    session.flush()
    return found


# --- snapshots ---------------------------------------------------------------------------------------


def take_snapshot(session: Session, company: Company, kind: str, at: dt.datetime | None = None) -> SkillSnapshot:
    """Keep the company's figures now (totals only). ``baseline`` and ``endline`` replace an earlier one of
    the same kind (a wave closed again); ``manual`` ones add up."""
    if kind not in SNAPSHOT_KINDS:
        raise SkillsInputError(f"snapshot kind {kind!r}")
    if kind != "manual":
        session.execute(delete(SkillSnapshot).where(SkillSnapshot.company_pk == company.pk, SkillSnapshot.kind == kind))
    snap = SkillSnapshot(
        company_pk=company.pk, kind=kind, taken_at=at or now(), figures=figures(session, company).to_dict()
    )
    session.add(snap)
    session.flush()
    return snap


def has_matrix(session: Session, company: Company) -> bool:
    return session.scalar(select(SkillTask.pk).where(SkillTask.company_pk == company.pk).limit(1)) is not None


def snapshot_on_close(session: Session, company: Company, wave_kind: str) -> SkillSnapshot | None:
    """When a wave closes: a snapshot of that kind, if the company keeps a matrix (else nothing)."""
    if not has_matrix(session, company):
        return None
    return take_snapshot(session, company, wave_kind)


def snapshots(session: Session, company_pks: Iterable[int]) -> list[SkillSnapshot]:
    pks = list(company_pks)
    return list(
        session.scalars(
            select(SkillSnapshot)
            .where(SkillSnapshot.company_pk.in_(pks))
            .order_by(SkillSnapshot.company_pk, SkillSnapshot.taken_at, SkillSnapshot.pk)
        )
    )


def change(session: Session, company: Company) -> skills.Change | None:
    """Baseline against end-line snapshot of the company; None unless it has both."""
    kinds = {s.kind: skills.Figures.from_dict(s.figures) for s in snapshots(session, [company.pk])}
    if "baseline" in kinds and "endline" in kinds:
        return skills.Change(kinds["baseline"], kinds["endline"])
    return None


@dataclass(frozen=True)
class ProgrammeTotals:
    """The matrices of a programme's companies added up: counts and shares, never a company or a name."""

    companies: int
    now: skills.Figures
    #: Companies with both a baseline and an end-line snapshot, and their totals.
    compared: int
    change: skills.Change | None


def programme_totals(session: Session, company_pks: Sequence[int]) -> ProgrammeTotals:
    with_tasks = set(session.scalars(select(SkillTask.company_pk).where(SkillTask.company_pk.in_(company_pks))))
    keeping = [pk for pk in company_pks if pk in with_tasks]  # one query, not one per company
    now_figures = skills.total([figures(session, session.get_one(Company, pk)) for pk in keeping])
    by_company: dict[int, dict[str, skills.Figures]] = {}
    for snap in snapshots(session, company_pks):
        if snap.kind != "manual":
            by_company.setdefault(snap.company_pk, {})[snap.kind] = skills.Figures.from_dict(snap.figures)
    both = [k for k in by_company.values() if "baseline" in k and "endline" in k]
    compared = None
    if both:
        compared = skills.Change(
            skills.total([k["baseline"] for k in both]), skills.total([k["endline"] for k in both])
        )
    return ProgrammeTotals(len(keeping), now_figures, len(both), compared)
