"""Stored answers become the scoring engine's matrices: the right cells, codes, plans, links and comments."""

from __future__ import annotations

import datetime as dt

import numpy as np
from flask import Flask
from sqlalchemy import event, select, update

from quickscan import wave_answers
from quickscan.db import database, transaction
from quickscan.models import Answer, Response, Wave
from scoring import NO_CODE

from .survey_helpers import complete, csrf, make_company, post_page, release_pending, start


def test_submitted_answers_fill_the_matrix_in_item_order(app: Flask) -> None:
    co = make_company(app, employees=3, managers=1)
    q = co.questionnaire
    complete(app.test_client(), co.employee[0], q, value="2")
    complete(app.test_client(), co.employee[1], q, value="5")
    complete(app.test_client(), co.manager[0], q, role="manager", value="4")
    # The third employee stops half-way: not counted.
    half = app.test_client()
    start(half, co.employee[2])
    post_page(half, co.employee[2], 2, {q.sections_for("employee")[1].elements[0]: "1"})
    with transaction(app) as s:
        assert wave_answers.load(s, q, [s.scalars(select(Wave)).one()]) == {}  # nothing released yet
    assert release_pending(app) == 3
    with transaction(app) as s:
        wave = s.scalars(select(Wave)).one()
        data = wave_answers.load(s, q, [wave])
    emp = data[(wave.pk, "employee")]
    man = data[(wave.pk, "manager")]
    assert emp.n == 2 and man.n == 1
    assert emp.answers.values.shape == (2, len(q.items_for("employee")))
    assert set(np.unique(emp.answers.values[0])) == {2.0}
    assert set(np.unique(emp.answers.values[1])) == {5.0}
    assert set(np.unique(man.answers.values)) == {4.0}
    assert (emp.answers.codes == NO_CODE).all()
    assert emp.plan == [q.development_plan_question().options[0].code] * 2
    assert man.plan == [None]
    assert emp.links == [None, None]
    assert sorted(emp.comments) == sorted(x.id for x in q.questions if x.type == "open")


def test_dont_know_becomes_a_code_and_nan(app: Flask) -> None:
    co = make_company(app, employees=1, managers=0)
    q = co.questionnaire
    client = app.test_client()
    token = co.employee[0]
    start(client, token)
    page2 = q.sections_for("employee")[1].elements
    post_page(client, token, 2, {page2[0]: "dk", page2[1]: "3"})
    code = client.get(f"/s/{token}/code")
    client.post(f"/s/{token}/code", data={"csrf_token": csrf(code), "action": "skip"})
    review = client.get(f"/s/{token}/submit")
    client.post(f"/s/{token}/submit", data={"csrf_token": csrf(review), "action": "submit"})
    release_pending(app)
    with transaction(app) as s:
        wave = s.scalars(select(Wave)).one()
        emp = wave_answers.load(s, q, [wave])[(wave.pk, "employee")]
    col = {item.id: j for j, item in enumerate(q.items_for("employee"))}
    assert np.isnan(emp.answers.values[0, col[page2[0]]]) and emp.answers.codes[0, col[page2[0]]] == 0
    assert emp.answers.values[0, col[page2[1]]] == 3.0
    assert np.isnan(emp.answers.values[0]).sum() == len(col) - 1  # everything else blank


def test_no_waves_and_waves_without_responses(app: Flask) -> None:
    co = make_company(app, employees=1, managers=0)
    with transaction(app) as s:
        assert wave_answers.load(s, co.questionnaire, []) == {}
        wave = s.scalars(select(Wave)).one()
        assert wave_answers.load(s, co.questionnaire, [wave]) == {}


def test_the_answers_are_read_in_one_statement_so_one_snapshot(app: Flask) -> None:
    """A survey submitted, a wave released or a response deleted while a report reads cannot make the
    respondents and their answers disagree (issue 19: a KeyError under load): one statement sees one state."""
    co = make_company(app, employees=3, managers=1)
    for token in co.employee:
        complete(app.test_client(), token, co.questionnaire, value="3")
    release_pending(app)
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    engine = database(app).engine
    with transaction(app) as s:
        wave = s.scalars(select(Wave)).one()
        event.listen(engine, "before_cursor_execute", count)
        try:
            data = wave_answers.load(s, co.questionnaire, [wave])
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1 and "UNION ALL" in statements[0]
    assert data[(wave.pk, "employee")].n == 3


def test_a_wave_withheld_meanwhile_gives_nothing_whatever_the_callers_wave_says(app: Flask) -> None:
    co = make_company(app, employees=2, managers=0)
    for token in co.employee:
        complete(app.test_client(), token, co.questionnaire, value="3")
    release_pending(app)
    with transaction(app) as s:
        stale = s.scalars(select(Wave)).one()
        s.expunge(stale)  # the caller read the wave before the deletion
    with transaction(app) as s:
        s.execute(update(Wave).values(withheld_since=dt.date(2026, 3, 1)))
    assert stale.withheld_since is None
    with transaction(app) as s:
        assert wave_answers.load(s, co.questionnaire, [stale]) == {}
        assert wave_answers.load(s, co.questionnaire, [stale], released_only=False)[(stale.pk, "employee")].n == 2


def test_open_answers_keep_the_respondents_order(app: Flask) -> None:
    co = make_company(app, employees=3, managers=0)
    q = co.questionnaire
    question = next(x.id for x in q.questions if x.type == "open")
    for i, token in enumerate(co.employee):
        complete(app.test_client(), token, q, value="3", open_answers={question: f"opmerking {i}"})
    release_pending(app)
    with transaction(app) as s:
        wave = s.scalars(select(Wave)).one()
        loaded = wave_answers.load(s, q, [wave])[(wave.pk, "employee")]
        stored = s.scalars(
            select(Answer.text)
            .join(Response, Answer.response_pk == Response.pk)
            .where(Answer.element_id == question)
            .order_by(Response.pk)
        ).all()
    assert loaded.comments == {question: stored}
    assert sorted(stored) == ["opmerking 0", "opmerking 1", "opmerking 2"]
