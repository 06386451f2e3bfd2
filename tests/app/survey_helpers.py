"""Helpers for driving the survey through the Flask test client, as a browser would."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from questionnaires import Questionnaire
from quickscan import programme
from quickscan.db import transaction
from quickscan.questionnaire_store import registry

CSRF = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')


@dataclass
class Setup:
    company: str
    employee: list[str]
    manager: list[str]
    questionnaire: Questionnaire


def make_company(
    app: Flask, name: str = "Bakkerij De Vries", employees: int = 3, managers: int = 1, kind: str = "baseline"
) -> Setup:
    q = registry(app).get("leercultuur-mkb", 1)
    with transaction(app) as s:
        company = programme.add_company(s, name, "Twente", ["bakkerij", "winkel"])
        wave = programme.open_wave(s, company, kind, q)
        emp = [i.token for i in programme.invite(s, wave, "employee", employees)] if employees else []
        man = [i.token for i in programme.invite(s, wave, "manager", managers)] if managers else []
        slug = company.slug
    return Setup(slug, emp, man, q)


def csrf(page: TestResponse) -> str:
    match = CSRF.search(page.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def start(client: FlaskClient, token: str) -> TestResponse:
    welcome = client.get(f"/s/{token}")
    assert welcome.status_code == 200
    return client.post(f"/s/{token}/start", data={"csrf_token": csrf(welcome)})


def post_page(
    client: FlaskClient, token: str, number: int, answers: dict[str, str], action: str = "next", **extra: str
) -> TestResponse:
    page = client.get(f"/s/{token}/{number}")
    assert page.status_code == 200, page.status_code
    data = {"csrf_token": csrf(page), "action": action, **{f"a_{k}": v for k, v in answers.items()}, **extra}
    return client.post(f"/s/{token}/{number}", data=data)


def complete(
    client: FlaskClient,
    token: str,
    q: Questionnaire,
    role: str = "employee",
    value: str = "4",
    open_answers: dict[str, str] | None = None,
) -> TestResponse:
    """Answer every item with ``value`` (choices: their first option), skip the code, submit.

    Open questions get ``open_answers[id]`` (nothing when not in it), or a fixed text when None.
    """
    start(client, token)
    for number, section in enumerate(q.sections_for(role), start=1):  # type: ignore[arg-type]
        answers = {}
        for eid in section.elements:
            element = q.element(eid)
            if hasattr(element, "scale"):
                answers[eid] = value
            elif element.type == "open":
                answers[eid] = "Meer tijd om te leren." if open_answers is None else open_answers.get(eid, "")
            else:
                answers[eid] = element.options[0].code
        assert post_page(client, token, number, answers).status_code == 302
    code = client.get(f"/s/{token}/code")
    client.post(f"/s/{token}/code", data={"csrf_token": csrf(code), "action": "skip"})
    review = client.get(f"/s/{token}/submit")
    return client.post(f"/s/{token}/submit", data={"csrf_token": csrf(review), "action": "submit"})


def release_pending(app: Flask) -> int:
    """Test set-up: put every submitted response that waits into a release of its wave, as if the wave had
    been closed and released (without rule 8's step size, which tests/app/test_releases.py checks through
    the real service). The number of responses released."""
    from quickscan.models import Invitation, Release, Response

    with transaction(app) as s:
        waiting = s.execute(
            select(Response.pk, Invitation.wave_pk)
            .join(Invitation, Response.invitation_pk == Invitation.pk)
            .where(Response.submitted_on.is_not(None), Response.release_pk.is_(None))
        ).all()
        by_wave: dict[int, list[int]] = {}
        for pk, wave_pk in waiting:
            by_wave.setdefault(wave_pk, []).append(pk)
        for wave_pk, pks in by_wave.items():
            number = len(s.scalars(select(Release.pk).where(Release.wave_pk == wave_pk)).all()) + 1
            made = Release(wave_pk=wave_pk, number=number, released_on=dt.date.today(), responses=len(pks))
            s.add(made)
            s.flush()
            for response in s.scalars(select(Response).where(Response.pk.in_(pks))):
                response.release_pk = made.pk
    return len(waiting)


def store_responses(
    app: Flask,
    tokens: list[str],
    q: Questionnaire,
    role: str = "employee",
    value: str | None = None,
    *,
    release: bool = True,
) -> None:
    """Complete invitations through the storage service (no HTTP): fast set-up for report-side tests.

    Each item gets ``value``, or 1..5 in turn when None; choices their first option; open questions a text.
    With ``release`` (the default) the responses are released at once (:func:`release_pending`), so the
    report-side tests see them; a test of releases themselves passes ``release=False``.
    """
    from quickscan import response_store
    from quickscan.survey_forms import StoredAnswer

    with transaction(app) as s:
        for n, token in enumerate(tokens):
            link = response_store.find_invitation(s, token)
            assert link is not None
            response = response_store.start(s, link, "nl")
            for number, section in enumerate(q.sections_for(role), start=1):  # type: ignore[arg-type]
                page: dict[str, StoredAnswer | None] = {}
                for eid in section.elements:
                    element = q.element(eid)
                    if hasattr(element, "scale"):
                        page[eid] = StoredAnswer(value=int(value) if value else 1 + n % 5)
                    elif element.type == "open":
                        page[eid] = StoredAnswer(text="Meer tijd om te leren.")
                    else:
                        page[eid] = StoredAnswer(code=element.options[0].code)
                response_store.save_page(s, response.pk, number, page)
            assert response_store.submit(s, response.pk)
    if release:
        release_pending(app)
