"""The company report names the SD and alpha that reliable change used (issue 16, item 6): the programme's
baseline, this company's baseline, or "not computable" with the reason; on the page (HTML), in the PDF, in
both languages, and in the methods."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import numpy as np
import pytest

from questionnaires.model import localise
from reports import html, pdf
from reports.company import CompanyInput, CompanyReport, WaveInput
from reports.sections import linked_section
from reports.text import number
from scoring import Answers, programme_reference
from scoring.results import DimensionComparison, PairedResult

from .helpers import answers, pdf_pages, questionnaire
from .test_reports_linked_and_comments import _linked_waves


def _input(waves: tuple[WaveInput, WaveInput], reference=None) -> CompanyInput:
    return CompanyInput("Bouw Test", "Twente", waves, dt.date(2026, 11, 24), questionnaire(), reference)


def _paired(report: CompanyReport, dim_id: str) -> PairedResult:
    assert report.comparison is not None
    comparison = report.comparison.dimensions[dim_id]
    assert isinstance(comparison, DimensionComparison) and isinstance(comparison.paired, PairedResult)
    return comparison.paired


def _others() -> list[Answers]:
    q = questionnaire()
    return [answers(q, "employee", 20, seed) for seed in (41, 42)]


@pytest.fixture(scope="module")
def waves() -> tuple[WaveInput, WaveInput]:
    return _linked_waves(30, 28, 15)


def _texts(report: CompanyReport, lang: str) -> tuple[str, str]:
    fragment = str(html.company_fragment(report, lang))
    part = re.search(r'<section class="qs-report-part" id="qs-linked">(.*?)</section>', fragment, re.S)
    assert part is not None
    return part.group(1), " ".join(pdf_pages(pdf.company_pdf(report, lang)))


def test_the_programme_reference_is_named_with_its_numbers(waves) -> None:
    q = questionnaire()
    ref = programme_reference(q, [waves[0].employees, *_others()])
    report = _input(waves, ref).gather()
    for lang, source, companies in (
        ("en", "the programme's baseline", "3 companies"),
        ("nl", "nulmeting van het programma", "3 bedrijven"),
    ):
        section = linked_section(report, lang)
        assert section is not None
        note = next(n for n in section.notes if n.startswith(("Measurement error", "Meetfout")))
        page, document = _texts(report, lang)
        for dim in q.dimensions:
            used = _paired(report, dim.id).reliable_change_reference
            assert used is ref.dimensions[dim.id] and used.source == "programme" and used.n == 70
            words = (
                f"{localise(dim.name, lang)}: {source} (n = 70, {companies}, "
                f"alpha {number(used.alpha, lang)}, SD {number(used.sd, lang)})"
            )
            assert words in note
            assert words.replace("'", "&#39;") in page
            assert words in document


def test_without_a_programme_reference_the_company_baseline_is_named(waves) -> None:
    report = _input(waves).gather()
    q = questionnaire()
    for lang, source in (("en", "this company's baseline"), ("nl", "nulmeting van dit bedrijf")):
        section = linked_section(report, lang)
        assert section is not None
        page, document = _texts(report, lang)
        for dim in q.dimensions:
            used = _paired(report, dim.id).reliable_change_reference
            assert used is not None and used.source == "baseline" and used.n == 30
            words = (
                f"{localise(dim.name, lang)}: {source} (n = 30, alpha {number(used.alpha, lang)}, "
                f"SD {number(used.sd, lang)})"
            )
            assert any(words in n for n in section.notes)
            assert words.replace("'", "&#39;") in page and words in document


def test_not_computable_reads_so_with_the_reason(waves) -> None:
    """Every baseline answer on the first theme is 3 (no spread, no alpha) and there is no programme
    reference: the counts read "not computable" and the note says why; the other themes keep theirs."""
    q = questionnaire()
    first = q.dimensions[0]
    columns = [j for j, item in enumerate(q.items_for("employee")) if item.dimension == first.id]
    flat = waves[0].employees.values.copy()
    flat[:, columns] = 3.0
    codes = waves[0].employees.codes.copy()
    codes[:, columns] = -1
    base = dataclasses.replace(waves[0], employees=Answers(np.asfortranarray(flat), np.asfortranarray(codes)))
    report = _input((base, waves[1])).gather()
    assert _paired(report, first.id).reliable_change is None
    for lang, cell, reason in (
        ("en", "not computable", "not computable (the programme has no baseline to compute with for this theme"),
        ("nl", "niet te berekenen", "niet te berekenen (het programma heeft voor dit thema geen nulmeting"),
    ):
        section = linked_section(report, lang)
        assert section is not None and section.table is not None
        row = next(r for r in section.table.rows if r[0] == localise(first.name, lang))
        assert row[5:8] == (cell, "", "")
        assert any(f"{localise(first.name, lang)}: {reason}" in n for n in section.notes)
        other = next(r for r in section.table.rows if r[0] == localise(q.dimensions[1].name, lang))
        assert other[5].isdigit()
        page, document = _texts(report, lang)
        assert cell in page and reason in document.replace("- ", "")


def test_the_methods_and_the_table_note_give_the_rule(waves) -> None:
    report = _input(waves).gather()
    section = linked_section(report, "en")
    assert section is not None
    assert (
        "programme's baseline when it has at least 30 responses on the theme from at least 3 companies"
        in (section.notes[0])
    )
    fragment = str(html.company_fragment(report, "nl"))
    methods = fragment[fragment.index('<details class="qs-methods">') :]
    assert "minstens 30 antwoorden van minstens 3 bedrijven" in methods
