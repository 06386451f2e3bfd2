"""Deleting a company, the retention period, and the privacy page."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quickscan import plan_store, programme, retention
from quickscan.auth import add_user
from quickscan.cli import main
from quickscan.db import transaction
from quickscan.models import (
    ActionNote,
    ActionStep,
    Answer,
    AuditEvent,
    Company,
    FocusArea,
    Invitation,
    Plan,
    PlanAction,
    Programme,
    Response,
    User,
    Wave,
)

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import csrf, make_company, store_responses


def _count(app: Flask, model) -> int:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def test_company_delete_command_removes_everything_of_that_company_only(app: Flask) -> None:
    one = make_company(app, "Een", employees=2, managers=0)
    two = make_company(app, "Twee", employees=1, managers=0)
    store_responses(app, one.employee + two.employee, one.questionnaire)
    with transaction(app) as s:
        company = s.scalar(select(Company).where(Company.slug == one.company))
        add_user(s, "boss@een.nl", PASSWORD, "manager", company=company)
    runner = app.test_cli_runner()
    refused = runner.invoke(main, ["company", "delete", one.company], input="n\n")
    assert refused.exit_code == 1 and _count(app, Company) == 2
    done = runner.invoke(main, ["company", "delete", one.company, "--yes"])
    assert done.exit_code == 0 and done.output.strip() == f"{one.company}: deleted, with 2 responses"
    assert _count(app, Company) == 1 and _count(app, Wave) == 1 and _count(app, Invitation) == 1
    assert _count(app, Response) == 1 and _count(app, User) == 0
    with transaction(app) as s:
        assert s.scalar(select(func.count()).select_from(Answer)) > 0  # Twee's answers stay
    missing = runner.invoke(main, ["company", "delete", "nope", "--yes"])
    assert missing.exit_code == 1 and "no company 'nope'" in missing.output


def test_retention_deletes_answers_of_programmes_closed_long_enough_ago(app: Flask) -> None:
    co = make_company(app, employees=3, managers=0)
    store_responses(app, co.employee, co.questionnaire)
    runner = app.test_cli_runner()
    assert "Nothing to delete" in runner.invoke(main, ["retention", "show"]).output
    closed = runner.invoke(main, ["programme", "close", "--on", "2024-01-31"])
    assert closed.output.strip() == ("programma: closed on 2024-01-31; 1 open wave(s) closed, their links stop working")
    assert app.test_client().get(f"/s/{co.employee[0]}").status_code == 410
    with transaction(app) as s:
        # 364 days after closing: kept; 366 days: deleted.
        assert retention.expired(s, 365, today=dt.date(2025, 1, 29)) == []
        [item] = retention.expired(s, 365, today=dt.date(2025, 2, 1))
        assert (item.programme, item.responses) == ("programma", 3)
    shown = runner.invoke(main, ["retention", "show"])
    assert "programma: closed 2024-01-31, 3 responses to delete" in shown.output
    applied = runner.invoke(main, ["retention", "apply"])
    assert "programma: deleted 3 responses" in applied.output
    assert _count(app, Response) == 0 and _count(app, Answer) == 0
    assert _count(app, Invitation) == 3 and _count(app, Company) == 1  # the programme's shape stays
    # A used link does not open again once its answers are gone: the wave is closed.
    assert app.test_client().get(f"/s/{co.employee[0]}").status_code == 410
    with transaction(app) as s:
        assert s.scalar(select(Programme.closed_on)) == dt.date(2024, 1, 31)


def _plan_for(app: Flask, slug: str) -> None:
    """A plan with a focus area, an action with a manager's name as owner, a step and a note."""
    at = dt.datetime(2023, 3, 1, 9, 0)
    with transaction(app) as s:
        plan = plan_store.ensure(s, s.scalars(select(Company).where(Company.slug == slug)).one(), at)
        focus = FocusArea(dimension_id="time_to_learn", why="Laagste score", position=0)
        action = PlanAction(title="Leeruur", owner="Jan de Vries", status="done", created_at=at, updated_at=at)
        action.steps.append(ActionStep(text="Rooster", done=True))
        action.notes.append(ActionNote(written_at=at, author="coach@example.nl", text="Loopt goed"))
        focus.actions.append(action)
        plan.focus_areas.append(focus)


def test_retention_deletes_the_plans_of_a_closed_programme_with_its_answers(app: Flask) -> None:
    co = make_company(app, employees=3, managers=0)
    store_responses(app, co.employee, co.questionnaire)
    _plan_for(app, co.company)
    with transaction(app) as s:  # a company of another programme, still running: its plan stays
        other = programme.add_company(s, "Ander Bedrijf", "Twente", programme_slug="ander").slug
    _plan_for(app, other)
    runner = app.test_cli_runner()
    assert runner.invoke(main, ["programme", "close", "--on", "2024-01-31"]).exit_code == 0
    shown = runner.invoke(main, ["retention", "show"])
    assert shown.output.strip() == "programma: closed 2024-01-31, 3 responses and 1 plan(s) to delete"
    applied = runner.invoke(main, ["retention", "apply"])
    assert "programma: deleted 3 responses and 1 plan(s) (closed 2024-01-31)" in applied.output
    for model in (Plan, FocusArea, PlanAction, ActionStep, ActionNote):
        assert _count(app, model) == 1, model  # only the other programme's
    with transaction(app) as s:
        assert s.scalar(select(Plan.company_pk)) == s.scalar(select(Company.pk).where(Company.slug == other))
        details = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "retention.applied")).all()
    assert details == ["3 responses and 1 plan(s)"]
    # A plan made in a closed programme after its answers were deleted is still past the retention period.
    _plan_for(app, co.company)
    with transaction(app) as s:
        [item] = retention.expired(s, 365, today=dt.date(2025, 2, 1))
        assert (item.programme, item.responses, item.plans) == ("programma", 0, 1)
    assert "programma: deleted 0 responses and 1 plan(s)" in runner.invoke(main, ["retention", "apply"]).output
    assert _count(app, Plan) == 1


def _expired_programme(app: Flask):  # type: ignore[no-untyped-def]
    """A company whose three employees answered, in a programme closed long ago and past its retention."""
    co = make_company(app, employees=4, managers=0)
    store_responses(app, co.employee[:3], co.questionnaire)
    runner = app.test_cli_runner()
    assert runner.invoke(main, ["programme", "close", "--on", "2024-01-31"]).exit_code == 0
    assert "deleted 3 responses" in runner.invoke(main, ["retention", "apply"]).output
    return co


def test_a_wave_of_a_closed_programme_is_not_opened_again_from_the_cli(app: Flask) -> None:
    co = _expired_programme(app)
    again = app.test_cli_runner().invoke(main, ["wave", "open", co.company, "--kind", "baseline"])
    assert again.exit_code == 1
    assert "was closed on 2024-01-31: its waves stay closed and its links do not work again" in again.output
    for token in co.employee:
        assert app.test_client().get(f"/s/{token}").status_code == 410


def test_a_wave_of_a_closed_programme_is_not_reopened_nor_its_links_reprinted_on_the_admin_pages(app: Flask) -> None:
    co = _expired_programme(app)
    with transaction(app) as s:
        add_user(s, "lead@example.nl", PASSWORD, "admin")
    admin = app.test_client()
    log_in(admin, "lead@example.nl")
    page = admin.get(f"/admin/companies/{co.company}")
    reopened = admin.post(
        f"/admin/companies/{co.company}",
        data={"csrf_token": csrf(page), "action": "reopen", "kind": "baseline"},
        follow_redirects=True,
    )
    assert "de metingen blijven dicht en de links werken niet meer" in reopened.get_data(as_text=True)
    with transaction(app) as s:
        assert s.scalar(select(Wave.is_open)) is False
    used = co.employee[0]  # its response was deleted by retention: it must not look unused
    assert app.test_client().get(f"/s/{used}").status_code == 410
    sheet = admin.get(f"/admin/companies/{co.company}/baseline/invitations.pdf", follow_redirects=True)
    assert sheet.mimetype == "text/html" and "de links werken niet meer" in sheet.get_data(as_text=True)


def test_an_open_programme_is_never_touched(app: Flask) -> None:
    co = make_company(app, employees=2, managers=0)
    store_responses(app, co.employee, co.questionnaire)
    with transaction(app) as s:
        assert retention.apply(s, 0, today=dt.date(2100, 1, 1)) == []
    assert _count(app, Response) == 2


def test_privacy_page_in_dutch_and_english(client: FlaskClient) -> None:
    nl = client.get("/privacy").get_data(as_text=True)
    assert "Niemand</strong> ziet de antwoorden van één medewerker" in nl
    assert "na 365 dagen verwijderd" in nl
    en = client.get("/privacy?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in en and "deleted after 365 days" in en
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)
