"""What an attacker or an accident tries: hostile names and answers, oversized posts, a crash mid-submit."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from quickscan import programme, response_store
from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.models import Response
from quickscan.questionnaire_store import registry

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import complete, csrf, make_company, post_page, start, store_responses

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}}"]


@pytest.fixture
def hostile(app: Flask) -> str:
    q = registry(app).get("leercultuur-mkb")
    with transaction(app) as s:
        company = programme.add_company(s, HOSTILE[0], HOSTILE[2], [HOSTILE[1]], sector=HOSTILE[2])
        wave = programme.open_wave(s, company, "baseline", q)
        tokens = [i.token for i in programme.invite(s, wave, "employee", 12, HOSTILE[1])]
        add_user(s, "admin@example.nl", PASSWORD, "admin")
        slug = company.slug
    store_responses(app, tokens, q)
    with transaction(app) as s:
        programme.close_wave(s, programme.wave_of(s, programme.company_by_slug(s, slug), "baseline"), registry(app))
    return slug


def _assert_literal(html: str, shows_name: bool = True) -> None:
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    if shows_name:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_names_are_shown_literally_on_every_page(app: Flask, hostile: str) -> None:
    client = app.test_client()
    log_in(client, "admin@example.nl")
    for url in (
        "/dashboard",
        f"/companies/{hostile}",
        "/admin/",
        f"/admin/companies/{hostile}",
        f"/admin/companies/{hostile}/edit",
        f"/admin/companies/{hostile}/delete",
        "/admin/users",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.get_data(as_text=True)
        _assert_literal(html, shows_name=url != "/admin/users")
        assert ">49<" not in html and " 49 " not in html
    edit = client.get(f"/admin/companies/{hostile}/edit").get_data(as_text=True)
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in edit or "&quot;&gt;&lt;img" in edit
    assert "{{7*7}}" in client.get("/admin/").get_data(as_text=True)


def test_hostile_open_answers_are_stored_literally(app: Flask) -> None:
    co = make_company(app, employees=1, managers=0)
    q = co.questionnaire
    client = app.test_client()
    token = co.employee[0]
    start(client, token)
    number, eid = next(
        (n, e)
        for n, s in enumerate(q.sections_for("employee"), 1)
        for e in s.elements
        if getattr(q.element(e), "type", "") == "open"
    )
    text = " ".join(HOSTILE)
    assert post_page(client, token, number, {eid: text}).status_code == 302
    page = client.get(f"/s/{token}/{number}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "{{7*7}}" in page and "<img src=x" not in page


def test_a_post_with_too_many_fields_is_refused(app: Flask) -> None:
    co = make_company(app, employees=1, managers=0)
    client = app.test_client()
    start(client, co.employee[0])
    page = client.get(f"/s/{co.employee[0]}/2")
    data = {"csrf_token": csrf(page), "action": "next", **{f"f{i}": "x" for i in range(300)}}
    # multipart/form-data: werkzeug counts the parts (MAX_FORM_PARTS = 200): 413.
    multipart = client.post(f"/s/{co.employee[0]}/2", data=data, content_type="multipart/form-data")
    assert multipart.status_code == 413 and "Traceback" not in multipart.get_data(as_text=True)
    # urlencoded: bounded by the 1 MB body; fields the page does not have are refused: 400.
    urlencoded = client.post(f"/s/{co.employee[0]}/2", data=data)
    assert urlencoded.status_code == 400


def test_a_crash_during_submit_leaves_the_invitation_completable(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    co = make_company(app, employees=1, managers=0)
    q = co.questionnaire
    token = co.employee[0]
    original = response_store.submit

    def crash(session, response):  # type: ignore[no-untyped-def]
        original(session, response)
        session.flush()
        raise RuntimeError("worker killed mid-submit")

    monkeypatch.setattr(response_store, "submit", crash)
    client = app.test_client()
    with pytest.raises(RuntimeError, match="worker killed"):
        complete(client, token, q)
    with transaction(app) as s:
        [response] = s.scalars(select(Response)).all()
        assert response.submitted_on is None  # the transaction was rolled back as a whole
    monkeypatch.setattr(response_store, "submit", original)
    review = client.get(f"/s/{token}/submit")
    assert review.status_code == 200
    done = client.post(f"/s/{token}/submit", data={"csrf_token": csrf(review), "action": "submit"})
    assert done.status_code == 302
    with transaction(app) as s:
        assert s.scalar(select(func.count()).select_from(Response)) == 1
        assert s.scalars(select(Response)).one().submitted_on is not None


def test_export_cells_from_hostile_names_stay_text(app: Flask, hostile: str) -> None:
    from openpyxl import load_workbook

    client = app.test_client()
    log_in(client, "admin@example.nl")
    book = load_workbook(io.BytesIO(client.get(f"/companies/{hostile}/export.xlsx").data))
    sheet = book["responses"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("company") + 1)
    assert cell.value == HOSTILE[0] and cell.data_type == "s"
    csv_text = client.get(f"/companies/{hostile}/export.csv").data.decode("utf-8-sig")
    assert HOSTILE[0] in csv_text and re.search(r"\{\{7\*7\}\}", csv_text)


def test_passwords_never_appear_in_error_pages_or_logs(app: Flask, caplog) -> None:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        add_user(s, "a@example.nl", PASSWORD, "admin")
    client = app.test_client()
    secret = "my secret password 123"
    page = log_in(client, "a@example.nl", secret)
    assert secret not in page.get_data(as_text=True)
    assert secret not in caplog.text
