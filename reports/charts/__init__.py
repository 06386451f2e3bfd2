"""The report charts: matplotlib's object API (``Figure``), never pyplot's global state.

Every chart function returns a :class:`Chart`: the figure, its title, caption and alt text, and its data
as a :class:`Table` (the text alternative shown under the chart on screen and in the PDF). The table
holds the same numbers the figure draws, formatted for the language; tests compare both with the scoring
results.

Rules every chart follows:

* a colour-blind-safe palette (Okabe & Ito 2008), and never colour alone: shapes, positions and labels
  carry the meaning too;
* a suppressed group draws *nothing* (no bar, no dot, no line whose length could give a count away) and
  shows the words of :func:`reports.text.suppressed` in its place; the table says the same, without n;
* indicative results (5 to 9 responses) are drawn hollow or hatched and say "indicatief" / "indicative";
* no more precision than the table: every value is rounded as its table cell prints it before it is
  drawn (:func:`.chart.drawn`, :func:`.chart.drawn_percent`), as an SVG keeps exact coordinates;
* deterministic output: :func:`svg_bytes` and :func:`rgb_image` render inside :func:`style` (fixed SVG hash
  salt, no date in the metadata), so the same data gives the same bytes.

Figures are created and rendered inside :func:`style` (a lock plus ``matplotlib.rc_context``) so that
reports rendered in threads of one server do not step on each other's settings.

The modules: :mod:`.chart` (:class:`Chart`, :class:`Table` and the cells), :mod:`.drawing` (palette,
settings, drawing helpers), :mod:`.output` (SVG, PNG, raster, text overlays), then one module per kind of
chart: :mod:`.profile`, :mod:`.comparison`, :mod:`.gap`, :mod:`.items`, :mod:`.plans` and, for the
programme, :mod:`.forest`. This module gathers a report's charts in reading order.
"""

from __future__ import annotations

from ..company import CompanyReport
from ..programme import ProgrammeReport
from ..text import Lang
from .chart import Chart, Table, dimension_ids, is_group_row, is_marker_row
from .comparison import comparison_chart
from .drawing import (
    NEUTRAL,
    OKABE_ITO,
    PHONE,
    PRINT,
    RC,
    SCREEN,
    WIDTH,
    Layout,
    floor_fonts,
    hbars,
    style,
    wrap,
    ylabels,
)
from .forest import programme_change_chart, region_change_chart
from .gap import gap_chart
from .items import ITEMS_PER_CHART, diverging_segments, item_chart, item_charts, item_groups, point_colours
from .output import SVG_METADATA, Overlay, detach_texts, png_bytes, rgb_image, svg_bytes
from .plans import company_plan_chart, plan_chart, programme_plan_chart
from .profile import profile_chart

__all__ = [
    "ITEMS_PER_CHART",
    "NEUTRAL",
    "OKABE_ITO",
    "PHONE",
    "PRINT",
    "RC",
    "SCREEN",
    "SVG_METADATA",
    "WIDTH",
    "Chart",
    "Layout",
    "Overlay",
    "Table",
    "company_charts",
    "company_plan_chart",
    "comparison_chart",
    "detach_texts",
    "diverging_segments",
    "floor_fonts",
    "gap_chart",
    "hbars",
    "is_group_row",
    "is_marker_row",
    "item_chart",
    "item_charts",
    "item_groups",
    "plan_chart",
    "png_bytes",
    "point_colours",
    "profile_chart",
    "programme_change_chart",
    "programme_charts",
    "programme_plan_chart",
    "region_change_chart",
    "rgb_image",
    "style",
    "svg_bytes",
    "wrap",
    "ylabels",
]


def _laid_out(charts: list[Chart], layout: Layout) -> list[Chart]:
    with style():
        for chart in charts:
            floor_fonts(chart.figure, layout.min_font)
    return charts


def company_charts(report: CompanyReport, lang: Lang, layout: Layout = PRINT) -> list[Chart]:
    """The company report's charts in reading order: profile, comparison, gap, plans, then the items; drawn
    for ``layout`` (:data:`PRINT` for the PDF, :data:`SCREEN` and :data:`PHONE` for the page)."""
    charts: list[Chart] = []
    if report.latest is not None:
        charts.append(profile_chart(report, lang, layout=layout))
    for chart in (
        comparison_chart(report, lang, layout),
        gap_chart(report, lang, layout),
        company_plan_chart(report, lang, layout),
    ):
        if chart is not None:
            charts.append(chart)
    if report.latest is not None:
        charts.extend(item_charts(report, lang, layout=layout))
    return _laid_out(charts, layout)


def programme_charts(
    report: ProgrammeReport, lang: Lang, layout: Layout = PRINT, per_company: bool = True
) -> list[Chart]:
    """The programme report's charts: regions, development plans, then one forest plot per dimension (a row
    per company; left out with ``per_company=False``, as on the app's page, which pages the companies)."""
    charts: list[Chart] = [region_change_chart(report, lang, layout)]
    plans = programme_plan_chart(report, lang, layout)
    if plans is not None:
        charts.append(plans)
    if per_company:
        dims = dimension_ids(report.questionnaire)
        charts.extend(programme_change_chart(report, dim_id, lang, layout) for dim_id in dims)
    return _laid_out(charts, layout)
