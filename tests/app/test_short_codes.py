"""The short code on the QR card (issue 18): twelve characters a person can type instead of a 67-character link."""

from __future__ import annotations

import io
import re
import secrets

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quickscan import invitation_sheets, programme, throttle
from quickscan.db import transaction
from quickscan.models import ThrottleCount
from quickscan.short_codes import code_of, token_prefix

from .survey_helpers import complete, csrf, make_company

CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


def type_code(client: FlaskClient, code: str, lang: str = "nl"):  # type: ignore[no-untyped-def]
    form = client.get(f"/s/?lang={lang}")
    return client.post("/s/", data={"csrf_token": csrf(form), "code": code})


def test_a_code_is_twelve_unambiguous_characters_for_the_start_of_the_token() -> None:
    for _ in range(200):
        token = secrets.token_urlsafe(32)
        code = code_of(token)
        assert code is not None and CODE.fullmatch(code)
        assert token_prefix(code) == token[:10]
    assert code_of("short") is None and code_of("not base 64 at all!") is None


def test_typing_is_forgiving_about_case_spaces_and_look_alike_letters() -> None:
    token = "0OIl1abcdeXYZ"  # what the token starts with does not matter; the code does
    code = code_of(token)
    assert code is not None
    sloppy = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert token_prefix(sloppy) == token_prefix(code) == token[:10]
    assert token_prefix(code[:-1]) is None and token_prefix(code[:-1] + "U") is None


def test_the_code_leads_to_the_survey(app: Flask, client: FlaskClient) -> None:
    co = make_company(app, employees=2, managers=0)
    token = co.employee[1]
    code = code_of(token)
    assert code is not None
    page = client.get("/s")  # the address on the card, without the slash
    assert page.status_code == 308
    form = client.get("/s/")
    assert "Je code invullen" in form.get_data(as_text=True)
    sent = type_code(client, code.lower().replace("-", " "))
    assert sent.status_code == 302 and sent.location.endswith(f"/s/{token}")
    assert "Beginnen" in client.get(sent.location).get_data(as_text=True)


def test_a_used_links_code_leads_to_the_same_page_as_its_link(app: Flask, client: FlaskClient) -> None:
    co = make_company(app, employees=1, managers=0)
    complete(client, co.employee[0], co.questionnaire)
    sent = type_code(app.test_client(), str(code_of(co.employee[0])))
    assert app.test_client().get(sent.location).status_code == 410


def test_a_wrong_code_says_so_and_guessing_is_stopped(app: Flask, client: FlaskClient) -> None:
    make_company(app, employees=1, managers=0)
    wrong = type_code(client, "ZZZZ-ZZZZ-ZZZZ")
    assert wrong.status_code == 200
    assert "Deze code kennen we niet. Kijk na of je hem goed hebt overgetypt." in wrong.get_data(as_text=True)
    english = type_code(client, "nonsense", lang="en")
    assert "We do not know this code." in english.get_data(as_text=True)
    for _ in range(throttle.CODE_LIMIT - 2):
        type_code(client, "ZZZZ-ZZZZ-ZZZZ")
    stopped = type_code(client, "ZZZZ-ZZZZ-ZZZZ")
    assert stopped.status_code == 429 and 1 <= int(stopped.headers["Retry-After"]) <= 60
    assert "Er zijn te veel codes geprobeerd. Wacht" in stopped.get_data(as_text=True)
    with transaction(app) as s:  # counted in the database, under a digest of the address
        keys = s.scalars(select(ThrottleCount.key)).all()
    assert len(keys) == 1 and keys[0].startswith("code:client:") and "127.0.0.1" not in keys[0]


def test_a_post_without_the_form_token_is_refused(client: FlaskClient) -> None:
    assert client.post("/s/", data={"code": "ZZZZ-ZZZZ-ZZZZ"}).status_code == 400


def test_a_new_link_never_shares_its_code(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    co = make_company(app, employees=1, managers=0)
    taken = co.employee[0]
    drawn = iter([taken[:10] + "A" * 33, taken[:10] + "B" * 33, secrets.token_urlsafe(32), secrets.token_urlsafe(32)])
    monkeypatch.setattr(programme, "_new_token", lambda: next(drawn))
    with transaction(app) as s:
        wave = programme.wave_of(s, programme.company_by_slug(s, co.company), "baseline")
        made = [i.token for i in programme.invite(s, wave, "employee", 2)]
    prefixes = {t[:10] for t in [taken, *made]}
    assert len(prefixes) == 3


def test_the_card_shows_where_to_type_the_code_instead_of_the_link() -> None:
    from pypdf import PdfReader

    token = secrets.token_urlsafe(32)
    url = f"https://scan.example.nl/s/{token}"
    text = PdfReader(io.BytesIO(invitation_sheets.sheet("Bakkerij", [url], "nl"))).pages[0].extract_text()
    flat = " ".join(text.split())
    assert "Of ga naar scan.example.nl/s en typ deze code:" in flat
    assert str(code_of(token)) in flat and token not in flat.replace(" ", "")
    english = PdfReader(io.BytesIO(invitation_sheets.sheet("Bakkerij", [url], "en"))).pages[0].extract_text()
    assert "Or go to scan.example.nl/s and type this code:" in " ".join(english.split())
