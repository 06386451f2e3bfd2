"""``quickscan plan show`` and ``quickscan plan export``: a company's plan, and all plans for the evaluation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from flask import Flask
from sqlalchemy import select

from quickscan import plan_store, programme
from quickscan.cli import main
from quickscan.db import transaction
from quickscan.models import ActionStep, Company, FocusArea, PlanAction

from .survey_helpers import make_company, store_responses

AT = dt.datetime(2026, 3, 2, 9, 30)


def _action(title: str, status: str, **extra: object) -> PlanAction:
    return PlanAction(title=title, status=status, created_at=AT, updated_at=AT, **extra)


def _plan(app: Flask, slug: str) -> None:
    """Two focus areas: time to learn (two actions, one overdue from 1 May) and reflection (no actions)."""
    with transaction(app) as s:
        company = s.scalars(select(Company).where(Company.slug == slug)).one()
        plan = plan_store.ensure(s, company, AT)
        time = FocusArea(dimension_id="time_to_learn", why="Laagste score bij de nulmeting", position=0)
        late = _action(
            "Plan één uur per week om te leren",
            "in_progress",
            owner="Bedrijfsleider",
            start_on=dt.date(2026, 3, 1),
            due_on=dt.date(2026, 4, 30),
            from_suggestion=True,
            shareable=True,
        )
        late.steps.extend([ActionStep(text="Rooster aanpassen", done=True, position=0), ActionStep(text="Evalueren")])
        time.actions.extend([late, _action("Leren in de planning", "done", owner="Teamleider werkplaats")])
        plan.focus_areas.extend([time, FocusArea(dimension_id="reflection", why="", position=1)])
        plan_store.touch(plan, dt.datetime(2026, 4, 15, 8, 0))


def test_show_prints_the_plan_with_owners_dates_steps_and_what_is_overdue(app: Flask) -> None:
    setup = make_company(app)
    _plan(app, setup.company)
    shown = app.test_cli_runner().invoke(main, ["plan", "show", setup.company, "--on", "2026-05-01"])
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[:3] == [
        f"Bakkerij De Vries ({setup.company}, Twente): plan of approach",
        "Made 2026-03-02, last changed 2026-04-15.",
        "2 focus area(s), 2 action(s): 1 in progress, 1 done; 1 overdue on 2026-05-01.",
    ]
    assert "\n1. Tijd en ruimte om te leren [time_to_learn]\n" in shown.output
    assert "   Why: Laagste score bij de nulmeting" in shown.output
    assert "   - [in progress] Plan één uur per week om te leren  OVERDUE" in shown.output
    assert (
        "     owner: Bedrijfsleider · 2026-03-01 to 2026-04-30 · steps 1/2 · from a suggestion · shared with employees"
        in shown.output
    )
    assert "   - [done] Leren in de planning\n     owner: Teamleider werkplaats" in shown.output
    assert "[reflection]\n   (no actions yet)" in shown.output
    # On its due day an action is not overdue yet.
    on_time = app.test_cli_runner().invoke(main, ["plan", "show", setup.company, "--on", "2026-04-30"])
    assert "OVERDUE" not in on_time.output and "overdue" not in on_time.output


def test_show_json_has_a_stable_shape(app: Flask) -> None:
    setup = make_company(app)
    _plan(app, setup.company)
    out = app.test_cli_runner().invoke(main, ["plan", "show", setup.company, "--json", "--on", "2026-05-01"])
    data = json.loads(out.output)
    assert list(data) == ["company", "today", "plan"]
    assert data["company"] == {
        "slug": setup.company,
        "name": "Bakkerij De Vries",
        "region": "Twente",
        "programme": programme.DEFAULT_PROGRAMME,
    }
    assert data["today"] == "2026-05-01"
    plan = data["plan"]
    assert list(plan) == ["created_at", "touched_at", "focus_areas"]
    assert (plan["created_at"], plan["touched_at"]) == ("2026-03-02T09:30:00", "2026-04-15T08:00:00")
    first, second = plan["focus_areas"]
    assert list(first) == ["dimension_id", "dimension", "why", "actions"]
    assert (first["dimension_id"], first["dimension"]) == ("time_to_learn", "Tijd en ruimte om te leren")
    assert first["actions"][0] == {
        "title": "Plan één uur per week om te leren",
        "description": "",
        "owner": "Bedrijfsleider",
        "status": "in_progress",
        "start_on": "2026-03-01",
        "due_on": "2026-04-30",
        "overdue": True,
        "steps_done": 1,
        "steps_total": 2,
        "from_suggestion": True,
        "shareable": True,
    }
    assert first["actions"][1]["start_on"] is None and first["actions"][1]["overdue"] is False
    assert second == {"dimension_id": "reflection", "dimension": second["dimension"], "why": "", "actions": []}
    english = app.test_cli_runner().invoke(main, ["plan", "show", setup.company, "--json", "--lang", "en"])
    assert json.loads(english.output)["plan"]["focus_areas"][0]["dimension"] == "Time and room to learn"


def test_show_without_a_plan_and_for_an_unknown_company(app: Flask) -> None:
    setup = make_company(app)
    runner = app.test_cli_runner()
    text = runner.invoke(main, ["plan", "show", setup.company])
    assert text.exit_code == 0 and text.output.splitlines()[-1] == "No plan yet."
    assert json.loads(runner.invoke(main, ["plan", "show", setup.company, "--json"]).output)["plan"] is None
    missing = runner.invoke(main, ["plan", "show", "nope"])
    assert missing.exit_code == 1 and "There is no company 'nope'" in missing.output
    assert "Traceback" not in missing.output


def test_export_gives_one_row_per_action_without_what_people_wrote(app: Flask) -> None:
    one = make_company(app, "Bakkerij De Vries")
    two = make_company(app, "Zorg Plus")
    make_company(app, "Zonder Plan")
    store_responses(app, one.employee, one.questionnaire)
    _plan(app, one.company)
    _plan(app, two.company)
    runner = app.test_cli_runner()
    out = runner.invoke(main, ["plan", "export"])
    assert out.exit_code == 0, out.output
    rows = list(csv.reader(io.StringIO(out.output)))
    assert rows[0] == [
        "programme",
        "region",
        "company",
        "focus",
        "dimension",
        "status",
        "start_on",
        "due_on",
        "from_suggestion",
        "shareable",
        "steps_done",
        "steps_total",
    ]
    body = rows[1:]
    assert len(body) == 6  # per plan: two actions and one focus area without any
    assert {r[2] for r in body} == {one.company, two.company}  # the company without a plan has no rows
    assert body[:3] == [
        ["programma", "Twente", one.company, "1", "time_to_learn", "in_progress", "2026-03-01", "2026-04-30"]
        + ["1", "1", "1", "2"],
        ["programma", "Twente", one.company, "1", "time_to_learn", "done", "", "", "0", "0", "0", "0"],
        ["programma", "Twente", one.company, "2", "reflection", "", "", "", "", "", "", ""],
    ]
    for private in ("Plan één uur", "Bedrijfsleider", "Laagste score", "Rooster"):
        assert private not in out.output
    as_json = json.loads(runner.invoke(main, ["plan", "export", "--json"]).output)
    assert len(as_json) == 6 and list(as_json[0]) == rows[0]
    assert as_json[0]["from_suggestion"] is True and as_json[2]["status"] is None and as_json[0]["focus"] == 1


def test_export_of_an_empty_programme_is_a_header(app: Flask) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(main, ["plan", "export"]).output.startswith("programme,region,company,focus,")
    assert json.loads(runner.invoke(main, ["plan", "export", "--json"]).output) == []
