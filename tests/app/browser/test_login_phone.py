"""The login page on a phone looks like the survey: fields as wide as the page, 16 px text (iOS does not zoom
in), touch targets of at least 44 px; a failed login says so next to the form."""

from __future__ import annotations

import pytest
from flask import Flask

pytestmark = pytest.mark.browser

#: An element's width and height (CSS px) and its text size.
SIZE = "e => [e.offsetWidth, e.offsetHeight, parseFloat(getComputedStyle(e).fontSize)]"


def test_the_login_page_fits_a_thumb(app: Flask, live_server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    main = page.locator("main").evaluate("e => e.clientWidth - 32")  # main's padding: 1rem a side
    for label in ("E-mailadres", "Wachtwoord"):
        width, height, font = page.get_by_label(label).evaluate(SIZE)
        assert width >= main and height >= 44 and font >= 16, (label, width, height, font)
    # The same field style as the survey's text fields (survey/code.html).
    style = "e => [getComputedStyle(e).borderTopColor, getComputedStyle(e).borderRadius, getComputedStyle(e).padding]"
    assert page.get_by_label("E-mailadres").evaluate(style) == ["rgb(107, 112, 121)", "4px", "8px"]
    width, height, font = page.get_by_role("button", name="Inloggen").evaluate(SIZE)
    assert height >= 44 and font >= 16
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("E-mailadres").fill("nobody@example.nl")
    page.get_by_label("Wachtwoord").fill("wrong")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
