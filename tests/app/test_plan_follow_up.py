"""The follow-up on the dashboard's overview: actions due soon and overdue, and when the plan was touched."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quickscan import plan_follow_up, plan_store
from quickscan.db import transaction
from quickscan.models import Company, FocusArea, PlanAction
from reports.plan import Action, Plan
from reports.plan import FocusArea as PlainFocusArea

from .auth_helpers import log_in, make_people

TODAY = dt.date(2026, 6, 15)


def _due(days: int, status: str = "in_progress") -> Action:
    return Action(title="x", status=status, due_on=TODAY + dt.timedelta(days=days))  # type: ignore[arg-type]


def test_due_soon_is_today_to_30_days_ahead_and_overdue_is_before_today() -> None:
    actions = (
        _due(-1),  # overdue
        _due(-40, "planned"),  # overdue
        _due(-1, "done"),  # finished: neither
        _due(-1, "stopped"),
        _due(0),  # due soon (today)
        _due(30, "planned"),  # due soon (the last day)
        _due(31),  # later
        _due(5, "done"),
        Action(title="no date", status="planned"),
    )
    touched = dt.datetime(2026, 6, 1, 10, 0)
    plan = Plan(focus_areas=(PlainFocusArea("reflection", actions=actions),), touched_at=touched)
    assert plan_follow_up.of_plan(plan, TODAY) == plan_follow_up.FollowUp(True, 2, 2, touched)
    assert plan_follow_up.of_plan(Plan(touched_at=touched), TODAY) == plan_follow_up.FollowUp(True, 0, 0, touched)


def _plan(app: Flask, slug: str, today: dt.date) -> None:
    """Four actions, judged on ``today``: one due in 10 days, one overdue, one done past its date, one in 40 days."""
    at = dt.datetime(2026, 3, 2, 9, 30)
    with transaction(app) as s:
        plan = plan_store.ensure(s, s.scalars(select(Company).where(Company.slug == slug)).one(), at)
        focus = FocusArea(dimension_id="time_to_learn", why="", position=0)
        for title, status, days in (
            ("Leeruur", "in_progress", 10),
            ("Werkinstructies", "planned", -3),
            ("Koppels", "done", -20),
            ("Opleidingsplan", "planned", 40),
        ):
            focus.actions.append(
                PlanAction(
                    title=title, status=status, due_on=today + dt.timedelta(days=days), created_at=at, updated_at=at
                )
            )
        plan.focus_areas.append(focus)
        plan_store.touch(plan, dt.datetime(2026, 5, 4, 14, 0))


def _cells(client: FlaskClient, company_name: str) -> list[str] | None:
    """The overview's cells of ``company_name``'s row (text only), or None when the row is not there."""
    html = client.get("/dashboard").get_data(as_text=True)
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        if f">{company_name}</a>" in row:
            return [
                re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
    return None


def test_a_coach_sees_what_is_due_and_overdue_for_their_companies_only(app: Flask) -> None:
    people = make_people(app)
    _plan(app, people.a, dt.date.today())
    coach = app.test_client()
    log_in(coach, "coach-a@example.nl")
    cells = _cells(coach, "Alfa Bouw")
    assert cells is not None
    assert cells[-3:] == ["1", "1", "4 mei 2026"]  # due within 30 days, overdue, last touched
    assert _cells(coach, "Beta Zorg") is None  # not their company
    html = coach.get("/dashboard").get_data(as_text=True)
    assert "Acties binnen 30 dagen" in html and "Plan bijgewerkt" in html
    assert "Leeruur" not in html  # the overview counts; the plan's contents are on its own page


def test_the_lead_sees_every_company_and_a_manager_their_own_with_no_plan_said_so(app: Flask) -> None:
    people = make_people(app)
    _plan(app, people.a, dt.date.today())
    lead = app.test_client()
    log_in(lead, "admin@example.nl")
    assert (_cells(lead, "Alfa Bouw") or [])[-3:-1] == ["1", "1"]
    assert (_cells(lead, "Beta Zorg") or [])[-3:] == ["–", "–", "geen plan"]
    manager = app.test_client()
    log_in(manager, "manager-b@example.nl")
    assert (_cells(manager, "Beta Zorg") or [])[-1] == "geen plan"
    assert _cells(manager, "Alfa Bouw") is None
    english = manager.get("/dashboard?lang=en").get_data(as_text=True)
    assert "no plan" in english and "Actions due within 30 days" in english and "Plan last changed" in english


def test_follow_up_has_every_company_asked_for(app: Flask) -> None:
    people = make_people(app)
    _plan(app, people.a, TODAY)
    with transaction(app) as s:
        pks = {slug: pk for slug, pk in s.execute(select(Company.slug, Company.pk))}
        found = plan_follow_up.follow_up(s, [pks[people.a], pks[people.b]], TODAY)
    assert found[pks[people.b]] == plan_follow_up.NO_PLAN
    assert (found[pks[people.a]].due_soon, found[pks[people.a]].overdue) == (1, 1)
    with transaction(app) as s:
        assert plan_follow_up.follow_up(s, [], TODAY) == {}
