"""The login throttle (finding 3): per client and for everyone, answered before any hashing, counted in the
database so that it holds across app processes, and recorded once a minute, not once a request."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quickscan import auth, create_app, throttle
from quickscan.db import database, transaction
from quickscan.models import AuditEvent, ThrottleCount

from .auth_helpers import PASSWORD, log_in, make_people
from .survey_helpers import csrf


@pytest.fixture
def people(app: Flask):  # type: ignore[no-untyped-def]
    return make_people(app)


@pytest.fixture(autouse=True)
def one_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """The throttle's clock stands still, so no test straddles two minutes."""
    monkeypatch.setattr(throttle, "_now", lambda: dt.datetime(2026, 11, 27, 10, 0, 30))


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password hash the login checks."""
    checked: list[str] = []
    real = auth.check_password_hash

    def counting(hashed: str, password: str) -> bool:
        checked.append(hashed)
        return real(hashed, password)

    monkeypatch.setattr(auth, "check_password_hash", counting)
    return checked


def _client(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _events(app: Flask) -> list[str | None]:
    with transaction(app) as s:
        return list(s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "login.throttled")))


def test_one_client_gets_429_before_any_hashing(app: Flask, people, hashes: list[str]) -> None:  # type: ignore[no-untyped-def]
    app.config["LOGIN_LIMIT_CLIENT"] = 3
    client = _client(app, "198.51.100.7")
    page = client.get("/login")  # one form token serves every post, as in the finding
    data = {"csrf_token": csrf(page), "email": "nobody@example.nl", "password": "a guess or two"}
    assert [client.post("/login", data=data).status_code for _ in range(3)] == [200] * 3
    assert len(hashes) == 3
    for _ in range(5):
        refused = client.post("/login", data=data | {"email": "admin@example.nl", "password": PASSWORD})
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert "Er wordt nu te vaak geprobeerd in te loggen" in refused.get_data(as_text=True)
    assert len(hashes) == 3  # no hashing for a refused post, not even with the right password
    assert log_in(_client(app, "198.51.100.8"), "admin@example.nl").status_code == 302  # another client
    assert _events(app) == ["one client: more than 3 password checks in a minute; refused until it ends"]


def test_all_clients_together_have_a_budget_and_known_browsers_pass(app: Flask, people, hashes: list[str]) -> None:  # type: ignore[no-untyped-def]
    owner = _client(app, "192.0.2.50")
    assert log_in(owner, "coach-a@example.nl").status_code == 302  # leaves a device cookie
    owner.post("/logout", data={"csrf_token": csrf(owner.get("/dashboard"))})
    app.config["LOGIN_LIMIT_ALL"] = 18  # 3 in each step of 10 seconds
    with transaction(app) as s:  # a new minute's budget
        s.execute(ThrottleCount.__table__.delete())
    answers = [log_in(_client(app, f"192.0.2.{n}"), "nobody@example.nl", "guessing").status_code for n in range(6)]
    assert answers == [200, 200, 200, 429, 429, 429]
    assert log_in(_client(app, "192.0.2.99"), "coach-a@example.nl").status_code == 429  # a new browser waits
    assert log_in(owner, "coach-a@example.nl").status_code == 302  # the owner's usual browser gets in
    assert _events(app) == ["all clients: more than 3 password checks in 10 seconds; refused until it ends"]


def test_the_count_is_shared_by_app_processes(app: Flask, people) -> None:  # type: ignore[no-untyped-def]
    """Two app instances on one database (two gunicorn workers, or two servers) share one budget."""
    app.config["LOGIN_LIMIT_CLIENT"] = 2
    other = create_app(
        {"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "test-secret"}
        | {"LOGIN_LIMIT_CLIENT": 2}
    )
    try:
        assert log_in(app.test_client(), "nobody@example.nl", "guess one!").status_code == 200
        assert log_in(other.test_client(), "nobody@example.nl", "guess two!").status_code == 200
        assert log_in(app.test_client(), "nobody@example.nl", "guess three!").status_code == 429
        assert log_in(other.test_client(), "nobody@example.nl", "guess four!").status_code == 429
    finally:
        database(other).engine.dispose()


def test_a_new_minute_starts_a_new_count_and_old_rows_go(app: Flask) -> None:
    app.config["LOGIN_LIMIT_CLIENT"] = 1
    at = dt.datetime(2026, 11, 27, 10, 0, 30)
    with app.test_request_context("/login", environ_base={"REMOTE_ADDR": "198.51.100.1"}):
        with transaction(app) as s:
            assert throttle.admit(s, now=at) == 0
            assert throttle.admit(s, now=at + dt.timedelta(seconds=15)) == 15  # seconds to the next minute
            assert throttle.admit(s, now=at + dt.timedelta(minutes=1)) == 0
            assert throttle.admit(s, now=at + dt.timedelta(minutes=3)) == 0
        with transaction(app) as s:
            starts = sorted({row.window_start for row in s.scalars(select(ThrottleCount))})
    # what is left: this minute of the client, this step of everyone
    assert starts == [dt.datetime(2026, 11, 27, 10, 3), dt.datetime(2026, 11, 27, 10, 3, 30)]


def test_all_clients_are_counted_in_steps_of_10_seconds(app: Flask) -> None:
    app.config["LOGIN_LIMIT_ALL"] = 12  # 2 a step
    at = dt.datetime(2026, 11, 27, 10, 0, 3)
    answers = []
    for n, seconds in enumerate([0, 1, 2, 3, 7, 8, 9]):
        client = {"REMOTE_ADDR": f"198.51.100.{n}"}
        with app.test_request_context("/login", environ_base=client), transaction(app) as s:
            answers.append(throttle.admit(s, now=at + dt.timedelta(seconds=seconds)))
    assert answers == [0, 0, 5, 4, 0, 0, 8]  # a new step at 10:00:10, full again at 10:00:12


def test_an_ipv6_client_counts_for_its_64_network() -> None:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "k"
    keys = {}
    for address in ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:3::1", "192.0.2.1", "192.0.2.2"):
        with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
            keys[address] = throttle.client_key()
    assert keys["2001:db8:1:2::1"] == keys["2001:db8:1:2:ffff::9"] != keys["2001:db8:1:3::1"]
    assert keys["192.0.2.1"] != keys["192.0.2.2"]
    assert all("192.0.2" not in key and "2001" not in key for key in keys.values())  # a digest, not the address
