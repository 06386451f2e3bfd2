"""Plans of approach in the database: read back as the plain plan reports use, deleted with their company."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import func, select

from quickscan import plan_store, retention
from quickscan.db import transaction
from quickscan.models import ActionNote, ActionStep, Company, FocusArea, Plan, PlanAction
from reports.plan import Action

from .survey_helpers import make_company

AT = dt.datetime(2026, 3, 2, 9, 30)


def _company(app: Flask) -> int:
    setup = make_company(app)
    with transaction(app) as s:
        return s.scalars(select(Company.pk).where(Company.slug == setup.company)).one()


def _fill(app: Flask, company_pk: int) -> None:
    with transaction(app) as s:
        plan = plan_store.ensure(s, s.get_one(Company, company_pk), AT)
        focus = FocusArea(dimension_id="feedback", why="Laagste score", position=0)
        plan.focus_areas.append(focus)
        action = PlanAction(
            title="Werkoverleg met feedbackronde",
            owner="Bedrijfsleider",
            status="in_progress",
            due_on=dt.date(2026, 5, 1),
            shareable=True,
            from_suggestion=True,
            created_at=AT,
            updated_at=AT,
        )
        focus.actions.append(action)
        action.steps.extend([ActionStep(text="Agenda maken", done=True, position=0), ActionStep(text="Eerste ronde")])
        action.notes.append(ActionNote(written_at=AT, author="coach@example.nl", text="Gestart"))


def test_a_plan_reads_back_as_the_plain_plan(app: Flask) -> None:
    pk = _company(app)
    _fill(app, pk)
    with transaction(app) as s:
        plans = plan_store.load(s, [pk, pk + 1000])
    assert list(plans) == [pk]
    plan = plans[pk]
    assert plan.focus_dimensions == ("feedback",)
    assert plan.focus_areas[0].why == "Laagste score"
    assert plan.actions == (
        Action(
            title="Werkoverleg met feedbackronde",
            status="in_progress",
            owner="Bedrijfsleider",
            due_on=dt.date(2026, 5, 1),
            shareable=True,
            from_suggestion=True,
            steps_done=1,
            steps_total=2,
        ),
    )
    assert plan.touched_at == AT
    assert plan.actions[0].overdue(dt.date(2026, 5, 2)) and not plan.actions[0].overdue(dt.date(2026, 5, 1))


def test_ensure_makes_one_plan_per_company(app: Flask) -> None:
    pk = _company(app)
    with transaction(app) as s:
        first = plan_store.ensure(s, s.get_one(Company, pk)).pk
    with transaction(app) as s:
        assert plan_store.ensure(s, s.get_one(Company, pk)).pk == first
        assert s.scalar(select(func.count(Plan.pk))) == 1


def test_the_plan_goes_with_its_company(app: Flask) -> None:
    pk = _company(app)
    _fill(app, pk)
    with transaction(app) as s:
        retention.delete_company(s, s.get_one(Company, pk))
    with transaction(app) as s:
        for model in (Plan, FocusArea, PlanAction, ActionStep, ActionNote):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model.__name__
