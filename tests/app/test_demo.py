"""The demo programme: shaped like a provincial programme, plausible, and the same for the same seed."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

import numpy as np
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from quickscan import demo, demo_plans, plan_export, plan_store
from quickscan.cli import main
from quickscan.db import transaction
from quickscan.models import (
    ActionNote,
    ActionStep,
    Answer,
    Company,
    ComputedResult,
    FocusArea,
    Invitation,
    Plan,
    PlanAction,
    Region,
    Response,
    User,
    Wave,
)
from quickscan.questionnaire_store import registry
from reports.plan import STATUSES


def _digest(app: Flask) -> str:
    with transaction(app) as s:
        rows = s.execute(
            select(Invitation.token, Answer.element_id, Answer.value, Answer.code)
            .join(Response, Response.invitation_pk == Invitation.pk)
            .join(Answer, Answer.response_pk == Response.pk)
            .order_by(Invitation.token, Answer.element_id)
        ).all()
        plans = plan_export.export_rows(s)
        written = s.execute(
            select(Company.slug, Plan.touched_at, PlanAction.title, PlanAction.owner, PlanAction.updated_at)
            .join(Plan, Plan.company_pk == Company.pk)
            .join(FocusArea)
            .join(PlanAction)
            .order_by(Company.slug, PlanAction.pk)
        ).all()
    return hashlib.sha256(repr((rows, plans, written)).encode()).hexdigest()


def test_demo_command_builds_the_programme(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["demo", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "48 companies" in result.output and "demo-wachtwoord" in result.output
    assert "Results of the 8 companies in Twente computed and stored (report jobs)." in result.output
    # `make run` prints where to see the plan, the dialogue session and the skills matrix of the demo manager
    welcome = runner.invoke(main, ["welcome"]).output
    for page in ("plan", "dialogue", "skills"):
        assert re.search(rf"http://127.0.0.1:5000/companies/[a-z0-9-]+/{page} ", welcome), (page, welcome)
    assert "http://127.0.0.1:5000/programme " in welcome
    with transaction(app) as s:
        # the demo coach's companies open from the store (quickscan.demo_results): both readers each
        stored = s.scalars(select(ComputedResult.scope)).all()
        twente = s.scalars(select(Company.pk).join(Region).where(Region.name == "Twente")).all()
        assert sorted(stored) == sorted(f"company:{pk}:{who}" for pk in twente for who in ("coach", "managers"))
        assert s.scalar(select(func.count()).select_from(Region)) == 6
        companies = s.scalars(select(Company)).all()
        assert len(companies) == 48
        coaches = s.scalars(select(User).where(User.role == "coach")).all()
        assert len(coaches) == 6 and all(len(c.coached) == 8 for c in coaches)
        assert s.scalar(select(func.count()).select_from(User).where(User.role == "manager")) == 48
        # Company sizes of 20 to 100 employees: one employee invitation per employee.
        sizes = s.execute(
            select(Wave.company_pk, func.count(Invitation.pk))
            .join(Invitation)
            .where(Wave.kind == "baseline", Invitation.role == "employee")
            .group_by(Wave.company_pk)
        ).all()
        assert all(20 <= n <= 100 for _, n in sizes)
        # Some companies fall below the anonymity threshold at a wave.
        per_wave = s.execute(
            select(Wave.pk, func.count(Response.pk))
            .join(Invitation, Invitation.wave_pk == Wave.pk)
            .join(Response, Response.invitation_pk == Invitation.pk)
            .where(Invitation.role == "employee")
            .group_by(Wave.pk)
        ).all()
        assert 2 <= sum(1 for _, n in per_wave if n < 5) <= 6
        # Link codes that pair a baseline and an end-line response.
        codes = s.execute(
            select(Response.link_code, Wave.kind)
            .select_from(Response)
            .join(Invitation)
            .join(Wave)
            .where(Response.link_code.is_not(None))
        ).all()
        base = {c for c, k in codes if k == "baseline"}
        end = {c for c, k in codes if k == "endline"}
        assert len(base & end) > 100
        # "Weet ik niet" answers exist, as do skipped items.
        assert s.scalar(select(func.count()).select_from(Answer).where(Answer.code == "dk")) > 1000

        # Managers are rosier than employees; the end-line is better than the baseline on average.
        def mean(role: str, kind: str) -> float:
            return float(
                s.scalar(
                    select(func.avg(Answer.value))
                    .join(Response)
                    .join(Invitation)
                    .join(Wave)
                    .where(Invitation.role == role, Wave.kind == kind, Answer.value.is_not(None))
                )
            )

        assert mean("manager", "baseline") > mean("employee", "baseline")
        assert mean("employee", "endline") > mean("employee", "baseline")
        # Every wave is closed and released, except the last company's end-line: open, with unused links
        # for trying the survey (its results appear when it closes).
        open_waves = [(w.company.name, w.kind) for c in companies for w in c.waves if w.is_open]
        assert len(open_waves) == 1 and open_waves[0][1] == "endline"
        released = s.scalar(select(func.count(Response.pk)).where(Response.release_pk.is_not(None)))
        submitted = s.scalar(select(func.count(Response.pk)).where(Response.submitted_on.is_not(None)))
        assert 0 < released < submitted
        _assert_the_plans(s, companies, registry(app).get("leercultuur-mkb"))
    again = runner.invoke(main, ["demo"])
    assert again.exit_code == 1 and "needs an empty one" in again.output
    assert runner.invoke(main, ["demo", "--if-empty"]).exit_code == 0
    welcome = runner.invoke(main, ["welcome"])
    assert "/s/" in welcome.output and "coach-twente@demo.quickscan.nl" in welcome.output


def _assert_the_plans(s: Session, companies: list[Company], q: Questionnaire) -> None:
    """Most companies have a plan of approach made after the baseline, a few none; every status occurs,
    some actions are overdue at the end-line, and several came from the questionnaire's suggestions."""
    plans = plan_store.load(s, [c.pk for c in companies])
    assert 40 <= len(plans) < len(companies)
    assert all(
        1 <= len(p.focus_areas) <= 3 and all(1 <= len(f.actions) <= 4 for f in p.focus_areas) for p in plans.values()
    )
    actions = [a for p in plans.values() for a in p.actions]
    assert {a.status for a in actions} == set(STATUSES)
    finished = sum(1 for a in actions if a.status in ("done", "in_progress"))
    assert finished > 0.6 * len(actions)  # most are done or going by the end-line
    assert 0 < sum(a.overdue(demo.ENDLINE_DAY) for a in actions) < 0.25 * len(actions)
    suggestions = {d.id: set(d.suggestions["nl"]) for d in q.dimensions}
    for p in plans.values():
        for f in p.focus_areas:
            assert all(a.title in suggestions[f.dimension_id] for a in f.actions if a.from_suggestion)
    assert 0.3 < sum(a.from_suggestion for a in actions) / len(actions) < 0.9
    assert 0 < sum(a.shareable for a in actions) < len(actions)
    assert all(a.start_on is None or a.due_on is None or a.start_on < a.due_on for a in actions)
    assert all(demo.BASELINE_DAY < p.touched_at.date() <= demo.ENDLINE_DAY for p in plans.values() if p.touched_at)
    # The company whose end-line is still open tells its employees what was done.
    last = next(c for c in companies for w in c.waves if w.is_open)
    assert any(a.shareable and a.status == "done" for a in plans[last.pk].actions)
    assert s.scalar(select(func.count(ActionStep.pk))) > 50 and s.scalar(select(func.count(ActionNote.pk))) > 20
    # Focus dimensions rise a little more from baseline to end-line than the others (the demo assumes it).
    values = s.execute(
        select(Wave.company_pk, Wave.kind, Answer.element_id, func.avg(Answer.value))
        .join(Invitation, Invitation.wave_pk == Wave.pk)
        .join(Response, Response.invitation_pk == Invitation.pk)
        .join(Answer, Answer.response_pk == Response.pk)
        .where(Invitation.role == "employee", Answer.value.is_not(None))
        .group_by(Wave.company_pk, Wave.kind, Answer.element_id)
    ).all()
    items = {i.id: i for i in q.items}
    means: dict[tuple[int, str, str], list[float]] = defaultdict(list)
    for company_pk, kind, element, mean in values:
        if element in items:
            item = items[element]
            means[(company_pk, kind, item.dimension)].append(
                q.scales[item.scale].reverse(mean) if item.reverse else mean
            )
    change: dict[bool, list[float]] = {True: [], False: []}
    for pk, plan in plans.items():
        for d in suggestions:
            if (pk, "endline", d) in means:
                diff = np.mean(means[(pk, "endline", d)]) - np.mean(means[(pk, "baseline", d)])
                change[d in plan.focus_dimensions].append(float(diff))
    assert 0.02 < np.mean(change[True]) - np.mean(change[False]) < 0.3
    assert len(demo_plans.WITHOUT_PLAN) == len(companies) - len(plans)


def test_demo_gives_a_programme_report_and_a_company_comparison(app: Flask, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from quickscan import reporting

    runner = app.test_cli_runner()
    assert runner.invoke(main, ["demo", "--seed", "7"]).exit_code == 0
    made = runner.invoke(main, ["report", "programme", "--out", str(tmp_path / "programme.pdf")])
    assert made.exit_code == 0, made.output
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "programme.pdf").pages)
    assert all(region in text for region in demo.REGIONS)
    with transaction(app) as s:
        names = s.scalars(select(Company.name)).all()
    assert not any(name in text for name in names)  # companies appear anonymised, never by name
    with transaction(app) as s:
        slug = s.scalars(select(Company.slug).order_by(Company.slug)).first()
        report = reporting.company_report(s, registry(app), slug)
    assert report is not None and report.comparison is not None
    shown = [d for d in report.comparison.dimensions.values() if not d.suppressed]
    assert shown and all(d.hedges_g is not None for d in shown)
    one = runner.invoke(main, ["report", "company", slug, "--lang", "en", "--out", str(tmp_path / "c.pdf")])
    assert one.exit_code == 0 and (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")


def _empty(app: Flask) -> None:
    with transaction(app) as s:
        for table in (
            "answers",
            "responses",
            "invitations",
            "waves",
            "coach_assignments",
            "users",
            "companies",
            "regions",
            "programmes",
        ):
            s.execute(text(f"DELETE FROM {table}"))


def test_the_same_seed_gives_the_same_data(app: Flask) -> None:
    q = registry(app).get("leercultuur-mkb")
    with transaction(app) as s:
        demo.create(s, q, seed=11, regions=("Twente",))
    first = _digest(app)
    _empty(app)
    with transaction(app) as s:
        demo.create(s, q, seed=11, regions=("Twente",))
    assert _digest(app) == first
    _empty(app)
    with transaction(app) as s:
        demo.create(s, q, seed=12, regions=("Twente",))
    assert _digest(app) != first


def test_demo_employees_write_open_answers_that_reports_show_from_10(app: Flask) -> None:
    from quickscan import reporting

    assert app.test_cli_runner().invoke(main, ["demo", "--seed", "7"]).exit_code == 0
    shown_somewhere = hidden_somewhere = False
    with transaction(app) as s:
        for slug in s.scalars(select(Company.slug).order_by(Company.slug)).all():
            report = reporting.company_report(s, registry(app), slug)
            assert report is not None and report.open_answers is not None and report.latest is not None
            n = report.latest.employee_total.n
            for question in report.open_answers.employees:
                assert question.question_id in demo.DEMO_COMMENTS
                if question.answers is None:
                    assert n < 10
                    hidden_somewhere = True
                    continue
                shown_somewhere = True
                texts = list(question.answers)
                assert texts == sorted(texts, key=lambda t: (t.casefold(), t))
                assert len(set(texts)) == len(texts)  # each demo text at most once per wave
                assert set(texts) <= set(demo.DEMO_COMMENTS[question.question_id])
                assert n >= 10
    assert shown_somewhere and hidden_somewhere
