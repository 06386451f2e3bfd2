"""A whole number in a URL beyond what the database holds is a 404, never a 500 (issue 23, finding 14).

``/admin/users/99999999999999999999999/edit`` went to the database, which refused the number. Every route
with an ``<int:...>`` is walked here, found from the app's URL map (so a new route is walked too), by the
lead and by the coach of the company (who may change its plan, so the plan routes get as far as their
lookups): too large a number answers 404 like any id that does not exist, and the largest id the database
holds is looked up without an error.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.models import Company
from quickscan.url_ids import LARGEST_ID

from .auth_helpers import PASSWORD, log_in
from .plan_helpers import add_plan
from .survey_helpers import make_company

LEAD, COACH = "lead@example.nl", "coach@example.nl"
HUGE = (LARGEST_ID + 1, 2**63, 99999999999999999999999)
PART = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _setup(app: Flask) -> dict[str, str]:
    co = make_company(app, "Getallen BV", employees=2)
    with transaction(app) as s:
        company = s.query(Company).filter_by(slug=co.company).one()
        add_user(s, LEAD, PASSWORD, "admin")
        add_user(s, COACH, PASSWORD, "coach", coach_of=[company])
    add_plan(app, co.company)
    return {"slug": co.company, "token": co.employee[0], "qid": "leercultuur-mkb"}


def _int_routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) of every route with an ``int`` in its URL."""
    found = []
    for rule in app.url_map.iter_rules():
        if any(conv == "int" for conv, _ in PART.findall(rule.rule)):
            method = "GET" if "GET" in (rule.methods or ()) else "POST"
            found.append((rule.endpoint, method, rule.rule))
    return found


def _url(rule: str, number: int, values: dict[str, str]) -> str:
    return PART.sub(lambda m: str(number) if m.group(1) == "int" else values[m.group(2)], rule)


def test_the_walk_finds_the_routes_with_ids(app: Flask) -> None:
    endpoints = {endpoint for endpoint, _, _ in _int_routes(app)}
    assert {"admin.user_edit", "admin.user_delete", "plans.action", "survey.page"} <= endpoints
    assert len(endpoints) >= 14


@pytest.mark.parametrize("who", [LEAD, COACH])
def test_every_route_answers_404_to_an_id_too_large_for_the_database(app: Flask, who: str) -> None:
    values = _setup(app)
    client = app.test_client()
    assert log_in(client, who).status_code == 302
    failures = []
    for endpoint, method, rule in _int_routes(app):
        for number in HUGE:
            url = _url(rule, number, values)
            status = client.open(url, method=method).status_code
            if status != 404:
                failures.append(f"{endpoint} {method} {url}: {status}")
    assert failures == []


def test_the_largest_id_reaches_the_database_and_is_not_found(app: Flask) -> None:
    values = _setup(app)
    client = app.test_client()
    assert log_in(client, LEAD).status_code == 302
    assert client.get(f"/admin/users/{LARGEST_ID}/edit").status_code == 404
    coach = app.test_client()
    assert log_in(coach, COACH).status_code == 302
    assert coach.get(f"/companies/{values['slug']}/plan/actions/{LARGEST_ID}").status_code == 404
    assert coach.get(f"/companies/{values['slug']}/plan/actions/{LARGEST_ID}/remove").status_code == 404
