"""An employee fills in the shipped questionnaire on a phone-sized screen, in a real browser."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from quickscan.db import transaction
from quickscan.models import Answer, Response

from ..survey_helpers import make_company

pytestmark = pytest.mark.browser


def test_employee_completes_the_survey_on_a_phone(app: Flask, live_server: str, browser) -> None:  # type: ignore[no-untyped-def]
    co = make_company(app)
    q = co.questionnaire
    token = co.employee[0]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server}/s/{token}")
    assert page.locator("h1").inner_text() == q.title["nl"]
    page.get_by_role("button", name="Beginnen").click()

    sections = q.sections_for("employee")
    for number, section in enumerate(sections, start=1):
        page.wait_for_url(f"**/s/{token}/{number}")
        assert page.get_by_text(f"Pagina {number} van {len(sections)}").is_visible()
        # Nothing sticks out sideways on a 360 px screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for eid in section.elements:
            element = q.element(eid)
            if hasattr(element, "scale"):
                # Click the label text "Eens" (4) for items, "Weet ik niet" for the last item of a page.
                label = "Weet ik niet" if eid == section.elements[-1] else "Eens"
                group = page.get_by_role("group", name=element.text["employee"]["nl"])
                group.get_by_text(label, exact=True).click()
            elif element.type == "open":
                page.get_by_label(element.text["employee"]["nl"]).fill("Meer tijd om te oefenen.")
            else:
                group = page.get_by_role("group", name=element.text["employee"]["nl"])
                group.get_by_text(element.options[-1].label["nl"], exact=True).click()
        page.get_by_role("button", name="Volgende").click()

    page.wait_for_url(f"**/s/{token}/code")
    page.get_by_role("button", name="Overslaan").click()
    page.wait_for_url(f"**/s/{token}/submit")
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url(f"**/s/{token}/thanks")
    assert "Bedankt" in page.locator("h1").inner_text()
    context.close()

    with transaction(app) as s:
        [response] = s.scalars(select(Response)).all()
        assert response.submitted_on is not None
        answers = {a.element_id: a for a in s.scalars(select(Answer))}
    asked = [e for sec in sections for e in sec.elements]
    assert set(answers) == set(asked)
    last_items = {sec.elements[-1] for sec in sections}
    for item in q.items_for("employee"):
        expected = ("dk", None) if item.id in last_items else (None, 4)
        assert (answers[item.id].code, answers[item.id].value) == expected, item.id


def test_keyboard_only_respondent_can_answer_and_move_on(app: Flask, live_server: str, browser) -> None:  # type: ignore[no-untyped-def]
    co = make_company(app)
    token = co.employee[0]
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live_server}/s/{token}")
    page.keyboard.press("Tab")  # skip link first
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Beginnen"
    page.wait_for_url(f"**/s/{token}/1")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # language link
    page.keyboard.press("Tab")  # first radio group
    page.keyboard.press("Space")
    focused = page.evaluate("document.activeElement.name")
    assert focused.startswith("a_")
    assert page.evaluate("document.activeElement.checked") is True
    page.close()
