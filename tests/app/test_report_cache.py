"""The company page is rendered once per release: a repeat view runs no scoring, and whatever changes what it
shows (a release, a withholding, a plan change) makes it anew. A manager never gets the coach's page or charts."""

from __future__ import annotations

import datetime as dt
import gzip
import re

import pytest
from flask import Flask
from sqlalchemy import select

from quickscan import plan_changes, programme, report_cache
from quickscan.db import transaction
from quickscan.models import Wave
from reports.company import CompanyInput

from .plan_helpers import World, answer, client_of, make_world

CHART = re.compile(r'src="(/companies/[^"]+/charts/[0-9a-f]+\.svg)"')


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every scoring of a company report, by ``among_managers``."""
    calls: list[bool] = []
    gather = CompanyInput.gather

    def spy(self: CompanyInput, among_managers: bool = False) -> object:
        calls.append(among_managers)
        return gather(self, among_managers)

    monkeypatch.setattr(CompanyInput, "gather", spy)
    return calls


@pytest.fixture
def world(app: Flask) -> World:
    return make_world(app)


def _page(app: Flask, who: str, slug: str) -> str:
    response = client_of(app, who).get(f"/companies/{slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_repeat_view_of_an_unchanged_company_page_runs_no_scoring(
    app: Flask, world: World, scored: list[bool]
) -> None:
    client = client_of(app, "coach_a")
    first = client.get(f"/companies/{world.a}")
    assert first.status_code == 200 and scored == [False]
    again = client.get(f"/companies/{world.a}")
    assert again.status_code == 200 and scored == [False]  # from the cache: nothing loaded or scored
    assert again.get_data() == first.get_data()
    # another coach's session and the other language: the report data is kept too
    english = client.get(f"/companies/{world.a}?lang=en")
    assert english.status_code == 200 and "Employees" in english.get_data(as_text=True)
    assert scored == [False]
    # the PDF of the same results
    assert client.get(f"/companies/{world.a}/report.pdf?lang=nl").status_code == 200
    assert client.get(f"/companies/{world.a}/report.pdf?lang=nl").status_code == 200
    assert scored == [False]


def test_a_new_release_makes_the_page_anew(app: Flask, world: World, scored: list[bool]) -> None:
    before = _page(app, "coach_a", world.a)
    with transaction(app) as s:
        wave = programme.wave_of(s, programme.company_by_slug(s, world.a), "baseline")
        tokens = [i.token for i in programme.invite(s, wave, "employee", 5)]
    _page(app, "coach_a", world.a)
    assert scored == [False]  # invitations alone change no result (the live counts are outside the report)
    answer(app, tokens, world.questionnaire, values={"development": 5})  # ... and released
    after = _page(app, "coach_a", world.a)
    assert scored == [False, False] and after != before


def test_withholding_makes_the_page_anew(app: Flask, world: World, scored: list[bool]) -> None:
    before = _page(app, "coach_a", world.a)
    with transaction(app) as s:
        company = programme.company_by_slug(s, world.a)
        wave = programme.wave_of(s, company, "baseline")
        link = next(i.token for i in wave.invitations if i.role == "employee" and i.response is not None)
        programme.revoke(s, company, link)
    page = _page(app, "coach_a", world.a)
    assert scored == [False, False] and "teruggetrokken" in page
    # the charts of the withdrawn results are not served any more, though the cache may still hold them
    client = client_of(app, "coach_a")
    gone = set(CHART.findall(before)) - set(CHART.findall(page))
    assert gone and all(client.get(url).status_code == 404 for url in gone)


def test_a_plan_change_makes_the_page_anew(app: Flask, world: World, scored: list[bool]) -> None:
    long_ago = dt.datetime(2026, 1, 5, 9, 0, 0)
    with transaction(app) as s:
        plan_changes.lock(s, programme.company_by_slug(s, world.a), at=long_ago)
    _page(app, "coach_a", world.a)
    _page(app, "coach_a", world.a)
    assert scored == [False]
    with transaction(app) as s:
        plan = plan_changes.lock(s, programme.company_by_slug(s, world.a), at=long_ago + dt.timedelta(minutes=1))
        plan_changes.add_focus_area(s, plan, "development", "Laagste score")
    _page(app, "coach_a", world.a)
    assert scored == [False, False]


def test_a_plan_changed_this_second_is_not_kept(app: Flask, world: World, scored: list[bool]) -> None:
    with transaction(app) as s:
        plan_changes.lock(s, programme.company_by_slug(s, world.a))  # now: a second change could follow
    _page(app, "coach_a", world.a)
    _page(app, "coach_a", world.a)
    assert scored == [False, False]


def test_a_manager_never_gets_the_coach_page_or_its_charts(app: Flask, world: World, scored: list[bool]) -> None:
    coach = _page(app, "coach_a", world.a)
    manager = _page(app, "manager_a", world.a)
    assert scored == [False, True]  # the manager's view is scored for the manager, not taken from the coach's
    # One manager answered (5 everywhere): the coach sees their result, the company's managers only from 3.
    assert "5,00" in coach and "5,00" not in manager
    coach_charts = set(CHART.findall(coach))
    manager_charts = set(CHART.findall(manager))
    client = client_of(app, "manager_a")
    for url in coach_charts - manager_charts:
        assert client.get(url).status_code == 404
    assert coach_charts - manager_charts  # the gap chart at least differs
    again = _page(app, "manager_a", world.a)
    assert again == manager and scored == [False, True]


def test_charts_are_their_own_resources_kept_by_the_browser(app: Flask, world: World) -> None:
    client = client_of(app, "coach_a")
    page = client.get(f"/companies/{world.a}").get_data(as_text=True)
    urls = CHART.findall(page)
    assert urls and "data:image" not in page
    for url in urls:
        chart = client.get(url)
        assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
        assert chart.headers["Cache-Control"] == "private, max-age=31536000, immutable"
        assert chart.data.startswith(b"<?xml") and b"<script" not in chart.data and b"<text" in chart.data
    # another company's reader gets nothing (404, as for the page); a chart no longer held is drawn again
    assert client_of(app, "coach_b").get(urls[0]).status_code == 404
    report_cache.of(app).clear()
    assert client.get(urls[-1]).status_code == 200
    assert client.get(f"/companies/{world.a}/charts/{'0' * 24}.svg").status_code == 404


def test_an_unchanged_page_answers_304_and_survey_pages_stay_no_store(app: Flask, world: World) -> None:
    client = client_of(app, "coach_a")
    first = client.get(f"/companies/{world.a}")
    assert first.headers["Cache-Control"] == "private, no-cache"
    tag = first.headers["ETag"]
    again = client.get(f"/companies/{world.a}", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    # the tag follows the live participation, which the page shows beside the report
    with transaction(app) as s:
        wave = s.scalar(select(Wave).where(Wave.company.has(slug=world.a)))
        assert wave is not None
        programme.invite(s, wave, "employee", 1)
    assert client.get(f"/companies/{world.a}", headers={"If-None-Match": tag}).status_code == 200
    # pages that are not reports: no-store, as before
    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"
    with transaction(app) as s:
        wave = s.scalar(select(Wave).where(Wave.company.has(slug=world.b)))
        assert wave is not None
        token = programme.invite(s, wave, "employee", 1)[0].token
    survey = app.test_client().get(f"/s/{token}", headers={"Accept-Encoding": "gzip"})
    assert survey.headers["Cache-Control"] == "no-store" and "Content-Encoding" not in survey.headers


def test_report_pages_and_charts_are_compressed(app: Flask, world: World) -> None:
    client = client_of(app, "coach_a")
    page = client.get(f"/companies/{world.a}", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in page.headers["Vary"]
    tag = page.headers["ETag"]
    assert tag.endswith(':gzip"')
    # the browser sends back the compressed body's tag: still 304, without compressing again
    again = client.get(f"/companies/{world.a}", headers={"Accept-Encoding": "gzip", "If-None-Match": tag})
    assert again.status_code == 304
    chart = client.get(CHART.findall(gzip.decompress(page.data).decode())[0], headers={"Accept-Encoding": "gzip"})
    assert chart.headers["Content-Encoding"] == "gzip"
    with client.get("/static/quickscan.css", headers={"Accept-Encoding": "gzip"}) as css:  # read, then gzipped
        assert css.headers["Content-Encoding"] == "gzip" and b"Quickscan" in gzip.decompress(css.data)


def test_the_tag_of_a_page_with_a_form_token_leaves_the_token_out(app: Flask) -> None:
    from flask import g

    from quickscan.http_cache import page_tag

    with app.test_request_context("/"):
        g.csrf_token = "token-one"
        first = page_tag("<form><input value='token-one'></form>")
        g.csrf_token = "token-two"
        assert page_tag("<form><input value='token-two'></form>") == first
        assert page_tag("<form><input value='token-two'></form><p>new</p>") != first


def test_the_programme_page_is_drawn_once_per_release(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reports.programme import ProgrammeInput

    calls: list[int] = []
    gather = ProgrammeInput.gather

    def spy(self: ProgrammeInput) -> object:
        calls.append(1)
        return gather(self)

    monkeypatch.setattr(ProgrammeInput, "gather", spy)
    client = client_of(app, "admin")
    first = client.get("/programme")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-cache"
    assert "In het kort" in first.get_data(as_text=True)
    assert client.get("/programme").status_code == 200 and client.get("/programme?lang=en").status_code == 200
    assert client.get("/programme/report.pdf").status_code == 200
    assert calls == [1]
    with transaction(app) as s:
        wave = programme.wave_of(s, programme.company_by_slug(s, world.a), "baseline")
        tokens = [i.token for i in programme.invite(s, wave, "employee", 5)]
    answer(app, tokens, world.questionnaire)
    assert client.get("/programme").status_code == 200 and calls == [1, 1]


def test_the_cache_is_bounded_in_bytes_least_recently_used_out_first() -> None:
    lru = report_cache.Lru(100)
    lru.put("a", "A", 40)
    lru.put("b", "B", 40)
    assert lru.get("a") == "A"  # a is now the most recently used
    lru.put("c", "C", 40)  # 120 > 100: b goes
    assert lru.get("b") is None and lru.get("a") == "A" and lru.get("c") == "C"
    assert lru.size == 80 and len(lru) == 2 and lru.stats.evicted == 1
    lru.put("huge", "H", 101)  # larger than the whole cache: not kept, nothing else dropped
    assert lru.get("huge") is None and len(lru) == 2
    off = report_cache.Lru(0)  # REPORT_CACHE_BYTES = 0 turns the cache off
    off.put("a", "A", 1)
    assert off.get("a") is None


def test_with_the_cache_off_every_view_draws_and_the_charts_are_in_the_page(
    app: Flask, world: World, scored: list[bool]
) -> None:
    app.extensions["quickscan.report_cache"] = report_cache.Lru(0)
    client = client_of(app, "coach_a")
    page = client.get(f"/companies/{world.a}").get_data(as_text=True)
    assert "data:image/svg+xml;base64," in page and not CHART.findall(page)
    again = client.get(f"/companies/{world.a}").get_data(as_text=True)
    assert "data:image/svg+xml;base64," in again and not CHART.findall(again)
    # drawn again, but scored once: the second view reads the results the first stored (quickscan.report_jobs)
    assert scored == [False]
