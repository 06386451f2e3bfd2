"""The learning circle in the app (quickscan.circles, quickscan.circle_store, quickscan.demo_circle): the demo's
companies beside their circles on the company page, as a manager reads it, against the company pages' own
means; "too few" with four companies; the handouts; the lead's consent and circles; the action's flags."""

from __future__ import annotations

import re
import statistics

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quickscan import circle_store, demo, reporting
from quickscan.circle_models import CircleConsent
from quickscan.db import transaction
from quickscan.demo import ADMIN_EMAIL, DEMO_PASSWORD
from quickscan.models import AuditEvent, Company, PlanAction, Region
from quickscan.programme import DEFAULT_PROGRAMME
from quickscan.questionnaire_store import registry
from reports.charts.chart import dimension_ids
from scoring.circle import Band, CircleView
from scoring.results import DimensionStats, GroupResult
from tests.reports.helpers import pdf_pages

from .auth_helpers import log_in
from .survey_helpers import csrf

REGIONS = ("Twente", "Friesland")  # the last region of the demo: only four companies consent


@pytest.fixture
def demo_app(app: Flask) -> Flask:
    with transaction(app) as s:
        demo.create(s, registry(app).get("leercultuur-mkb"), seed=5, regions=REGIONS)
    return app


def _client(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert log_in(client, email, DEMO_PASSWORD).status_code == 302
    return client


def _companies(app: Flask) -> list[tuple[str, str, bool]]:
    with transaction(app) as s:
        rows = s.execute(
            select(Company.slug, Region.name, CircleConsent.consent)
            .join(Region, Company.region_pk == Region.pk)
            .outerjoin(CircleConsent, CircleConsent.company_pk == Company.pk)
            .order_by(Company.name)
        ).all()
    return [(slug, region, bool(consent)) for slug, region, consent in rows]


def _page_means(app: Flask, slugs: list[str]) -> dict[str, dict[str, float]]:
    """Each company's employee means of its latest wave as its own page computes them (reporting), the
    dimensions its page hides left out, and nothing for a company below the threshold."""
    with transaction(app) as s:
        reports = reporting.company_reports(s, registry(app), slugs)
    out: dict[str, dict[str, float]] = {}
    for slug, report in reports.items():
        wave = report.waves[-1]
        total = wave.employees.total
        if isinstance(total, GroupResult):
            out[slug] = {d: r.mean for d, r in total.dimensions.items() if isinstance(r, DimensionStats) and r.mean}
    return out


def _table(html: str) -> list[list[str]]:
    section = html[html.index('id="circle-title"') :]
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows
    ]


def test_every_demo_company_with_enough_data_shows_its_band(demo_app: Flask) -> None:
    companies = _companies(demo_app)
    twente = [slug for slug, region, _ in companies if region == "Twente"]
    means = _page_means(demo_app, twente)
    q = registry(demo_app).get("leercultuur-mkb")
    first_dim = dimension_ids(q)[0]
    taking_part = [slug for slug, region, consent in companies if region == "Twente" and consent]
    # by hand: the consenting companies whose page shows the theme, their latest wave's means (the demo's Twente
    # companies are all at the end-line, which is closed and released, except perhaps one)
    values = sorted(means[slug][first_dim] for slug in taking_part if slug in means and first_dim in means[slug])
    assert len(values) >= 5
    median, low, high = statistics.median(values), values[1], values[-2]
    shown = 0
    paged: set[bool] = set()  # the page as its manager reads it: once with consent, once without (time)
    for slug, region, consent in companies:
        if region != "Twente":
            continue
        with transaction(demo_app) as s:
            company = s.scalar(select(Company).where(Company.slug == slug))
            assert company is not None
            report = circle_store.company_circle(s, registry(demo_app), company)
        assert report is not None
        if not consent:
            assert not report.view.shown
        else:
            assert isinstance(report.view, CircleView)
            dim = report.view.dimensions[0]
            assert isinstance(dim.band, Band)
            assert (round(dim.band.median, 9), dim.band.low, dim.band.high) == (round(median, 9), low, high)
            own = means.get(slug, {}).get(first_dim)
            assert dim.own == own or (own is not None and abs(dim.own - own) < 1e-12)  # type: ignore[operator]
            shown += 1
        if consent in paged:
            continue
        paged.add(consent)
        manager = _client(demo_app, f"manager-{slug}@demo.quickscan.nl")
        html = manager.get(f"/companies/{slug}").get_data(as_text=True)
        assert "Leerkring" in html
        if not consent:
            assert "doet niet mee aan de vergelijking" in html
            assert "Midden van de kring" not in html
            continue
        assert "doet mee aan de vergelijking in de leerkring (aangezet door admin@demo.quickscan.nl" in html
        row = _table(html)[0]
        assert row[2] == f"{median:.2f}".replace(".", ",")
        assert row[3] == f"{low:.2f} tot {high:.2f}".replace(".", ",")
        if slug in means and first_dim in means[slug]:
            assert row[1] == f"{means[slug][first_dim]:.2f}".replace(".", ",")
            assert row[5].startswith("bij de ")
    assert shown == len(taking_part) >= 5
    # the programme page: the same band for Twente (no named circle here), too few in Friesland
    html = _client(demo_app, ADMIN_EMAIL).get("/programme").get_data(as_text=True)
    section = html[html.index('id="qs-circle-regions"') :]
    twente_rows = section[section.index("Twente") :]  # regions by name: Friesland, then Twente
    band = f"{low:.2f} tot {high:.2f}".replace(".", ",")
    assert f"{median:.2f}".replace(".", ",") in twente_rows and band in twente_rows
    assert "te weinig bedrijven om te vergelijken" in section[section.index("Friesland") : section.index("Twente")]


def test_a_region_with_four_eligible_companies_shows_too_few(demo_app: Flask) -> None:
    with transaction(demo_app) as s:
        friesland = list(
            s.scalars(select(Company).join(Region, Company.region_pk == Region.pk).where(Region.name == "Friesland"))
        )
        # eligible: a released end-line (the demo leaves the last company's end-line open)
        closed = sorted(c.slug for c in friesland if all(not w.is_open for w in c.waves))
        for c in friesland:
            row = s.get(CircleConsent, c.pk)
            assert row is not None
            row.consent = c.slug in closed[:4]
    assert len(closed) >= 5
    admin = _client(demo_app, ADMIN_EMAIL)
    html = admin.get(f"/companies/{closed[0]}").get_data(as_text=True)
    assert "Te weinig bedrijven om te vergelijken" in html
    assert "Midden van de kring" not in html
    # the lead gives the fifth consent: now there is a band of five companies
    page = admin.get("/admin/circles")
    assert page.status_code == 200 and "Toestemming per bedrijf" in page.get_data(as_text=True)
    token = csrf(page)
    data = {"csrf_token": token, "action": "consent", "company": closed[4], "consent": "yes"}
    assert admin.post("/admin/circles", data=data).status_code == 302
    with transaction(demo_app) as s:
        company = s.scalar(select(Company).where(Company.slug == closed[4]))
        assert company is not None
        row = s.get(CircleConsent, company.pk)
        assert row is not None and row.consent and row.set_by == ADMIN_EMAIL
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "circle.consent")) is not None
    html = admin.get(f"/companies/{closed[0]}").get_data(as_text=True)
    assert "Midden van de kring" in html and _table(html)[0][4] == "5"
    # a tampered post: 400, nothing stored
    bad = admin.post("/admin/circles", data={"csrf_token": token, "action": "consent", "company": "nope"})
    assert bad.status_code == 400
    assert admin.post("/admin/circles", data={"action": "consent"}).status_code == 400


def test_the_handouts_of_a_circle(demo_app: Flask) -> None:
    slug = next(slug for slug, region, consent in _companies(demo_app) if region == "Twente" and consent)
    manager = _client(demo_app, f"manager-{slug}@demo.quickscan.nl")
    first, second = (manager.get(f"/companies/{slug}/circle/handout.pdf") for _ in range(2))
    assert first.status_code == second.status_code == 200 and first.mimetype == "application/pdf"
    one, two = (" ".join(pdf_pages(r.data)) for r in (first, second))
    assert "jullie bedrijf" in one and "Wat de anderen probeerden" in one
    # the company PDF ends with the company beside its circle
    report = " ".join(pdf_pages(manager.get(f"/companies/{slug}/report.pdf").data))
    assert "Jullie bedrijf naast de leerkring" in report and "Midden van de kring" in report
    # lettered afresh: the same companies under other letters (the dots table differs)
    assert one != two
    assert manager.get(f"/companies/{slug}/circle/coach-handout.pdf").status_code == 403
    coach = _client(demo_app, "coach-twente@demo.quickscan.nl")
    copy = " ".join(pdf_pages(coach.get(f"/companies/{slug}/circle/coach-handout.pdf").data))
    assert "Exemplaar van de coach" in copy and "jullie bedrijf" not in copy.lower()
    other = next(s for s, region, _ in _companies(demo_app) if region == "Friesland")
    assert manager.get(f"/companies/{other}/circle/handout.pdf").status_code == 404
    # a company that does not take part gets no copy of its own (it does not see the others)
    outside = next(s for s, region, consent in _companies(demo_app) if region == "Twente" and not consent)
    assert (
        _client(demo_app, f"manager-{outside}@demo.quickscan.nl")
        .get(f"/companies/{outside}/circle/handout.pdf")
        .status_code
        == 404
    )
    with transaction(demo_app) as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "circle.handout")) is not None


def test_the_lead_makes_a_named_circle(demo_app: Flask) -> None:
    twente = [slug for slug, region, _ in _companies(demo_app) if region == "Twente"][:3]
    admin = _client(demo_app, ADMIN_EMAIL)
    token = csrf(admin.get("/admin/circles"))
    data = {"csrf_token": token, "action": "create", "programme": DEFAULT_PROGRAMME, "name": "", "companies": twente}
    page = admin.post("/admin/circles", data=data)
    assert page.status_code == 400 and "Geef de leerkring een naam" in page.get_data(as_text=True)
    data["name"] = "Bouw Oost"
    assert admin.post("/admin/circles", data=data).status_code == 302
    with transaction(demo_app) as s:
        company = s.scalar(select(Company).where(Company.slug == twente[0]))
        assert company is not None
        ref = circle_store.circle_of(s, company)
        assert ref.name == "Bouw Oost" and sorted(c.slug for c in ref.companies) == sorted(twente)
    html = admin.get(f"/companies/{twente[0]}").get_data(as_text=True)
    assert "Te weinig bedrijven om te vergelijken" in html  # three companies


def test_the_action_form_sets_the_circle_flags(demo_app: Flask) -> None:
    with transaction(demo_app) as s:
        action = s.scalar(select(PlanAction).where(PlanAction.circle_shareable.is_(False)).limit(1))
        assert action is not None
        pk, slug = action.pk, action.focus_area.plan.company_pk
        company = s.get(Company, slug)
        assert company is not None
        slug = company.slug
    manager = _client(demo_app, f"manager-{slug}@demo.quickscan.nl")
    url = f"/companies/{slug}/plan/actions/{pk}"
    page = manager.get(url)
    html = page.get_data(as_text=True)
    assert "De andere bedrijven van de leerkring mogen deze actie zien" in html
    fields = {"action-title": "Samen leren", "action-status": "in_progress", "action-circle_shareable": "y"}
    fields |= {"action-circle_named": "y", "action-csrf_token": csrf(page)}
    assert manager.post(url, data=fields).status_code == 302
    with transaction(demo_app) as s:
        saved = s.get(PlanAction, pk)
        assert saved is not None and saved.circle_shareable and saved.circle_named
    # named only while shared
    fields.pop("action-circle_shareable")
    fields["action-csrf_token"] = csrf(manager.get(url))
    assert manager.post(url, data=fields).status_code == 302
    with transaction(demo_app) as s:
        saved = s.get(PlanAction, pk)
        assert saved is not None and not saved.circle_shareable and not saved.circle_named
