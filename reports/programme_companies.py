"""The programme report's companies a page at a time: what the app's programme page shows below the summary.

A national programme has thousands of companies; one chart per theme with a row for each is megabytes of
page and minutes of drawing. The page shows them as a table instead, :data:`PAGE_SIZE` companies at a time,
each company's change per theme in words with its Hedges' g, chosen by region or looked up by letter.

:func:`company_lines` formats every company once (per report and language; the app keeps the result), and
:func:`company_page` only selects from those lines. Selecting never makes a new result: a line is the
company's row *as the report shows it*, with the report's suppression applied (:mod:`reports.programme`),
and a filter chooses whole companies, never some of their respondents, and adds no total of its own. So
whatever page or region is asked for, every number on it is one the whole report shows too (the anonymity
rules of :mod:`scoring.anonymity` protect the report; a page of it needs nothing more).

Companies are found by their letter, never by name: the letters are anonymous (a keyed hash orders them,
:func:`quickscan.reporting.order_key`), and a search by name would tell which letter is which company.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from scoring.results import ComparisonResult, DimensionComparison

from .charts.chart import dimension_ids, dimension_name
from .programme import ProgrammeReport
from .text import Lang, number, t
from .words import change_text

#: Companies per page of the programme page.
PAGE_SIZE = 40
#: What a company's letter looks like (A ... Z, AA ... ZZ, AAA ...): a search is refused otherwise.
LETTERS = re.compile(r"[A-Z]{1,4}")


@dataclass(frozen=True)
class CompanyLine:
    """One company's row: its letter, its region and per theme its change as the report shows it."""

    letter: str
    region: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class CompanyLines:
    """Every company of a report as lines, in letter order, with the table's header and the regions."""

    header: tuple[str, ...]
    lines: tuple[CompanyLine, ...]
    regions: tuple[str, ...]


@dataclass(frozen=True)
class CompanyPage:
    """The companies of one page: ``number`` of ``pages`` (1-based), of ``matching`` companies chosen.

    ``beyond``: the page asked for does not exist (past the last); the last one is shown instead.
    """

    header: tuple[str, ...]
    lines: tuple[CompanyLine, ...]
    number: int
    pages: int
    matching: int
    first: int
    beyond: bool = False


def _cell(report: ProgrammeReport, result: ComparisonResult, lang: Lang) -> str:
    """The change in words, with Hedges' g beside it when there is one."""
    words = change_text(result, lang, report.threshold)
    g = result.hedges_g if isinstance(result, DimensionComparison) else None
    if g is None or math.isnan(g):
        return words
    return f"{words} (g {number(g, lang, signed=True)})"


def company_lines(report: ProgrammeReport, lang: Lang) -> CompanyLines:
    """Every company's change per theme as it is shown (hidden ones say so and why), formatted once."""
    q = report.questionnaire
    dims = dimension_ids(q)
    header = (t("th_company", lang), t("th_region", lang), *(dimension_name(q, d, lang) for d in dims))
    lines = tuple(
        CompanyLine(row.label, row.region or "", tuple(_cell(report, row.dimension(d), lang) for d in dims))
        for row in report.companies
    )
    return CompanyLines(header, lines, tuple(r.label for r in report.regions))


def normal_letter(text: str) -> str | None:
    """A typed letter as the report writes it ("ab " -> "AB"); None when it cannot be one."""
    letter = text.strip().upper()
    return letter if LETTERS.fullmatch(letter) else None


def company_page(
    lines: CompanyLines, region: str | None = None, letter: str | None = None, page: int = 1, size: int = PAGE_SIZE
) -> CompanyPage:
    """Page ``page`` (1-based) of the companies in ``region`` (all when None) whose letter is ``letter`` (all
    when None), ``size`` at a time. A page past the last gives the last (``beyond``); there is always a page
    1, empty when nothing matches."""
    if page < 1 or size < 1:
        raise ValueError("page and size start at 1")
    chosen = [
        line
        for line in lines.lines
        if (region is None or line.region == region) and (letter is None or line.letter == letter)
    ]
    pages = max(1, math.ceil(len(chosen) / size))
    shown = min(page, pages)
    start = (shown - 1) * size
    return CompanyPage(
        lines.header, tuple(chosen[start : start + size]), shown, pages, len(chosen), start + 1, page > pages
    )
