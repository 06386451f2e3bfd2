"""Multi-page PDF reports, typeset with reportlab's Platypus: the company report and the programme report.

Company report: a cover (company, region, waves with responses and response rates, questionnaire id and
version, date of the data), the first screen on one page (:mod:`reports.first_screen`: the results in
words), the plan of approach beside the change and ideas to start with, the charts each with its data table
(the linked respondents' table after the comparison), the item tables, what people wrote, and an appendix on
how the numbers are made. Programme report: a cover, then :func:`reports.programme_sections.programme_parts`
(regions, development plans, plans of approach, one forest plot per theme), and the same appendix.

Deterministic: ``invariant=1`` gives a fixed creation date and document id, the charts are rasterised by
:func:`reports.charts.rgb_image` from deterministic figures, and fonts are the DejaVu files matplotlib
ships. The same data gives byte-identical PDFs.

The building blocks (fonts, styles, escaped paragraphs, chart images, tables, sections) are in
:mod:`reports.typeset`; text reaches reportlab's markup only through its :func:`~reports.typeset.paragraph`,
which escapes it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as RLTable

from questionnaires.model import localise
from scoring import anonymity

from .charts import Chart, Table
from .company import CompanyReport
from .first_screen import first_screen
from .parts import company_parts
from .programme import ProgrammeReport
from .programme_sections import programme_parts
from .sections import Section
from .summary import computed_line, data_date, wave_rows
from .text import Lang, check_lang, methods, t
from .typeset import (
    FONT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_WIDTH,
    chart_flowables,
    paragraph,
    register_fonts,
    section_flowables,
    table_flowable,
)

__all__ = ["company_pdf", "programme_pdf", "register_fonts"]


def _methods(lang: Lang, report: CompanyReport | ProgrammeReport) -> list[Flowable]:
    scales = [report.questionnaire.scales[item.scale] for item in report.questionnaire.items_for("employee")]
    parts = methods(
        lang,
        report.threshold,
        anonymity.statistics_min(report.threshold),
        min(s.min for s in scales),
        max(s.max for s in scales),
        min(s.favourable_from for s in scales),
        company=isinstance(report, CompanyReport),
        comments_min=anonymity.comments_min(report.threshold),
    )
    flow: list[Flowable] = [PageBreak(), paragraph(t("methods", lang), "h1")]
    for heading, paragraphs in parts:
        flow.append(paragraph(heading, "h2"))
        flow.extend(paragraph(text, "body") for text in paragraphs)
    return flow


def _footer(text: str, lang: Lang) -> Callable[[Canvas, Any], None]:
    shown = text if len(text) <= 90 else text[:89] + "…"

    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_X, MARGIN_BOTTOM / 2, shown)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, MARGIN_BOTTOM / 2, t("page", lang, page=doc.page))
        canvas.restoreState()

    return draw


def _build(flow: Sequence[Flowable], title: str, footer: str, lang: Lang) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author="Quickscan",
        creator="Quickscan reports",
        producer="Quickscan reports (ReportLab)",
        subject=t("report_title", lang),
        lang=lang,
        invariant=1,
    )
    on_page = _footer(footer, lang)
    doc.build(list(flow), onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def _cover_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> RLTable:
    return table_flowable(Table(tuple(header), tuple(tuple(r) for r in rows)))


def _computed(report: CompanyReport | ProgrammeReport, lang: Lang) -> list[Flowable]:
    """When the results were computed, as a cover line (none when the report does not say)."""
    line = computed_line(report, lang)
    return [] if line is None else [paragraph(line, "cover_line")]


def company_pdf(report: CompanyReport, lang: str = "nl", extra: Sequence[Chart | Section] = ()) -> bytes:
    """The company report as PDF bytes (A4), in Dutch (``nl``) or English (``en``); ``extra`` parts (the
    company beside its learning circle, :func:`reports.circle.circle_parts`) come after the report's body."""
    language = check_lang(lang)
    register_fonts()
    q = report.questionnaire
    flow: list[Flowable] = [
        paragraph(t("report_title", language), "cover_title"),
        paragraph(report.company, "cover_name"),
        paragraph(f"{t('region', language)}: {report.region}", "cover_line"),
        paragraph(f"{t('questionnaire', language)}: {localise(q.title, language)} ({q.key})", "cover_line"),
        paragraph(f"{t('data_date', language)}: {data_date(report, language)}", "cover_line"),
        *_computed(report, language),
        Spacer(1, 16),
    ]
    header, rows = wave_rows(report, language)
    if rows:
        flow.append(_cover_table(header, rows))
    else:
        flow.append(paragraph(t("no_waves", language), "body"))
    flow.append(PageBreak())
    flow.extend(section_flowables(first_screen(report, language)))
    flow.append(PageBreak())
    for part in [*company_parts(report, language), *extra]:
        flow.extend(section_flowables(part) if isinstance(part, Section) else chart_flowables(part))
    flow.extend(_methods(language, report))
    title = f"{t('report_title', language)}: {report.company}"
    return _build(flow, title, f"{t('report_title', language)} · {report.company}", language)


def programme_pdf(report: ProgrammeReport, lang: str = "nl") -> bytes:
    """The programme report as PDF bytes (A4): companies anonymised, per region and theme."""
    language = check_lang(lang)
    register_fonts()
    q = report.questionnaire
    flow: list[Flowable] = [
        paragraph(t("programme_title", language), "cover_title"),
        paragraph(report.programme, "cover_name"),
        paragraph(f"{t('questionnaire', language)}: {localise(q.title, language)} ({q.key})", "cover_line"),
        paragraph(f"{t('data_date', language)}: {data_date(report, language)}", "cover_line"),
        *_computed(report, language),
        paragraph(f"{t('companies_overview', language)}: {len(report.companies)}", "cover_line"),
        Spacer(1, 12),
        paragraph(t("anonymised_note", language), "body"),
    ]
    if report.excluded:
        flow.append(paragraph(t("not_in_programme", language, count=report.excluded), "body"))
    flow.append(PageBreak())
    for part in programme_parts(report, language):
        flow.extend(section_flowables(part) if isinstance(part, Section) else chart_flowables(part))
    flow.extend(_methods(language, report))
    title = f"{t('programme_title', language)}: {report.programme}"
    return _build(flow, title, f"{t('programme_title', language)} · {report.programme}", language)
