"""Chart text stays readable: no text of a chart under 11 CSS px, on a 360 px phone and a 1280 px screen.

The charts are SVG images with their text kept as text; a browser shows each at most at its own size. The
font size a reader sees is the SVG's font size times the image's shown width over the SVG's width, measured
here on the company page of a coach in a real Chromium, for the image the ``<picture>`` chose.
"""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from quickscan import demo
from quickscan.db import transaction
from quickscan.models import Company
from quickscan.questionnaire_store import registry

pytestmark = pytest.mark.browser

#: Per chart image: the address chosen, its shown width, the SVG's width and its smallest font size.
MEASURE = r"""async () => {
  const out = [];
  for (const img of document.querySelectorAll('.report figure img')) {
    img.loading = 'eager';
    img.scrollIntoView();
    await img.decode();
    // a chart drawn into the page comes as a data: URL, which the page's CSP (connect-src 'self') won't fetch
    const text = img.currentSrc.startsWith('data:image/svg+xml;base64,')
      ? new TextDecoder().decode(Uint8Array.from(atob(img.currentSrc.split(',')[1]), c => c.charCodeAt(0)))
      : await (await fetch(img.currentSrc)).text();
    const svg = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = svg.documentElement;
    const sizes = [...svg.querySelectorAll('text')].map(
      t => parseFloat(/font-size:\s*([\d.]+)px/.exec(t.getAttribute('style') || '')?.[1]));
    out.push({src: img.currentSrc, shown: img.getBoundingClientRect().width,
              width: root.viewBox.baseVal.width, smallest: Math.min(...sizes), texts: sizes.length});
  }
  return out;
}"""


@pytest.mark.parametrize("width", [360, 1280])
def test_no_chart_text_under_11_css_px(app: Flask, live_server: str, browser, width: int) -> None:  # type: ignore[no-untyped-def]
    q = registry(app).get("leercultuur-mkb")
    with transaction(app) as s:
        demo.create(s, q, seed=5, regions=("Twente",))
        slug = s.scalars(select(Company.slug).order_by(Company.name)).first()
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mailadres").fill("coach-twente@demo.quickscan.nl")
    page.get_by_label("Wachtwoord").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/dashboard")
    page.goto(f"{live_server}/companies/{slug}")
    charts = page.evaluate(MEASURE)
    assert len(charts) >= 5  # profile, comparison, gap, plans, items
    for chart in charts:
        assert chart["texts"] > 0, chart
        assert chart["shown"] <= width, chart
        seen = chart["smallest"] * chart["shown"] / chart["width"]  # CSS px per SVG unit: shown over viewBox
        assert seen >= 11, chart
    context.close()
