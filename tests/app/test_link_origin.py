"""Survey links and QR sheets point where QUICKSCAN_BASE_URL says, never to the Host a request claims."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quickscan import config, invitation_sheets
from quickscan.auth import add_user
from quickscan.cli import main
from quickscan.db import transaction
from quickscan.models import Invitation

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import csrf, make_company


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    with transaction(app) as s:
        add_user(s, "lead@example.nl", PASSWORD, "admin")
    client = app.test_client()
    to_localhost = client.open

    def to_evil(*args, **kwargs):  # type: ignore[no-untyped-def]
        return to_localhost(*args, **{"base_url": "http://evil.example", **kwargs})

    client.open = to_evil  # type: ignore[method-assign]  # every request, the login included, has this Host
    log_in(client, "lead@example.nl")
    return client


def _invite(admin: FlaskClient, slug: str) -> str:
    page = admin.get(f"/admin/companies/{slug}")
    data = {
        "invite-csrf_token": csrf(page),
        "action": "invite",
        "invite-kind": "baseline",
        "invite-role": "employee",
        "invite-count": "2",
    }
    return admin.post(f"/admin/companies/{slug}", data=data).get_data(as_text=True)


def _sheet_urls(admin: FlaskClient, slug: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    printed: list[str] = []

    def sheet(company: str, urls: list[str], language: str) -> bytes:
        printed.extend(urls)
        return b"%PDF-"

    monkeypatch.setattr(invitation_sheets, "sheet", sheet)
    assert admin.get(f"/admin/companies/{slug}/baseline/invitations.pdf").status_code == 200
    return printed


def test_links_and_sheets_use_the_configured_base_url_whatever_the_host(
    app: Flask, admin: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["BASE_URL"] = "https://quickscan.example.nl"
    co = make_company(app, employees=1, managers=0)
    html = _invite(admin, co.company)
    assert "evil.example" not in html and "2 links gemaakt." in html
    assert len(re.findall(r"<code>https://quickscan\.example\.nl/s/[A-Za-z0-9_-]+</code>", html)) == 2
    urls = _sheet_urls(admin, co.company, monkeypatch)
    assert len(urls) == 3 and all(u.startswith("https://quickscan.example.nl/s/") for u in urls)


def test_production_without_a_base_url_makes_no_links(
    app: Flask, admin: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config.update(PRODUCTION=True, BASE_URL=None)
    co = make_company(app, employees=1, managers=0)
    html = _invite(admin, co.company)
    assert "evil.example" not in html and "stel QUICKSCAN_BASE_URL in" in html
    with transaction(app) as s:
        assert s.scalar(select(func.count(Invitation.pk))) == 1  # none made
    refused = admin.get(f"/admin/companies/{co.company}/baseline/invitations.pdf", follow_redirects=True)
    assert refused.mimetype == "text/html" and "stel QUICKSCAN_BASE_URL in" in refused.get_data(as_text=True)


def test_the_cli_prints_links_with_the_configured_base_url(app: Flask) -> None:
    app.config["BASE_URL"] = "https://quickscan.example.nl"
    co = make_company(app, employees=0, managers=0)
    out = app.test_cli_runner().invoke(
        main, ["invite", co.company, "--kind", "baseline", "--role", "employee", "--count", "1"]
    )
    assert out.exit_code == 0 and out.output.startswith("https://quickscan.example.nl/s/")


@pytest.mark.parametrize(
    "value", ["quickscan.example.nl", "ftp://x.nl", "https://x.nl/path", "https://user@x.nl", "https://x.nl?a=1"]
)
def test_a_base_url_that_is_not_an_origin_stops_the_app(tmp_path: Path, value: str) -> None:
    with pytest.raises(config.ConfigError, match="QUICKSCAN_BASE_URL must be like"):
        config.from_environment(str(tmp_path), environ={"QUICKSCAN_BASE_URL": value})


def test_the_base_url_is_read_from_the_environment(tmp_path: Path) -> None:
    cfg = config.from_environment(str(tmp_path), environ={"QUICKSCAN_BASE_URL": "https://quickscan.example.nl/"})
    assert cfg["BASE_URL"] == "https://quickscan.example.nl"
    assert config.from_environment(str(tmp_path), environ={})["BASE_URL"] is None
