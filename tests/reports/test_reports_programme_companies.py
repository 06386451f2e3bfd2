"""The programme's companies a page at a time (reports/programme_companies.py): bounded pages, filters that
choose whole companies, and nothing on a page the whole report does not show."""

from __future__ import annotations

import functools
import re

import pytest

from reports import html
from reports.programme import ProgrammeReport, programme_report
from reports.programme_companies import PAGE_SIZE, company_lines, company_page, normal_letter
from reports.words import change_text
from scoring.results import SuppressedComparison

from .helpers import programme_company, questionnaire

REGIONS = ("Twente", "Rijnmond", "Achterhoek")


@functools.cache
def _report() -> ProgrammeReport:
    """120 small companies in three regions (40 each), a few under the threshold, so some rows are hidden."""
    companies = [programme_company(f"k{i:03d}", REGIONS[i % 3], 3 if i % 17 == 0 else 6, 6, seed=i) for i in range(120)]
    return programme_report("Programma", questionnaire(), companies, None)


def test_a_page_holds_at_most_the_page_size_and_the_pages_hold_every_company_once() -> None:
    lines = company_lines(_report(), "nl")
    assert len(lines.lines) == 120 and PAGE_SIZE == 40
    first = company_page(lines)
    assert (first.number, first.pages, first.matching, first.first) == (1, 3, 120, 1)
    assert len(first.lines) == PAGE_SIZE
    seen = [line.letter for n in (1, 2, 3) for line in company_page(lines, page=n).lines]
    assert seen == [row.label for row in _report().companies]  # A, B, C ... each once, in letter order
    assert company_page(lines, page=2).lines[0].letter == "AO"  # the 41st letter
    small = company_page(lines, size=7)
    assert len(small.lines) == 7 and small.pages == 18  # 120 / 7, rounded up


def test_a_page_past_the_last_shows_the_last_and_says_so() -> None:
    lines = company_lines(_report(), "nl")
    beyond = company_page(lines, page=99)
    assert beyond.beyond and beyond.number == 3 and beyond.first == 81
    assert [line.letter for line in beyond.lines] == [line.letter for line in company_page(lines, page=3).lines]
    with pytest.raises(ValueError):
        company_page(lines, page=0)


def test_a_region_chooses_its_companies_whole_and_adds_no_total() -> None:
    report = _report()
    lines = company_lines(report, "nl")
    twente = company_page(lines, region="Twente")
    expected = [row.label for row in report.companies if row.region == "Twente"]
    assert [line.letter for line in twente.lines] == expected and twente.matching == 40
    assert {line.region for line in twente.lines} == {"Twente"}
    # every line is the company's row of the whole report, cell for cell (no result made for the page)
    whole = {line.letter: line for line in lines.lines}
    assert all(line == whole[line.letter] for line in twente.lines)
    assert len(twente.header) == 2 + len(report.companies[0].result.dimensions)
    nobody = company_page(lines, region="Nergens")
    assert nobody.lines == () and nobody.matching == 0 and nobody.pages == 1


def test_a_letter_finds_one_company_and_a_name_finds_none() -> None:
    lines = company_lines(_report(), "nl")
    assert normal_letter(" ab ") == "AB"
    assert normal_letter("Bouwbedrijf Koster") is None and normal_letter("A1") is None and normal_letter("") is None
    found = company_page(lines, letter="AB")
    assert [line.letter for line in found.lines] == ["AB"] and found.matching == 1
    assert company_page(lines, region="Twente", letter="B").lines == ()  # B is in Rijnmond (the 2nd company)


def test_each_cell_is_the_report_s_change_in_words_hidden_where_the_report_hides_it() -> None:
    report = _report()
    lines = company_lines(report, "en")
    dims = list(report.companies[0].result.dimensions)
    hidden = 0
    for row, line in zip(report.companies, lines.lines, strict=True):
        for dim_id, cell in zip(dims, line.cells, strict=True):
            comp = row.dimension(dim_id)
            assert cell.startswith(change_text(comp, "en", report.threshold))
            if isinstance(comp, SuppressedComparison):
                hidden += 1
                assert "(g " not in cell
            elif comp.hedges_g is not None:
                # Hedges' g beside the words, as the forest plot's table rounds it (two decimals, signed)
                found = re.search(r"\(g ([+−-]?)(\d\.\d\d)\)$", cell)
                assert found is not None, cell
                shown = float(found.group(2)) * (-1 if found.group(1) in "−-" and found.group(1) else 1)
                assert abs(shown - comp.hedges_g) <= 0.005 + 1e-9, (cell, comp.hedges_g)
    assert hidden > 0  # the small companies (and their region's next smallest) are hidden on the page too


def test_the_page_s_table_is_an_accessible_data_table_of_the_page_s_companies_only() -> None:
    lines = company_lines(_report(), "nl")
    page = company_page(lines, page=2, size=5)
    out = str(html.company_page_html(page, "Verandering per bedrijf en thema"))
    assert out.count('<th scope="row">') == 5
    assert [m for m in re.findall(r'<th scope="row">([A-Z]+)</th>', out)] == ["F", "G", "H", "I", "J"]
    assert 'role="region"' in out and "<caption" in out and "Verandering per bedrijf en thema" in out
