"""Passwords (finding 6): the rules for a new one, the own-password page, and a change required at the first
login when the programme lead or the command line set the password."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from quickscan import passwords
from quickscan.cli import main
from quickscan.db import transaction
from quickscan.models import AuditEvent, User

from .auth_helpers import PASSWORD, log_in, make_people
from .survey_helpers import csrf

NEW = "fietsen langs de IJssel"


@pytest.fixture
def people(app: Flask):  # type: ignore[no-untyped-def]
    return make_people(app)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("aaaaaaaaaa", "short"),  # accepted before (finding 6)
        ("1234567890", "short"),  # accepted before
        ("kort genoeg", "short"),  # 11
        ("x" * 129, "long"),
        ("aaaaaaaaaaaa", "common"),  # fewer than 5 different characters
        ("123456789012", "common"),  # a run of digits
        ("qwertyuiopas", "common"),  # a stretch of the keyboard
        ("PASSWORD1234", "common"),  # in the list, in any case
        ("Welkom2024!!!", "common"),  # a common one with digits and punctuation around it
        ("!!voetbal2025", "common"),
        ("welkomwelkom", "common"),  # a common one repeated
        ("jan.devries-geheim", "email"),  # the name part of jan.devries@example.nl
        ("correct horse battery", None),
        ("ik fiets graag naar zee", None),
        ("Zes woorden is al heel sterk", None),
        ("één twee drie vier", None),  # letters outside ASCII count as characters
        ("x" * 128, "common"),
        ("kL9#mQ2$vX7!", None),
    ],
)
def test_the_rules_for_a_new_password(password: str, reason: str | None) -> None:
    assert passwords.weakness(password, "jan.devries@example.nl") == reason


def test_the_list_of_common_passwords_is_shipped_and_read_on_first_use() -> None:
    common = passwords.common_passwords()
    assert 30_000 < len(common) < 100_000
    assert {"password", "123456", "qwerty", "wachtwoord", "welkom01"} <= common
    assert all(word == word.lower() for word in common)


def _change(client: FlaskClient, current: str, new: str, repeat: str | None = None):  # type: ignore[no-untyped-def]
    page = client.get("/account/password")
    data = {"csrf_token": csrf(page), "current": current, "new": new, "repeat": new if repeat is None else repeat}
    return client.post("/account/password", data=data)


def _user(app: Flask, email: str) -> User:
    with transaction(app) as s:
        user = s.scalars(select(User).where(User.email == email)).one()
        s.expunge(user)
        return user


def test_every_user_can_change_their_own_password(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    client, elsewhere = app.test_client(), app.test_client()
    log_in(client, "manager-a@example.nl")
    log_in(elsewhere, "manager-a@example.nl")
    assert 'href="/account/password"' in client.get("/dashboard").get_data(as_text=True)
    for current, new, repeat, text in [
        ("not my password", NEW, None, "Dit is niet je wachtwoord"),
        (PASSWORD, NEW, NEW + "!", "twee verschillende nieuwe wachtwoorden"),
        (PASSWORD, "Welkom123456", None, "makkelijk te raden"),
        (PASSWORD, "kort", None, "minstens 12 tekens"),
        (PASSWORD, PASSWORD, None, "Kies een ander wachtwoord dan je huidige"),
    ]:
        refused = _change(client, current, new, repeat)
        assert refused.status_code == 200 and text in refused.get_data(as_text=True), text
    done = _change(client, PASSWORD, NEW)
    assert done.status_code == 302 and done.location == "/dashboard"
    assert any(c.startswith("qs_device=") for c in done.headers.getlist("Set-Cookie"))  # valid for the new one
    assert client.get("/dashboard").status_code == 200  # this browser stays logged in
    assert elsewhere.get("/dashboard").status_code == 302  # every other login ends
    assert log_in(app.test_client(), "manager-a@example.nl", NEW).status_code == 302
    with transaction(app) as s:
        events = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "account.password_changed")).all()
    assert events == ["own"]


def test_wrong_current_passwords_lock_like_logins(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    log_in(client, "coach-a@example.nl")
    for _ in range(5):
        _change(client, "a wrong guess!", NEW)
    locked = _change(client, PASSWORD, NEW)
    assert "Te vaak een verkeerd wachtwoord" in locked.get_data(as_text=True)
    assert log_in(app.test_client(), "coach-a@example.nl", NEW).status_code == 200  # nothing changed


def test_an_account_the_lead_made_must_choose_its_own_password_first(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    lead = app.test_client()
    log_in(lead, "admin@example.nl")
    form = lead.get("/admin/users/new")
    weak = {"csrf_token": csrf(form), "email": "new@example.nl", "role": "coach", "password": "welkom123456"}
    assert "makkelijk te raden" in lead.post("/admin/users/new", data=weak).get_data(as_text=True)
    assert lead.post("/admin/users/new", data=weak | {"password": "een tijdelijk wachtwoord"}).status_code == 302

    newcomer = app.test_client()
    first = log_in(newcomer, "new@example.nl", "een tijdelijk wachtwoord")
    assert first.status_code == 302 and first.location == "/account/password"
    for url in ("/dashboard", "/programme", "/account/confirm", "/admin/"):
        assert newcomer.get(url).location == "/account/password", url
    page = newcomer.get("/account/password").get_data(as_text=True)
    assert "Iemand anders heeft je wachtwoord gekozen" in page and "Uitloggen" in page
    assert _change(newcomer, "een tijdelijk wachtwoord", NEW).status_code == 302
    assert newcomer.get("/dashboard").status_code == 200
    assert not _user(app, "new@example.nl").must_change_password
    with transaction(app) as s:
        details = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "account.password_changed")).all()
    assert details == ["own, asked at first login"]


def test_a_password_the_lead_resets_must_be_changed_but_not_the_leads_own(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    lead = app.test_client()
    log_in(lead, "admin@example.nl")
    for email in ("coach-a@example.nl", "admin@example.nl"):
        pk = _user(app, email).pk
        form = lead.get(f"/admin/users/{pk}/edit")
        role = "admin" if email.startswith("admin") else "coach"
        data = {"csrf_token": csrf(form), "email": email, "role": role, "company": "", "password": NEW}
        assert lead.post(f"/admin/users/{pk}/edit", data=data).status_code == 302
    assert _user(app, "coach-a@example.nl").must_change_password
    assert not _user(app, "admin@example.nl").must_change_password


def test_the_command_line_sets_passwords_that_must_be_changed_unless_own(app: Flask, runner: FlaskCliRunner) -> None:
    slug = runner.invoke(main, ["company", "add", "Gamma", "--region", "Twente"]).output.strip()
    add = ["user", "add", "boss@gamma.nl", "--role", "manager", "--company", slug]
    assert runner.invoke(main, add, input=NEW + "\n").exit_code == 0
    assert (
        runner.invoke(main, ["user", "add", "lead@gamma.nl", "--role", "admin", "--own-password"], input=NEW).exit_code
        == 0
    )
    assert _user(app, "boss@gamma.nl").must_change_password
    assert not _user(app, "lead@gamma.nl").must_change_password
    assert "boss@gamma.nl\tmanager\tgamma  (must choose a password)" in runner.invoke(main, ["user", "list"]).output
    assert runner.invoke(main, ["user", "set-password", "lead@gamma.nl"], input=PASSWORD + "\n").exit_code == 0
    assert _user(app, "lead@gamma.nl").must_change_password
    own = runner.invoke(main, ["user", "set-password", "lead@gamma.nl", "--own-password"], input=PASSWORD + "\n")
    assert own.exit_code == 0 and not _user(app, "lead@gamma.nl").must_change_password
