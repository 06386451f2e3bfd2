"""A coach compares a company's baseline and end-line in a real browser."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from quickscan import demo
from quickscan.dashboard import progress
from quickscan.db import transaction
from quickscan.models import Company
from quickscan.questionnaire_store import registry

pytestmark = pytest.mark.browser


def test_coach_compares_the_two_waves_of_a_company(app: Flask, live_server: str, browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    q = registry(app).get("leercultuur-mkb")
    with transaction(app) as s:
        demo.create(s, q, seed=5, regions=("Twente",))
    with transaction(app) as s:
        done = progress(s, list(s.scalars(select(Company))))
        # A company with at least 10 employee responses in both waves: intervals and effect sizes shown.
        name = next(
            c.name
            for c in s.scalars(select(Company).order_by(Company.name))
            if all(done[c.pk][k].by_role["employee"][0] >= 10 for k in ("baseline", "endline"))
        )
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.set_default_timeout(20_000)
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill("coach-twente@demo.quickscan.nl")
    page.get_by_label("Wachtwoord").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/dashboard")
    companies = page.locator("tbody th a")
    assert companies.count() == 8
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_url("**/companies/*")
    heading = page.get_by_role("heading", name="Nulmeting en eindmeting per thema")
    assert heading.count() >= 1
    # The comparison table: one row per dimension, with an interval and an effect size in words.
    table = page.locator("table", has=page.locator("caption", has_text="Nulmeting en eindmeting per thema"))
    rows = table.locator("tbody tr")
    assert rows.count() == len(q.dimensions)
    text = table.inner_text()
    assert "tot" in text  # "0,12 tot 0,48": an interval
    assert any(word in text for word in ("verbetering", "geen duidelijke verandering", "achteruitgang"))
    # Every chart image loads (an SVG of its own address; lazily, so each is asked for here).
    widths = page.eval_on_selector_all(
        ".report img",
        "imgs => Promise.all(imgs.map(i => { i.loading = 'eager'; return i.decode().then(() => i.naturalWidth); }))",
    )
    assert widths and all(w > 0 for w in widths)
    # English, one click away; then the PDF.
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name="Baseline and end-line per theme").count() >= 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Verslag downloaden (PDF)").or_(
            page.get_by_role("link", name="Download report (PDF)")
        ).click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    page.close()
