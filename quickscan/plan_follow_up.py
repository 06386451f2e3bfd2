"""The follow-up on the dashboard's overview: per company, how many actions are due soon, how many are
overdue, and when its plan of approach was last touched (or that it has none).

A coach keeps 7–8 companies going over ten months; this tells them where to call first. It reads the
plans in one bulk load (:func:`quickscan.plan_store.load`) and judges each action with the plan's own rule
(:meth:`reports.plan.Action.overdue`), so the overview and the plan agree on what is late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from reports.plan import Plan

from . import plan_store

#: "Due soon": a due date from today up to this many days ahead.
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class FollowUp:
    """One company's follow-up; ``has_plan`` is False (and the rest empty) when it has no plan yet."""

    has_plan: bool
    #: Planned or going, due from today to :data:`DUE_SOON_DAYS` days ahead.
    due_soon: int = 0
    #: Planned or going, past the due date.
    overdue: int = 0
    touched_at: dt.datetime | None = None


NO_PLAN = FollowUp(has_plan=False)


def of_plan(plan: Plan, today: dt.date) -> FollowUp:
    """The follow-up of ``plan`` on ``today``."""
    horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
    due_soon = sum(
        1
        for a in plan.actions
        if a.status in ("planned", "in_progress") and a.due_on is not None and today <= a.due_on <= horizon
    )
    overdue = sum(1 for a in plan.actions if a.overdue(today))
    return FollowUp(True, due_soon, overdue, plan.touched_at)


def follow_up(session: Session, company_pks: Iterable[int], today: dt.date) -> dict[int, FollowUp]:
    """The follow-up of every company in ``company_pks`` on ``today`` (:data:`NO_PLAN` for those without a
    plan), by company pk, in one bulk load."""
    pks = list(company_pks)
    plans = plan_store.load(session, pks)
    return {pk: of_plan(plans[pk], today) if pk in plans else NO_PLAN for pk in pks}
