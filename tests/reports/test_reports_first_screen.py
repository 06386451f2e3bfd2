"""The first screen a busy owner reads: what goes best, what needs attention, where managers see it
differently, development plans against the target, what changed, the plan; in words, in both languages, and
never a number of a hidden group."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html.parser import HTMLParser

import numpy as np
import pytest

from questionnaires.model import localise
from reports import html, pdf
from reports.company import CompanyReport, WaveInput, company_report
from reports.first_screen import first_screen, ideas_section, ranked_themes
from reports.sections import Section
from reports.text import TEXTS, Lang, percent
from reports.words import change_text, gap_word
from scoring import Answers
from scoring.results import DimensionGap, DimensionStats, GroupResult, PlanKpi, SuppressedDimension

from .helpers import company, pdf_pages, questionnaire, wave

MARKER_NL = "te weinig reacties (minder dan 5)"
#: Statistics terms that belong in the detail tables and the appendix, never on the first screen.
STATISTICS = ("Hedges", "95%", "interval", " pp", " pt", "Zekerheid", "Certainty", "indicatief", "indicative", "d_z")
#: A mean, a difference or an effect size as the reports print them: "3,40", "+0.25".
DECIMAL = re.compile(r"\d[,.]\d")


def screen_text(section: Section) -> str:
    parts = [section.title, *section.paragraphs]
    for block in section.blocks:
        parts += [block.heading, block.text, *block.items, block.note]
    return " ".join(parts)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_part(fragment: str, key: str) -> str:
    """The text a reader sees in one section of the HTML fragment."""
    found = re.search(rf'<section class="qs-report-part" id="qs-{key}">(.*?)</section>', fragment, re.S)
    assert found, key
    parser = _Text()
    parser.feed(found.group(1))
    return " ".join(" ".join(parser.parts).split())


def dimension_blank(w: WaveInput, dim_id: str, keep: int) -> WaveInput:
    """``w`` with only the first ``keep`` employees answering the statements of ``dim_id`` (the others "weet
    ik niet")."""
    items = w.questionnaire.items_for("employee")
    cols = [i for i, item in enumerate(items) if item.dimension == dim_id]
    values, codes = w.employees.values.copy(), w.employees.codes.copy()
    values[keep:, cols] = np.nan
    codes[keep:, cols] = 0
    return dataclasses.replace(w, employees=Answers(values, codes))


@pytest.fixture(scope="module")
def endline() -> CompanyReport:
    return company(baseline=30, endline=35)


def _means(report: CompanyReport) -> list[tuple[float, str]]:
    total = report.waves[-1].employee_total
    assert isinstance(total, GroupResult)
    return [(d.mean, dim_id) for dim_id, d in total.dimensions.items() if isinstance(d, DimensionStats) and d.mean]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_it_names_the_strongest_and_weakest_themes(endline: CompanyReport, lang: Lang) -> None:
    q = questionnaire()
    means = _means(endline)
    order = [d for _, d in sorted(means, key=lambda pair: pair[0])]  # independent of the report's own ranking
    names = {d: localise(q.dimension(d).name, lang) for _, d in means}
    section = first_screen(endline, lang)
    blocks = {b.heading: b for b in section.blocks}
    best = blocks[TEXTS["first_best"][lang == "en"]]
    attention = blocks[TEXTS["first_attention"][lang == "en"]]
    assert best.items == (names[order[-1]], names[order[-2]])
    assert attention.items == (names[order[0]], names[order[1]])
    assert ranked_themes(endline.waves[-1], q).weakest == (order[0], order[1])


def test_the_page_and_the_pdf_show_it_first_and_in_words(endline: CompanyReport) -> None:
    for lang, heading, best in (("nl", "Samenvatting", "Wat het best gaat"), ("en", "Summary", "What goes best")):
        fragment = str(html.company_fragment(endline, lang))
        assert fragment.index('id="qs-summary"') < fragment.index("<figure")  # before every chart
        page = html_part(fragment, "summary")
        pages = pdf_pages(pdf.company_pdf(endline, lang))
        for text in (page, pages[1]):
            assert heading in text and best in text
            assert not DECIMAL.search(text), DECIMAL.findall(text)
            for term in STATISTICS:
                assert term not in text, (lang, term)
        # the change in words, the same on the page and in the PDF
        comparison = endline.comparison
        assert comparison is not None
        for dim_id, found in comparison.dimensions.items():
            name = localise(questionnaire().dimension(dim_id).name, lang)
            word = change_text(found, lang, 5)
            line = re.search(rf"{word[:1].upper()}{word[1:]}: [^•]*{re.escape(name)}", page, re.I)
            assert line, (word, name)


def test_the_gap_names_the_themes_the_rules_show_largest_first(endline: CompanyReport) -> None:
    q = questionnaire()
    gaps = endline.waves[-1].gap.dimensions
    shown = [(abs(round(g.gap, 2)), d, g.gap) for d, g in gaps.items() if isinstance(g, DimensionGap) and g.gap]
    notable = sorted((entry for entry in shown if entry[0] >= 0.4), key=lambda entry: -entry[0])[:3]
    block = next(b for b in first_screen(endline, "en").blocks if b.heading == TEXTS["first_gap"][1])
    expected = tuple(
        f"{localise(q.dimension(d).name, 'en')}: managers are {'more' if gap > 0 else 'less'} positive than employees"
        for _, d, gap in notable
    )
    assert block.items == expected
    assert all(gap_word(gap, 4) != "about_the_same" for _, _, gap in notable)


def test_two_managers_among_themselves_see_no_gap() -> None:
    q = questionnaire()
    waves = [wave(q, "baseline", 20, 2, 5)]
    for among, text in ((True, TEXTS["first_gap_none"][0]), (False, None)):
        report = company_report("Bakkerij", "Twente", waves, dt.date(2026, 3, 1), q, among_managers=among)
        block = next(b for b in first_screen(report, "nl").blocks if b.heading == TEXTS["first_gap"][0])
        assert (block.text == text) if text else block.text != TEXTS["first_gap_none"][0]


def test_development_plans_against_the_target_at_both_measurements(endline: CompanyReport) -> None:
    base, end = endline.waves[0].plan, endline.waves[1].plan
    assert isinstance(base, PlanKpi) and isinstance(end, PlanKpi)
    block = next(b for b in first_screen(endline, "nl").blocks if b.heading == "Ontwikkelplannen")
    verdict = "doel gehaald" if end.meets_target else "doel nog niet gehaald"
    assert block.text == (
        f"{percent(end.with_plan, 'nl')} van de medewerkers heeft een ontwikkelplan en {percent(end.working, 'nl')} "
        f"werkt er al aan. Het doel van het programma is minstens 50%: {verdict}. Bij de nulmeting was dat "
        f"{percent(base.with_plan, 'nl')}."
    )


def _with_hidden_theme() -> tuple[CompanyReport, float]:
    """Baseline 30; end-line 20 of whom only 4 answered the leadership statements: that theme is hidden at
    the end-line (and its change), the rest is shown. Also gives what its end-line mean would have been."""
    q = questionnaire()
    end = dimension_blank(wave(q, "endline", 20, 2, 9, level=3.8), "leadership", 4)
    report = company_report("Bakkerij", "Twente", [wave(q, "baseline", 30, 2, 8), end], dt.date(2026, 11, 1), q)
    cols = [i for i, item in enumerate(q.items_for("employee")) if item.dimension == "leadership"]
    return report, float(np.nanmean(end.employees.values[:4, cols]))


def test_a_hidden_theme_reads_its_reason_and_never_a_number() -> None:
    report, _ = _with_hidden_theme()
    total = report.waves[-1].employee_total
    assert isinstance(total, GroupResult) and isinstance(total.dimensions["leadership"], SuppressedDimension)
    for lang, name, marker in (
        ("nl", "Leiding die leren steunt", MARKER_NL),
        ("en", "Leadership that supports learning", "too few responses (fewer than 5)"),
    ):
        section = first_screen(report, lang)
        hidden = next(b for b in section.blocks if b.heading == TEXTS["first_not_shown"][lang == "en"])
        assert hidden.items == (name,) and marker in hidden.text
        others = [b for b in section.blocks if b is not hidden and b.heading != TEXTS["first_change"][lang == "en"]]
        assert all(name not in " ".join(b.items) for b in others)  # not ranked, no gap
        change = next(b for b in section.blocks if b.heading == TEXTS["first_change"][lang == "en"])
        assert [line for line in change.items if name in line] == [f"{change_text_of(report, lang)}: {name}"]
        text = screen_text(section)
        assert not DECIMAL.search(text)
        # the only percentages are the development plans' (and the target)
        plans = next(b for b in section.blocks if b.heading == TEXTS["plans"][lang == "en"])
        assert len(re.findall(r"\d+%", text)) == len(re.findall(r"\d+%", plans.text))


def change_text_of(report: CompanyReport, lang: Lang) -> str:
    assert report.comparison is not None
    word = change_text(report.comparison.dimensions["leadership"], lang, 5)
    return word[:1].upper() + word[1:]


def test_a_hidden_theme_leaves_no_trace_on_the_page_or_in_the_pdf() -> None:
    report, would_be = _with_hidden_theme()
    page = html_part(str(html.company_fragment(report, "nl")), "summary")
    summary = pdf_pages(pdf.company_pdf(report, "nl"))[1]
    for text in (page, summary):
        assert "Leiding die leren steunt" in text and MARKER_NL in text
        assert not DECIMAL.search(text) and f"{would_be:.2f}".replace(".", ",") not in text


def test_a_fully_suppressed_company_has_nothing_to_say_yet() -> None:
    report = company(baseline=3, endline=4, managers=0)
    for lang in ("nl", "en"):
        text = screen_text(first_screen(report, lang))
        assert TEXTS["first_too_few"][lang == "en"] in text
        # the only digits are the threshold in the markers and the programme's target
        assert set(re.findall(r"\d+", text)) == {"5", "50"}, text
        assert re.findall(r"50\S*", text) == ["50%"]
        assert TEXTS["first_change_note"][lang == "en"] not in text  # no word to explain


def test_an_end_line_not_yet_shown_leaves_the_baseline_on_the_first_screen() -> None:
    report = company(baseline=30, endline=3)
    section = first_screen(report, "nl")
    assert "uit de nulmeting" in section.paragraphs[0]
    headings = [b.heading for b in section.blocks]
    assert "Wat het best gaat" in headings and "Nog niets te zeggen" not in screen_text(section)
    change = next(b for b in section.blocks if b.heading == "Wat veranderde sinds de nulmeting")
    assert len(change.items) == 1 and change.items[0].startswith(f"Niet getoond: {MARKER_NL}: ")


def test_a_baseline_only_report_has_no_change_and_asks_for_a_plan() -> None:
    report = company(baseline=30, endline=None)
    section = first_screen(report, "en")
    headings = [b.heading for b in section.blocks]
    assert "What changed since the baseline" not in headings
    assert section.blocks[-1].heading == "Plan of approach"
    assert section.blocks[-1].text.startswith("There is no plan of approach yet.")
    assert "from the baseline" in section.paragraphs[0] or "of the baseline" in section.paragraphs[0]


def test_few_responses_are_called_a_first_impression() -> None:
    section = first_screen(company(baseline=None, endline=7), "nl")
    assert "eerste indruk" in " ".join(section.paragraphs) and "(5 tot 9)" in section.paragraphs[1]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_ideas_for_the_themes_that_need_attention(endline: CompanyReport, lang: Lang) -> None:
    q = questionnaire()
    weakest = ranked_themes(endline.waves[-1], q).weakest
    ideas = ideas_section(endline, lang)
    assert ideas is not None
    assert [b.heading for b in ideas.blocks] == [localise(q.dimension(d).name, lang) for d in weakest]
    assert [b.items for b in ideas.blocks] == [q.dimension(d).suggestions[lang] for d in weakest]
    fragment = str(html.company_fragment(endline, lang, plan_url="/companies/bakkerij/plan?x=1&y=<2>"))
    page = html_part(fragment, "ideas")
    for idea in ideas.blocks[0].items:
        assert idea in page
    link = '<a href="/companies/bakkerij/plan?x=1&amp;y=&lt;2&gt;">'
    assert fragment.count(link) >= 2  # first screen and ideas; escaped
    assert "<a href" not in str(html.company_fragment(endline, lang))  # no address: words only
