"""A dialogue session in a real browser: one facilitator page and eight phones (separate browser contexts at
360 px) join by code, vote, the facilitator's page counts them without a reload, reveals, shows the medians
of the votes, and the two largest gaps become focus areas of the plan of approach."""

from __future__ import annotations

import statistics

import pytest
from flask import Flask
from sqlalchemy import select

from quickscan.db import transaction
from quickscan.models import FocusArea

from ..dialogue_helpers import FACTORS
from ..plan_helpers import make_world
from .test_plan_pages import _log_in

pytestmark = pytest.mark.browser

#: Eight phones' marks (now, wanted) per factor: development and ownership have the largest gaps.
DEVELOPMENT = [(1, 5), (1, 5), (2, 5), (2, 5), (1, 5), (2, 5), (1, 5), (2, 5)]
OWNERSHIP = [(2, 5), (2, 4), (2, 5), (3, 5), (2, 5), (2, 4), (3, 5), (2, 5)]


def _marks(phone: int, factor: str) -> tuple[int, int]:
    if factor == "development":
        return DEVELOPMENT[phone]
    if factor == "ownership":
        return OWNERSHIP[phone]
    return (3 + phone % 2, 4 + phone % 2)


def _nl(value: float, signed: bool = False) -> str:
    return (f"{value:+.1f}" if signed else f"{value:.1f}").replace(".", ",")


def test_eight_phones_vote_and_two_top_gaps_become_focus_areas(app: Flask, live_server: str, browser) -> None:  # type: ignore[no-untyped-def]
    world = make_world(app)
    screen_context = browser.new_context(viewport={"width": 1280, "height": 900})
    screen = screen_context.new_page()
    screen.set_default_timeout(30_000)
    _log_in(screen, live_server, "coach_a")
    screen.goto(f"{live_server}/companies/{world.a}/dialogue")
    screen.get_by_role("button", name="Sessie starten").click()
    screen.wait_for_url("**/dialogue/*")
    code = screen.locator("#join-code").inner_text().strip()
    assert screen.locator("#reveal").is_disabled()

    for phone in range(8):
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{live_server}/d/")
        page.get_by_label("Code").fill(code.lower())  # typed as people type
        page.get_by_role("button", name="Meedoen").click()
        page.wait_for_url(f"**/d/{code.replace('-', '')}")
        for factor in FACTORS:
            now, wanted = _marks(phone, factor)
            page.locator(f"label[for='now-{factor}-{now}']").click()
            page.locator(f"label[for='wanted-{factor}-{wanted}']").click()
        if phone < 3:
            page.get_by_label("Opmerking (mag leeg blijven)").nth(FACTORS.index("development")).fill(
                f"Opmerking {phone}"
            )
        page.get_by_role("button", name="Cijfers bewaren").click()
        page.wait_for_url("**#saved")
        assert page.get_by_text("Je cijfers zijn bewaard.").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        context.close()

    # The facilitator's page counted them by itself (its script), and the reveal button came on from 3.
    screen.wait_for_function("() => document.getElementById('voters').textContent === '8'")
    assert screen.locator("#reveal").is_enabled()
    screen.get_by_role("button", name="Uitkomst laten zien").click()
    screen.wait_for_url("**#result")

    # Ranked by gap: development (median gap 3.5), ownership (2.5), then the rest (1).
    order = screen.locator("li.factor-result").evaluate_all("items => items.map(i => i.id)")
    assert order[:2] == ["factor-development", "factor-ownership"]
    for factor in FACTORS:
        marks = [_marks(p, factor) for p in range(8)]
        item = screen.locator(f"#factor-{factor}")
        assert item.locator(".now-median").inner_text() == _nl(statistics.median(m[0] for m in marks))
        assert item.locator(".wanted-median").inner_text() == _nl(statistics.median(m[1] for m in marks))
        assert item.locator(".gap").inner_text() == _nl(statistics.median(m[1] - m[0] for m in marks), signed=True)
    assert [t.strip() for t in screen.locator("#factor-development ul.remarks li").all_inner_texts()] == [
        "Opmerking 0",
        "Opmerking 1",
        "Opmerking 2",
    ]

    screen.get_by_role("button", name="Aandachtspunt maken: Praten over groei").click()
    screen.wait_for_url("**#result")
    screen.get_by_role("button", name="Aandachtspunt maken: Zelf aan de slag met leren").click()
    screen.wait_for_url("**#result")
    assert screen.locator("#factor-development").get_by_text("Staat in het plan van aanpak.").is_visible()
    with transaction(app) as s:
        areas = {f.dimension_id: f.why for f in s.scalars(select(FocusArea))}
    assert set(areas) == {"development", "ownership"}
    assert "8 deelnemers" in areas["development"] and "- Opmerking 2" in areas["development"]
    screen_context.close()
