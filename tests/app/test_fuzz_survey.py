"""Fuzzing the survey's form handlers: whatever arrives, never a 500 or a traceback, and a post that is not
from our form stores nothing.

Hypothesis sends arbitrary paths under ``/s/`` (tokens, page numbers, steps), arbitrary ``lang`` parameters,
arbitrary form field names and values (unicode, huge, repeated keys), and arbitrary CSRF tokens. One app and
database serve all examples of a test; each example compares the database with what it held before. In
TESTING mode an exception in a view propagates to the test client, so a would-be 500 fails the example.

Fuzzing found three bugs, now fixed and pinned by the tests at the end of this file: NUL characters on
PostgreSQL (a 500), whitespace-only values (stored as a code for a radio button), and "skip"/"back" on the
own-code step without a CSRF token (accepted).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse, encode_multipart

from questionnaires import Item, Questionnaire
from quickscan import programme
from quickscan.db import transaction
from quickscan.models import Answer, Invitation, Response

from .survey_helpers import complete, csrf, make_company, post_page, start

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _text(max_size: int = 30) -> st.SearchStrategy[str]:
    return st.text(st.characters(codec="utf-8"), max_size=max_size)


SHAPED_VALUES = [
    "",
    " ",
    "\t",
    "\u00a0",
    "0",
    "1",
    "3",
    "5",
    "6",
    "-1",
    "+3",
    "03",
    "3.0",
    "1e3",
    "\u0663",
    "\u00b2",
    "\uff13",
    "dk",
    "na",
    "working",
    "other",
    "true",
    "null",
    "[]",
    "<script>alert(1)</script>",
    "x" * 1000,
    "x" * 1001,
    "é" * 1001,
]
#: Strings that have broken web apps before: NUL, path tricks, bidi and zero-width marks, astral characters.
NASTY = [
    "\x00",
    "a\x00b",
    "%00",
    "%",
    "%2F",
    "..",
    ".",
    "../..",
    "\\",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\U0001f600",
    "\ud7ff",
    "\uffff",
    "\r\n",
    "\x7f",
    "'",
    '"',
    "<",
    "&amp;",
    "null",
    "None",
]
HUGE = st.sampled_from([20_000, 600_000, 1024 * 1024 + 1]).map("x".__mul__)
VALUE = st.one_of(st.sampled_from(SHAPED_VALUES), st.sampled_from(NASTY), _text())


def sometimes(data: st.DataObject, one_in: int, label: str) -> bool:
    """True about once in ``one_in`` examples (hypothesis still shrinks towards False)."""
    return data.draw(st.integers(0, one_in - 1), label=label) == one_in - 1


def value(data: st.DataObject, good: list[str], label: str) -> str:
    """Mostly one of the ``good`` values, else an odd one; rarely a huge one."""
    if sometimes(data, 20, f"{label} huge"):
        return data.draw(HUGE, label=label)
    if good and not sometimes(data, 4, f"{label} odd"):
        return data.draw(st.sampled_from(good), label=label)
    return data.draw(VALUE, label=label)


ALLOWED_STATUS = {200, 302, 308, 400, 404, 405, 410, 413}


def check(page: TestResponse, allowed: set[int] = ALLOWED_STATUS) -> TestResponse:
    """No server error, no traceback, a status we answer on purpose."""
    body = page.get_data(as_text=True)
    assert page.status_code < 500, page.status_code
    assert "Traceback" not in body and 'File "' not in body
    assert page.status_code in allowed, page.status_code
    return page


Snapshot = tuple[list[Any], list[Any]]


def snapshot(app: Flask) -> Snapshot:
    """Everything a survey post can change: responses and answers."""
    with transaction(app) as s:
        responses = s.execute(
            select(
                Response.invitation_pk, Response.language, Response.submitted_on, Response.link_code, Response.last_page
            ).order_by(Response.invitation_pk)
        ).all()
        answers = s.execute(
            select(Answer.response_pk, Answer.element_id, Answer.value, Answer.code, Answer.text).order_by(
                Answer.response_pk, Answer.element_id
            )
        ).all()
    return [tuple(r) for r in responses], [tuple(a) for a in answers]


def answers_of(app: Flask, token: str) -> dict[str, Answer]:
    with transaction(app) as s:
        rows = s.scalars(select(Answer).join(Response).join(Invitation).where(Invitation.token == token))
        return {a.element_id: a for a in rows}


def response_of(app: Flask, token: str) -> Response:
    with transaction(app) as s:
        return s.scalars(select(Response).join(Invitation).where(Invitation.token == token)).one()


def is_legal(q: Questionnaire, element_id: str, a: Answer) -> bool:
    """An answer a respondent can give with a browser."""
    element: Any = q.element(element_id)
    if isinstance(element, Item):
        scale = q.scales[element.scale]
        if a.value is not None:
            return a.code is None and a.text is None and a.value in {p.value for p in scale.points}
        return a.text is None and a.code in scale.non_substantive_codes
    if element.type == "open":
        limit = element.max_length or 1000
        return a.value is None and a.code is None and bool(a.text) and a.text == a.text.strip() and len(a.text) <= limit
    return a.value is None and a.text is None and a.code in {o.code for o in element.options}


class Survey:
    """Links in every state, and a device half-way through one of them."""

    def __init__(self, app: Flask) -> None:
        co = make_company(app, employees=4, managers=1)
        closed = make_company(app, "Garage Jansen", employees=1, managers=1)
        with transaction(app) as s:
            programme.close_wave(
                s, programme.wave_of(s, programme.company_by_slug(s, closed.company), "baseline"), closed.questionnaire
            )
        self.q = co.questionnaire
        self.fresh, self.started, self.done, self.other = co.employee
        self.manager = co.manager[0]
        self.closed = closed.employee[0]
        complete(app.test_client(), self.done, self.q)
        self.client: FlaskClient = app.test_client()
        start(self.client, self.started)
        post_page(self.client, self.started, 2, {self.q.sections_for("employee")[1].elements[0]: "4"})
        self.token = csrf(self.client.get(f"/s/{self.started}/1"))
        # A valid token of another device's session: not valid in ours.
        elsewhere = app.test_client()
        self.foreign_token = csrf(elsewhere.get(f"/s/{self.other}"))
        self.pages = self.q.sections_for("employee")
        self.field_names = sorted({f"a_{e.id}" for e in (*self.q.items, *self.q.questions)})

    @property
    def tokens(self) -> list[str]:
        return [self.fresh, self.started, self.done, self.manager, self.closed]

    def bad_csrf(self) -> st.SearchStrategy[str | None]:
        good = self.token
        head, _, signature = good.rpartition(".")
        forged = f"{head}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
        return st.one_of(
            st.none(),
            st.just(""),
            _text(120),
            st.just(self.foreign_token),
            st.just(forged),
            st.just(good + good),
        )

    def csrf(self, data: st.DataObject) -> str | None:
        """Our valid token three times in four, else a wrong one."""
        good: str | None = self.token
        if data.draw(st.integers(0, 3), label="wrong csrf") == 0:
            good = data.draw(self.bad_csrf(), label="csrf")
        return good

    def legal_values(self, element_id: str) -> list[str]:
        element: Any = self.q.element(element_id)
        if isinstance(element, Item):
            scale = self.q.scales[element.scale]
            return [str(p.value) for p in scale.points] + list(scale.non_substantive_codes)
        if element.type == "open":
            limit = element.max_length or 1000
            return ["Meer tijd.", " spaties rondom ", "é" * limit, "x" * limit, "x" * (limit + 1), "regel\r\nregel"]
        return [o.code for o in element.options]

    def sent(self, fields: list[tuple[str, str]]) -> tuple[bool, str | None]:
        """Whether the post carries our valid CSRF token (once), and its action (when sent once)."""
        form = MultiDict(fields)
        actions = form.getlist("action")
        return form.getlist("csrf_token") == [self.token], actions[0] if len(actions) == 1 else None


@pytest.fixture
def survey(app: Flask) -> Survey:
    return Survey(app)


def pairs(keys: st.SearchStrategy[str], max_size: int = 8) -> st.SearchStrategy[list[tuple[str, str]]]:
    return st.lists(st.tuples(keys, VALUE), max_size=max_size)


def extra_fields(data: st.DataObject, keys: list[str]) -> list[tuple[str, str]]:
    """Now and then fields our form does not send (or sends once): known names twice, unknown names."""
    if not sometimes(data, 4, "extra fields"):
        return []
    return data.draw(pairs(st.one_of(st.sampled_from(keys), _text()), max_size=3).filter(bool), label="extra")


def post(client: FlaskClient, url: str, fields: list[tuple[str, str]], multipart: bool) -> TestResponse:
    if not multipart:
        return client.post(url, data=MultiDict(fields))
    # Encoded here, in memory: the test client spools a big multipart body to a file it never closes.
    boundary, body = encode_multipart(MultiDict(fields))
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


# --- paths, tokens, page numbers, languages ---------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_arbitrary_paths_tokens_and_languages_never_fail(app: Flask, survey: Survey, data: st.DataObject) -> None:
    mangled = st.sampled_from(survey.tokens).flatmap(
        lambda t: st.sampled_from([t + n for n in NASTY] + [t[:-1], t.upper(), t + t])
    )
    if sometimes(data, 3, "odd token"):
        token = data.draw(st.one_of(_text(70), st.sampled_from(NASTY), mangled), label="token")
    else:
        token = data.draw(st.sampled_from(survey.tokens), label="token")
    odd_step = st.one_of(st.integers(-(10**6), 10**40).map(str), st.just("9" * 5000), st.sampled_from(NASTY), _text())
    steps = ["start", "code", "submit", "thanks", "1", "2", "9", "10", "0", "01", "\u0663", ""]
    segments = [token]
    while len(segments) < 3 and not sometimes(data, 2, "last segment"):
        odd = sometimes(data, 3, "odd step")
        segments.append(data.draw(odd_step if odd else st.sampled_from(steps), label="step"))
    langs = data.draw(st.lists(st.one_of(st.sampled_from(["nl", "en", "de", "EN", ""]), _text()), max_size=3))
    method = (
        data.draw(st.sampled_from(["POST", "HEAD", "PUT", "DELETE"]), label="method")
        if sometimes(data, 2, "not GET")
        else "GET"
    )
    fields = data.draw(pairs(st.one_of(st.sampled_from(["csrf_token", "action", "letters"]), _text())))
    url = "/s/" + "/".join(quote(s, safe="") for s in segments)
    if langs:
        url += "?" + urlencode([("lang", lang) for lang in langs])
    before = snapshot(app)
    client = app.test_client()
    page = check(client.open(url, method=method, data=MultiDict(fields) if method != "GET" else None))
    event(f"{method} {page.status_code}")
    assert snapshot(app) == before


# --- a survey page --------------------------------------------------------------------------------------


@settings(FUZZ, max_examples=200)
@given(data=st.data())
def test_arbitrary_posts_to_a_page_store_nothing_or_only_legal_answers(
    app: Flask, survey: Survey, data: st.DataObject
) -> None:
    number = data.draw(st.integers(1, len(survey.pages)), label="page")
    section = survey.pages[number - 1]
    # Mostly what our form sends (each answer legal or not), sometimes with fields it never sends.
    fields: list[tuple[str, str]] = []
    for eid in section.elements:
        if data.draw(st.booleans(), label=f"send {eid}"):
            fields.append((f"a_{eid}", value(data, ["", *survey.legal_values(eid)], eid)))
    token = survey.csrf(data)
    action = value(data, ["next", "back"], "action") if not sometimes(data, 10, "no action") else None
    head = ([("csrf_token", token)] if token is not None else []) + ([("action", action)] if action else [])
    extra = extra_fields(data, [*survey.field_names, "csrf_token", "action"])
    fields = data.draw(st.permutations(head + fields + extra), label="order")
    multipart = data.draw(st.booleans(), label="multipart")
    valid_token, sent_action = survey.sent(fields)

    before = snapshot(app)
    stored_before = answers_of(app, survey.started)
    page = check(post(survey.client, f"/s/{survey.started}/{number}", fields, multipart), {302, 400, 413})
    event(f"status {page.status_code}")

    if page.status_code != 302:
        assert snapshot(app) == before, "a refused post changed the database"
        return
    # Accepted: it must have been a post our form can send ...
    names = [name for name, _ in fields]
    allowed = {"csrf_token", "action"} | {f"a_{e}" for e in section.elements}
    assert valid_token and sent_action in ("next", "back")
    assert set(names) <= allowed and len(names) == len(set(names))
    # ... and it stored only legal answers, only on this page.
    stored = answers_of(app, survey.started)
    for eid, answer in stored.items():
        if eid in section.elements:
            assert is_legal(survey.q, eid, answer), (eid, answer.value, answer.code, answer.text)
        else:
            old = stored_before.get(eid)
            assert old is not None, f"{eid} (not on page {number}) was stored"
            assert (answer.value, answer.code, answer.text) == (old.value, old.code, old.text)
    # A field left empty clears the answer in the browser that was shown it, and keeps it in any other
    # (test_link_holder): either way it never stores or changes an answer.
    sent = dict(fields)
    for eid in section.elements:
        if not sent.get(f"a_{eid}", "").strip():
            old, new = stored_before.get(eid), stored.get(eid)
            assert new is None or (
                old is not None and (new.value, new.code, new.text) == (old.value, old.code, old.text)
            )


# --- the own-code step, start and submit ----------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_arbitrary_link_code_posts_never_fail_and_store_only_a_hash(
    app: Flask, survey: Survey, data: st.DataObject
) -> None:
    shaped = ["7a", "-1", "\u0663", "9" * 5000, "m", "mar"]
    good = {"letters": ["ma", "MA", "Zw", "é1", "ßß"], "day": ["7", "07", "31", "32", "0"], "place": ["zw", "ÉÉ", "ﬀ"]}
    fields = [(name, value(data, good[name] + shaped, name)) for name in good if not sometimes(data, 5, name)]
    action = value(data, ["save", "skip", "back"], "action") if not sometimes(data, 10, "no action") else None
    token = survey.csrf(data)
    extra = extra_fields(data, ["letters", "day", "action", "csrf_token"])
    head = ([("csrf_token", token)] if token is not None else []) + ([("action", action)] if action else [])
    fields = head + fields + extra
    valid_token, sent_action = survey.sent(fields)
    before = snapshot(app)
    page = check(
        post(survey.client, f"/s/{survey.started}/code", fields, data.draw(st.booleans())), {200, 302, 400, 413}
    )
    event(f"status {page.status_code}")
    code = response_of(app, survey.started).link_code
    assert code is None or re.fullmatch(r"[0-9a-f]{64}", code)
    if page.status_code == 200:
        assert valid_token and sent_action == "save"
    if not valid_token:
        assert page.status_code in (400, 413) and snapshot(app) == before


@FUZZ
@given(data=st.data())
def test_start_and_submit_without_a_valid_csrf_token_store_nothing(
    app: Flask, survey: Survey, data: st.DataObject
) -> None:
    step = data.draw(
        st.sampled_from([(survey.fresh, "start"), (survey.started, "start"), (survey.started, "submit")]), label="step"
    )
    token = data.draw(survey.bad_csrf(), label="csrf")
    action = data.draw(st.one_of(st.none(), st.sampled_from(["submit", "back"]), _text()), label="action")
    head = ([("csrf_token", token)] if token is not None else []) + ([("action", action)] if action else [])
    fields = head + data.draw(pairs(st.one_of(st.sampled_from(["csrf_token", "action"]), _text()), 3))
    before = snapshot(app)
    link, what = step
    check(post(survey.client, f"/s/{link}/{what}", fields, data.draw(st.booleans())), {400, 413})
    assert snapshot(app) == before


# --- bugs found by fuzzing, now fixed ------------------------------------------------------------------


def test_nul_in_a_link_is_refused(client: FlaskClient, survey: Survey) -> None:
    # PostgreSQL cannot compare text with NUL: it must be refused before any query (security.refuse_nul).
    assert check(client.get("/s/ab%00cd")).status_code == 400
    assert check(client.get(f"/s/{survey.started}%00/thanks")).status_code == 400
    assert check(client.get("/companies/a%00b")).status_code == 400
    assert check(client.get("/login?next=%00")).status_code == 400


def test_nul_in_an_open_answer_gives_no_server_error(app: Flask, survey: Survey) -> None:
    number, eid = next(
        (n, e)
        for n, s in enumerate(survey.pages, 1)
        for e in s.elements
        if getattr(survey.q.element(e), "type", "") == "open"
    )
    before = snapshot(app)
    check(post_page(survey.client, survey.started, number, {eid: "Meer\x00tijd"}), {400})
    assert snapshot(app) == before


def test_whitespace_is_not_an_answer_to_a_radio_question(app: Flask, survey: Survey) -> None:
    first, second = survey.pages[1].elements[:2]
    page = post_page(survey.client, survey.started, 2, {first: " ", second: "\t"})
    assert page.status_code == 400
    stored = answers_of(app, survey.started)
    assert stored[first].value == 4 and second not in stored


def test_link_code_skip_without_a_csrf_token_is_refused(app: Flask, survey: Survey) -> None:
    url = f"/s/{survey.started}/code"
    saved = survey.client.post(
        url, data={"csrf_token": survey.token, "action": "save", "letters": "ma", "day": "7", "place": "zw"}
    )
    assert saved.status_code == 302
    code = response_of(app, survey.started).link_code
    assert code
    skipped = app.test_client().post(url, data={"action": "skip"})
    assert response_of(app, survey.started).link_code == code
    assert skipped.status_code == 400
