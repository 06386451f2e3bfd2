"""Set-up for the plan page tests: two companies with released baseline results, their people, a plan."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient

from questionnaires import Questionnaire
from quickscan import plan_changes, programme, response_store
from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.survey_forms import StoredAnswer

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import make_company, release_pending

EMAILS = {
    "manager_a": "manager-a@example.nl",
    "coach_a": "coach-a@example.nl",
    "admin": "admin@example.nl",
    "manager_b": "manager-b@example.nl",
    "coach_b": "coach-b@example.nl",
}
TOKEN = re.compile(r'csrf_token" type="hidden" value="([^"]+)"')


@dataclass
class World:
    a: str  # company slugs
    b: str
    questionnaire: Questionnaire


def answer(
    app: Flask,
    tokens: list[str],
    q: Questionnaire,
    role: str = "employee",
    values: dict[str, int] | None = None,
    unknown: str | None = None,
) -> None:
    """Submit a response per token: each item the value of its dimension in ``values`` (else 4), the items of
    dimension ``unknown`` "weet ik niet"; then release them."""
    with transaction(app) as s:
        for token in tokens:
            link = response_store.find_invitation(s, token)
            assert link is not None
            response = response_store.start(s, link, "nl")
            for number, section in enumerate(q.sections_for(role), start=1):  # type: ignore[arg-type]
                page: dict[str, StoredAnswer | None] = {}
                for eid in section.elements:
                    element = q.element(eid)
                    dimension = getattr(element, "dimension", None)
                    if dimension is None:
                        page[eid] = None
                    elif dimension == unknown:
                        page[eid] = StoredAnswer(code="dk")
                    else:
                        value = (values or {}).get(dimension, 4)
                        page[eid] = StoredAnswer(value=6 - value if getattr(element, "reverse", False) else value)
                response_store.save_page(s, response.pk, number, page)
            assert response_store.submit(s, response.pk)
    release_pending(app)


def make_world(app: Flask, employees: int = 8, managers: int = 1) -> World:
    """Company A (Alfa) with ``employees`` and ``managers`` released responses: employees score development
    and ownership lowest (2 and 3), managers give 5 everywhere; company B (Beta) without results."""
    a = make_company(app, "Alfa", employees=employees, managers=managers)
    b = make_company(app, "Beta", employees=1, managers=0)
    answer(app, a.employee, a.questionnaire, values={"development": 2, "ownership": 3})
    answer(app, a.manager, a.questionnaire, "manager", values=dict.fromkeys(_dimensions(a.questionnaire), 5))
    with transaction(app) as s:
        company_a = programme.company_by_slug(s, a.company)
        company_b = programme.company_by_slug(s, b.company)
        add_user(s, EMAILS["manager_a"], PASSWORD, "manager", company=company_a)
        add_user(s, EMAILS["coach_a"], PASSWORD, "coach", coach_of=[company_a])
        add_user(s, EMAILS["admin"], PASSWORD, "admin")
        add_user(s, EMAILS["manager_b"], PASSWORD, "manager", company=company_b)
        add_user(s, EMAILS["coach_b"], PASSWORD, "coach", coach_of=[company_b])
    return World(a.company, b.company, a.questionnaire)


def _dimensions(q: Questionnaire) -> list[str]:
    return [d.id for d in q.dimensions]


def add_plan(app: Flask, slug: str, dimension: str = "development") -> dict[str, int]:
    """A plan with one focus area, one action with one step and one note: their ids (f, x, s)."""
    with transaction(app) as s:
        plan = plan_changes.lock(s, programme.company_by_slug(s, slug))
        focus = plan_changes.add_focus_area(s, plan, dimension, "Laagste score")
        action = plan_changes.add_action(s, focus, "Ontwikkelgesprekken", owner="Bedrijfsleider")
        step = plan_changes.add_step(s, action, "Gespreksformulier kiezen")
        plan_changes.add_note(s, action, "coach-a@example.nl", "Besproken met de eigenaar")
        return {"f": focus.pk, "x": action.pk, "s": step.pk}


def client_of(app: Flask, who: str) -> FlaskClient:
    client = app.test_client()
    assert log_in(client, EMAILS[who]).status_code == 302
    return client


def token(client: FlaskClient) -> str:
    """This client's CSRF token (one per session, the same for every form): from the overview's log-out form."""
    match = TOKEN.search(client.get("/dashboard").get_data(as_text=True))
    assert match, "no CSRF token on the overview"
    return match.group(1)
