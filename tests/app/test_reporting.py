"""The app side: report data from the database (quickscan.reporting) and `quickscan report ...`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import event, insert

from questionnaires import Questionnaire
from quickscan import programme, reporting
from quickscan.cli.report import PROGRAMME_FILE, report_group
from quickscan.db import database, transaction
from quickscan.models import Answer, Response, Wave
from quickscan.questionnaire_store import registry
from reports.company import company_report as gather
from scoring import compare
from scoring.results import GroupResult, SuppressedGroup

from ..reports.helpers import HOSTILE, pdf_pages, wave
from .survey_helpers import release_pending

DAY = dt.date(2026, 3, 2)


def _respond(
    session,
    q: Questionnaire,
    wave_row: Wave,
    role: str,
    count: int,
    invited: int,  # type: ignore[no-untyped-def]
    seed: int,
    level: float = 3.4,
    links: list[str | None] | None = None,
    texts: list[str] | None = None,
) -> None:
    """``invited`` invitations of which ``count`` submitted answers drawn around ``level``; ``links``: their
    (hashed) link codes; ``texts``: their answers to the open question ``going_well``."""
    invitations = programme.invite(session, wave_row, role, invited)
    made = wave(q, wave_row.kind, count, 0, seed, level=level)  # type: ignore[arg-type]
    answers = made.employees if role == "employee" else made.managers
    if role == "manager":
        from ..reports.helpers import answers as draw

        answers = draw(q, "manager", count, seed, level)
    items = q.items_for(role)  # type: ignore[arg-type]
    pks = session.scalars(
        insert(Response).returning(Response.pk, sort_by_parameter_order=True),
        [
            {
                "invitation_pk": inv.pk,
                "language": "nl",
                "started_on": DAY,
                "submitted_on": DAY + dt.timedelta(days=i),
                "link_code": links[i] if links else None,
                "last_page": 9,
            }
            for i, inv in enumerate(invitations[:count])
        ],
    ).all()
    rows = []
    for r, pk in enumerate(pks):
        for j, item in enumerate(items):
            value = answers.values[r, j]
            if not np.isnan(value):
                rows.append({"response_pk": pk, "element_id": item.id, "value": int(value), "code": None, "text": None})
            elif answers.codes[r, j] >= 0:
                rows.append({"response_pk": pk, "element_id": item.id, "value": None, "code": "dk", "text": None})
        if role == "employee":
            rows.append(
                {"response_pk": pk, "element_id": "development_plan", "value": None, "code": made.plan[r], "text": None}
            )
        if texts and texts[r]:
            rows.append({"response_pk": pk, "element_id": "going_well", "value": None, "code": None, "text": texts[r]})
    if rows:
        session.execute(insert(Answer), rows)


def _company(app: Flask, name: str, region: str, baseline: int | None, endline: int | None, seed: int) -> str:
    q = registry(app).get("leercultuur-mkb", 1)
    with transaction(app) as s:
        company = programme.add_company(s, name, region)
        for kind, count, shift in (("baseline", baseline, 0.0), ("endline", endline, 0.4)):
            if count is None:
                continue
            w = programme.open_wave(s, company, kind, q)
            w.opened_on = DAY
            _respond(s, q, w, "employee", count, count + 3, seed + (kind == "endline"), 3.3 + shift)
            _respond(s, q, w, "manager", 1, 2, seed + 50, 3.8 + shift)
        return company.slug


@pytest.fixture
def companies(app: Flask) -> dict[str, str]:
    """Three companies: two full ones in Twente, one with 3 employees at the baseline in Achterhoek."""
    made = {
        "big": _company(app, "Metaal Jansen", "Twente", 14, 16, 1),
        "other": _company(app, HOSTILE, "Twente", 12, 11, 2),
        "small": _company(app, "Kwekerij Bos", "Achterhoek", 3, 9, 3),
    }
    release_pending(app)
    return made


def test_company_report_from_the_database_matches_the_pure_path(app: Flask, companies: dict[str, str]) -> None:
    q = registry(app).get("leercultuur-mkb", 1)
    with transaction(app) as s:
        report = reporting.company_report(s, registry(app), companies["big"])
        assert reporting.company_report(s, registry(app), "no-such-company") is None
    assert report is not None
    assert report.company == "Metaal Jansen" and report.region == "Twente"
    assert [w.kind for w in report.waves] == ["baseline", "endline"]
    base = report.waves[0].info
    assert (base.employees.invited, base.employees.responded) == (17, 14)
    assert (base.managers.invited, base.managers.responded) == (2, 1)
    assert base.opened_on == DAY and base.questionnaire_key == "leercultuur-mkb@1"
    assert report.data_date == dt.date.today()  # the day of the last release (release_pending: today)
    # The same answers through the pure path give the same results.
    again = gather(
        "Metaal Jansen",
        "Twente",
        [wave(q, "baseline", 14, 0, 1, level=3.3), wave(q, "endline", 16, 0, 2, level=3.7)],
        None,
    )
    assert report.waves[0].employees.to_dict() == again.waves[0].employees.to_dict()
    assert report.comparison is not None and again.comparison is not None
    assert report.comparison.to_dict()["dimensions"] == again.comparison.to_dict()["dimensions"]
    assert isinstance(report.waves[1].employee_total, GroupResult)


def test_link_codes_and_open_answers_come_from_the_database(app: Flask) -> None:
    q = registry(app).get("leercultuur-mkb", 1)
    base_links = [f"hash-{i}" for i in range(12)] + [None] * 2
    end_links = [None] * 4 + [f"hash-{i}" for i in range(11)] + [None]  # hash-0..10: 11 pairs
    texts = [f"tekst {i:02d}" for i in range(16, 0, -1)]
    with transaction(app) as s:
        company = programme.add_company(s, "Bouw Koppel", "Twente")
        for kind, count, links, seed in (("baseline", 14, base_links, 7), ("endline", 16, end_links, 8)):
            w = programme.open_wave(s, company, kind, q)
            w.opened_on = DAY
            _respond(s, q, w, "employee", count, count, seed, links=links, texts=texts[:count])
            _respond(s, q, w, "manager", 1, 1, seed + 50, texts=["van de leiding"])
        slug = company.slug
    release_pending(app)
    with transaction(app) as s:
        report = reporting.company_report(s, registry(app), slug)
    assert report is not None and report.linked is not None
    assert report.linked.pairs == 11 and report.linked.shown
    # the same paired results as the scoring engine gives on the same answers and codes
    base, end = wave(q, "baseline", 14, 0, 7), wave(q, "endline", 16, 0, 8)
    expected = compare(q, base.employees, end.employees, baseline_links=base_links, endline_links=end_links)
    assert report.comparison is not None
    for dim_id, dim in report.comparison.dimensions.items():
        assert dim.to_dict()["paired"] == expected.dimensions[dim_id].to_dict()["paired"]
        assert dim.to_dict()["paired"]["n"] == 11
    found = report.open_answers
    assert found is not None and found.kind == "endline"
    going_well = next(entry for entry in found.employees if entry.question_id == "going_well")
    assert going_well.answers == tuple(sorted(texts))
    assert found.managers == ()  # one manager: not shown


def test_small_company_comes_back_suppressed(app: Flask, companies: dict[str, str]) -> None:
    with transaction(app) as s:
        report = reporting.company_report(s, registry(app), companies["small"])
    assert report is not None
    assert isinstance(report.waves[0].employee_total, SuppressedGroup)
    assert report.waves[1].employee_total.level == "indicative"


@contextmanager
def _count_queries(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = database(app).engine

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_the_programme_loads_in_a_fixed_number_of_queries(app: Flask, companies: dict[str, str]) -> None:
    with _count_queries(app) as few, transaction(app) as s:
        reports, prog = reporting.everything(s, registry(app), "key")
    _company(app, "Bouw Smit", "Twente", 6, 7, 4)
    _company(app, "Zorg Vos", "Rijnmond", 8, 8, 5)
    with _count_queries(app) as more, transaction(app) as s:
        reports_more, prog_more = reporting.everything(s, registry(app), "key")
    assert len(reports) == 3 and len(reports_more) == 5
    assert prog is not None and prog_more is not None and len(prog_more.companies) == 5
    assert len(more) == len(few)  # one bulk load, not a query per company


def test_programme_letters_are_keyed_not_alphabetical(app: Flask, companies: dict[str, str]) -> None:
    with transaction(app) as s:
        one = reporting.programme_report(s, registry(app), "key one")
        two = reporting.programme_report(s, registry(app), "key one")
        other = reporting.programme_report(s, registry(app), "another key")
        assert reporting.programme_report(s, registry(app), "key", "no-such-programme") is None
    assert one is not None and two is not None and other is not None
    assert [r.label for r in one.companies] == ["A", "B", "C"]
    order = sorted(companies.values(), key=lambda slug: reporting.order_key("key one", slug))
    regions = {companies["big"]: "Twente", companies["other"]: "Twente", companies["small"]: "Achterhoek"}
    assert [r.region for r in one.companies] == [regions[slug] for slug in order]
    assert [r.result.to_dict() for r in one.companies] == [r.result.to_dict() for r in two.companies]
    assert reporting.order_key("a", "x") != reporting.order_key("b", "x")


def run(runner: FlaskCliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(report_group, list(args))


def test_cli_company_report(runner: FlaskCliRunner, companies: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "reports" / "big.pdf"
    result = run(runner, "company", companies["other"], "--out", str(out))
    assert result.exit_code == 0, result.output
    pages = pdf_pages(out.read_bytes())
    assert HOSTILE in pages[0] and "Leercultuur: rapport" in pages[0]
    english = tmp_path / "en.pdf"
    assert run(runner, "company", companies["big"], "--lang", "en", "--out", str(english)).exit_code == 0
    assert "Learning culture: report" in pdf_pages(english.read_bytes())[0]
    missing = run(runner, "company", "nobody", "--out", str(tmp_path / "x.pdf"))
    assert missing.exit_code == 1 and "No company 'nobody'" in missing.output
    assert not (tmp_path / "x.pdf").exists()


def test_cli_programme_report(runner: FlaskCliRunner, companies: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "programme.pdf"
    result = run(runner, "programme", "--lang", "en", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_pages(out.read_bytes()))
    assert "Learning culture: programme report" in text and "Company A" in text
    assert "Metaal Jansen" not in text and "Kwekerij Bos" not in text  # anonymised
    assert run(runner, "programme", "--programme", "nope", "--out", str(out)).exit_code == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_build_writes_every_report(
    runner: FlaskCliRunner, companies: dict[str, str], tmp_path: Path, jobs: str
) -> None:
    out = tmp_path / "out"
    result = run(runner, "build", "--out", str(out), "--jobs", jobs)
    assert result.exit_code == 0, result.output
    assert "3 company report(s) and the programme report" in result.output
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted([f"{slug}.pdf" for slug in companies.values()] + [PROGRAMME_FILE])
    # the same bytes as the single-company command
    single = tmp_path / "single" / "one.pdf"
    assert run(runner, "company", companies["small"], "--out", str(single)).exit_code == 0
    assert single.read_bytes() == (out / f"{companies['small']}.pdf").read_bytes()


def test_cli_charts(runner: FlaskCliRunner, companies: dict[str, str], tmp_path: Path) -> None:
    result = run(runner, "charts", companies["big"], "--out", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "c").iterdir())
    assert "profile.svg" in names and "comparison.svg" in names and "items-1.svg" in names
    assert (
        run(runner, "charts", "--programme", "programma", "--format", "png", "--out", str(tmp_path / "p")).exit_code
        == 0
    )
    assert (tmp_path / "p" / "regions.png").read_bytes().startswith(b"\x89PNG")
    assert run(runner, "charts", "--out", str(tmp_path / "x")).exit_code == 2
