"""What a newcomer reads (issue 18): Dutch on Dutch pages, roles in words, one form of address, sentences
instead of codes. The command line keeps its English."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from quickscan.auth import add_user
from quickscan.cli import main
from quickscan.db import transaction

from ..conftest import ROOT
from .auth_helpers import PASSWORD, log_in
from .survey_helpers import complete, csrf, make_company


def visible(html: str) -> str:
    """The text a person reads: the page without its tags, its head and its form tokens."""
    body = html.split("<body", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    with transaction(app) as s:
        add_user(s, "lead@example.nl", PASSWORD, "admin")
    client = app.test_client()
    log_in(client, "lead@example.nl")
    return client


def test_revoking_an_unknown_link_is_refused_in_the_pages_language(app: Flask, admin: FlaskClient) -> None:
    co = make_company(app)
    url = f"/admin/companies/{co.company}"
    unknown = "https://scan.example.nl/s/" + "x" * 43

    dutch = admin.post(url, data={"csrf_token": csrf(admin.get(url)), "action": "revoke", "link": unknown})
    assert "Bakkerij De Vries heeft geen uitnodiging met deze link." in visible(dutch.get_data(as_text=True))
    assert "There is no such invitation" not in dutch.get_data(as_text=True)

    page = admin.get(url + "?lang=en")
    english = admin.post(url, data={"csrf_token": csrf(page), "action": "revoke", "link": unknown})
    assert "Bakkerij De Vries has no invitation with this link." in visible(english.get_data(as_text=True))


def test_an_account_refusal_is_in_dutch_on_the_admin_page(admin: FlaskClient) -> None:
    form = admin.get("/admin/users/new")
    data = {"csrf_token": csrf(form), "email": "x@example.nl", "role": "admin", "password": "kort"}
    short = visible(admin.post("/admin/users/new", data=data).get_data(as_text=True))
    assert "Kies een wachtwoord van minstens 12 tekens." in short and "characters" not in short
    data = {"csrf_token": csrf(form), "email": "lead@example.nl", "role": "admin", "password": PASSWORD}
    taken = visible(admin.post("/admin/users/new", data=data).get_data(as_text=True))
    assert "Er is al een account voor lead@example.nl." in taken


def test_the_cli_keeps_its_english_refusals(runner: FlaskCliRunner) -> None:
    refused = runner.invoke(main, ["revoke", "https://scan.example.nl/s/nothing"])
    assert refused.exit_code == 1 and refused.output.strip() == "Error: There is no such invitation."


def test_accounts_show_their_role_in_words(app: Flask, admin: FlaskClient) -> None:
    co = make_company(app, employees=0, managers=0)
    with transaction(app) as s:
        from quickscan.programme import company_by_slug

        company = company_by_slug(s, co.company)
        add_user(s, "coach@example.nl", PASSWORD, "coach", coach_of=[company])
        add_user(s, "baas@example.nl", PASSWORD, "manager", company=company)
    html = admin.get("/admin/users").get_data(as_text=True)
    roles = re.findall(r'<th scope="row">([^<]+)</th><td>([^<]*)</td>', html)
    assert sorted(roles) == [
        ("baas@example.nl", "Leidinggevende"),
        ("coach@example.nl", "Coach"),
        ("lead@example.nl", "Programmaleiding"),
    ]
    form = admin.get("/admin/users/new").get_data(as_text=True)
    for code, word in (("admin", "Programmaleiding"), ("coach", "Coach"), ("manager", "Leidinggevende")):
        assert re.search(rf'<option[^>]* value="{code}"[^>]*>{word}</option>', form), code
    english = admin.get("/admin/users?lang=en").get_data(as_text=True)
    assert "<td>Programme lead</td>" in english and "<td>Manager</td>" in english


def test_the_start_page_says_je_throughout(client: FlaskClient) -> None:
    text = visible(client.get("/").get_data(as_text=True))
    assert "Daarna zie je na het inloggen de uitkomsten van je bedrijf." in text
    assert "de bedrijven die je begeleidt" in text
    assert not re.search(r"\b(u|uw)\b", text)


def test_no_interface_text_says_u() -> None:
    """Every Dutch interface text speaks to the reader as "je", as the survey does (B1)."""
    with (ROOT / "quickscan" / "translations" / "messages.pot").open("rb") as fh:
        catalog = read_po(fh)
    formal = [
        message.id
        for message in catalog
        if message.id
        and re.search(r"\b(u|uw|U|Uw)\b", str(message.id if isinstance(message.id, str) else message.id[0]))
    ]
    assert formal == []


def test_a_used_link_says_what_happened_in_words_not_a_code(client: FlaskClient, app: Flask) -> None:
    co = make_company(app, employees=1, managers=0)
    token = co.employee[0]
    complete(client, token, co.questionnaire)
    page = client.get(f"/s/{token}")
    assert page.status_code == 410
    text = visible(page.get_data(as_text=True))
    assert "Deze link is niet (meer) te gebruiken" in text
    assert "Heb je de vragenlijst ingevuld? Dan zijn je antwoorden bewaard." in text
    assert "410" not in text and "Foutcode" not in text and "code" not in text.lower()
