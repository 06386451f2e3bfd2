"""Through the app: the company's plan of approach reaches its report (one bulk load for all companies), and the
company page and its PDF show each focus area's actions beside the theme's change, after the first screen."""

from __future__ import annotations

import datetime as dt
import io

from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from quickscan import plan_store, reporting
from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.models import Company, FocusArea, PlanAction
from quickscan.questionnaire_store import registry

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import release_pending
from .test_reporting import _company, _count_queries

COACH = "coach@example.nl"
AT = dt.datetime(2026, 9, 1, 10, 0)


def _plan(app: Flask, slug: str, title: str) -> None:
    with transaction(app) as s:
        company = s.scalars(select(Company).where(Company.slug == slug)).one()
        plan = plan_store.ensure(s, company, AT)
        focus = FocusArea(dimension_id="time_to_learn", why="Laagste score", position=0)
        plan.focus_areas.append(focus)
        focus.actions.append(
            PlanAction(title=title, owner="Bedrijfsleider", status="done", created_at=AT, updated_at=AT)
        )


def test_the_plan_reaches_the_report_the_page_and_the_pdf(app: Flask) -> None:
    slug = _company(app, "Metaal Plan", "Twente", 14, 16, 1)
    other = _company(app, "Bouw Plan", "Twente", 12, 11, 2)
    release_pending(app)
    _plan(app, slug, "Elke week een uur leren")
    with transaction(app) as s, _count_queries(app) as one_plan:
        reports = reporting.company_reports(s, registry(app))
    report = reports[slug]
    assert report.plan is not None and report.plan.focus_dimensions == ("time_to_learn",)
    assert [a.title for a in report.plan.actions] == ["Elke week een uur leren"]
    assert reports[other].plan is None
    _plan(app, other, "Leren in de planning")
    with transaction(app) as s, _count_queries(app) as two_plans:
        assert reporting.company_reports(s, registry(app))[other].plan is not None
    assert len(two_plans) == len(one_plan)  # one bulk load, not a query per company

    with transaction(app) as s:
        company = s.scalars(select(Company).where(Company.slug == slug)).one()
        add_user(s, COACH, PASSWORD, "coach", coach_of=[company])
    client = app.test_client()
    assert log_in(client, COACH, PASSWORD).status_code == 302
    page = client.get(f"/companies/{slug}").get_data(as_text=True)
    assert page.index("Samenvatting") < page.index("Plan van aanpak en verandering") < page.index("<figure")
    assert "Tijd en ruimte om te leren: " in page and "Klaar: Elke week een uur leren (wie: Bedrijfsleider)" in page
    pdf = client.get(f"/companies/{slug}/report.pdf?lang=en").data
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    start = text.index("Plan of approach and change")
    assert text.index("Time and room to learn: ", start) < text.index("Done: Elke week een uur leren", start)
