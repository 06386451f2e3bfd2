"""The company report's body in reading order, after its first screen (:mod:`reports.first_screen`).

The plan of approach beside the change (:mod:`reports.plan_change`), ideas for the themes that need
attention, then the charts (:func:`reports.charts.company_charts`) with the linked respondents right after
the comparison of baseline and end-line, and the open answers at the end. The HTML fragment and the PDF
both typeset this list, so they show the same in the same order.
"""

from __future__ import annotations

from .charts import PRINT, Chart, Layout, company_charts
from .company import CompanyReport
from .dialogue import report_sections
from .first_screen import ideas_section
from .plan_change import plan_change_section
from .sections import Section, comments_section, linked_section
from .text import Lang


def company_parts(report: CompanyReport, lang: Lang, layout: Layout = PRINT) -> list[Chart | Section]:
    """The plan of approach beside the change, ideas to start with, then profile, comparison, linked
    respondents, gap, development plans, the items, what people wrote, and the dialogue sessions (each only where
    there is one);
    the charts drawn for ``layout``."""
    parts: list[Chart | Section] = [
        section for section in (plan_change_section(report, lang), ideas_section(report, lang)) if section is not None
    ]
    linked = linked_section(report, lang)
    for chart in company_charts(report, lang, layout):
        parts.append(chart)
        if chart.key == "comparison" and linked is not None:
            parts.append(linked)
            linked = None
    if linked is not None:
        parts.append(linked)
    comments = comments_section(report, lang)
    if comments is not None:
        parts.append(comments)
    parts.extend(report_sections(report, lang))  # "Dialoogsessie van <datum>, <n> deelnemers"
    return parts
