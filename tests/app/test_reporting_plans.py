"""Plans of approach in the programme report from the database: one bulk load, and the focus-vs-other
contrast checked against the independent calculation on the released results (tests/focus_contrast_check.py).

:func:`check_database_programme` takes whatever programme the database holds: the lead points it at the demo.
"""

from __future__ import annotations

import math

import pytest
from flask import Flask

from quickscan import reporting
from quickscan.cli import main
from quickscan.db import transaction
from quickscan.questionnaire_store import registry
from scoring.focus_contrast import MIN_COMPANIES
from tests.focus_contrast_check import check_programme, plans_by_letter

from .auth_helpers import PASSWORD, log_in
from .plan_fixtures import add_plan
from .survey_helpers import release_pending
from .test_reporting import _company, _count_queries


def check_database_programme(app: Flask, secret: str = "key") -> dict[str, dict[str, object]]:
    """The programme report's contrast, from the database's released results and plans, equals the
    independent calculation; the independent numbers are returned."""
    with transaction(app) as s:
        data = reporting.programme_input(s, registry(app), secret)
    assert data is not None
    return check_programme(data.gather(), plans_by_letter(data))


def _programme(app: Flask) -> dict[str, str]:
    """Eight companies: six with both waves and a plan, one small one (3 at the baseline: hidden) with a
    plan, one with both waves and no plan; and one with a plan but no end-line yet."""
    made = {
        "a": _company(app, "Metaal Jansen", "Twente", 14, 16, 1),
        "b": _company(app, "Bouw Smit", "Twente", 12, 11, 2),
        "c": _company(app, "Kwekerij Bos", "Twente", 3, 12, 3),
        "d": _company(app, "Zorg Vos", "Achterhoek", 13, 12, 4),
        "e": _company(app, "Installatie Vos", "Achterhoek", 15, 14, 5),
        "f": _company(app, "Agro Dijk", "Achterhoek", 11, 13, 6),
        "g": _company(app, "Bouw Kok", "Rijnmond", 16, 15, 7),
        "h": _company(app, "Zorg Bakker", "Rijnmond", 12, 12, 8),
        "i": _company(app, "Metaal Peters", "Rijnmond", 14, None, 9),
    }
    release_pending(app)
    focus = {
        "a": {"psych_safety": [("Fouten bespreken", "done", True)]},
        "b": {"time_to_learn": [("Leeruur op vrijdag", "in_progress", False)], "reflection": []},
        "c": {"leadership": [("Meewerken op de vloer", "done", False)]},
        "d": {"development": [("Ontwikkelgesprekken", "stopped", True)]},
        "e": {"ownership": [("Zelf een cursus kiezen", "planned", False)], "knowledge_sharing": []},
        "f": {"reflection": [("Terugkijken na een klus", "done", True), ("Verbeterbord", "done", False)]},
        "g": {"leadership": [], "psych_safety": [("Na een incident eerst vragen", "in_progress", True)]},
        "i": {"time_to_learn": [("Leertijd noteren", "planned", False)]},
    }
    for key, areas in focus.items():
        add_plan(app, made[key], areas)
    return made


def test_the_programme_reads_plans_and_its_contrast_matches_the_independent_calculation(app: Flask) -> None:
    _programme(app)
    expected = check_database_programme(app)
    with transaction(app) as s:
        report = reporting.programme_report(s, registry(app), "key")
    assert report is not None and report.plan_overview is not None
    overview = report.plan_overview
    # Every company counts in the plans, also i (no end-line); h has no plan.
    total = overview.total
    assert (total.companies, total.with_plan, total.with_done) == (9, 8, 3)
    assert dict(total.actions) == {"planned": 2, "in_progress": 2, "done": 4, "stopped": 1}
    # c (3 at the baseline) and the smallest other of Twente are hidden: c drops out, b too (hidden with it).
    contrast = overview.contrast
    assert contrast.companies == 7 and dict(contrast.overall.dropped) == {"no_focus_shown": 2, "no_other_shown": 0}
    assert contrast.overall.n == 5 and expected["all"]["n"] == 5
    assert overview.compared_without_plan == 1


def test_plans_are_one_bulk_load(app: Flask) -> None:
    made = _programme(app)
    with _count_queries(app) as few, transaction(app) as s:
        reporting.programme_input(s, registry(app), "key")
    add_plan(app, made["h"], {"reflection": [("Verbeterbord", "done", True)]})
    with _count_queries(app) as more, transaction(app) as s:
        reporting.programme_input(s, registry(app), "key")
    assert len(more) == len(few)


def test_the_programme_page_shows_the_plans_and_the_contrast(app: Flask) -> None:
    _programme(app)
    from quickscan.auth import add_user

    with transaction(app) as s:
        add_user(s, "lead@example.nl", PASSWORD, "admin")
    client = app.test_client()
    assert log_in(client, "lead@example.nl").status_code == 302
    page = client.get("/programme?lang=nl").get_data(as_text=True)
    assert "Plannen van aanpak" in page and "8 van de 9 bedrijven hebben een plan van aanpak" in page
    assert "Gingen de gekozen thema&#39;s meer omhoog?" in page
    assert "gingen gemiddeld" in page and "regressie naar het gemiddelde" in page
    pdf = client.get("/programme/report.pdf?lang=en")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")


def test_the_demo_contrast_matches_the_independent_calculation(app: Flask) -> None:
    """The demo programme (48 companies, its plans from quickscan/demo_plans.py) through the same check."""
    assert app.test_cli_runner().invoke(main, ["demo", "--seed", "7"]).exit_code == 0
    expected = check_database_programme(app)
    with transaction(app) as s:
        report = reporting.programme_report(s, registry(app), "key")
    assert report is not None and report.plan_overview is not None
    if report.plan_overview.contrast.companies == 0:
        pytest.skip("the demo has no plans of approach yet")
    assert report.plan_overview.total.with_plan > 0
    for within in ("all", "weakest"):
        assert expected[within]["n"] >= MIN_COMPANIES  # type: ignore[operator]
        assert math.isfinite(expected[within]["mean"])  # type: ignore[arg-type]
