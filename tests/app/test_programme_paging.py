"""The programme page and the overview at scale: a page of companies at a time, chosen by region and a
search, what a person sees on them, and the page numbers nobody links to."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quickscan import dashboard, demo
from quickscan.db import transaction
from quickscan.questionnaire_store import registry

from .auth_helpers import log_in

ROW = re.compile(r'<tr><th scope="row">([A-Z]+)</th><td>([^<]+)</td>')
NAME = re.compile(r'<tr><th scope="row"><a href="/companies/[^"]+">([^<]+)</a></th>\s*<td>([^<]+)</td>')


@pytest.fixture
def demo_app(app: Flask) -> Flask:
    """The demo in two regions: 16 companies, 15 with a baseline and an end-line (the last one's is open)."""
    with transaction(app) as s:
        demo.create(s, registry(app).get("leercultuur-mkb", 1), seed=7, regions=("Twente", "Achterhoek"))
    return app


def _lead(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert log_in(client, demo.ADMIN_EMAIL, demo.DEMO_PASSWORD).status_code == 302
    return client


def _text(client: FlaskClient, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return page.get_data(as_text=True)


def test_the_programme_page_shows_a_page_of_companies_and_links_to_the_next(
    demo_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dashboard, "PROGRAMME_PAGE_SIZE", 6)
    client = _lead(demo_app)
    first = _text(client, "/programme")
    assert first.index("In het kort") < first.index("Verandering per bedrijf")  # the summary first
    rows = ROW.findall(first)
    assert [letter for letter, _ in rows] == ["A", "B", "C", "D", "E", "F"]
    status = re.search(r"Bedrijf 1 tot en met 6 van (\d+)", first)
    assert status is not None, first[first.index("bedrijven-title") :][:3000]
    count = int(status.group(1))
    assert count >= 13 and f"Pagina 1 van {-(-count // 6)}" in first
    assert 'href="/programme?page=2#bedrijven" rel="next"' in first and 'rel="prev"' not in first
    # no chart per company on the page any more (the PDF keeps them): only the regions' and the plans'
    assert ": verandering per bedrijf" not in first
    second = _text(client, "/programme?page=2")
    assert [letter for letter, _ in ROW.findall(second)] == ["G", "H", "I", "J", "K", "L"]
    assert 'rel="prev"' in second and 'rel="next"' in second
    last = _text(client, "/programme?page=3")
    assert [letter for letter, _ in ROW.findall(last)] == ["M", "N", "O", "P", "Q", "R"][: count - 12]
    assert 'rel="next"' not in last


def test_a_region_and_a_letter_choose_companies(demo_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dashboard, "PROGRAMME_PAGE_SIZE", 6)
    client = _lead(demo_app)
    everyone = dict(ROW.findall(_text(client, "/programme?page=1")))
    everyone |= dict(ROW.findall(_text(client, "/programme?page=2")))
    everyone |= dict(ROW.findall(_text(client, "/programme?page=3")))
    twente = _text(client, "/programme?region=Twente")
    shown = ROW.findall(twente) + ROW.findall(_text(client, "/programme?region=Twente&page=2"))
    assert shown and {region for _, region in shown} == {"Twente"}
    assert [letter for letter, _ in shown] == sorted((k for k, v in everyone.items() if v == "Twente"), key=_order)
    assert '<option value="Twente" selected>' in twente
    assert 'href="/programme?region=Twente&amp;page=2#bedrijven"' in twente
    found = _text(client, "/programme?q=c")
    assert ROW.findall(found) == [("C", everyone["C"])] and "Bedrijf 1 tot en met 1 van 1" in found


def _order(letter: str) -> tuple[int, str]:
    return len(letter), letter


def test_a_name_an_unknown_region_or_a_page_too_far_is_answered_on_the_page(demo_app: Flask) -> None:
    client = _lead(demo_app)
    by_name = _text(client, "/programme?q=Bouwbedrijf")
    assert "Typ de letter van een bedrijf" in by_name and 'aria-invalid="true"' in by_name
    assert "Bouwbedrijf" not in by_name.replace('value="Bouwbedrijf"', "")  # no name beside a letter
    nowhere = _text(client, "/programme?region=Nergens")
    count = len(ROW.findall(_text(client, "/programme")))  # all companies fit on a page of 40
    assert "Die regio is er niet" in nowhere and len(ROW.findall(nowhere)) == count  # all companies
    too_far = _text(client, "/programme?page=9")
    assert "Die pagina is er niet (meer): je ziet de laatste." in too_far and len(ROW.findall(too_far)) == count
    for bad in ("0", "-1", "abc", "1.5", "99999999999"):
        assert client.get(f"/programme?page={bad}").status_code == 400
        assert client.get(f"/dashboard?page={bad}").status_code == 400


def test_the_programme_page_in_english(demo_app: Flask) -> None:
    page = _text(_lead(demo_app), "/programme?lang=en&q=zz9")
    assert "Change per company" in page and "Type the letter of a company" in page
    assert re.search(r"<tr><th scope=\"row\">A</th><td>[^<]+</td><td>[a-z]", page)  # English change words


def test_the_overview_pages_the_companies_and_finds_them_by_name_and_region(
    demo_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dashboard, "DASHBOARD_PAGE_SIZE", 5)
    client = _lead(demo_app)
    pages = [NAME.findall(_text(client, f"/dashboard?page={n}")) for n in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [5, 5, 5, 1]
    names = [name for page in pages for name, _ in page]
    assert len(set(names)) == 16 and names == sorted(names)  # every company once, by name
    first = _text(client, "/dashboard")
    assert "Bedrijf 1 tot en met 5 van 16" in first and "Pagina 1 van 4" in first
    assert 'href="/dashboard?page=2" rel="next"' in first
    achterhoek = _text(client, "/dashboard?region=Achterhoek")
    assert {region for _, region in NAME.findall(achterhoek)} == {"Achterhoek"}
    assert "van 8" in achterhoek and 'href="/dashboard?region=Achterhoek&amp;page=2"' in achterhoek
    part = names[7].split()[-1].lower()  # a family name, typed in lower case
    found = _text(client, f"/dashboard?q={part}")
    assert [name for name, _ in NAME.findall(found)] == [n for n in names if part in n.lower()]
    none = _text(client, "/dashboard?q=%25")  # a % is a character, not a wildcard
    assert NAME.findall(none) == [] and "Geen bedrijven gevonden" in none
    too_far = _text(client, "/dashboard?page=50")
    assert "je ziet de laatste" in too_far and len(NAME.findall(too_far)) == 1


def test_a_coach_pages_through_their_own_companies_only(demo_app: Flask) -> None:
    client = demo_app.test_client()
    assert log_in(client, "coach-twente@demo.quickscan.nl", demo.DEMO_PASSWORD).status_code == 302
    page = _text(client, "/dashboard")
    assert {region for _, region in NAME.findall(page)} == {"Twente"} and len(NAME.findall(page)) == 8
    assert NAME.findall(_text(client, "/dashboard?region=Achterhoek")) == []
    assert '<option value="Achterhoek"' not in page  # only the regions of their own companies
