"""Headers on every page, survey links that cannot leak through the Referer, and production secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quickscan import config, create_app
from quickscan.db import database

from .survey_helpers import make_company


@pytest.mark.parametrize("path", ["/", "/login", "/no/such/page", "/s/unknown-token"])
def test_security_headers_on_every_page(client: FlaskClient, path: str) -> None:
    page = client.get(path)
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in page.headers


def test_survey_pages_never_send_their_address_on_and_link_nowhere_outside(app: Flask, client: FlaskClient) -> None:
    token = make_company(app).employee[0]
    page = client.get(f"/s/{token}")
    assert page.headers["Referrer-Policy"] == "no-referrer"
    html = page.get_data(as_text=True)
    assert "http://" not in html and "https://" not in html and "<script" not in html and "style=" not in html


def test_static_files_may_be_cached(client: FlaskClient) -> None:
    with client.get("/static/quickscan.css") as css:
        assert "no-store" not in css.headers.get("Cache-Control", "")
        assert css.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_over_https(client: FlaskClient) -> None:
    page = client.get("/", base_url="https://scan.example.nl")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")


def test_behind_a_proxy_the_forwarded_scheme_counts(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUICKSCAN_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUICKSCAN_PROXIES", "1")
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    page = app.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in page.headers
    database(app).engine.dispose()
    monkeypatch.setenv("QUICKSCAN_PROXIES", "0")
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    page = app.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in page.headers  # an unknown client cannot claim HTTPS
    database(app).engine.dispose()


def test_production_without_a_secret_key_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError) as stop:
        config.from_environment(str(tmp_path), environ={"QUICKSCAN_ENV": "production"})
    assert str(stop.value) == (
        "Quickscan: set QUICKSCAN_SECRET_KEY (a long random string) when QUICKSCAN_ENV=production."
    )
    assert not (tmp_path / "secret_key").exists()
    ok = config.from_environment(
        str(tmp_path),
        environ={"QUICKSCAN_ENV": "production", "QUICKSCAN_SECRET_KEY": "k" * 40, "QUICKSCAN_HTTPS": "1"},
    )
    assert ok["SECRET_KEY"] == "k" * 40


PRODUCTION = {"QUICKSCAN_ENV": "production", "QUICKSCAN_SECRET_KEY": "k" * 40}


def test_production_without_an_https_choice_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError, match="set QUICKSCAN_HTTPS=1 when QUICKSCAN_ENV=production"):
        config.from_environment(str(tmp_path), environ=PRODUCTION)
    with pytest.raises(config.ConfigError, match="must be 1 or 0, not 'ja'"):
        config.from_environment(str(tmp_path), environ=PRODUCTION | {"QUICKSCAN_HTTPS": "ja"})
    assert not config.from_environment(str(tmp_path), environ={})["SESSION_COOKIE_SECURE"]  # development


def test_production_over_plain_http_starts_with_a_loud_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="quickscan"):
        cfg = config.from_environment(str(tmp_path), environ=PRODUCTION | {"QUICKSCAN_HTTPS": "0"})
    assert not cfg["SESSION_COOKIE_SECURE"]
    assert "QUICKSCAN_HTTPS=0 in production: login cookies are sent without Secure" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="quickscan"):
        config.from_environment(str(tmp_path), environ={"QUICKSCAN_HTTPS": "0"})
    assert caplog.text == ""


def test_https_setting_sends_hsts_even_behind_a_plain_http_hop(app: Flask) -> None:
    app.config["HTTPS"] = True
    assert app.test_client().get("/").headers["Strict-Transport-Security"].startswith("max-age=")


def test_https_setting_makes_cookies_secure(tmp_path: Path) -> None:
    cfg = config.from_environment(str(tmp_path), environ={"QUICKSCAN_HTTPS": "1"})
    assert cfg["SESSION_COOKIE_SECURE"] and cfg["REMEMBER_COOKIE_SECURE"]
    assert cfg["SESSION_COOKIE_HTTPONLY"] and cfg["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_login_limits_come_from_the_environment_and_must_be_whole_numbers(tmp_path: Path) -> None:
    from quickscan.config import ConfigError, from_environment

    config = from_environment(str(tmp_path), {"QUICKSCAN_SECRET_KEY": "k"})
    assert (config["LOGIN_HOURS"], config["IDLE_MINUTES"], config["REAUTH_MINUTES"]) == (12, 120, 15)
    assert (config["LOGIN_LIMIT_CLIENT"], config["LOGIN_LIMIT_ALL"]) == (10, 30)
    assert from_environment(str(tmp_path), {"QUICKSCAN_LOGIN_HOURS": "8"})["LOGIN_HOURS"] == 8
    for bad in ("0", "-1", "1.5", "many"):
        with pytest.raises(ConfigError, match="QUICKSCAN_IDLE_MINUTES must be a whole number"):
            from_environment(str(tmp_path), {"QUICKSCAN_IDLE_MINUTES": bad})
