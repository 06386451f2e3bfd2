"""Plans of approach in the database: read as :class:`reports.plan.Plan` for reports, and kept up by the
plan pages. Functions here only ``flush()``; the request or the command commits.

A plan holds no respondent data (focus areas name dimensions, owners are roles or managers' names), so
reading it needs no anonymity rule; what it is shown *beside* (a dimension's results) comes from released
results only, as every report does. Employees see only the titles of actions the manager marked shareable
(:func:`shared_actions`, the end-line welcome page), never the rest of the plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import case, select
from sqlalchemy.orm import Session, selectinload

from reports.plan import STATUSES, Action, FocusArea, Plan, Status

from . import models


def now() -> dt.datetime:
    """The time stamps plans keep: naive UTC, to the second (as the audit trail's)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def find(session: Session, company: models.Company) -> models.Plan | None:
    """The company's plan row, or None when it has none yet."""
    return session.scalars(select(models.Plan).where(models.Plan.company_pk == company.pk)).one_or_none()


def ensure(session: Session, company: models.Company, at: dt.datetime | None = None) -> models.Plan:
    """The company's plan row, created (empty) when it has none."""
    plan = find(session, company)
    if plan is None:
        at = at or now()
        plan = models.Plan(company_pk=company.pk, created_at=at, touched_at=at)
        session.add(plan)
        session.flush()
    return plan


def touch(plan: models.Plan, at: dt.datetime | None = None) -> None:
    """Record that ``plan`` (or something in it) changed now: the coach's overview shows when."""
    plan.touched_at = at or now()


def as_plan(row: models.Plan) -> Plan:
    """The plain plan reports read."""
    return Plan(
        focus_areas=tuple(
            FocusArea(
                dimension_id=f.dimension_id,
                why=f.why,
                actions=tuple(
                    Action(
                        title=a.title,
                        status=_status(a.status),
                        owner=a.owner,
                        description=a.description,
                        start_on=a.start_on,
                        due_on=a.due_on,
                        shareable=a.shareable,
                        from_suggestion=a.from_suggestion,
                        steps_done=sum(1 for s in a.steps if s.done),
                        steps_total=len(a.steps),
                    )
                    for a in f.actions
                ),
            )
            for f in row.focus_areas
        ),
        touched_at=row.touched_at,
    )


def load(session: Session, company_pks: Iterable[int]) -> dict[int, Plan]:
    """The plans of the companies ``company_pks`` that have one, by company pk, in one bulk load."""
    pks = list(company_pks)
    if not pks:
        return {}
    rows = session.scalars(
        select(models.Plan)
        .where(models.Plan.company_pk.in_(pks))
        .options(
            selectinload(models.Plan.focus_areas)
            .selectinload(models.FocusArea.actions)
            .selectinload(models.PlanAction.steps)
        )
    ).all()
    return {row.company_pk: as_plan(row) for row in rows}


#: The most actions the end-line welcome page lists ("you said, we did"): two or three lines, no more.
SHARED_MAX = 3
#: The statuses employees are told about, in the order they are listed: what was done first, then what is
#: going, then what is planned. A stopped action is not "what we did".
SHARED_STATUSES: tuple[Status, ...] = ("done", "in_progress", "planned")


@dataclass(frozen=True)
class SharedAction:
    """An action the manager chose to tell employees about: its title and status, nothing else of the plan."""

    title: str
    status: Status


def shared_actions(session: Session, wave_pk: int, limit: int = SHARED_MAX) -> list[SharedAction]:
    """What the company of ``wave_pk`` worked on, for its **end-line** survey's welcome page: at most ``limit``
    actions marked shareable, done ones first (then in progress, then planned; within a status in the plan's
    order). Empty for a baseline wave, a company without a plan or without shareable actions. One query."""
    order = case({status: i for i, status in enumerate(SHARED_STATUSES)}, value=models.PlanAction.status)
    rows = session.execute(
        select(models.PlanAction.title, models.PlanAction.status)
        .join(models.FocusArea, models.PlanAction.focus_area_pk == models.FocusArea.pk)
        .join(models.Plan, models.FocusArea.plan_pk == models.Plan.pk)
        .join(models.Wave, models.Wave.company_pk == models.Plan.company_pk)
        .where(
            models.Wave.pk == wave_pk,
            models.Wave.kind == "endline",
            models.PlanAction.shareable.is_(True),
            models.PlanAction.status.in_(SHARED_STATUSES),
        )
        .order_by(order, models.FocusArea.position, models.PlanAction.pk)
        .limit(limit)
    ).all()
    return [SharedAction(title, _status(status)) for title, status in rows]


def _status(value: str) -> Status:
    # The table's check constraint admits only these; anything else is a corrupt row, not user input.
    if value in STATUSES:
        return value
    raise ValueError(f"unknown action status {value!r}")
