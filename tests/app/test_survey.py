"""The survey flow through the test client: what a respondent sees, what is stored, what is refused."""

from __future__ import annotations

import re
import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import func, inspect, select
from werkzeug.datastructures import MultiDict

from quickscan import programme
from quickscan.db import database, transaction
from quickscan.models import Answer, Invitation, Response, Wave

from .survey_helpers import complete, csrf, make_company, post_page, start


@pytest.fixture
def co(app: Flask):  # type: ignore[no-untyped-def]
    return make_company(app)


def _responses(app: Flask) -> list[Response]:
    with transaction(app) as s:
        return list(s.scalars(select(Response)))


def _answers(app: Flask) -> dict[str, Answer]:
    with transaction(app) as s:
        return {a.element_id: a for a in s.scalars(select(Answer))}


def text(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_data(as_text=True)


# --- welcome, language ---------------------------------------------------------------------------------


def test_welcome_explains_purpose_duration_and_anonymity(client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/s/{co.employee[0]}")
    html = text(page)
    assert page.status_code == 200
    assert '<html lang="nl">' in html
    assert str(escape(co.questionnaire.title["nl"])) in html
    assert f"Invullen duurt ongeveer {co.questionnaire.estimated_minutes} minuten" in html
    assert "Niemand in het bedrijf ziet wat jij invult" in html
    assert "minstens 5 mensen" in html
    assert ">English</a>" in html
    assert "Beginnen" in html


def test_english_is_one_click_away_and_sticks(client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    page = client.get(f"/s/{token}?lang=en")
    html = text(page)
    assert '<html lang="en">' in html
    assert str(escape(co.questionnaire.title["en"])) in html
    assert "Nobody in the company sees what you fill in" in html
    assert ">Nederlands</a>" in html
    # The choice is kept for the following pages.
    client.post(f"/s/{token}/start", data={"csrf_token": csrf(page)})
    page1 = text(client.get(f"/s/{token}/1"))
    first = co.questionnaire.element(co.questionnaire.sections_for("employee")[0].elements[0])
    assert str(escape(first.text["employee"]["en"])) in page1
    assert "Next" in page1 and "Page 1 of" in page1


# --- the whole flow -----------------------------------------------------------------------------------


def test_employee_completes_the_survey(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    q = co.questionnaire
    done = complete(client, co.employee[0], q, value="4")
    assert done.status_code == 302 and done.location.endswith(f"/s/{co.employee[0]}/thanks")
    assert "Bedankt voor het invullen" in text(client.get(done.location))
    [response] = _responses(app)
    assert response.submitted_on is not None and response.language == "nl"
    answers = _answers(app)
    asked = [e for s in q.sections_for("employee") for e in s.elements]
    assert set(answers) == set(asked)
    assert {answers[i.id].value for i in q.items_for("employee")} == {4}
    assert answers["development_plan"].code == q.development_plan_question().options[0].code


def test_manager_gets_the_manager_wording_and_no_employee_only_questions(
    app: Flask,
    client: FlaskClient,
    co,  # type: ignore[no-untyped-def]
) -> None:
    q = co.questionnaire
    token = co.manager[0]
    start(client, token)
    sections = q.sections_for("manager")
    all_pages = "".join(text(client.get(f"/s/{token}/{n}")) for n in range(1, len(sections) + 1))
    for item in q.items_for("manager"):
        assert str(escape(item.text["manager"]["nl"])) in all_pages
    assert str(escape(q.element("development_plan").text["employee"]["nl"])) not in all_pages
    done = complete(client, token, q, role="manager", value="5")
    assert done.status_code == 302
    assert "development_plan" not in _answers(app)


def test_dont_know_is_its_own_option_and_stored_as_a_code(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    start(client, token)
    section = co.questionnaire.sections_for("employee")[1]
    items = [e for e in section.elements]
    html = text(client.get(f"/s/{token}/2"))
    assert html.count("Weet ik niet") == len(items)
    post_page(client, token, 2, {items[0]: "dk", items[1]: "2"})
    answers = _answers(app)
    assert answers[items[0]].code == "dk" and answers[items[0]].value is None
    assert answers[items[1]].value == 2


def test_every_question_is_optional(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    start(client, token)
    nxt = post_page(client, token, 1, {})
    assert nxt.status_code == 302 and nxt.location.endswith(f"/s/{token}/2")
    assert _answers(app) == {}


# --- resume, back -------------------------------------------------------------------------------------


def test_the_link_resumes_where_the_respondent_stopped_on_another_device(
    app: Flask,
    client: FlaskClient,
    co,  # type: ignore[no-untyped-def]
) -> None:
    token = co.employee[0]
    start(client, token)
    page2_items = co.questionnaire.sections_for("employee")[1].elements
    post_page(client, token, 1, {})
    post_page(client, token, 2, {page2_items[0]: "5"})
    assert "Verder met de vragenlijst" in text(client.get(f"/s/{token}"))
    phone = app.test_client()  # no cookies from the first device
    welcome = phone.get(f"/s/{token}")
    assert "Beginnen" in text(welcome)  # the same as a new link: the phone could be anyone's (see test_link_holder)
    go = phone.post(f"/s/{token}/start", data={"csrf_token": csrf(welcome)})
    assert go.location.endswith(f"/s/{token}/3")
    page2 = text(phone.get(f"/s/{token}/2"))
    assert re.search(rf'id="a_{page2_items[0]}-0" name="a_{page2_items[0]}" type="radio" value="1"', page2)
    assert "checked" not in page2 and "Je antwoorden zijn bewaard" in page2


def test_back_saves_the_page_and_goes_back(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    start(client, token)
    item = co.questionnaire.sections_for("employee")[1].elements[0]
    back = post_page(client, token, 2, {item: "3"}, action="back")
    assert back.location.endswith(f"/s/{token}/1")
    assert _answers(app)[item].value == 3
    # Changing an answer replaces it; clearing it removes it.
    post_page(client, token, 2, {item: "1"})
    assert _answers(app)[item].value == 1
    post_page(client, token, 2, {})
    assert item not in _answers(app)


def test_link_code_step_is_explained_skippable_and_stores_only_a_keyed_hash(
    app: Flask,
    client: FlaskClient,
    co,  # type: ignore[no-untyped-def]
) -> None:
    token = co.employee[0]
    start(client, token)
    page = client.get(f"/s/{token}/code")
    assert "zonder te weten wie je bent" in text(page)
    bad = client.post(
        f"/s/{token}/code",
        data={"csrf_token": csrf(page), "action": "save", "letters": "MAR", "day": "40", "place": "ZW"},
    )
    html = text(bad)
    assert bad.status_code == 200
    assert 'aria-describedby="letters-hint letters-error"' in html and 'aria-invalid="true"' in html
    assert 'id="day-error"' in html and 'id="place-error"' not in html
    ok = client.post(
        f"/s/{token}/code",
        data={"csrf_token": csrf(page), "action": "save", "letters": "mA", "day": "7", "place": "Zw"},
    )
    assert ok.location.endswith(f"/s/{token}/submit")
    [response] = _responses(app)
    assert response.link_code and len(response.link_code) == 64 and "MA" not in response.link_code
    # The same code typed differently at the end-line of the same company gives the same hash.
    with transaction(app) as s:
        company = programme.company_by_slug(s, co.company)
        wave = programme.open_wave(s, company, "endline", co.questionnaire)
        end_token = programme.invite(s, wave, "employee", 1)[0].token
    other = app.test_client()
    start(other, end_token)
    page = other.get(f"/s/{end_token}/code")
    other.post(
        f"/s/{end_token}/code",
        data={"csrf_token": csrf(page), "action": "save", "letters": "Ma", "day": "07", "place": "ZW"},
    )
    codes = {r.link_code for r in _responses(app)}
    assert len(codes) == 1


# --- wrong links --------------------------------------------------------------------------------------


def test_unknown_token_is_a_friendly_404(client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/s/this-is-not-a-token")
    assert page.status_code == 404
    assert "Controleer de link" in text(page) and "Traceback" not in text(page)


def test_closed_wave_is_a_friendly_410(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        programme.close_wave(
            s, programme.wave_of(s, programme.company_by_slug(s, co.company), "baseline"), co.questionnaire
        )
    page = client.get(f"/s/{co.employee[0]}")
    assert page.status_code == 410
    assert "Deze link is niet (meer) te gebruiken" in text(page)


def test_a_used_link_is_a_friendly_410_everywhere(client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    complete(client, token, co.questionnaire)
    for url in (f"/s/{token}", f"/s/{token}/1", f"/s/{token}/code", f"/s/{token}/submit"):
        page = client.get(url)
        assert page.status_code == 410, url
        assert "Deze link is niet (meer) te gebruiken" in text(page)


def test_pages_before_starting_lead_to_the_welcome_page(client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    assert client.get(f"/s/{token}/2").location.endswith(f"/s/{token}")
    assert client.get(f"/s/{token}/thanks").location.endswith(f"/s/{token}")


def test_page_number_out_of_range_is_404(client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    start(client, token)
    assert client.get(f"/s/{token}/0").status_code == 404
    assert client.get(f"/s/{token}/99").status_code == 404


def test_a_changed_questionnaire_file_is_refused_with_a_clear_page(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        for wave in s.scalars(select(Wave)):
            wave.fingerprint = "0" * 64
    page = client.get(f"/s/{co.employee[0]}")
    assert page.status_code == 503
    assert "tijdelijk niet beschikbaar" in text(page)


# --- bad input: 400, nothing stored -------------------------------------------------------------------


def _first_item(co, number: int = 2) -> str:  # type: ignore[no-untyped-def]
    return co.questionnaire.sections_for("employee")[number - 1].elements[0]


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda co, d: d.update({f"a_{_first_item(co)}": "6"}), id="off-scale"),
        pytest.param(lambda co, d: d.update({f"a_{_first_item(co)}": "0"}), id="below-scale"),
        pytest.param(lambda co, d: d.update({f"a_{_first_item(co)}": "vier"}), id="text-for-a-number"),
        pytest.param(lambda co, d: d.update({"a_unknown": "3"}), id="unknown-field"),
        pytest.param(lambda co, d: d.update({f"a_{_first_item(co, 3)}": "3"}), id="item-of-another-page"),
        pytest.param(lambda co, d: d.update({"action": "jump"}), id="unknown-action"),
        pytest.param(lambda co, d: d.pop("csrf_token"), id="missing-csrf"),
        pytest.param(lambda co, d: d.update({"csrf_token": "forged"}), id="wrong-csrf"),
    ],
)
def test_tampered_posts_get_400_and_store_nothing(app: Flask, client: FlaskClient, co, tamper) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    start(client, token)
    page = client.get(f"/s/{token}/2")
    data = {"csrf_token": csrf(page), "action": "next", f"a_{_first_item(co)}": "4"}
    tamper(co, data)
    result = client.post(f"/s/{token}/2", data=data)
    assert result.status_code == 400
    assert "Er klopt iets niet" in text(result) and "Traceback" not in text(result)
    assert _answers(app) == {}


def test_a_field_sent_twice_is_refused(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    start(client, token)
    page = client.get(f"/s/{token}/2")
    item = _first_item(co)
    data = MultiDict([("csrf_token", csrf(page)), ("action", "next"), (f"a_{item}", "4"), (f"a_{item}", "5")])
    result = client.post(f"/s/{token}/2", data=data)
    assert result.status_code == 400
    assert _answers(app) == {}


def test_answer_to_an_item_of_the_other_role_is_refused(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.manager[0]
    start(client, token)
    q = co.questionnaire
    number = next(n for n, s in enumerate(q.sections_for("employee"), 1) if "development_plan" in s.elements)
    result = post_page(client, token, number, {"development_plan": "working"})
    assert result.status_code == 400
    assert _answers(app) == {}


def test_open_answer_over_its_maximum_is_refused(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    q = co.questionnaire
    start(client, token)
    sections = q.sections_for("employee")
    number, open_q = next(
        (n, q.element(e))
        for n, s in enumerate(sections, 1)
        for e in s.elements
        if getattr(q.element(e), "type", "") == "open"
    )
    html = text(client.get(f"/s/{token}/{number}"))
    assert f'maxlength="{open_q.max_length}"' in html
    assert post_page(client, token, number, {open_q.id: "x" * (open_q.max_length + 1)}).status_code == 400
    assert _answers(app) == {}
    assert post_page(client, token, number, {open_q.id: "x" * open_q.max_length}).status_code == 302


def test_a_body_over_1_mb_is_refused(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    start(client, token)
    page = client.get(f"/s/{token}/2")
    result = client.post(
        f"/s/{token}/2", data={"csrf_token": csrf(page), "action": "next", "padding": "x" * (1024 * 1024 + 1)}
    )
    assert result.status_code == 413
    assert "te groot" in text(result)
    assert _answers(app) == {}


# --- exactly one response -----------------------------------------------------------------------------


def test_submitting_twice_stores_one_response(app: Flask, client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    complete(client, token, co.questionnaire)
    again = client.post(f"/s/{token}/submit", data={"action": "submit"})
    assert again.status_code == 410
    assert len(_responses(app)) == 1


def test_simultaneous_starts_and_submits_of_one_invitation_store_one_response(
    app: Flask,
    co,  # type: ignore[no-untyped-def]
) -> None:
    token = co.employee[0]
    n = 6
    clients = [app.test_client() for _ in range(n)]
    welcomes = [c.get(f"/s/{token}") for c in clients]
    barrier = threading.Barrier(n)
    statuses: list[int] = []

    def race(c: FlaskClient, page) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        statuses.append(c.post(f"/s/{token}/start", data={"csrf_token": csrf(page)}).status_code)

    threads = [threading.Thread(target=race, args=(c, w)) for c, w in zip(clients, welcomes, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [302] * n
    assert len(_responses(app)) == 1

    reviews = [c.get(f"/s/{token}/submit") for c in clients]
    barrier = threading.Barrier(n)
    statuses.clear()

    def submit(c: FlaskClient, page) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        statuses.append(c.post(f"/s/{token}/submit", data={"csrf_token": csrf(page), "action": "submit"}).status_code)

    threads = [threading.Thread(target=submit, args=(c, r)) for c, r in zip(clients, reviews, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(code in (302, 410) for code in statuses), statuses
    assert statuses.count(302) >= 1
    [response] = _responses(app)
    assert response.submitted_on is not None
    with transaction(app) as s:
        assert s.scalar(select(func.count()).select_from(Invitation)) == 4


# --- privacy and page weight --------------------------------------------------------------------------


def test_no_ip_address_user_agent_or_time_is_stored_with_a_response(app: Flask) -> None:
    columns = {c["name"]: c for c in inspect(database(app).engine).get_columns("responses")}
    assert set(columns) == {
        "pk",
        "invitation_pk",
        "language",
        "started_on",
        "submitted_on",
        "link_code",
        "last_page",
        "release_pk",
    }
    assert "DATE" in str(columns["started_on"]["type"]).upper()
    assert "DATE" in str(columns["submitted_on"]["type"]).upper()


def test_a_survey_page_with_its_stylesheet_is_under_50_kb(client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    start(client, token)
    biggest = max(
        len(client.get(f"/s/{token}/{n}").data) for n in range(1, len(co.questionnaire.sections_for("employee")) + 1)
    )
    with client.get("/static/quickscan.css") as css:
        size = biggest + len(css.data)
    assert size < 50 * 1024, size


def test_every_answer_option_has_a_label_and_every_question_a_fieldset(client: FlaskClient, co) -> None:  # type: ignore[no-untyped-def]
    token = co.employee[0]
    start(client, token)
    html = text(client.get(f"/s/{token}/2"))
    inputs = re.findall(r'<input[^>]*type="radio"[^>]*>', html)
    ids = [re.search(r'id="([^"]+)"', i).group(1) for i in inputs]  # type: ignore[union-attr]
    assert ids and all(f'<label for="{i}">' in html for i in ids)
    n_items = len(co.questionnaire.sections_for("employee")[1].elements)
    assert html.count("<fieldset") == n_items and html.count("<legend>") == n_items
