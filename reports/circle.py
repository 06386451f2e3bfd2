"""The company against its learning circle (leerkring): a small band chart and its table ("render second").

The numbers come from :func:`scoring.circle.company_view` with the circle's rules applied (who counts, the
five-company floor, the middle range instead of the extremes, the position in words); this module only draws
and words them. :func:`circle_parts` gives what the company page and the company PDF add after the report: a
:class:`~reports.charts.Chart` per band (a grey band from the second lowest to the second highest company, a
tick at the median, a dot for the company), or a :class:`~reports.sections.Section` in words when there is no
band to draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from questionnaires.model import Questionnaire
from scoring.circle import AnyBand, Band, CircleView, DimensionView, NoCircleView

from .charts import PRINT, Chart, Layout, Table, style, ylabels
from .charts.chart import dimension_name, drawn, scale_bounds
from .charts.drawing import EMPLOYEE_COLOUR, NAME_MARGIN, floor_fonts, place_axes, put_marker, x_grid
from .circle_text import ct
from .sections import Section
from .text import Lang, interval, number, wave_name

#: The band's colour: a grey dark enough to tell from the white page (3:1 against white is not needed for a
#: shape that the table repeats, but it keeps the band visible in print).
BAND_COLOUR = "#BDBDBD"


@dataclass(frozen=True)
class CircleReport:
    """A company beside its circle: the circle's name, the questionnaire, and the view with the rules applied."""

    questionnaire: Questionnaire
    view: CircleView | NoCircleView


def _cell(value: float | None, lang: Lang, signed: bool = False) -> str:
    return "–" if value is None else number(value, lang, signed=signed)


def _band_cells(band: Band | object, lang: Lang, signed: bool = False) -> tuple[str, str, str]:
    if not isinstance(band, Band):
        return ct("too_few", lang), "", ""
    return (
        number(band.median, lang, signed=signed),
        interval(band.low, band.high, lang),
        str(band.n_companies),
    )


def circle_table(report: CircleReport, lang: Lang) -> Table:
    """The chart's numbers as a table: per theme the company's mean, the circle's middle and middle range,
    how many companies, where the company stands; at the end-line its change beside the circle's."""
    view = report.view
    assert isinstance(view, CircleView)
    endline = view.kind == "endline"
    header = [ct("th_theme", lang), ct("th_own", lang), ct("th_median", lang), ct("th_band", lang)]
    header += [ct("th_companies", lang), ct("th_position", lang)]
    if endline:
        header += [ct("th_own_change", lang), ct("th_changes", lang)]
    rows: list[tuple[str, ...]] = []
    for dim in view.dimensions:
        median, band, companies = _band_cells(dim.band, lang)
        row = [dimension_name(report.questionnaire, dim.dimension_id, lang), _cell(dim.own, lang), median, band]
        row += [companies, ct(dim.position, lang) if dim.position else ""]
        if endline:
            if isinstance(dim.changes, Band):
                middle = number(dim.changes.median, lang, signed=True)
                changes = f"{middle} ({interval(dim.changes.low, dim.changes.high, lang)})"
            else:
                changes = ct("too_few", lang)
            row += [_cell(dim.own_change, lang, signed=True), changes]
        rows.append(tuple(row))
    return Table(tuple(header), tuple(rows))


def circle_chart(report: CircleReport, lang: Lang, layout: Layout = PRINT) -> Chart:
    """Per theme a row: the circle's middle range as a grey band, its median as a black tick, the company's
    mean as a blue dot; a theme without a band reads "te weinig bedrijven om te vergelijken" in its place."""
    view = report.view
    assert isinstance(view, CircleView)
    low, high = scale_bounds(report.questionnaire)
    dims: tuple[DimensionView, ...] = view.dimensions
    with style():
        row = 0.42 * layout.rows
        fig = Figure(figsize=(layout.width, row * len(dims) + (1.05 if layout.compact else 0.8)))
        names = NAME_MARGIN * layout.margin
        ax = place_axes(fig, names, 0.2, 0.1, 0.75 if layout.compact else 0.55)
        for y, dim in enumerate(dims):
            if isinstance(dim.band, Band):
                ax.hlines(
                    [y], [drawn(dim.band.low)], [drawn(dim.band.high)], colors=BAND_COLOUR, linewidth=9, gid="band"
                )
                ax.vlines([drawn(dim.band.median)], [y - 0.28], [y + 0.28], colors="black", linewidth=1.6, gid="median")
                if dim.own is not None:
                    own = drawn(dim.own)
                    ax.plot([own], [y], "o", color=EMPLOYEE_COLOUR, markersize=7, markeredgecolor="white", gid="own")
            else:
                put_marker(ax, low + 0.05, y, ct("too_few", lang))
        ylabels(
            ax,
            range(len(dims)),
            [layout.wrap(dimension_name(report.questionnaire, d.dimension_id, lang), 26, 2) for d in dims],
        )
        ax.set_ylim(len(dims) - 0.5, -0.5)
        ax.set_xlim(low, high)
        ax.set_xticks(range(low, high + 1))
        x_grid(ax)
        fig.legend(
            handles=[
                Patch(color=BAND_COLOUR, label=ct("th_band", lang)),
                Line2D([], [], color="black", linewidth=1.6, label=ct("th_median", lang)),
                Line2D([], [], color=EMPLOYEE_COLOUR, marker="o", linestyle="", label=ct("th_own", lang)),
            ],
            loc="lower left",
            bbox_to_anchor=(0.0 if layout.compact else names / layout.width, 0.0),
            ncols=1 if layout.compact else 3,
            fontsize=7.5,
        )
        floor_fonts(fig, layout.min_font)  # readable at 360 px as every chart (reports.charts.Layout)
    notes = [ct("position_note", lang), ct("wave_note", lang, wave=wave_name(view.kind, lang, lower=True))]
    if view.kind == "endline":
        notes.append(ct("change_note", lang))
    return Chart(
        key="circle",
        title=ct("title", lang),
        caption=ct("caption", lang),
        alt=ct("alt", lang),
        figure=fig,
        table=circle_table(report, lang),
        notes=tuple(notes),
    )


def circle_parts(report: CircleReport | None, lang: Lang, layout: Layout = PRINT) -> list[Chart | Section]:
    """What the company page and PDF show of the circle: its introduction, then the chart, or the reason
    there is none (the company does not take part; no theme has enough companies). Empty without a circle."""
    if report is None:
        return []
    view = report.view
    if isinstance(view, NoCircleView):
        return [Section("circle-intro", ct("title", lang), (ct("no_consent", lang),))]
    intro = Section("circle-intro", ct("title", lang), (ct("intro", lang, circle=view.circle),))
    if not any(isinstance(d.band, Band) for d in view.dimensions):
        return [Section("circle-intro", ct("title", lang), (ct("too_few_long", lang),))]
    return [intro, circle_chart(report, lang, layout)]


def region_bands_section(
    questionnaire: Questionnaire, kind: str, regions: Mapping[str, Mapping[str, AnyBand]], lang: Lang
) -> Section:
    """The programme report's band per region: per region (a heading row) and theme the middle, the middle
    range and how many companies, or "te weinig bedrijven om te vergelijken"."""
    header = (ct("th_theme", lang), ct("th_median", lang), ct("th_band", lang), ct("th_companies", lang))
    rows: list[tuple[str, ...]] = []
    for region, bands in regions.items():
        rows.append((region, "", "", ""))
        for dim_id, band in bands.items():
            name = dimension_name(questionnaire, dim_id, lang)
            if isinstance(band, Band):
                rows.append(
                    (name, number(band.median, lang), interval(band.low, band.high, lang), str(band.n_companies))
                )
            else:
                rows.append((name, ct("too_few", lang), "", ""))
    return Section(
        "circle-regions",
        ct("region_title", lang),
        (ct("region_intro", lang, wave=wave_name(kind, lang, lower=True)),),
        table=Table(header, tuple(rows)),
        table_title=ct("region_title", lang),
    )
