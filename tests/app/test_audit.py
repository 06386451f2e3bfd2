"""The audit trail: logins, account changes, exports and data changes are recorded, shown to the lead only,
exported as CSV, kept for QUICKSCAN_AUDIT_DAYS, and never hold tokens, passwords or answers."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert, select

from quickscan import audit
from quickscan.auth import MAX_FAILED, add_user
from quickscan.cli import main
from quickscan.db import transaction
from quickscan.models import AuditEvent

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import csrf, make_company, store_responses


def _events(app: Flask) -> list[tuple[str | None, str, str | None, str | None, str | None]]:
    with transaction(app) as s:
        rows = s.scalars(select(AuditEvent).order_by(AuditEvent.pk)).all()
        return [(e.actor_email, e.action, e.object_kind, e.object_id, e.detail) for e in rows]


def _everything(app: Flask) -> str:
    return repr(_events(app))


@pytest.fixture
def lead(app: Flask) -> FlaskClient:
    with transaction(app) as s:
        add_user(s, "lead@example.nl", PASSWORD, "admin")
    client = app.test_client()
    log_in(client, "lead@example.nl")
    return client


def test_logins_failures_and_lockouts_are_recorded_without_what_was_typed(app: Flask) -> None:
    with transaction(app) as s:
        add_user(s, "coach@example.nl", PASSWORD, "coach")
    client = app.test_client()
    log_in(client, "nobody@example.nl", "a-typed-secret-1")
    for _ in range(MAX_FAILED):
        log_in(client, "coach@example.nl", "a-typed-secret-2")
    log_in(client, "coach@example.nl")  # refused while locked, with the same answer as a wrong password
    events = _events(app)
    assert events[0] == (None, "login.failed", None, None, "unknown address")
    assert events[1] == (None, "login.failed", "account", "coach@example.nl", "other browser")
    assert (None, "login.locked", "account", "coach@example.nl", "other browsers, 15 min") in events
    assert events[-1] == (None, "login.failed", "account", "coach@example.nl", "other browser, locked")
    assert "a-typed-secret" not in _everything(app) and "nobody@example.nl" not in _everything(app)
    with transaction(app) as s:
        add_user(s, "lead@example.nl", PASSWORD, "admin")
    log_in(app.test_client(), "lead@example.nl")
    assert _events(app)[-1] == ("lead@example.nl", "login", "account", "lead@example.nl", "other browser")


def test_account_changes_on_the_admin_pages_are_recorded(app: Flask, lead: FlaskClient) -> None:
    co = make_company(app, employees=1, managers=0)
    form = lead.get("/admin/users/new")
    data = {"csrf_token": csrf(form), "email": "coach@example.nl", "role": "coach", "password": PASSWORD}
    assert lead.post("/admin/users/new", data=data).status_code == 302
    with transaction(app) as s:
        pk = s.scalar(select(AuditEvent.pk).where(AuditEvent.action == "account.created"))
        coach_pk = add_user(s, "other@example.nl", PASSWORD, "coach").pk
    assert pk is not None
    edit = lead.get(f"/admin/users/{coach_pk}/edit")
    changed = {
        "csrf_token": csrf(edit),
        "email": "other@example.nl",
        "role": "manager",
        "company": co.company,
        "password": "a-new-password-123",
    }
    assert lead.post(f"/admin/users/{coach_pk}/edit", data=changed).status_code == 302
    confirm = lead.get(f"/admin/users/{coach_pk}/delete")
    lead.post(f"/admin/users/{coach_pk}/delete", data={"csrf_token": csrf(confirm)})
    events = [e for e in _events(app) if e[1].startswith("account.")]
    assert events == [
        ("lead@example.nl", "account.created", "account", "coach@example.nl", "role coach"),
        (
            "lead@example.nl",
            "account.changed",
            "account",
            "other@example.nl",
            f"role coach -> manager; company - -> {co.company}",
        ),
        ("lead@example.nl", "account.password_set", "account", "other@example.nl", "by the lead; sessions ended"),
        ("lead@example.nl", "account.deleted", "account", "other@example.nl", "role manager"),
    ]
    assert "a-new-password" not in _everything(app) and PASSWORD not in _everything(app)


def test_account_changes_on_the_command_line_are_recorded(app: Flask) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(main, ["user", "add", "c@example.nl", "--role", "coach"], input=PASSWORD + "\n").exit_code == 0
    assert runner.invoke(main, ["user", "set-password", "c@example.nl"], input=PASSWORD + "\n").exit_code == 0
    assert runner.invoke(main, ["user", "delete", "c@example.nl", "--yes"]).exit_code == 0
    assert [e[:4] for e in _events(app)] == [
        (audit.COMMAND_LINE, "account.created", "account", "c@example.nl"),
        (audit.COMMAND_LINE, "account.password_set", "account", "c@example.nl"),
        (audit.COMMAND_LINE, "account.deleted", "account", "c@example.nl"),
    ]


def test_exports_reports_and_revocations_are_recorded_without_tokens(app: Flask, lead: FlaskClient) -> None:
    co = make_company(app, employees=6, managers=0)
    store_responses(app, co.employee[:5], co.questionnaire)
    assert lead.get(f"/companies/{co.company}/export.csv").status_code == 200
    assert lead.get("/programme/export.xlsx").status_code == 200
    page = lead.get(f"/admin/companies/{co.company}")
    lead.post(
        f"/admin/companies/{co.company}",
        data={"csrf_token": csrf(page), "action": "revoke", "link": f"http://localhost/s/{co.employee[5]}"},
    )
    actions = [(e[1], e[2], e[3], e[4]) for e in _events(app) if e[0] == "lead@example.nl"]
    assert ("export.downloaded", "company", co.company, "csv") in actions
    assert ("export.downloaded", "programme", None, "xlsx, all companies") in actions
    assert ("link.revoked", "company", co.company, "baseline employee") in actions
    assert all(token not in _everything(app) for token in co.employee)


def test_the_lead_reads_the_trail_newest_first_in_pages_and_exports_it(app: Flask, lead: FlaskClient) -> None:
    with transaction(app) as s:
        for n in range(60):
            audit.by_command_line(s, "wave.opened", "company", f"company-{n:02d}")
    first = lead.get("/admin/audit/").get_data(as_text=True)
    assert "company-59" in first and "company-10" in first and "company-09" not in first
    assert "Pagina 1 van 2" in first
    second = lead.get("/admin/audit/?page=2").get_data(as_text=True)
    assert "company-09" in second and "company-59" not in second
    assert lead.get("/admin/audit/?page=x").status_code == 400
    assert lead.get("/admin/audit/?page=99999999").status_code == 200  # the last page
    exported = lead.get("/admin/audit/audit.csv")
    assert exported.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True))))
    assert rows[0] == list(audit.COLUMNS)
    assert rows[1][5] == "company-59" and rows[-1][3] == "login"  # newest first: the lead logged in before
    assert _events(app)[-1][:2] == ("lead@example.nl", "audit.exported")


def test_events_are_never_changed_and_deleted_only_after_their_retention(app: Flask) -> None:
    with transaction(app) as s:
        s.execute(insert(AuditEvent).values(at=dt.datetime(2020, 1, 1), action="wave.opened", object_id="old"))
        audit.by_command_line(s, "wave.opened", "company", "new")
    with pytest.raises(RuntimeError, match="never changed"), transaction(app) as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.object_id == "new"))
        assert event is not None
        event.detail = "edited"
        s.flush()
    applied = app.test_cli_runner().invoke(main, ["retention", "apply"])
    assert "Audit trail: deleted 1 events older than 730 days" in applied.output
    assert [e[3] for e in _events(app)] == ["new"]


def test_an_attempted_formula_is_exported_as_text(app: Flask, lead: FlaskClient) -> None:
    with transaction(app) as s:
        audit.by_command_line(s, "company.created", "company", "=HYPERLINK(1)")
    assert "'=HYPERLINK(1)" in lead.get("/admin/audit/audit.csv").get_data(as_text=True)
