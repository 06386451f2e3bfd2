"""The programme report starts with a summary in words, and its PDF has no blank page."""

from __future__ import annotations

from reports import html, pdf
from reports.programme import programme_report
from reports.programme_sections import programme_parts
from reports.sections import Section
from reports.words import change_text

from .helpers import pdf_pages, programme_company, questionnaire


def _report():  # type: ignore[no-untyped-def]
    companies = [
        programme_company(f"k{i}", region, 30, 30, seed=i)
        for i, region in enumerate(["Twente", "Twente", "Twente", "Rijnmond", "Rijnmond", "Rijnmond"])
    ]
    companies.append(programme_company("small", "Rijnmond", 3, 3, seed=99))  # too few: hides its region's next
    return programme_report("Programma", questionnaire(), companies, None)


def test_the_summary_comes_first_and_says_the_change_per_theme_in_words() -> None:
    report = _report()
    summary = programme_parts(report, "nl")[0]
    assert isinstance(summary, Section) and summary.key == "summary" and summary.title == "In het kort"
    themes, regions = summary.blocks
    q = report.questionnaire
    dims = [d for d in q.dimensions if q.dimension_items(d.id, "employee")]
    assert len(themes.items) == len(dims)
    for line, dim in zip(themes.items, dims, strict=True):
        assert line == f"{dim.name['nl']}: {change_text(report.total.dimension(dim.id), 'nl', report.threshold)}"
    assert [line.split(":")[0] for line in regions.items] == [r.label for r in report.regions]
    assert all(f"van de {len(dims)} thema's" in line for line in regions.items)
    fragment = str(html.programme_fragment(report, "en"))
    assert fragment.index("In brief") < fragment.index("<figure")


def test_the_programme_pdf_has_no_blank_page() -> None:
    pages = pdf_pages(pdf.programme_pdf(_report(), "nl"))
    assert "In het kort" in pages[1]
    # every page holds more than its running header and page number
    assert all(len(page.split()) > 8 for page in pages), [i for i, p in enumerate(pages) if len(p.split()) <= 8]


def test_a_chart_taller_than_a_page_asks_for_no_more_than_a_page() -> None:
    """The cause of the blank page 2: the demo's region chart (8.5 inches) plus room for its heading asked for
    more than a frame holds (its height less 6 pt padding above and below), so even a fresh page was too short
    and was left empty."""
    from matplotlib.figure import Figure
    from reportlab.platypus import CondPageBreak

    from reports.charts import Chart, Table, style
    from reports.typeset import FRAME_HEIGHT, chart_flowables

    with style():
        figure = Figure(figsize=(6.7, 8.5))
    first = chart_flowables(Chart("tall", "Titel", "Onderschrift", "Alt", figure, Table(("a",), ())))[0]
    assert isinstance(first, CondPageBreak) and first.height < FRAME_HEIGHT - 12
