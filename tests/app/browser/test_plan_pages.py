"""The plan of approach in a real browser: a coach makes it from the proposals, a manager keeps it up;
other companies' people get 404; the page is axe-clean, fits a 360 px phone and prints on one A4 page."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from quickscan.db import transaction
from quickscan.models import ActionNote, ActionStep, FocusArea, PlanAction
from reports.plan import STATUSES

from ..auth_helpers import PASSWORD
from ..plan_helpers import EMAILS, World, make_world

pytestmark = pytest.mark.browser


def _log_in(page, base: str, who: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.get_by_label("E-mailadres").fill(EMAILS[who])
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/dashboard")


def _fill_action(page, owner: str, due: str) -> None:  # type: ignore[no-untyped-def]
    """On an action's page: who leads it and when it is due, then save."""
    page.wait_for_url("**/plan/actions/*")
    page.get_by_label("Wie trekt dit?").fill(owner)
    page.get_by_label("Klaar op").fill(due)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/plan/actions/*")
    assert page.get_by_text("Actie opgeslagen.").is_visible()


def _back_to_plan(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="Plan van aanpak van Alfa").click()
    page.wait_for_url("**/plan*")


def test_a_coach_makes_the_plan_and_a_manager_keeps_it_up(app: Flask, live_server: str, browser) -> None:  # type: ignore[no-untyped-def]
    world = make_world(app)
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    _log_in(page, live_server, "coach_a")
    page.get_by_role("link", name="Alfa", exact=True).click()
    page.wait_for_url(f"**/companies/{world.a}")
    page.get_by_role("link", name="Plan van aanpak", exact=True).click()
    page.wait_for_url(f"**/companies/{world.a}/plan")

    # Two proposed focus areas: the weakest theme, then the largest gap among the rest.
    page.get_by_role("button", name="Kiezen: Praten over groei").first.click()  # first: in the weakest
    assert page.get_by_role("heading", name="1. Praten over groei").is_visible()
    gaps = page.locator("ul.proposals").nth(1)
    second = gaps.locator("span.name").first.inner_text()
    gaps.get_by_role("button").first.click()
    assert page.get_by_role("heading", name=f"2. {second}").is_visible()

    # Per focus area one action from a suggestion (one click) and one of our own.
    for number, own in ((1, "Ontwikkelgesprekken met iedereen"), (2, "Leerkring bezoeken")):
        section = page.locator("section.focus").nth(number - 1)
        section.get_by_role("button", name="Maak er een actie van").first.click()
        _fill_action(page, "Bedrijfsleider", "2026-06-30")
        _back_to_plan(page)
        section = page.locator("section.focus").nth(number - 1)
        section.get_by_label("Nieuwe actie").fill(own)
        section.get_by_role("button", name="Actie toevoegen").click()
        _fill_action(page, "Eigenaar", "2026-09-01")
        _back_to_plan(page)
    assert page.locator("li.action").count() == 4
    context.close()

    with transaction(app) as s:
        assert [f.dimension_id for f in s.scalars(select(FocusArea).order_by(FocusArea.position))][0] == "development"
        actions = s.scalars(select(PlanAction)).all()
        assert len(actions) == 4 and sum(a.from_suggestion for a in actions) == 2
        assert {a.owner for a in actions} == {"Bedrijfsleider", "Eigenaar"}

    # The company's manager sees the plan and updates an action: status, a step, a note.
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    _log_in(page, live_server, "manager_a")
    page.goto(f"{live_server}/companies/{world.a}")
    page.get_by_role("link", name="Plan van aanpak", exact=True).click()
    page.wait_for_url(f"**/companies/{world.a}/plan")
    assert page.get_by_text("Ontwikkelgesprekken met iedereen").is_visible()
    page.get_by_role("link", name="Ontwikkelgesprekken met iedereen").click()
    page.wait_for_url("**/plan/actions/*")
    page.get_by_label("Stand van zaken").select_option(label="Bezig")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/plan/actions/*")
    page.get_by_label("Nieuwe stap").fill("Gespreksformulier kiezen")
    page.get_by_role("button", name="Stap toevoegen").click()
    page.wait_for_url("**/plan/actions/*")
    page.get_by_role("button", name="Afvinken").click()
    page.wait_for_url("**/plan/actions/*")
    assert page.get_by_role("button", name="Toch niet klaar").is_visible()
    page.get_by_role("textbox", name="Notitie").fill("Eerste drie gesprekken gevoerd.")
    page.get_by_role("button", name="Notitie toevoegen").click()
    page.wait_for_url("**/plan/actions/*")
    notes = page.locator("ol.notes")
    assert "Eerste drie gesprekken gevoerd." in notes.inner_text() and EMAILS["manager_a"] in notes.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _back_to_plan(page)
    mine = page.locator("li.action", has_text="Ontwikkelgesprekken met iedereen")
    assert "Bezig" in mine.inner_text() and "1 van 1 stappen klaar" in mine.inner_text()
    context.close()

    with transaction(app) as s:
        action = s.scalars(select(PlanAction).where(PlanAction.title == "Ontwikkelgesprekken met iedereen")).one()
        assert action.status == "in_progress"
        assert [(st.text, st.done) for st in s.scalars(select(ActionStep))] == [("Gespreksformulier kiezen", True)]
        assert [n.author for n in s.scalars(select(ActionNote))] == [EMAILS["manager_a"]]
        pk = action.pk

    # Another company's manager and coach: not found, for the plan and for an action of it.
    for who in ("manager_b", "coach_b"):
        context = browser.new_context()
        page = context.new_page()
        _log_in(page, live_server, who)
        for url in (f"/companies/{world.a}/plan", f"/companies/{world.a}/plan/actions/{pk}"):
            response = page.goto(f"{live_server}{url}")
            assert response is not None and response.status == 404
            assert "Ontwikkelgesprekken" not in page.content()
        context.close()


def _full_plan(app: Flask, world: World) -> None:
    """Three focus areas with the most actions each, long titles and descriptions, dates and steps: the most a
    printed page must hold."""
    from quickscan import plan_changes, programme

    why = "Uit de nulmeting en het gesprek aan de keukentafel: " + "iedereen herkent dit en wil ermee aan de slag. " * 3
    with transaction(app) as s:
        plan = plan_changes.lock(s, programme.company_by_slug(s, world.a))
        for dim in ("development", "ownership", "reflection"):
            focus = plan_changes.add_focus_area(s, plan, dim, why)
            for n in range(plan_changes.MAX_ACTIONS):
                action = plan_changes.add_action(
                    s,
                    focus,
                    f"Actie {n + 1} voor {dim}: een titel van een redelijke lengte, zoals mensen ze echt schrijven",
                    description="Wat we doen en waarom: " + "zodat iedereen weet wat er van hem verwacht wordt. " * 4,
                    owner="Bedrijfsleider en teamleider werkplaats",
                    start_on=dt.date(2026, 3, 1),
                    due_on=dt.date(2026, 9, 30),
                    status=STATUSES[n % len(STATUSES)],
                    shareable=n % 2 == 0,
                )
                for step in range(3):
                    plan_changes.set_step(plan_changes.add_step(s, action, f"Stap {step + 1}"), step == 0)


def test_the_plan_page_is_accessible_fits_a_phone_and_prints_on_one_page(app: Flask, live_server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    world = make_world(app)
    _full_plan(app, world)
    with transaction(app) as s:
        first = s.scalars(select(PlanAction).order_by(PlanAction.pk)).first()
        assert first is not None
        action_url = f"{live_server}/companies/{world.a}/plan/actions/{first.pk}"
    plan_url = f"{live_server}/companies/{world.a}/plan"
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    _log_in(page, live_server, "coach_a")
    axe = Axe()

    # Printed: one A4 page with all fifteen actions, without forms or buttons.
    page.goto(plan_url)
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in pdf.pages))
    assert len(pdf.pages) == 1, f"{len(pdf.pages)} pages"
    assert "3. Terugkijken en verbeteren" in text and "Actie 4 voor ownership" in text  # ("reﬂection": a ligature)
    assert "Actie toevoegen" not in text and "Ideeën uit de vragenlijst" not in text
    page.emulate_media(media="screen")

    for url in (plan_url, action_url, f"{action_url}/remove", f"{plan_url}?shareable=1"):
        page.goto(url)
        page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()

    # With room for a third focus area the page has the proposals too: checked as well.
    with transaction(app) as s:
        last = s.scalars(select(FocusArea).order_by(FocusArea.pk.desc())).first()
        assert last is not None
        s.delete(last)
    page.goto(plan_url)
    assert page.get_by_role("heading", name="Aandachtspunt kiezen").is_visible()
    assert page.get_by_role("heading", name="Laagste scores van de medewerkers").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()
