"""Many respondents at once: parallel completions, several devices on one link, duplicate submits.

Nothing may be lost and nothing doubled: every invitation ends with exactly one response, every question
asked with exactly one answer, and the answer is the one the respondent gave. Threads drive separate Flask
test clients (each its own cookies: its own device) against one app, on SQLite and, with
``QUICKSCAN_TEST_DATABASE_URL`` set, on PostgreSQL. The one-invitation start/submit race is in
``test_survey.py``; here it is many invitations at once, with page saves interleaved between devices.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from questionnaires import Questionnaire
from quickscan import response_store
from quickscan.db import transaction
from quickscan.models import Answer, Invitation, Response

from .survey_helpers import complete, csrf, make_company, post_page, start

TIMEOUT = 120  # seconds a thread may take before the test calls it a hang

#: An answer per element kind, different for each device, so the stored answer shows whose it is.
LIKERT = ("2", "3", "4", "5", "dk")
OPEN = "Antwoord van apparaat {device}."


def run_threads(targets: list[Callable[[], None]], barrier: threading.Barrier | None = None) -> None:
    """Run every target in its own thread; re-raise the first failure, fail on a hang.

    A failing thread breaks ``barrier``, so the others stop waiting for it.
    """
    failures: list[BaseException] = []

    def guarded(target: Callable[[], None]) -> None:
        try:
            target()
        except BaseException as exc:  # reported in the test's own thread below
            failures.append(exc)
            if barrier is not None:
                barrier.abort()

    threads = [threading.Thread(target=guarded, args=(t,), daemon=True) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    if failures:
        raise failures[0]


def answers_for(q: Questionnaire, role: str, number: int, device: int) -> dict[str, str]:
    """Device ``device``'s answer to every element of page ``number``."""
    section = q.sections_for(role)[number - 1]  # type: ignore[arg-type]
    answers = {}
    for eid in section.elements:
        element: Any = q.element(eid)
        if hasattr(element, "scale"):
            answers[eid] = LIKERT[device % len(LIKERT)]
        elif element.type == "open":
            answers[eid] = OPEN.format(device=device)
        else:
            answers[eid] = element.options[device % len(element.options)].code
    return answers


def stored(a: Answer) -> str | None:
    return str(a.value) if a.value is not None else a.code or a.text


def role_of(app: Flask, token: str) -> str:
    with transaction(app) as s:
        return s.scalars(select(Invitation.role).where(Invitation.token == token)).one()


def by_token(app: Flask) -> dict[str, tuple[Response, dict[str, Answer]]]:
    with transaction(app) as s:
        rows = s.execute(select(Invitation.token, Response).join(Response.invitation)).all()
        answers: dict[int, dict[str, Answer]] = {}
        for a in s.scalars(select(Answer)):
            assert a.element_id not in answers.setdefault(a.response_pk, {}), "an element answered twice"
            answers[a.response_pk][a.element_id] = a
        return {token: (r, answers.get(r.pk, {})) for token, r in rows}


def test_many_respondents_and_devices_at_once_store_each_response_exactly_once(app: Flask) -> None:
    """12 links shared by 3 devices each, and 4 links of another company filled in alone, all at once.

    The devices of a shared link start together, each saves its own third of the pages (so the pages of
    one response are saved in parallel, interleaved with those of the other responses), then all three
    submit at the same moment. Every response must be stored once, submitted, with each device's pages;
    the lone respondents (another company, its end-line) with their own answers.
    """
    co = make_company(app, employees=10, managers=2)
    other = make_company(app, "Garage Jansen", employees=3, managers=1, kind="endline")
    alone = other.employee + other.manager
    q = co.questionnaire
    shared = co.employee + co.manager
    tokens = shared + alone
    devices = 3
    pages = len(q.sections_for("employee"))
    assert pages == len(q.sections_for("manager")) and pages >= devices
    roles = {t: role_of(app, t) for t in tokens}

    barrier = threading.Barrier(len(shared) * devices, timeout=TIMEOUT)
    statuses: dict[str, list[tuple[str, int]]] = {t: [] for t in shared}

    def fill_in_alone(token: str, n: int) -> Callable[[], None]:
        def run() -> None:
            done = complete(app.test_client(), token, q, role=roles[token], value=str(1 + n % 5))
            assert done.status_code == 302 and done.location.endswith(f"/s/{token}/thanks")

        return run

    def device(token: str, k: int) -> Callable[[], None]:
        def run() -> None:
            client: FlaskClient = app.test_client()
            welcome = client.get(f"/s/{token}")
            assert welcome.status_code == 200
            barrier.wait()  # all devices of all shared links start at once
            begun = client.post(f"/s/{token}/start", data={"csrf_token": csrf(welcome)})
            statuses[token].append(("start", begun.status_code))
            barrier.wait()
            for number in range(k + 1, pages + 1, devices):
                saved = post_page(client, token, number, answers_for(q, roles[token], number, k))
                statuses[token].append((f"page {number}", saved.status_code))
            code = client.get(f"/s/{token}/code")
            client.post(f"/s/{token}/code", data={"csrf_token": csrf(code), "action": "skip"})
            review = client.get(f"/s/{token}/submit")
            assert review.status_code == 200
            barrier.wait()  # every page of every shared link is saved: now all submit at once
            sent = client.post(f"/s/{token}/submit", data={"csrf_token": csrf(review), "action": "submit"})
            statuses[token].append(("submit", sent.status_code))

        return run

    run_threads(
        [fill_in_alone(t, n) for n, t in enumerate(alone)] + [device(t, k) for t in shared for k in range(devices)],
        barrier,
    )

    for token, seen in statuses.items():
        assert [s for step, s in seen if step != "submit"] == [302] * (devices + pages), (token, seen)
        submits = [s for step, s in seen if step == "submit"]
        assert len(submits) == devices and set(submits) <= {302, 410} and 302 in submits, (token, seen)

    found = by_token(app)
    assert sorted(found) == sorted(tokens)
    with transaction(app) as s:
        assert s.scalar(select(func.count()).select_from(Response)) == len(tokens)
    for token, (response, answers) in found.items():
        assert response.submitted_on is not None, token
        sections = q.sections_for(roles[token])  # type: ignore[arg-type]
        assert set(answers) == {e for section in sections for e in section.elements}, token
        if token in shared:
            for number, section in enumerate(sections, start=1):
                given = answers_for(q, roles[token], number, (number - 1) % devices)
                assert {e: stored(answers[e]) for e in section.elements} == given, (token, number)
        else:
            n = alone.index(token)
            for item in q.items_for(roles[token]):  # type: ignore[arg-type]
                assert answers[item.id].value == 1 + n % 5


def test_one_page_saved_by_several_devices_at_once_keeps_one_whole_page(app: Flask) -> None:
    """A double click on "Volgende", or two devices on the same page: each save replaces the page."""
    co = make_company(app, employees=3)
    q = co.questionnaire
    devices, number = 4, 2
    elements = q.sections_for("employee")[number - 1].elements
    clients = {t: [app.test_client() for _ in range(devices)] for t in co.employee}
    forms = {}
    for token, cs in clients.items():
        for k, client in enumerate(cs):
            start(client, token)
            page = client.get(f"/s/{token}/{number}")
            fields = {f"a_{e}": v for e, v in answers_for(q, "employee", number, k).items()}
            forms[token, k] = {"csrf_token": csrf(page), "action": "next", **fields}
    barrier = threading.Barrier(len(forms), timeout=TIMEOUT)
    results: list[int] = []

    def save(token: str, k: int) -> Callable[[], None]:
        def run() -> None:
            barrier.wait()
            results.append(clients[token][k].post(f"/s/{token}/{number}", data=forms[token, k]).status_code)

        return run

    run_threads([save(t, k) for t, k in forms], barrier)

    assert results == [302] * len(forms)
    for token, (_, answers) in by_token(app).items():
        assert set(answers) == set(elements), token
        page = {e: stored(answers[e]) for e in elements}
        assert page in [answers_for(q, "employee", number, k) for k in range(devices)], (token, page)


def test_a_page_saved_while_another_device_submits_changes_nothing(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    co = make_company(app, employees=1)
    q = co.questionnaire
    token = co.employee[0]
    laptop, phone = app.test_client(), app.test_client()
    start(laptop, token)
    item = q.sections_for("employee")[1].elements[0]
    post_page(laptop, token, 2, {item: "2"})
    page = phone.get(f"/s/{token}/2")

    original = response_store.save_page

    def submitted_by_the_laptop_meanwhile(session: Any, response_pk: int, *args: Any, **kwargs: Any) -> None:
        # The laptop's submit commits after the phone's request has loaded the response, before it saves.
        with transaction(app) as other:
            assert response_store.submit(other, response_pk)
        original(session, response_pk, *args, **kwargs)

    monkeypatch.setattr(response_store, "save_page", submitted_by_the_laptop_meanwhile)
    late = phone.post(f"/s/{token}/2", data={"csrf_token": csrf(page), "action": "next", f"a_{item}": "5"})
    monkeypatch.undo()

    [(response, answers)] = by_token(app).values()
    assert response.submitted_on is not None
    assert answers[item].value == 2, "an answer changed after the response was submitted"
    assert late.status_code == 410
