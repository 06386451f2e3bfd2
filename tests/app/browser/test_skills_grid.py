"""The skills matrix in a real browser: a demo company's manager reads in a 25 people x 15 tasks spreadsheet,
changes cells in the grid (with the page's script, and without it as a plain form), sees coverage and the
"één persoon" flags change, prints it on one A4 landscape page; another company's manager gets 404."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from openpyxl import Workbook
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from quickscan import demo, skills_store
from quickscan.db import transaction
from quickscan.models import Company
from quickscan.questionnaire_store import registry

pytestmark = pytest.mark.browser

PEOPLE = [f"P{i:02d}" for i in range(1, 26)]
TASKS = [f"Taak {j}" for j in range(1, 16)]


def _level(i: int, j: int) -> int:
    """Taak 1: only P01 at level 3 (one person); Taak 2: nobody; every other task: 5 people at 3 or 4."""
    if j == 0:
        return 3 if i == 0 else 2
    if j == 1:
        return 1
    return (3 + (i % 2)) if (i + j) % 5 == 0 else i % 3


def _spreadsheet() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Naam", "Taak 1 *", "Taak 2 *", *TASKS[2:]])
    for i, name in enumerate(PEOPLE):
        sheet.append([name, *(_level(i, j) for j in range(len(TASKS)))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _log_in(page, base: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login?lang=nl")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/dashboard")


def _coverage(page, task: int) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(page.locator("td.coverage").nth(task).inner_text()).split())


def test_a_manager_fills_a_25_by_15_matrix_sees_the_flags_change_and_prints_it(  # type: ignore[no-untyped-def]
    app: Flask, live_server: str, browser, tmp_path
) -> None:
    with transaction(app) as s:
        demo.create(s, registry(app).get("leercultuur-mkb"), seed=7, regions=("Twente",))
    with transaction(app) as s:
        free = [c for c in s.scalars(select(Company).order_by(Company.pk)) if not skills_store.has_matrix(s, c)]
        company, other = free[:2]
        slug, other_slug = company.slug, other.slug
    file = tmp_path / "matrix.xlsx"
    file.write_bytes(_spreadsheet())

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    _log_in(page, live_server, f"manager-{slug}@demo.quickscan.nl")
    page.goto(f"{live_server}/companies/{slug}/skills")
    page.get_by_role("link", name="Voeg taken en mensen toe, of lees je eigen spreadsheet in.").click()
    page.get_by_label("Bestand (Excel .xlsx of CSV)").set_input_files(str(file))
    page.get_by_role("button", name="Inlezen").click()
    page.wait_for_url(f"**/companies/{slug}/skills")
    assert page.get_by_text("Ingelezen: 15 nieuwe taken, 25 nieuwe mensen, 375 niveaus.").is_visible()
    assert page.locator("table.skills-grid tbody tr").count() == 25
    assert page.locator("table.skills-grid thead th.task").count() == 16  # 15 tasks and the versatility column
    assert _coverage(page, 0) == "1/2 één persoon"
    assert _coverage(page, 1) == "0/2 te weinig"
    assert _coverage(page, 2) == "5/2"
    figures = page.locator("#figures")
    assert "0 van de 2 kritieke taken hebben genoeg mensen" in figures.inner_text()
    assert "Taken die maar één persoon zelfstandig kan: 1." in figures.inner_text()

    # Cell by cell with the page's script: P02 learns Taak 1 -> two people, no longer one.
    page.get_by_label("P02 bij Taak 1", exact=True).select_option("3")
    expect(page.locator("td.coverage").nth(0)).to_have_text("2/2")
    assert page.get_by_role("status").filter(has_text="Opgeslagen.").count() == 1
    expect(page.locator("#figures")).to_contain_text("1 van de 2 kritieke taken hebben genoeg mensen")
    assert "Taken die maar één persoon zelfstandig kan: 0." in page.locator("#figures").inner_text()
    # Then P03 reaches Taak 2: one person there now.
    page.get_by_label("P03 bij Taak 2", exact=True).select_option("4")
    expect(page.locator("td.coverage").nth(1)).to_contain_text("één persoon")
    assert "short" in (page.locator("td.coverage").nth(1).get_attribute("class") or "")
    page.reload()
    assert _coverage(page, 0) == "2/2" and _coverage(page, 1) == "1/2 één persoon"
    assert page.get_by_label("P02 bij Taak 1", exact=True).input_value() == "3"

    # One A4 landscape page, without the selects and buttons.
    page.emulate_media(media="print")
    assert not page.locator("#skills-grid-form select").first.is_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape in points
    printed = pdf.pages[0].extract_text()
    assert "P25" in printed and "één persoon" in printed
    page.emulate_media(media="screen")
    context.close()

    # Without the script the grid is a plain form: change two cells, save both with the button.
    plain = browser.new_context(viewport={"width": 1024, "height": 768}, java_script_enabled=False)
    page = plain.new_page()
    page.set_default_timeout(60_000)
    _log_in(page, live_server, f"manager-{slug}@demo.quickscan.nl")
    page.goto(f"{live_server}/companies/{slug}/skills?critical=1")
    assert page.locator("table.skills-grid thead th.task").count() == 3  # the two critical tasks
    page.get_by_label("P04 bij Taak 2", exact=True).select_option("3")
    page.get_by_label("P05 bij Taak 2", exact=True).select_option("4")
    page.get_by_role("button", name="Niveaus opslaan").click()
    page.wait_for_url(re.compile(r".*/skills\?critical=1$"))
    assert page.get_by_text("2 niveau(s) opgeslagen.").is_visible()
    assert _coverage(page, 1) == "3/2"
    plain.close()

    # Another company's manager: not found, and no name shows.
    stranger = browser.new_context()
    page = stranger.new_page()
    _log_in(page, live_server, f"manager-{other_slug}@demo.quickscan.nl")
    response = page.goto(f"{live_server}/companies/{slug}/skills")
    assert response is not None and response.status == 404
    assert "P01" not in page.content()
    stranger.close()
