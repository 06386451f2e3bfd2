"""Whoever holds a survey link (issue 15, attack 8) and what each role is told on the welcome page (attack 9).

Managers hand out the links, so a link may be opened by someone other than the person answering with it.
Such a browser ("foreign": no cookies from the browser that answered) must not see saved answers read back,
and must not be able to tell a new link from a started one on the welcome page, or a used link from a closed
wave or a revoked link. The browser that answered still sees its own answers.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quickscan import programme
from quickscan.db import transaction
from quickscan.models import Answer, Response

from .survey_helpers import complete, csrf, make_company, post_page, start

NOTE = "Je antwoorden zijn bewaard. Je ziet ze hier niet terug, zodat niemand anders met deze link ze kan lezen."
UNUSABLE = "Deze link is niet (meer) te gebruiken"


@pytest.fixture
def co(app: Flask):  # type: ignore[no-untyped-def]
    return make_company(app, employees=4, managers=1)


def text(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_data(as_text=True)


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", html)


def _items(co, number: int) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return co.questionnaire.sections_for("employee")[number - 1].elements


def _answers(app: Flask) -> dict[str, Answer]:
    with transaction(app) as s:
        return {a.element_id: a for a in s.scalars(select(Answer))}


def _answer_pages_1_and_2(client: FlaskClient, co) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The respondent answers page 2 (first item 5, second 2) and the open question on the last page."""
    token = co.employee[0]
    start(client, token)
    first, second = _items(co, 2)[:2]
    post_page(client, token, 1, {})
    post_page(client, token, 2, {first: "5", second: "2"})
    return first, second


# --- read-back ----------------------------------------------------------------------------------------


def test_a_link_holder_does_not_see_saved_answers_read_back(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    _answer_pages_1_and_2(client, co)
    last = len(co.questionnaire.sections_for("employee"))
    open_ids = [e for e in _items(co, last) if co.questionnaire.element(e).type == "open"]
    post_page(client, token, last, {open_ids[0]: "Mijn teamleider Jan luistert nooit."})
    holder = app.test_client()
    welcome = holder.get(f"/s/{token}")
    holder.post(f"/s/{token}/start", data={"csrf_token": csrf(welcome)})
    page2 = text(holder.get(f"/s/{token}/2"))
    assert "checked" not in page2
    assert NOTE in page2
    assert "Jan luistert nooit" not in text(holder.get(f"/s/{token}/{last}"))
    review = text(holder.get(f"/s/{token}/submit"))
    assert NOTE in review and "vragen beantwoord" not in review


def test_the_browser_that_answered_still_sees_its_answers(client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    first, second = _answer_pages_1_and_2(client, co)
    page2 = text(client.get(f"/s/{token}/2"))
    assert re.search(rf'checked id="a_{first}-\d" name="a_{first}" type="radio" value="5"', page2)
    assert re.search(rf'checked id="a_{second}-\d" name="a_{second}" type="radio" value="2"', page2)
    assert NOTE not in page2
    assert "Je hebt 2 van de" in text(client.get(f"/s/{token}/submit"))
    assert "Verder met de vragenlijst" in text(client.get(f"/s/{token}"))


def test_a_blank_field_in_another_browser_keeps_the_stored_answer(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    first, second = _answer_pages_1_and_2(client, co)
    phone = app.test_client()
    welcome = phone.get(f"/s/{token}")
    assert phone.post(f"/s/{token}/start", data={"csrf_token": csrf(welcome)}).location.endswith(f"/s/{token}/3")
    post_page(phone, token, 2, {second: "4"})  # only a new answer replaces one
    answers = _answers(app)
    assert answers[first].value == 5 and answers[second].value == 4
    # The first browser no longer sees page 2 read back: it now holds an answer it did not send.
    page2 = text(client.get(f"/s/{token}/2"))
    assert "checked" not in page2 and NOTE in page2
    assert "Laat je een vraag leeg, dan blijft je bewaarde antwoord staan" in page2


def test_a_link_holder_does_not_learn_whether_an_own_code_was_made(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    start(client, token)
    page = client.get(f"/s/{token}/code")
    data = {"csrf_token": csrf(page), "action": "save", "letters": "MA", "day": "7", "place": "ZW"}
    client.post(f"/s/{token}/code", data=data)
    assert "Je hebt al een code ingevuld" in text(client.get(f"/s/{token}/code"))
    holder = app.test_client()
    start(holder, token)
    code_page = holder.get(f"/s/{token}/code")
    assert "Je hebt al een code ingevuld" not in text(code_page)
    # Skipping in a browser that was not shown the code keeps it.
    holder.post(f"/s/{token}/code", data={"csrf_token": csrf(code_page), "action": "skip"})
    with transaction(app) as s:
        assert s.scalar(select(Response.link_code)) is not None


# --- one outward answer per link state -------------------------------------------------------------------


def test_a_new_and_a_started_link_look_the_same_to_another_browser(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    new, started = co.employee[0], co.employee[1]
    client.get(f"/s/{started}?lang=en")  # the respondent chose English
    start(client, started)
    post_page(client, started, 1, {})
    holder = app.test_client()
    pages = [holder.get(f"/s/{t}") for t in (new, started)]
    assert [p.status_code for p in pages] == [200, 200]
    html_new, html_started = (
        _without_csrf(text(p)).replace(t, "TOKEN") for p, t in zip(pages, (new, started), strict=True)
    )
    assert html_new == html_started
    assert "Beginnen" in html_started and '<html lang="nl">' in html_started


def test_a_used_link_a_closed_wave_and_a_revoked_link_give_the_same_page(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    used, revoked = co.employee[0], co.employee[1]
    complete(client, used, co.questionnaire)
    with transaction(app) as s:
        programme.revoke(s, None, revoked)
    holder = app.test_client()
    answers = {"used": holder.get(f"/s/{used}"), "revoked": holder.get(f"/s/{revoked}")}
    with transaction(app) as s:
        wave = programme.wave_of(s, programme.company_by_slug(s, co.company), "baseline")
        programme.close_wave(s, wave, co.questionnaire)
    answers["closed"] = holder.get(f"/s/{co.employee[2]}")
    assert {name: page.status_code for name, page in answers.items()} == dict.fromkeys(answers, 410)
    assert len({text(page) for page in answers.values()}) == 1
    html = text(answers["used"])
    assert UNUSABLE in html and "Heb je de vragenlijst ingevuld? Dan zijn je antwoorden bewaard." in html
    # Also on the pages behind the welcome page, and for the respondent who just sent their answers.
    assert text(client.get(f"/s/{used}/1")) == html
    assert holder.get("/s/this-is-not-a-token").status_code == 404  # not a link we make: just not found


def test_the_thank_you_page_only_for_the_browser_that_sent(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    done = complete(client, token, co.questionnaire)
    assert "Bedankt voor het invullen" in text(client.get(done.location))
    holder = app.test_client()
    used = holder.get(f"/s/{token}/thanks")
    new = holder.get(f"/s/{co.employee[1]}/thanks")
    assert used.status_code == new.status_code == 302
    assert used.location.endswith(f"/s/{token}") and new.location.endswith(f"/s/{co.employee[1]}")
    assert "Bedankt" not in text(holder.get(used.location, follow_redirects=True))


# --- what each role is told (attack 9) ------------------------------------------------------------------


def test_the_employee_welcome_says_who_sees_what_and_when(client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    nl = text(client.get(f"/s/{co.employee[0]}"))
    assert (
        "Je leidinggevende ziet nooit jouw antwoorden. Pas als de meting is afgesloten en minstens 5 mensen "
        "hebben meegedaan, ziet het bedrijf de uitkomsten van de groep." in nl
    )
    assert "De coach en de programmaleiding zien dezelfde uitkomsten" in nl
    assert "Wie deze link heeft, kan de vragenlijst openen, maar ziet jouw antwoorden niet." in nl
    assert "leidinggevenden kunnen" not in nl
    en = text(client.get(f"/s/{co.employee[0]}?lang=en"))
    assert (
        "Your manager never sees your answers. Only when the survey round has been closed and at least 5 people "
        "have taken part does the company see the results of the group." in en
    )
    assert "Whoever has this link can open the questionnaire, but does not see your answers." in en


def test_the_manager_welcome_tells_the_truth_about_small_manager_groups(client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    nl = text(client.get(f"/s/{co.manager[0]}"))
    assert (
        "De coach en de programmaleiding zien de uitkomst van de groep leidinggevenden, ook als die groep klein "
        "is. De andere leidinggevenden van het bedrijf zien die uitkomst pas als minstens 3 leidinggevenden "
        "hebben meegedaan." in nl
    )
    assert "Leidinggevenden vullen dus minder anoniem in dan medewerkers" in nl
    assert "Pas als de meting is afgesloten en minstens 5 mensen" not in nl  # the employees' promise
    en = text(client.get(f"/s/{co.manager[0]}?lang=en"))
    assert (
        "The coach and the programme lead see the result of the group of managers, even when that group is "
        "small. The company's other managers see it only when at least 3 managers have taken part." in en
    )
    assert "Managers therefore answer less anonymously than employees: the coach" in en
