"""Accounts a careless admin could break: the last admin account can be neither demoted nor deleted."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from quickscan.auth import add_user
from quickscan.cli import main
from quickscan.db import transaction
from quickscan.models import User

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import csrf


def _role(app: Flask, email: str) -> str | None:
    with transaction(app) as s:
        user = s.scalar(select(User).where(User.email == email))
        return None if user is None else user.role


def _pk(app: Flask, email: str) -> int:
    with transaction(app) as s:
        return int(s.scalar(select(User.pk).where(User.email == email)) or 0)


def _demote(client, pk: int, email: str):  # type: ignore[no-untyped-def]
    edit = client.get(f"/admin/users/{pk}/edit")
    return client.post(
        f"/admin/users/{pk}/edit", data={"csrf_token": csrf(edit), "email": email, "role": "coach", "company": ""}
    )


def test_the_last_admin_cannot_demote_themselves(app: Flask) -> None:
    with transaction(app) as s:
        add_user(s, "lead@example.nl", PASSWORD, "admin")
    client = app.test_client()
    log_in(client, "lead@example.nl")
    refused = _demote(client, _pk(app, "lead@example.nl"), "lead@example.nl")
    assert refused.status_code == 200
    assert "laatste beheerdersaccount" in refused.get_data(as_text=True)
    assert _role(app, "lead@example.nl") == "admin"
    assert client.get("/admin/").status_code == 200


def test_two_admins_cannot_demote_each_other_to_none(app: Flask) -> None:
    with transaction(app) as s:
        add_user(s, "lead@example.nl", PASSWORD, "admin")
        add_user(s, "deputy@example.nl", PASSWORD, "admin")
    lead = app.test_client()
    log_in(lead, "lead@example.nl")
    assert _demote(lead, _pk(app, "deputy@example.nl"), "deputy@example.nl").status_code == 302
    assert _role(app, "deputy@example.nl") == "coach"
    refused = _demote(lead, _pk(app, "lead@example.nl"), "lead@example.nl")
    assert "laatste beheerdersaccount" in refused.get_data(as_text=True)
    assert _role(app, "lead@example.nl") == "admin"


def test_the_cli_does_not_delete_the_last_admin(app: Flask, runner: FlaskCliRunner) -> None:
    with transaction(app) as s:
        add_user(s, "lead@example.nl", PASSWORD, "admin")
        add_user(s, "deputy@example.nl", PASSWORD, "admin")
    assert runner.invoke(main, ["user", "delete", "deputy@example.nl", "--yes"]).exit_code == 0
    refused = runner.invoke(main, ["user", "delete", "lead@example.nl", "--yes"])
    assert refused.exit_code == 1
    assert "lead@example.nl is the last admin account; make another account admin first." in refused.output
    assert _role(app, "lead@example.nl") == "admin"


def test_other_accounts_are_deleted_as_before(app: Flask, runner: FlaskCliRunner) -> None:
    with transaction(app) as s:
        add_user(s, "lead@example.nl", PASSWORD, "admin")
        add_user(s, "coach@example.nl", PASSWORD, "coach")
    assert runner.invoke(main, ["user", "delete", "coach@example.nl", "--yes"]).exit_code == 0
    assert _role(app, "coach@example.nl") is None
