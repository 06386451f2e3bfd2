"""Accounts: the user CLI, logging in and out, throttling, and who sees which company."""

from __future__ import annotations

import re
import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from quickscan.cli import main
from quickscan.db import transaction
from quickscan.models import User

from .auth_helpers import PASSWORD, log_in, make_people
from .survey_helpers import csrf
from .test_concurrency import run_threads


@pytest.fixture
def people(app: Flask):  # type: ignore[no-untyped-def]
    return make_people(app)


def test_user_add_reads_the_password_from_stdin_and_hashes_it(app: Flask, runner: FlaskCliRunner) -> None:
    slug = runner.invoke(main, ["company", "add", "Gamma", "--region", "Twente"]).output.strip()
    result = runner.invoke(
        main, ["user", "add", "Boss@Gamma.nl", "--role", "manager", "--company", slug], input="a long enough password\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "boss@gamma.nl: manager"
    with transaction(app) as s:
        user = s.scalars(select(User)).one()
        assert user.password_hash.startswith("scrypt:")
        assert "a long enough password" not in user.password_hash
    assert log_in(app.test_client(), "boss@gamma.nl", "a long enough password").status_code == 302


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["x@example.nl", "--role", "admin"], "a bit short\n", "at least 12 characters"),
        (["x@example.nl", "--role", "admin"], "Welkom2024!!!\n", "common and easy to guess"),
        (["x@example.nl", "--role", "admin"], "123456789012\n", "common and easy to guess"),
        (["x@example.nl", "--role", "manager"], PASSWORD + "\n", "A manager needs --company"),
        (["x@example.nl", "--role", "admin", "--coach-of", "alfa-bouw"], PASSWORD + "\n", "Only a coach"),
        (["not-an-email", "--role", "admin"], PASSWORD + "\n", "is not an e-mail address"),
        (["admin@example.nl", "--role", "admin"], PASSWORD + "\n", "already an account"),
        (["y@example.nl", "--role", "coach", "--coach-of", "nope"], PASSWORD + "\n", "no company 'nope'"),
    ],
)
def test_user_add_refuses_bad_requests(runner: FlaskCliRunner, people, args, password, message) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["user", "add", *args], input=password)
    assert result.exit_code == 1
    assert message in result.output
    assert PASSWORD not in result.output


def test_production_hashing_is_scrypt_with_owasps_parameters() -> None:
    """N=2**15, r=8, p=3: one row of OWASP's scrypt table (32 MiB, the same work as N=2**17 with p=1)."""
    from werkzeug.security import check_password_hash

    from quickscan import auth

    assert auth.DEFAULT_HASH_METHOD == "scrypt:32768:8:3"
    assert auth.HASH_METHOD == "scrypt:1024:8:1"  # lowered for the test run only (conftest)
    auth.HASH_METHOD = auth.DEFAULT_HASH_METHOD
    try:
        hashed = auth.hash_password("long enough password")
    finally:
        auth.HASH_METHOD = "scrypt:1024:8:1"
    assert hashed.startswith("scrypt:32768:8:3$") and check_password_hash(hashed, "long enough password")


def test_the_hash_checked_for_unknown_addresses_is_made_on_first_use(app: Flask) -> None:
    """Not at import (100 ms of scrypt for every `quickscan` command), and with the hashing in force."""
    import subprocess
    import sys

    from quickscan import auth

    from ..conftest import ROOT

    code = "from quickscan import auth; print(auth._dummy_hash.cache_info().currsize)"
    fresh = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert fresh.stdout.strip() == "0"
    auth._dummy_hash.cache_clear()
    with transaction(app) as s:
        assert auth.authenticate(s, "nobody@example.nl", "a long enough password") == (None, "wrong")
    assert auth._dummy_hash.cache_info().currsize == 1
    assert auth._dummy_hash(auth.HASH_METHOD).startswith(auth.HASH_METHOD + "$")


def test_set_password_ends_existing_sessions(app: Flask, runner: FlaskCliRunner, people) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    log_in(client, "coach-a@example.nl")
    assert client.get("/dashboard").status_code == 200
    result = runner.invoke(main, ["user", "set-password", "coach-a@example.nl"], input="another good password\n")
    assert result.exit_code == 0, result.output
    assert client.get("/dashboard").status_code == 302  # back to the login page
    assert log_in(app.test_client(), "coach-a@example.nl", "another good password").status_code == 302
    missing = runner.invoke(main, ["user", "set-password", "nobody@example.nl"], input="another good password\n")
    assert missing.exit_code == 1 and "no account" in missing.output


def test_login_leads_to_the_overview_of_own_companies(client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    done = log_in(client, "coach-a@example.nl")
    assert done.status_code == 302 and done.location.endswith("/dashboard")
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Alfa Bouw" in html and "Beta Zorg" not in html
    assert "coach-a@example.nl" in html


def test_a_login_ends_when_the_browser_closes(client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    log_in(client, "coach-a@example.nl")
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.expires is None  # its time limits are the server's (test_login_sessions)


def refused(page) -> bool:  # type: ignore[no-untyped-def]
    """The one answer to a refused login: unknown address, wrong password and locked account alike."""
    return page.status_code == 200 and "Inloggen lukt niet" in page.get_data(as_text=True)


def test_wrong_password_says_so_without_telling_which_part_is_wrong(client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    for email in ("coach-a@example.nl", "nobody@example.nl"):
        assert refused(log_in(client, email, "wrong password!"))


def test_five_wrong_passwords_lock_the_account(app: Flask, client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        log_in(client, "manager-a@example.nl", "wrong password!")
    assert refused(log_in(client, "manager-a@example.nl"))  # even the right password
    assert client.get("/dashboard").status_code == 302
    # Other accounts are not affected.
    assert log_in(app.test_client(), "manager-b@example.nl").status_code == 302


def test_logout_needs_a_post_with_the_form_token(client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    log_in(client, "admin@example.nl")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    page = client.get("/dashboard")
    client.post("/logout", data={"csrf_token": csrf(page)})
    assert client.get("/dashboard").status_code == 302


def test_login_follows_only_local_next_links(client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/login")
    data = {"csrf_token": csrf(page), "email": "admin@example.nl", "password": PASSWORD}
    evil = client.post("/login?next=//evil.example/x", data=data)
    assert evil.location.endswith("/dashboard")
    client.post("/logout", data={"csrf_token": csrf(client.get("/dashboard"))})
    page = client.get("/login")
    data["csrf_token"] = csrf(page)
    local = client.post("/login?next=/companies/alfa-bouw", data=data)
    assert local.location.endswith("/companies/alfa-bouw")


#: ``next`` values that a browser, a proxy or werkzeug could turn into another site (or into a broken header).
FOREIGN_NEXT = [
    "/%09/evil.example",  # a tab: werkzeug and browsers drop it, leaving //evil.example
    "/%0a/evil.example",  # a newline: dropped by browsers; a header may not hold it
    "/%0d%0a/evil.example",
    "%0d%0aLocation:%20https://evil.example",
    "/%5Cevil.example",  # a backslash: browsers read /\ as //
    "/%5C/evil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",  # //evil.example once decoded
    "/%252F%252Fevil.example",  # ... twice decoded
    "/%25252F%25252Fevil.example",
    "https://evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "/%20/evil.example",
    "/%E3%80%80/evil.example",  # non-ASCII white space
    "%09//evil.example",
    "///evil.example",
]


@pytest.mark.parametrize("target", FOREIGN_NEXT)
def test_login_never_redirects_to_another_site(client: FlaskClient, people, target: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/login")
    data = {"csrf_token": csrf(page), "email": "admin@example.nl", "password": PASSWORD}
    done = client.post(f"/login?next={target}", data=data)
    assert done.status_code == 302
    assert done.location == "/dashboard"
    assert client.get("/dashboard").status_code == 200  # logged in all the same


@pytest.mark.parametrize("target", ["/companies/alfa-bouw", "/programme?x=1", "/companies/alfa-bouw/report.pdf"])
def test_login_follows_a_path_on_this_site_unchanged(client: FlaskClient, people, target: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/login")
    data = {"csrf_token": csrf(page), "email": "admin@example.nl", "password": PASSWORD}
    assert client.post("/login", query_string={"next": target}, data=data).location == target


def test_login_without_form_token_is_400(client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/login", data={"email": "admin@example.nl", "password": PASSWORD}).status_code == 400


ACCESS = [
    # (who, company, expected status of /companies/<slug>)
    (None, "a", 302),
    ("manager-a@example.nl", "a", 200),
    ("manager-a@example.nl", "b", 404),
    ("manager-b@example.nl", "a", 404),
    ("coach-a@example.nl", "a", 200),
    ("coach-a@example.nl", "b", 404),
    ("coach-b@example.nl", "a", 404),
    ("admin@example.nl", "a", 200),
    ("admin@example.nl", "b", 200),
]


@pytest.mark.parametrize(("who", "which", "status"), ACCESS)
def test_company_pages_only_for_those_who_may_see_them(app: Flask, people, who, which, status) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    if who:
        log_in(client, who)
    slug = people.a if which == "a" else people.b
    page = client.get(f"/companies/{slug}")
    assert page.status_code == status
    if status == 404:
        assert ("Alfa Bouw" if which == "a" else "Beta Zorg") not in page.get_data(as_text=True)


def test_admin_overview_lists_every_company(client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    log_in(client, "admin@example.nl")
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Alfa Bouw" in html and "Beta Zorg" in html


def test_user_list_shows_roles_companies_and_locks(app: Flask, runner: FlaskCliRunner, people) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        log_in(app.test_client(), "manager-b@example.nl", "wrong password!")
    result = runner.invoke(main, ["user", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "admin@example.nl\tadmin\tall companies"
    assert f"coach-a@example.nl\tcoach\t{people.a}" in lines
    assert f"manager-a@example.nl\tmanager\t{people.a}" in lines
    assert f"manager-b@example.nl\tmanager\t{people.b}  (locked)" in lines
    assert PASSWORD not in result.output and "scrypt" not in result.output


def test_user_delete_asks_first_and_ends_the_account(app: Flask, runner: FlaskCliRunner, people) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    log_in(client, "coach-a@example.nl")
    kept = runner.invoke(main, ["user", "delete", "coach-a@example.nl"], input="n\n")
    assert kept.exit_code == 1 and "Aborted" in kept.output
    assert client.get("/dashboard").status_code == 200
    gone = runner.invoke(main, ["user", "delete", "Coach-A@example.nl", "--yes"])
    assert gone.exit_code == 0 and gone.output.strip() == "coach-a@example.nl: deleted"
    assert client.get("/dashboard").status_code == 302  # the open session ends with the account
    assert log_in(app.test_client(), "coach-a@example.nl").status_code == 200  # the login page again
    missing = runner.invoke(main, ["user", "delete", "nobody@example.nl", "--yes"])
    assert missing.exit_code == 1 and "no account" in missing.output
    with transaction(app) as s:
        assert "coach-a@example.nl" not in s.scalars(select(User.email)).all()


def _lock_out_strangers(app: Flask, email: str) -> None:
    stranger = app.test_client()
    for _ in range(5):
        log_in(stranger, email, "guessing badly!")
    assert refused(log_in(stranger, email))  # locked for browsers without a device cookie


def test_a_stranger_cannot_lock_the_owner_out_of_their_own_browser(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    owner = app.test_client()
    first = log_in(owner, "coach-a@example.nl")
    assert first.status_code == 302
    cookie = next(c for c in first.headers.getlist("Set-Cookie") if c.startswith("qs_device="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/login" in cookie
    assert f"Max-Age={90 * 24 * 3600}" in cookie
    owner.post("/logout", data={"csrf_token": csrf(owner.get("/dashboard"))})

    _lock_out_strangers(app, "coach-a@example.nl")
    again = log_in(owner, "coach-a@example.nl")  # the owner's usual browser brings its device cookie
    assert again.status_code == 302 and owner.get("/dashboard").status_code == 200
    assert refused(log_in(app.test_client(), "coach-a@example.nl"))  # a new browser still waits


def test_the_owners_browser_has_a_lock_of_its_own(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    owner = app.test_client()
    log_in(owner, "coach-a@example.nl")
    owner.post("/logout", data={"csrf_token": csrf(owner.get("/dashboard"))})
    for _ in range(5):
        assert refused(log_in(owner, "coach-a@example.nl", "a stolen laptop?"))
    assert refused(log_in(owner, "coach-a@example.nl"))
    assert log_in(app.test_client(), "coach-a@example.nl").status_code == 302  # other browsers unaffected


def test_only_a_valid_device_cookie_of_the_same_account_counts(app: Flask, runner: FlaskCliRunner, people) -> None:  # type: ignore[no-untyped-def]
    other = app.test_client()
    log_in(other, "coach-b@example.nl")  # a device cookie, but of another account
    other.post("/logout", data={"csrf_token": csrf(other.get("/dashboard"))})
    tampered = app.test_client()
    tampered.set_cookie("qs_device", "WzEsICJhYmMiXQ.forged.signature", path="/login")
    before_change = app.test_client()
    log_in(before_change, "coach-a@example.nl")
    assert runner.invoke(main, ["user", "set-password", "coach-a@example.nl"], input=PASSWORD + "\n").exit_code == 0

    _lock_out_strangers(app, "coach-a@example.nl")
    for client in (other, tampered, before_change):  # after the password change its cookie no longer counts
        assert refused(log_in(client, "coach-a@example.nl"))


def _page_text(page, email: str) -> str:  # type: ignore[no-untyped-def]
    """A login page as text, without what differs by browser or by what was typed (form token, address)."""
    html = re.sub(r'name="csrf_token" type="hidden" value="[^"]*"', "", page.get_data(as_text=True))
    return html.replace(email, "EMAIL")


def test_a_locked_account_answers_like_an_unknown_address(app: Flask, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Finding 7: after 5 wrong passwords a known address answered 429 at once, an unknown one 200 after
    hashing. Now the same status, text and hashing work (one check of a hash of the current method)."""
    from quickscan import auth

    checked: list[str] = []
    real = auth.check_password_hash

    def counting(hashed: str, password: str) -> bool:
        checked.append(hashed.partition("$")[0])
        return real(hashed, password)

    monkeypatch.setattr(auth, "check_password_hash", counting)
    for _ in range(5):
        log_in(app.test_client(), "manager-a@example.nl", "wrong password!")
    answers = {}
    for email, password in [
        ("manager-a@example.nl", "wrong password!"),  # locked
        ("manager-a@example.nl", PASSWORD),  # locked: even the right one
        ("manager-b@example.nl", "wrong password!"),  # known, not locked
        ("nobody@example.nl", "wrong password!"),  # unknown
    ]:
        checked.clear()
        page = log_in(app.test_client(), email, password)
        answers[(email, password)] = (page.status_code, _page_text(page, email), tuple(checked))
    assert len(set(answers.values())) == 1, answers.keys()
    assert next(iter(answers.values()))[2] == (auth.HASH_METHOD,)


#: Parallel guesses: each holds a connection of the app's pool (5 + 10) and takes a second one for a moment.
GUESSES = 7


def test_parallel_guesses_get_no_more_checks_than_the_lock_allows(app: Flask, people) -> None:
    """Finding 3: the failure count was read, scrypt ran, then it was written: 20 parallel wrong guesses got
    19 checks. Each attempt is now counted before its check, in one atomic update: 5 checks, 2 refused."""
    from quickscan import auth

    outcomes: list[str] = []
    barrier = threading.Barrier(GUESSES)

    def guess() -> None:
        with app.app_context(), transaction(app) as s:
            barrier.wait(timeout=60)
            outcomes.append(auth.authenticate(s, "coach-b@example.nl", "wrong guess, again")[1])

    run_threads([guess] * GUESSES, barrier)
    assert sorted(outcomes) == ["locked"] * (GUESSES - auth.MAX_FAILED) + ["wrong"] * auth.MAX_FAILED
    assert refused(log_in(app.test_client(), "coach-b@example.nl"))


def test_a_login_hashes_a_password_of_older_parameters_again(app: Flask, runner: FlaskCliRunner, people) -> None:
    """Finding 8: a hash made with other scrypt parameters is made again with HASH_METHOD at the next login;
    sessions and device cookies go on (the session token stays)."""
    from quickscan import auth
    from quickscan.models import AuditEvent

    with transaction(app) as s:
        user = s.scalars(select(User).where(User.email == "coach-a@example.nl")).one()
        user.password_hash = generate_password_hash(PASSWORD, method="scrypt:2048:8:1")
        token = user.session_token
    assert (
        "coach-a@example.nl\tcoach\talfa-bouw  (old hash until the next login)"
        in runner.invoke(main, ["user", "list"]).output.splitlines()
    )
    assert log_in(app.test_client(), "coach-a@example.nl").status_code == 302
    with transaction(app) as s:
        user = s.scalars(select(User).where(User.email == "coach-a@example.nl")).one()
        assert user.password_hash.startswith(auth.HASH_METHOD + "$")
        assert check_password_hash(user.password_hash, PASSWORD)
        assert user.session_token == token and not user.must_change_password
        details = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "account.rehashed")).all()
    assert details == [f"scrypt:2048:8:1 -> {auth.HASH_METHOD}"]
    assert "old hash" not in runner.invoke(main, ["user", "list"]).output


def test_a_password_that_breaks_todays_rules_must_be_changed_at_login(app: Flask, people) -> None:
    with transaction(app) as s:
        user = s.scalars(select(User).where(User.email == "coach-a@example.nl")).one()
        user.password_hash = generate_password_hash("zomer2024", method="scrypt:1024:8:1")  # 9, from before
    client = app.test_client()
    done = log_in(client, "coach-a@example.nl", "zomer2024")
    assert done.status_code == 302 and done.location == "/account/password"
    assert client.get("/dashboard").location == "/account/password"
