"""Set-up for the dialogue session tests: a session of company A (plan_helpers.make_world) and phones voting."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quickscan.db import transaction
from quickscan.dialogue_models import DialogueSession

from .plan_helpers import client_of, token

FACTORS = ("psych_safety", "time_to_learn", "leadership", "knowledge_sharing", "development", "ownership", "reflection")
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def start_session(app: Flask, slug: str, who: str = "coach_a") -> tuple[FlaskClient, int, str]:
    """``who`` starts a session of ``slug`` on its questionnaire: the logged-in client, the session's pk and its
    join code."""
    client = client_of(app, who)
    response = client.post(f"/companies/{slug}/dialogue", data={"csrf_token": token(client), "instrument": ref(app)})
    assert response.status_code == 302, response.get_data(as_text=True)
    pk = int(response.headers["Location"].rstrip("/").split("/")[-1])
    with transaction(app) as s:
        code = s.scalars(select(DialogueSession.join_code).where(DialogueSession.pk == pk)).one()
    return client, pk, code


def ref(app: Flask) -> str:
    from quickscan.questionnaire_store import registry

    q = registry(app).get("leercultuur-mkb")
    return f"questionnaire:{q.id}@{q.version}"


def phone_token(phone: FlaskClient, code: str) -> str:
    page = phone.get(f"/d/{code}")
    assert page.status_code == 200, page.status_code
    match = CSRF.search(page.get_data(as_text=True))
    assert match
    return match.group(1)


def ballot(now: int, wanted: int, remark: str = "", factors: tuple[str, ...] = FACTORS) -> dict[str, str]:
    data = {}
    for f in factors:
        data[f"now-{f}"] = str(now)
        data[f"wanted-{f}"] = str(wanted)
        data[f"remark-{f}"] = remark
    return data


def vote(phone: FlaskClient, code: str, data: dict[str, str]) -> int:
    return phone.post(f"/d/{code}", data={"csrf_token": phone_token(phone, code), **data}).status_code
