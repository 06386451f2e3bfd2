"""Logins as server-side sessions (finding 2): renewed at login, bound to the browser, ended by logout, by an
absolute and an idle limit checked on the server, and a recent password for admin actions on accounts."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from quickscan.db import transaction
from quickscan.models import AuditEvent, LoginSession, User

from .auth_helpers import PASSWORD, log_in, make_people
from .survey_helpers import csrf


@pytest.fixture
def people(app: Flask):  # type: ignore[no-untyped-def]
    return make_people(app)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _age(app: Flask, **ago: dt.timedelta) -> None:
    """Move the timestamps of every login back: ``started_at=timedelta(hours=13)`` and so on."""
    with transaction(app) as s:
        s.execute(update(LoginSession).values({name: _now() - delta for name, delta in ago.items()}))


def _logins(app: Flask) -> int:
    with transaction(app) as s:
        return int(s.scalar(select(func.count(LoginSession.pk))) or 0)


def _ended(app: Flask) -> list[str | None]:
    with transaction(app) as s:
        return list(s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "session.ended")))


def _copy(app: Flask, client: FlaskClient, **environ: str) -> FlaskClient:
    """Another browser with ``client``'s session cookie (a stolen or replayed cookie)."""
    other = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    other.set_cookie("session", cookie.value)
    other.environ_base.update(environ)
    return other


def test_a_cookie_replayed_with_another_browser_or_address_ends_the_login(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    """Finding 2: the cookie with another User-Agent still opened the dashboard and the CSV export."""
    for environ in ({"HTTP_USER_AGENT": "curl/8.0"}, {"REMOTE_ADDR": "203.0.113.9"}):
        owner = app.test_client()
        log_in(owner, "coach-a@example.nl")
        assert owner.get("/dashboard").status_code == 200
        thief = _copy(app, owner, **environ)
        assert thief.get("/dashboard").status_code == 302
        assert thief.get("/companies/alfa-bouw/export.csv").status_code == 302
        assert owner.get("/dashboard").status_code == 302  # the login is over for both copies
    assert _ended(app) == ["another address or browser"] * 2


def test_logging_out_ends_the_login_on_the_server(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    owner = app.test_client()
    log_in(owner, "coach-a@example.nl")
    copy = _copy(app, owner)
    assert copy.get("/dashboard").status_code == 200
    owner.post("/logout", data={"csrf_token": csrf(owner.get("/dashboard"))})
    assert copy.get("/dashboard").status_code == 302  # the cookie from before the logout no longer logs in
    assert _logins(app) == 0


def test_a_login_ends_after_the_idle_limit(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    log_in(client, "coach-a@example.nl")
    _age(app, seen_at=dt.timedelta(minutes=119))
    assert client.get("/dashboard").status_code == 200  # and that request counts as activity
    with transaction(app) as s:
        assert _now() - s.scalars(select(LoginSession.seen_at)).one() < dt.timedelta(minutes=1)
    _age(app, seen_at=dt.timedelta(minutes=121))
    ended = client.get("/dashboard")
    assert ended.status_code == 302 and ended.location.startswith("/login")
    assert "Je bent uitgelogd" in client.get(ended.location).get_data(as_text=True)
    assert _ended(app) == ["idle longer than 2:00:00"] and _logins(app) == 0


def test_a_login_ends_after_the_absolute_limit_however_busy(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    app.config["LOGIN_HOURS"] = 12
    client = app.test_client()
    log_in(client, "coach-a@example.nl")
    _age(app, started_at=dt.timedelta(hours=11, minutes=59))
    assert client.get("/dashboard").status_code == 200
    _age(app, started_at=dt.timedelta(hours=12, minutes=1), seen_at=dt.timedelta(seconds=5))
    assert client.get("/dashboard").status_code == 302
    assert _ended(app) == ["logged in longer than 12:00:00"]


def test_activity_is_written_at_most_once_a_minute(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    log_in(client, "coach-a@example.nl")
    _age(app, seen_at=dt.timedelta(seconds=30))
    client.get("/dashboard")
    with transaction(app) as s:
        assert _now() - s.scalars(select(LoginSession.seen_at)).one() >= dt.timedelta(seconds=29)


def test_logging_in_renews_the_session(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    """Nothing from before the login survives it (session fixation); each login has a token of its own."""
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["planted"] = "by someone else"
        sess["lang"] = "en"
    log_in(client, "coach-a@example.nl")
    with client.session_transaction() as sess:
        assert "planted" not in sess and sess["lang"] == "en"
        first = sess["_login"]
    client.post("/logout", data={"csrf_token": csrf(client.get("/dashboard"))})
    log_in(client, "coach-a@example.nl")
    with client.session_transaction() as sess:
        assert sess["_login"] != first
    with transaction(app) as s:
        digests = s.scalars(select(LoginSession.token_digest)).all()
    assert len(digests) == 1 and first not in digests[0]  # the database keeps a digest, not the token


def test_logins_past_their_limits_are_deleted_when_someone_logs_in(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    log_in(app.test_client(), "coach-a@example.nl")
    _age(app, started_at=dt.timedelta(hours=13), seen_at=dt.timedelta(hours=13))
    log_in(app.test_client(), "coach-b@example.nl")
    assert _logins(app) == 1


ACCOUNT_ACTIONS = [
    "/admin/users/new",
    "/admin/users/{pk}/edit",
    "/admin/users/{pk}/delete",
    "/admin/companies/{a}/delete",
]


@pytest.mark.parametrize("url", ACCOUNT_ACTIONS)
def test_admin_actions_on_accounts_ask_for_the_password_again_after_15_minutes(app: Flask, people, url: str) -> None:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        pk = s.scalar(select(User.pk).where(User.email == "coach-a@example.nl"))
    url = url.format(pk=pk, a=people.a)
    lead = app.test_client()
    log_in(lead, "admin@example.nl")
    assert lead.get(url).status_code == 200  # the password was typed at the login, a moment ago
    _age(app, password_at=dt.timedelta(minutes=16))
    asked = lead.get(url)
    assert asked.status_code == 302 and asked.location == "/account/confirm?next=" + url
    page = lead.get(asked.location)
    wrong = lead.post(asked.location, data={"csrf_token": csrf(page), "password": "not my password"})
    assert wrong.status_code == 200 and "Dit is niet je wachtwoord" in wrong.get_data(as_text=True)
    assert lead.get(url).status_code == 302
    right = lead.post(asked.location, data={"csrf_token": csrf(page), "password": PASSWORD})
    assert right.status_code == 302 and right.location == url
    assert lead.get(url).status_code == 200


def test_the_confirmation_page_follows_only_a_path_on_this_site(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    lead = app.test_client()
    log_in(lead, "admin@example.nl")
    page = lead.get("/account/confirm")
    done = lead.post("/account/confirm?next=//evil.example", data={"csrf_token": csrf(page), "password": PASSWORD})
    assert done.location == "/dashboard"


def test_other_admin_pages_ask_for_no_password(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    lead = app.test_client()
    log_in(lead, "admin@example.nl")
    _age(app, password_at=dt.timedelta(hours=1))
    assert lead.get("/admin/").status_code == 200
    assert lead.get("/admin/users").status_code == 200
    assert lead.get(f"/admin/companies/{people.a}").status_code == 200
