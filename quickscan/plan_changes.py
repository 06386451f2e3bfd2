"""Changing a plan of approach: what the plan pages do (:mod:`quickscan.plans`). Reading it is
:mod:`quickscan.plan_store`.

Every function only ``flush()``es; the request commits, or rolls back on an error, so a refused change
leaves nothing half-stored. Each change marks the plan as touched (the coach's overview shows when).

A change starts with :func:`lock`: it touches the plan row (an UPDATE), which holds that row until the
transaction ends, so two changes of one plan run one after the other and the checks here (at most
:data:`~reports.plan.MAX_FOCUS_AREAS` focus areas, a dimension once) see each other's result.

The rules the database cannot check are here and raise :class:`PlanError`: which dimension is chosen is
checked by the caller against the company's questionnaire.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reports.plan import MAX_FOCUS_AREAS, STATUSES

from . import models
from .plan_store import ensure, find, now, touch

#: Limits that keep a plan a plan: the most a plan holds (3 x 5 actions) prints on one A4 page.
MAX_ACTIONS = 5
MAX_STEPS = 12
MAX_NOTES = 200


class PlanError(ValueError):
    """A change the plan refuses (a limit reached, a bad status or dates); the message names the rule, the
    page says it in its own words."""


class AlreadyChosen(PlanError):
    """The dimension is a focus area of the plan already (a second click, or two people at once)."""


def lock(session: Session, company: models.Company, at: dt.datetime | None = None) -> models.Plan:
    """The company's plan (created when it has none), touched and flushed, so this transaction holds its row."""
    plan = find(session, company)
    if plan is None:
        try:
            with session.begin_nested():
                plan = ensure(session, company, at)
        except IntegrityError:  # another request created it a moment ago
            plan = session.scalars(select(models.Plan).where(models.Plan.company_pk == company.pk)).one()
    touch(plan, at)
    session.flush()
    return plan


def focus_area(session: Session, plan: models.Plan, pk: int) -> models.FocusArea | None:
    """Focus area ``pk`` if it belongs to ``plan``, else None (an id from another company's plan)."""
    return session.scalar(
        select(models.FocusArea).where(models.FocusArea.pk == pk, models.FocusArea.plan_pk == plan.pk)
    )


def action(session: Session, plan: models.Plan, pk: int) -> models.PlanAction | None:
    """Action ``pk`` if it belongs to ``plan``, else None."""
    return session.scalar(
        select(models.PlanAction)
        .join(models.FocusArea)
        .where(models.PlanAction.pk == pk, models.FocusArea.plan_pk == plan.pk)
    )


def step(action: models.PlanAction, pk: int) -> models.ActionStep | None:
    """Step ``pk`` if it is on ``action``'s checklist, else None."""
    return next((s for s in action.steps if s.pk == pk), None)


def add_focus_area(session: Session, plan: models.Plan, dimension_id: str, why: str) -> models.FocusArea:
    """A new focus area on ``dimension_id`` (already checked against the company's questionnaire). The plan's
    focus areas are read afresh, after :func:`lock`, not from a collection loaded before it."""
    session.refresh(plan, ["focus_areas"])
    if any(f.dimension_id == dimension_id for f in plan.focus_areas):
        raise AlreadyChosen(dimension_id)
    if len(plan.focus_areas) >= MAX_FOCUS_AREAS:
        raise PlanError("too many focus areas")
    position = max((f.position for f in plan.focus_areas), default=-1) + 1
    focus = models.FocusArea(dimension_id=dimension_id, why=why.strip(), position=position)
    plan.focus_areas.append(focus)
    session.flush()
    return focus


def set_why(focus: models.FocusArea, why: str) -> None:
    focus.why = why.strip()
    touch(focus.plan)


def remove_focus_area(session: Session, focus: models.FocusArea) -> int:
    """Remove ``focus`` with its actions (their steps and notes too); the number of actions removed."""
    removed = len(focus.actions)
    plan = focus.plan
    plan.focus_areas.remove(focus)
    touch(plan)
    session.flush()
    return removed


def _check(status: str, start_on: dt.date | None, due_on: dt.date | None) -> None:
    if status not in STATUSES:
        raise PlanError(f"unknown status {status!r}")
    if start_on is not None and due_on is not None and due_on < start_on:
        raise PlanError("due before start")


def add_action(
    session: Session,
    focus: models.FocusArea,
    title: str,
    *,
    description: str = "",
    owner: str = "",
    start_on: dt.date | None = None,
    due_on: dt.date | None = None,
    status: str = "planned",
    shareable: bool = False,
    from_suggestion: bool = False,
    at: dt.datetime | None = None,
) -> models.PlanAction:
    """A new action under ``focus`` (its actions read afresh, after :func:`lock`)."""
    session.refresh(focus, ["actions"])
    if len(focus.actions) >= MAX_ACTIONS:
        raise PlanError("too many actions")
    _check(status, start_on, due_on)
    at = at or now()
    new = models.PlanAction(
        title=title.strip()[:200],
        description=description.strip(),
        owner=owner.strip(),
        start_on=start_on,
        due_on=due_on,
        status=status,
        shareable=shareable,
        from_suggestion=from_suggestion,
        created_at=at,
        updated_at=at,
    )
    focus.actions.append(new)
    touch(focus.plan, at)
    session.flush()
    return new


def update_action(
    action: models.PlanAction,
    *,
    title: str,
    description: str,
    owner: str,
    start_on: dt.date | None,
    due_on: dt.date | None,
    status: str,
    shareable: bool,
    circle_shareable: bool | None = None,
    circle_named: bool | None = None,
    at: dt.datetime | None = None,
) -> list[str]:
    """Set every editable field of ``action``; the names of the fields that changed. The learning-circle
    flags stay as they are when not given; the company is named only on an action shared with the circle."""
    _check(status, start_on, due_on)
    shared = action.circle_shareable if circle_shareable is None else circle_shareable
    named = action.circle_named if circle_named is None else circle_named
    wanted = {
        "title": title.strip()[:200],
        "description": description.strip(),
        "owner": owner.strip(),
        "start_on": start_on,
        "due_on": due_on,
        "status": status,
        "shareable": shareable,
        "circle_shareable": shared,
        "circle_named": bool(shared and named),
    }
    changed = [name for name, value in wanted.items() if getattr(action, name) != value]
    for name in changed:
        setattr(action, name, wanted[name])
    if changed:
        _touched(action, at)
    return changed


def remove_action(session: Session, action: models.PlanAction) -> None:
    """Remove ``action`` with its steps and notes."""
    focus = action.focus_area
    focus.actions.remove(action)
    touch(focus.plan)
    session.flush()


def add_step(session: Session, action: models.PlanAction, text: str) -> models.ActionStep:
    """A new step at the end of ``action``'s checklist (its steps read afresh, after :func:`lock`)."""
    session.refresh(action, ["steps"])
    if len(action.steps) >= MAX_STEPS:
        raise PlanError("too many steps")
    position = max((s.position for s in action.steps), default=-1) + 1
    new = models.ActionStep(text=text.strip()[:200], done=False, position=position)
    action.steps.append(new)
    _touched(action)
    session.flush()
    return new


def set_step(step: models.ActionStep, done: bool) -> None:
    """Tick (``done``) or untick a step."""
    if step.done != done:
        step.done = done
        _touched(step.action)


def remove_step(session: Session, step: models.ActionStep) -> None:
    action = step.action
    action.steps.remove(step)
    _touched(action)
    session.flush()


def add_note(
    session: Session, action: models.PlanAction, author: str, text: str, at: dt.datetime | None = None
) -> models.ActionNote:
    """A dated note in ``action``'s follow-up log, by ``author`` (the account's e-mail address)."""
    if len(action.notes) >= MAX_NOTES:
        raise PlanError("too many notes")
    at = at or now()
    new = models.ActionNote(written_at=at, author=author[:254], text=text.strip())
    action.notes.append(new)
    _touched(action, at)
    session.flush()
    return new


def _touched(action: models.PlanAction, at: dt.datetime | None = None) -> None:
    at = at or now()
    action.updated_at = at
    touch(action.focus_area.plan, at)
