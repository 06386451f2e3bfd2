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
* deterministic output: :func:`svg_bytes` and :func:`rgb_image` render inside :func:`style` (fixed SVG hash
  salt, no date in the metadata), so the same data gives the same bytes.

Figures are created and rendered inside :func:`style` (a lock plus ``matplotlib.rc_context``) so that
reports rendered in threads of one server do not step on each other's settings.
"""

from __future__ import annotations

import io
import textwrap
import threading
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import ScaledTranslation, blended_transform_factory
from PIL import Image

from questionnaires.model import Questionnaire, localise
from scoring import anonymity
from scoring.kpi import TARGET_WITH_PLAN
from scoring.results import (
    ComparisonResult,
    DimensionComparison,
    DimensionGap,
    DimensionStats,
    GroupResult,
    Interval,
    ItemResult,
    PlanKpi,
    SuppressedComparison,
)

from .company import AnyPlan, CompanyReport, WaveResults
from .programme import ChangeRow, ProgrammeReport
from .text import Lang, effect_words, interval, number, percent, suppressed, t, wave_name

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
GREY = "#8C8C8C"
LIGHT_GREY = "#D9D9D9"
NEUTRAL = "#BDBDBD"
EMPLOYEE_COLOUR = OKABE_ITO["blue"]
MANAGER_COLOUR = OKABE_ITO["vermillion"]
BASELINE_COLOUR = OKABE_ITO["orange"]
ENDLINE_COLOUR = OKABE_ITO["blue"]
WITH_PLAN_COLOUR = OKABE_ITO["blue"]
WORKING_COLOUR = OKABE_ITO["bluish_green"]
REGION_COLOUR = OKABE_ITO["vermillion"]

#: Width of a report figure in inches (fits A4 with 2 cm margins at 100 %).
WIDTH = 6.7

#: matplotlib settings for every report figure. ``svg.hashsalt`` makes the SVG ids fixed; text is drawn as
#: paths (the same look in every browser) and its string is kept in an SVG comment.
RC: dict[Any, Any] = {
    "svg.hashsalt": "quickscan-reports",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 9.5,
    "axes.labelsize": 8.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "xtick.color": "#444444",
    "ytick.color": "#222222",
    "text.parse_math": False,
    "hatch.color": "#FFFFFF",
    "hatch.linewidth": 1.0,
    # No font hinting: glyphs keep their shapes at the low resolutions of the PDF images, and render faster.
    "text.hinting": "no_hinting",
}
SVG_METADATA = {"Date": None, "Creator": "Quickscan reports", "Format": None, "Type": None}

_LOCK = threading.RLock()


@contextmanager
def style() -> Iterator[None]:
    """Report settings for creating and rendering figures, one thread at a time.

    Missing-glyph warnings (a region name in a script DejaVu Sans lacks) are not errors for a report.
    """
    with _LOCK, matplotlib.rc_context(RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        yield


@dataclass(frozen=True)
class Table:
    """A chart's data as text: a header row and body rows, all cells formatted strings."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def is_group_row(row: Sequence[str]) -> bool:
    """A heading row of a table (a theme above its statements): only the first cell has text."""
    return len(row) > 1 and not any(row[1:])


def is_marker_row(row: Sequence[str]) -> bool:
    """A row whose numbers are replaced by one text (the suppression marker): only the first two cells have
    text, so the second may span the rest."""
    return len(row) > 2 and bool(row[1]) and not any(row[2:])


@dataclass(frozen=True, eq=False)
class Chart:
    """A figure with its words and its data table."""

    key: str
    title: str
    caption: str
    alt: str
    figure: Figure
    table: Table
    notes: tuple[str, ...] = ()


def svg_bytes(fig: Figure) -> bytes:
    """The figure as SVG; the same figure gives the same bytes (fixed hash salt, no date)."""
    buf = io.BytesIO()
    with style():
        fig.savefig(buf, format="svg", metadata=SVG_METADATA)
    return buf.getvalue()


def rgb_image(fig: Figure, dpi: float = 150.0) -> Image.Image:
    """The figure rasterised (Agg) as an RGB image, for the PDF."""
    with style():
        old = fig.get_dpi()
        fig.set_dpi(dpi)
        try:
            canvas = FigureCanvasAgg(fig)
            canvas.draw()  # type: ignore[no-untyped-call]
            width, height = canvas.get_width_height()
            rgba = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
            image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
            return image.convert("RGB")
        finally:
            fig.set_dpi(old)


def png_bytes(fig: Figure, dpi: float = 100.0) -> bytes:
    """The figure as PNG without a software or date entry (for the documentation)."""
    buf = io.BytesIO()
    with style():
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------------
# helpers


def wrap(text: str, width: int, max_lines: int = 3) -> str:
    """Wrap ``text`` for a tick label; longer text is cut with an ellipsis (the table has it in full)."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
    return "\n".join(lines)


def _dimension_ids(q: Questionnaire) -> list[str]:
    """The dimensions employees answer, in questionnaire order."""
    return [d.id for d in q.dimensions if q.dimension_items(d.id, "employee")]


def _name(q: Questionnaire, dim_id: str, lang: Lang) -> str:
    return localise(q.dimension(dim_id).name, lang)


def _scale_bounds(q: Questionnaire) -> tuple[int, int]:
    scales = [q.scales[item.scale] for item in q.items_for("employee")]
    return min(s.min for s in scales), max(s.max for s in scales)


def _axes(fig: Figure, left: float, right: float, top: float, bottom: float, width: float | None = None) -> Axes:
    """Axes placed by margins in inches (a fixed layout: cheaper and steadier than a layout engine).
    ``width`` in inches overrides ``right``."""
    fig_w, fig_h = fig.get_size_inches()
    w = width if width is not None else fig_w - left - right
    return fig.add_axes((left / fig_w, bottom / fig_h, w / fig_w, (fig_h - top - bottom) / fig_h))


def _marker(ax: Axes, x: float, y: float, text: str, fontsize: float = 7.5) -> None:
    """The suppression (or "no data") words at ``(x, y)`` in data coordinates."""
    ax.text(x, y, text, va="center", ha="left", fontsize=fontsize, color="#555555", style="italic", gid="suppressed")


def ylabels(
    ax: Axes,
    ys: Sequence[float],
    labels: Sequence[str],
    fontsize: float = 8.0,
    bold: Sequence[bool] | None = None,
    pad: float = 0.06,
    left: float | None = None,
) -> None:
    """Row labels left of the axes, as plain texts (``ha="right"`` at ``pad`` inches from the axes, or
    ``ha="left"`` at ``left`` inches from it): unlike tick labels, their places are known before drawing,
    so the PDF can typeset them itself (:func:`detach_texts`)."""
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    offset = ScaledTranslation(-(left if left is not None else pad), 0, fig.dpi_scale_trans)
    transform = blended_transform_factory(ax.transAxes, ax.transData) + offset
    ax.set_yticks([])  # no tick objects: they cost more to make than the labels
    for i, (y, label) in enumerate(zip(ys, labels, strict=True)):
        if label:
            ax.text(
                0,
                y,
                label,
                transform=transform,
                ha="left" if left is not None else "right",
                va="center",
                fontsize=fontsize,
                fontweight="bold" if bold is not None and bold[i] else "normal",
                clip_on=False,
                gid="label",
            )


@dataclass(frozen=True)
class Overlay:
    """A text of a chart, to be typeset over its image (positions in inches from the bottom left)."""

    x: float
    y: float
    text: str
    size: float
    ha: str
    va: str
    bold: bool
    italic: bool
    colour: str


def detach_texts(fig: Figure) -> tuple[Overlay, ...]:
    """Take the texts placed in the axes (labels, values, suppression markers) out of the figure and return
    them with their places, for the PDF to typeset as text over the image: sharper, searchable, and far
    cheaper than rasterising every glyph. Tick labels, legends and titles stay in the image."""
    out = []
    with style():
        for ax in fig.axes:
            for text in ax.texts:
                if not text.get_visible() or not text.get_text():
                    continue
                x, y = text.get_transform().transform(text.get_unitless_position())
                weight = text.get_fontweight()
                out.append(
                    Overlay(
                        x=float(x) / fig.dpi,
                        y=float(y) / fig.dpi,
                        text=text.get_text(),
                        size=float(text.get_fontsize()),
                        ha=str(text.get_horizontalalignment()),
                        va=str(text.get_verticalalignment()),
                        bold=weight == "bold" or (isinstance(weight, int | float) and weight >= 600),
                        italic=text.get_fontstyle() == "italic",
                        colour=to_hex(text.get_color()),
                    )
                )
                text.set_visible(False)
    return tuple(out)


def _whiskers(
    ax: Axes,
    ys: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    colour: str,
    cap: float = 0.1,
    width: float = 1.0,
) -> None:
    """Interval whiskers with end caps, drawn in three calls for all rows at once."""
    if not ys:
        return
    ax.hlines(ys, lows, highs, colors=colour, linewidth=width, zorder=2)
    ymin = [y - cap for y in ys]
    ymax = [y + cap for y in ys]
    ax.vlines(lows, ymin, ymax, colors=colour, linewidth=width, zorder=2)
    ax.vlines(highs, ymin, ymax, colors=colour, linewidth=width, zorder=2)


def hbars(
    ax: Axes,
    ys: Sequence[float],
    lefts: Sequence[float],
    widths: Sequence[float],
    height: float,
    colour: str,
    edge: str | None = None,
    hatch: str | None = None,
    gid: str | None = None,
) -> PolyCollection:
    """Horizontal bars as one collection (``barh`` makes a patch per bar, which costs far more to draw).

    Bar ``i`` spans ``lefts[i]`` to ``lefts[i] + widths[i]`` around ``ys[i]``; tests read them back from
    the collection's paths. The axes' limits are set by the caller.
    """
    half = height / 2.0
    verts = [
        [(x, y - half), (x + w, y - half), (x + w, y + half), (x, y + half)]
        for y, x, w in zip(ys, lefts, widths, strict=True)
    ]
    bars = PolyCollection(
        verts, facecolors=colour, edgecolors=edge or colour, linewidths=0.5 if edge else 0.3, hatch=hatch, zorder=2
    )
    bars.set_gid(gid)
    ax.add_collection(bars, autolim=False)
    return bars


def _grid(ax: Axes) -> None:
    ax.grid(axis="x", color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)


def _ci_text(ci: Interval | None, lang: Lang, digits: int = 2) -> str:
    return "" if ci is None else interval(ci.low, ci.high, lang, digits)


def _level(lvl: str, lang: Lang) -> str:
    return t("level_indicative", lang) if lvl == "indicative" else t("level_full", lang)


def _indicative_note(lang: Lang, threshold: int) -> str:
    stats_min = anonymity.statistics_min(threshold)
    return t("indicative_note", lang, low=threshold, high=stats_min - 1, high_plus=stats_min)


def _rows(rows: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(r) for r in rows)


def _wave_dim(wave: WaveResults | None, dim_id: str) -> DimensionStats | None:
    """The employees' shown result on one dimension in ``wave``, or None."""
    if wave is None:
        return None
    total = wave.employee_total
    if not isinstance(total, GroupResult):
        return None
    dim = total.dimensions.get(dim_id)
    return dim if isinstance(dim, DimensionStats) else None


#: Left margin (inches) for dimension names wrapped to 26 characters on two lines.
NAME_MARGIN = 1.85


# ---------------------------------------------------------------------------------------------------
# 1. profile


def profile_chart(report: CompanyReport, lang: Lang, wave: WaveResults | None = None) -> Chart:
    """Horizontal bars: the employees' mean per dimension (95 % interval whiskers from 10 responses; hatched
    when indicative), the managers' mean as a diamond. ``wave`` defaults to the latest."""
    wave = wave or report.latest
    q = report.questionnaire if wave is None else wave.questionnaire
    dims = _dimension_ids(q)
    lo, hi = _scale_bounds(q)
    marker = suppressed(lang, report.threshold)
    emp = None if wave is None else wave.employee_total
    man = None if wave is None else wave.manager_total
    rows: list[tuple[str, ...]] = []
    bars: dict[bool, tuple[list[float], list[float]]] = {False: ([], []), True: ([], [])}
    whiskers: tuple[list[float], list[float], list[float]] = ([], [], [])
    managers: tuple[list[float], list[float]] = ([], [])
    labels: list[tuple[float, float, str]] = []
    markers: list[float] = []
    for index, dim_id in enumerate(dims):
        y = float(index)
        name = _name(q, dim_id, lang)
        e = emp.dimensions.get(dim_id) if isinstance(emp, GroupResult) else None
        m = man.dimensions.get(dim_id) if isinstance(man, GroupResult) else None
        m_mean = m.mean if isinstance(m, DimensionStats) else None
        m_cell = "" if m_mean is None else number(m_mean, lang)
        if m_mean is not None:
            managers[0].append(m_mean)
            managers[1].append(y)
        if isinstance(e, DimensionStats) and e.mean is not None:
            hollow = e.level == "indicative"
            bars[hollow][0].append(y)
            bars[hollow][1].append(e.mean)
            right = e.mean
            if e.ci95 is not None:
                whiskers[0].append(y)
                whiskers[1].append(e.ci95.low)
                whiskers[2].append(e.ci95.high)
                right = e.ci95.high
            label = number(e.mean, lang) + (f" ({t('indicative', lang)})" if hollow else "")
            labels.append((max(right, m_mean if m_mean is not None else lo) + 0.07, y, label))
            rows.append(
                (
                    name,
                    str(e.n),
                    number(e.mean, lang),
                    _ci_text(e.ci95, lang),
                    "" if e.favourable is None else percent(e.favourable, lang),
                    m_cell,
                    _level(e.level, lang),
                )
            )
        else:
            markers.append(y)
            rows.append((name, marker, "", "", "", m_cell, ""))
    with style():
        fig = Figure(figsize=(WIDTH, 0.4 * len(dims) + 0.8))
        ax = _axes(fig, NAME_MARGIN, 0.15, 0.35, 0.3)
        for hollow, (ys, means) in bars.items():
            if ys:
                hbars(
                    ax,
                    ys,
                    [float(lo)] * len(ys),
                    [mean - lo for mean in means],
                    0.55,
                    EMPLOYEE_COLOUR,
                    hatch="///" if hollow else None,
                    gid="employees-indicative" if hollow else "employees",
                )
        _whiskers(ax, *whiskers, colour="#222222")
        for x, y, label in labels:
            ax.text(x, y, label, va="center", fontsize=7.5)
        for y in markers:
            _marker(ax, lo + 0.05, y, marker)
        if managers[0]:
            ax.plot(
                managers[0],
                managers[1],
                marker="D",
                markersize=6,
                color=MANAGER_COLOUR,
                markeredgecolor="white",
                linestyle="none",
                gid="managers",
                zorder=3,
            )
        ylabels(ax, range(len(dims)), [wrap(_name(q, d, lang), 26, 2) for d in dims])
        ax.set_ylim(len(dims) - 0.45, -0.55)
        ax.set_xlim(lo, hi + 0.6)
        ax.set_xticks(range(lo, hi + 1))
        _grid(ax)
        ax.legend(
            handles=[
                Patch(color=EMPLOYEE_COLOUR, label=t("employees", lang)),
                Line2D([], [], marker="D", color=MANAGER_COLOUR, linestyle="none", label=t("managers", lang)),
            ],
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=2,
            borderaxespad=0.2,
        )
    wave_label = wave_name(wave.kind, lang, lower=True) if wave is not None else ""
    header = (
        t("th_dimension", lang),
        t("th_n", lang),
        t("th_mean", lang),
        t("th_ci", lang),
        t("th_favourable", lang),
        t("th_managers_mean", lang),
        t("level", lang),
    )
    return Chart(
        key="profile",
        title=t("profile_title", lang, wave=wave_label),
        caption=t("profile_caption", lang, min=lo, max=hi),
        alt=t("profile_alt", lang),
        figure=fig,
        table=Table(header, _rows(rows)),
        notes=(_indicative_note(lang, report.threshold),) if bars[True][0] else (),
    )


# ---------------------------------------------------------------------------------------------------
# 2. baseline vs end-line


def comparison_chart(report: CompanyReport, lang: Lang) -> Chart | None:
    """Per dimension the baseline (circle) and end-line (square) means with 95 % interval whiskers (from
    10 responses per wave), and the difference and Hedges' g in words beside it. None without a
    comparison."""
    comp = report.comparison
    if comp is None:
        return None
    q = report.questionnaire
    dims = [d for d in _dimension_ids(q) if d in comp.dimensions]
    lo, hi = _scale_bounds(q)
    marker = suppressed(lang, report.threshold)
    waves = {"baseline": report.wave("baseline"), "endline": report.wave("endline")}
    rows: list[tuple[str, ...]] = []
    points = {kind: {hollow: ([], []) for hollow in (False, True)} for kind in waves}  # type: ignore[var-annotated]
    whiskers = {kind: ([], [], []) for kind in waves}  # type: ignore[var-annotated]
    words: list[tuple[float, str]] = []
    markers: list[float] = []
    indicative = False
    for index, dim_id in enumerate(dims):
        y = float(index)
        c = comp.dimensions[dim_id]
        name = _name(q, dim_id, lang)
        if isinstance(c, SuppressedComparison):
            markers.append(y)
            rows.append((name, marker, "", "", "", "", ""))
            continue
        hollow = c.level == "indicative"
        indicative |= hollow
        for kind, summary, offset in (("baseline", c.baseline, -0.17), ("endline", c.endline, 0.17)):
            if summary.mean is None:
                continue
            points[kind][hollow][0].append(summary.mean)
            points[kind][hollow][1].append(y + offset)
            stats = _wave_dim(waves[kind], dim_id)
            if stats is not None and stats.ci95 is not None:
                whiskers[kind][0].append(y + offset)
                whiskers[kind][1].append(stats.ci95.low)
                whiskers[kind][2].append(stats.ci95.high)
        diff = "" if c.difference is None else number(c.difference, lang, signed=True)
        said = effect_words(c, lang, report.threshold)
        words.append((y, f"{diff}  {said}"))
        g = "" if c.hedges_g is None else number(c.hedges_g, lang, signed=True)
        rows.append(
            (
                name,
                _wave_cell(c.baseline.mean, c.baseline.n, lang),
                _wave_cell(c.endline.mean, c.endline.n, lang),
                diff + (f" ({_ci_text(c.ci95, lang)})" if c.ci95 is not None else ""),
                g + (f" ({_ci_text(c.hedges_g_ci95, lang)})" if c.hedges_g_ci95 is not None else ""),
                said,
                "" if c.favourable_change is None else percent(c.favourable_change, lang, signed=True),
            )
        )
    with style():
        fig = Figure(figsize=(WIDTH, 0.46 * len(dims) + 0.8))
        ax = _axes(fig, NAME_MARGIN, 2.3, 0.35, 0.3)
        style_of = {"baseline": (BASELINE_COLOUR, "o"), "endline": (ENDLINE_COLOUR, "s")}
        for kind, (colour, shape) in style_of.items():
            _whiskers(ax, *whiskers[kind], colour=colour, cap=0.07, width=1.2)
            for hollow, (xs, ys) in points[kind].items():
                if xs:
                    ax.plot(
                        xs,
                        ys,
                        marker=shape,
                        markersize=6.5,
                        linestyle="none",
                        color=colour,
                        markerfacecolor="white" if hollow else colour,
                        markeredgewidth=1.5,
                        zorder=3,
                        gid=f"{kind}-indicative" if hollow else kind,
                    )
        for y in markers:
            _marker(ax, lo + 0.05, y, marker)
        for y, text in words:
            ax.text(
                1.02, y, text, transform=ax.get_yaxis_transform(), va="center", ha="left", fontsize=8, clip_on=False
            )
        ylabels(ax, range(len(dims)), [wrap(_name(q, d, lang), 26, 2) for d in dims])
        ax.set_ylim(len(dims) - 0.5, -0.5)
        ax.set_xlim(lo, hi)
        ax.set_xticks(range(lo, hi + 1))
        _grid(ax)
        ax.legend(
            handles=[
                Line2D([], [], marker=shape, color=colour, linestyle="none", label=t(kind, lang))
                for kind, (colour, shape) in style_of.items()
            ],
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=2,
            borderaxespad=0.2,
        )
    header = (
        t("th_dimension", lang),
        t("th_baseline", lang),
        t("th_endline", lang),
        f"{t('th_difference', lang)} ({t('th_ci', lang)})",
        f"{t('th_g', lang)} ({t('th_ci', lang)})",
        t("th_words", lang),
        t("th_favourable_change", lang),
    )
    return Chart(
        key="comparison",
        title=t("comparison_title", lang),
        caption=t("comparison_caption", lang),
        alt=t("comparison_alt", lang),
        figure=fig,
        table=Table(header, _rows(rows)),
        notes=(_indicative_note(lang, report.threshold),) if indicative else (),
    )


def _wave_cell(mean: float | None, n: int, lang: Lang) -> str:
    return "" if mean is None else f"{number(mean, lang)} (n = {n})"


# ---------------------------------------------------------------------------------------------------
# 3. perception gap


def gap_chart(report: CompanyReport, lang: Lang) -> Chart | None:
    """Dumbbells: per dimension the employees' (circle) and the managers' (diamond) mean joined by a line,
    one panel per wave. None without a wave."""
    if not report.waves:
        return None
    q = report.questionnaire
    dims = _dimension_ids(q)
    lo, hi = _scale_bounds(q)
    marker = suppressed(lang, report.threshold)
    rows: list[tuple[str, ...]] = []
    indicative = False
    waves = report.waves
    with style():
        fig = Figure(figsize=(WIDTH, 0.4 * len(dims) + 1.0))
        panel = (WIDTH - NAME_MARGIN - 0.15 - 0.2 * (len(waves) - 1)) / len(waves)
        for index, wave in enumerate(waves):
            ax = _axes(fig, NAME_MARGIN + index * (panel + 0.2), 0.0, 0.55, 0.3, width=panel)
            lines: tuple[list[float], list[float], list[float]] = ([], [], [])
            emp: dict[bool, tuple[list[float], list[float]]] = {False: ([], []), True: ([], [])}
            man: tuple[list[float], list[float]] = ([], [])
            for row_index, dim_id in enumerate(dims):
                y = float(row_index)
                gap = wave.gap.dimensions.get(dim_id)
                name = _name(q, dim_id, lang)
                if not isinstance(gap, DimensionGap) or gap.employee_mean is None:
                    _marker(ax, lo + 0.05, y, wrap(marker, 24, 2) if len(waves) > 1 else marker, fontsize=7)
                    rows.append((name, wave_name(wave.kind, lang), marker, "", ""))
                    continue
                hollow = gap.level == "indicative"
                indicative |= hollow
                emp[hollow][0].append(gap.employee_mean)
                emp[hollow][1].append(y)
                if gap.manager_mean is not None:
                    lines[0].append(y)
                    lines[1].append(min(gap.employee_mean, gap.manager_mean))
                    lines[2].append(max(gap.employee_mean, gap.manager_mean))
                    man[0].append(gap.manager_mean)
                    man[1].append(y)
                if gap.gap is not None and gap.manager_mean is not None:
                    ax.text(
                        max(gap.employee_mean, gap.manager_mean) + 0.17,
                        y,
                        number(gap.gap, lang, signed=True),
                        va="center",
                        fontsize=7,
                    )
                else:
                    ax.text(
                        gap.employee_mean + 0.12,
                        y,
                        t("no_managers", lang),
                        va="center",
                        fontsize=7,
                        color="#555555",
                        style="italic",
                    )
                emp_cell = f"{number(gap.employee_mean, lang)} (n = {gap.employee_n})" + (
                    f" ({t('indicative', lang)})" if hollow else ""
                )
                man_cell = (
                    t("no_managers", lang)
                    if gap.manager_mean is None
                    else f"{number(gap.manager_mean, lang)} (n = {gap.manager_n})"
                )
                rows.append(
                    (
                        name,
                        wave_name(wave.kind, lang),
                        emp_cell,
                        man_cell,
                        "" if gap.gap is None else number(gap.gap, lang, signed=True),
                    )
                )
            if lines[0]:
                ax.hlines(*lines, colors=GREY, linewidth=2.2, zorder=1)
            if man[0]:
                ax.plot(
                    *man, marker="D", markersize=6.5, color=MANAGER_COLOUR, linestyle="none", zorder=3, gid="managers"
                )
            for hollow, (xs, ys) in emp.items():
                if xs:
                    ax.plot(
                        xs,
                        ys,
                        marker="o",
                        markersize=6.5,
                        color=EMPLOYEE_COLOUR,
                        linestyle="none",
                        zorder=3,
                        markerfacecolor="white" if hollow else EMPLOYEE_COLOUR,
                        markeredgewidth=1.5,
                        gid="employees-indicative" if hollow else "employees",
                    )
            ax.set_title(wave_name(wave.kind, lang), fontsize=8.5, loc="left")
            ax.set_xlim(lo, hi + 0.5)
            ax.set_xticks(range(lo, hi + 1))
            ax.set_ylim(len(dims) - 0.5, -0.5)
            ylabels(ax, range(len(dims)), [wrap(_name(q, d, lang), 26, 2) if index == 0 else "" for d in dims])
            _grid(ax)
        fig.legend(
            handles=[
                Line2D([], [], marker="o", color=EMPLOYEE_COLOUR, linestyle="none", label=t("employees", lang)),
                Line2D([], [], marker="D", color=MANAGER_COLOUR, linestyle="none", label=t("managers", lang)),
            ],
            loc="upper left",
            bbox_to_anchor=(NAME_MARGIN / WIDTH, 1.0),
            ncols=2,
            borderaxespad=0.1,
        )
    header = (
        t("th_dimension", lang),
        t("th_wave", lang),
        t("th_employees_mean", lang),
        t("th_managers_mean", lang),
        t("th_gap", lang),
    )
    return Chart(
        key="gap",
        title=t("gap_title", lang, wave=" / ".join(wave_name(w.kind, lang, lower=True) for w in waves)),
        caption=t("gap_caption", lang),
        alt=t("gap_alt", lang),
        figure=fig,
        table=Table(header, _rows(rows)),
        notes=(_indicative_note(lang, report.threshold),) if indicative else (),
    )


# ---------------------------------------------------------------------------------------------------
# 4. items: diverging stacked bars


def point_colours(n_points: int) -> list[str]:
    """Colours for the scale points, disagree (vermillion, orange) to agree (sky blue, blue); the middle
    point of an odd scale grey. More than two points a side get mixed shades of the same two."""
    side = n_points // 2
    left = _shades(OKABE_ITO["vermillion"], OKABE_ITO["orange"], side)
    right = list(reversed(_shades(OKABE_ITO["blue"], OKABE_ITO["sky_blue"], side)))
    middle = [NEUTRAL] if n_points % 2 else []
    return left + middle + right


def _shades(dark: str, light: str, count: int) -> list[str]:
    if count <= 0:
        return []
    if count == 1:
        return [light]
    return [_mix(dark, light, step / (count - 1)) for step in range(count)]


def _mix(a: str, b: str, share: float) -> str:
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(ca, cb, strict=True))


def diverging_segments(counts: Mapping[int, int], points: Sequence[int]) -> list[tuple[int, float, float]]:
    """(point, left, width) in percent for a diverging bar: points below the middle to the left of 0, above
    it to the right, the middle point of an odd scale split around 0. Percent of the answers on the scale;
    empty when nobody answered on the scale."""
    total = sum(int(counts.get(p, 0)) for p in points)
    if total <= 0:
        return []
    share = {p: 100.0 * int(counts.get(p, 0)) / total for p in points}
    n = len(points)
    middle = points[n // 2] if n % 2 else None
    x = -sum(share[p] for p in points[: n // 2]) - (share[middle] / 2.0 if middle is not None else 0.0)
    segments: list[tuple[int, float, float]] = []
    for p in points:
        segments.append((p, x, share[p]))
        x += share[p]
    return segments


def item_chart(
    report: CompanyReport,
    dim_ids: Sequence[str],
    lang: Lang,
    wave: WaveResults | None = None,
    part: tuple[int, int] = (1, 1),
) -> Chart:
    """Diverging stacked bars of the items of ``dim_ids`` (employees, latest wave), grouped under their
    dimension's name: disagree left, agree right, the disagree and agree shares at the ends; "weet ik niet"
    apart on the right, as a percentage of all respondents. Items whose counts the anonymity rules hide (or
    a hidden dimension) draw no bar and read "te weinig reacties". ``part`` numbers the charts of a report.
    """
    wave = wave or report.latest
    q = report.questionnaire if wave is None else wave.questionnaire
    first_items = q.dimension_items(dim_ids[0], "employee")
    scale = q.scales[first_items[0].scale]
    points = [p.value for p in scale.points]
    colours = point_colours(len(points))
    half = len(points) // 2
    marker = suppressed(lang, report.threshold)
    has_dk = bool(scale.non_substantive)
    dk_label = localise(scale.non_substantive[0].label, lang) if has_dk else ""
    blank_cells = ("",) * (len(points) + 2 + (1 if has_dk else 0))
    rows: list[tuple[str, ...]] = []
    segments: dict[int, tuple[list[float], list[float], list[float]]] = {p: ([], [], []) for p in points}
    ends: list[tuple[float, float, float, float, float]] = []  # y, left end, disagree %, right end, agree %
    dk_bars: tuple[list[float], list[float]] = ([], [])
    markers: list[tuple[float, str]] = []
    headers: list[tuple[float, str]] = []
    ticks: list[float] = []
    labels: list[str] = []
    indicative = False
    y = -0.9
    for dim_id in dim_ids:
        name = _name(q, dim_id, lang)
        y += 0.9
        headers.append((y, name))
        rows.append((name, *blank_cells))
        y += 0.75
        stats = _wave_dim(wave, dim_id)
        indicative |= stats is not None and stats.level == "indicative"
        for item in q.dimension_items(dim_id, "employee"):
            full = localise(item.text["employee"], lang) + (f" {t('reverse_marker', lang)}" if item.reverse else "")
            ticks.append(y)
            labels.append(wrap(full, 44, 3))
            result: ItemResult | None = stats.items.get(item.id) if stats is not None else None
            dk = sum(result.non_substantive.values()) if result is not None else None
            dk_cells: tuple[str, ...] = (percent(dk, lang) if dk is not None else "",) if has_dk else ()
            blank = percent(result.blank, lang) if result is not None else ""
            if result is not None and dk is not None and has_dk:
                dk_bars[0].append(y)
                dk_bars[1].append(dk)
            parts = [] if result is None or result.counts is None else diverging_segments(result.counts, points)
            if not parts:
                words = marker if result is None or result.counts is None else t("no_answers", lang)
                markers.append((y, words))
                rows.append((full, words, *([""] * len(points)), *dk_cells, blank))
            else:
                for point, left, width in parts:
                    segments[point][0].append(y)
                    segments[point][1].append(left)
                    segments[point][2].append(width)
                ends.append(
                    (
                        y,
                        parts[0][1],
                        sum(w for _, _, w in parts[:half]),
                        parts[-1][1] + parts[-1][2],
                        sum(w for _, _, w in parts[len(parts) - half :]),
                    )
                )
                assert result is not None
                rows.append((full, str(result.n), *(percent(w, lang) for _, _, w in parts), *dk_cells, blank))
            y += 1.0
    bottom = y - 0.5
    label_margin = 2.75
    with style():
        fig = Figure(figsize=(WIDTH, 0.36 * (bottom + 0.5) + 0.95))
        dk_width = 0.85 if has_dk else 0.0
        main_width = WIDTH - label_margin - 0.15 - dk_width - (0.15 if has_dk else 0.0)
        ax = _axes(fig, label_margin, 0.0, 0.25, 0.62, width=main_width)
        for point, colour in zip(points, colours, strict=True):
            ys, lefts, widths = segments[point]
            if ys:
                hbars(ax, ys, lefts, widths, 0.62, colour, edge="white", gid=f"point-{point}")
        for row_y, left, disagree, right, agree in ends:
            ax.text(left - 1.5, row_y, f"{disagree:.0f}%", ha="right", va="center", fontsize=6.5)
            ax.text(right + 1.5, row_y, f"{agree:.0f}%", ha="left", va="center", fontsize=6.5)
        for row_y, words in markers:
            _marker(ax, -112, row_y, words, fontsize=7)
        ylabels(
            ax,
            [row_y for row_y, _ in headers],
            [name for _, name in headers],
            fontsize=8,
            bold=[True] * len(headers),
            left=label_margin - 0.08,
        )
        ylabels(ax, ticks, labels, fontsize=7)
        ax.set_ylim(bottom, -0.5)
        ax.set_xlim(-115, 115)
        ax.set_xticks([-100, -50, 0, 50, 100], ["100%", "50%", "0", "50%", "100%"])
        ax.axvline(0, color="#444444", linewidth=0.8)
        _grid(ax)
        if has_dk:
            dk_ax = _axes(fig, label_margin + main_width + 0.15, 0.0, 0.25, 0.62, width=dk_width)
            if dk_bars[0]:
                hbars(dk_ax, dk_bars[0], [0.0] * len(dk_bars[0]), dk_bars[1], 0.62, GREY, gid="dont-know")
            for row_y, dk in zip(*dk_bars, strict=True):
                dk_ax.text(dk + 3, row_y, f"{dk:.0f}%", va="center", fontsize=6.5)
            dk_ax.set_ylim(bottom, -0.5)
            dk_ax.set_xlim(0, 100)
            dk_ax.set_xticks([0, 50, 100], ["0", "50%", "100%"])
            dk_ax.set_yticks([])
            dk_ax.set_title(dk_label, fontsize=7.5)
            _grid(dk_ax)
        fig.legend(
            handles=[Patch(color=c, label=localise(p.label, lang)) for c, p in zip(colours, scale.points, strict=True)],
            loc="lower left",
            bbox_to_anchor=(0.01, 0.0),
            ncols=min(len(points), 5),
            fontsize=7,
            columnspacing=1.0,
            handlelength=1.2,
        )
    header = (
        t("th_statement", lang),
        t("th_n", lang),
        *(localise(p.label, lang) for p in scale.points),
        *((dk_label,) if has_dk else ()),
        t("th_blank", lang),
    )
    wave_label = wave_name(wave.kind, lang, lower=True) if wave is not None else ""
    title = t("items_title", lang, wave=wave_label)
    if part[1] > 1:
        title += " " + t("part", lang, part=part[0], parts=part[1])
    return Chart(
        key=f"items-{part[0]}",
        title=title,
        caption=t("items_caption", lang),
        alt=t("items_alt", lang),
        figure=fig,
        table=Table(header, _rows(rows)),
        notes=(_indicative_note(lang, report.threshold),) if indicative else (),
    )


#: Items per item chart: about one A4 page of bars.
ITEMS_PER_CHART = 20


def item_groups(q: Questionnaire, per_chart: int = ITEMS_PER_CHART) -> list[list[str]]:
    """Consecutive dimensions packed into charts of at most ``per_chart`` items (a dimension is never
    split; a dimension with more items gets a chart of its own)."""
    groups: list[list[str]] = []
    count = 0
    for dim_id in _dimension_ids(q):
        k = len(q.dimension_items(dim_id, "employee"))
        if groups and count + k <= per_chart:
            groups[-1].append(dim_id)
            count += k
        else:
            groups.append([dim_id])
            count = k
    return groups


def item_charts(report: CompanyReport, lang: Lang, per_chart: int = ITEMS_PER_CHART) -> list[Chart]:
    """The item charts of the latest wave: dimensions in questionnaire order, packed by :func:`item_groups`."""
    groups = item_groups(report.questionnaire, per_chart)
    return [item_chart(report, dims, lang, part=(i + 1, len(groups))) for i, dims in enumerate(groups)]


# ---------------------------------------------------------------------------------------------------
# 5. development plans


def _plan_cell(value: float, ci: Interval | None, lang: Lang) -> str:
    return percent(value, lang) + ("" if ci is None else f" ({interval(ci.low, ci.high, lang, as_percent=True)})")


def plan_chart(
    groups: Sequence[tuple[str, AnyPlan | None]],
    lang: Lang,
    threshold: int,
    key: str = "plans",
    caption: str | None = None,
) -> Chart:
    """Horizontal bars per group (a wave, or a region and wave): % with a plan and % working on it, with
    Wilson 95 % intervals from 10 answers, against the programme's target line (:data:`TARGET_WITH_PLAN`)."""
    marker = suppressed(lang, threshold)
    target = next((p.target for _, p in groups if isinstance(p, PlanKpi)), TARGET_WITH_PLAN)
    rows: list[tuple[str, ...]] = []
    series: dict[str, tuple[str, float, dict[bool, tuple[list[float], list[float]]]]] = {
        "with_plan": (WITH_PLAN_COLOUR, -0.17, {False: ([], []), True: ([], [])}),
        "working": (WORKING_COLOUR, 0.17, {False: ([], []), True: ([], [])}),
    }
    whiskers: tuple[list[float], list[float], list[float]] = ([], [], [])
    labels: list[tuple[float, float, str]] = []
    markers: list[tuple[float, str]] = []
    indicative = False
    for index, (label, plan) in enumerate(groups):
        y = float(index)
        if not isinstance(plan, PlanKpi):
            words = marker if plan is not None else t("no_answers", lang)
            markers.append((y, words))
            rows.append((label, words, "", "", ""))
            continue
        hollow = plan.level == "indicative"
        indicative |= hollow
        for what, value, ci in (
            ("with_plan", plan.with_plan, plan.with_plan_ci95),
            ("working", plan.working, plan.working_ci95),
        ):
            _, offset, bars = series[what]
            bars[hollow][0].append(y + offset)
            bars[hollow][1].append(value)
            if ci is not None:
                whiskers[0].append(y + offset)
                whiskers[1].append(ci.low)
                whiskers[2].append(ci.high)
            labels.append(((ci.high if ci is not None else value) + 1.5, y + offset, percent(value, lang)))
        rows.append(
            (
                label,
                str(plan.n),
                _plan_cell(plan.with_plan, plan.with_plan_ci95, lang),
                _plan_cell(plan.working, plan.working_ci95, lang),
                t("meets_target", lang) if plan.meets_target else t("below_target", lang),
            )
        )
    with style():
        fig = Figure(figsize=(WIDTH, 0.55 * len(groups) + 0.95))
        ax = _axes(fig, NAME_MARGIN, 0.15, 0.3, 0.6)
        for what, (colour, _, bars) in series.items():
            for hollow, (ys, values) in bars.items():
                if ys:
                    hbars(
                        ax,
                        ys,
                        [0.0] * len(ys),
                        values,
                        0.32,
                        colour,
                        hatch="///" if hollow else None,
                        gid=f"{what}-indicative" if hollow else what,
                    )
        _whiskers(ax, *whiskers, colour="#222222", cap=0.07)
        for x, y, text in labels:
            ax.text(x, y, text, va="center", fontsize=7)
        for y, words in markers:
            _marker(ax, 1, y, words)
        ax.axvline(target, color="black", linestyle=(0, (4, 3)), linewidth=1.2, gid="target")
        ax.text(target, -0.62, t("target", lang, target=percent(target, lang)), ha="center", va="bottom", fontsize=7.5)
        ylabels(ax, range(len(groups)), [wrap(label, 26, 2) for label, _ in groups])
        ax.set_ylim(len(groups) - 0.5, -0.6)
        ax.set_xlim(0, 100)
        ax.set_xticks([0, 25, 50, 75, 100], ["0", "25%", "50%", "75%", "100%"])
        _grid(ax)
        fig.legend(
            handles=[
                Patch(color=WITH_PLAN_COLOUR, label=t("with_plan", lang)),
                Patch(color=WORKING_COLOUR, label=t("working", lang)),
            ],
            loc="lower left",
            bbox_to_anchor=(NAME_MARGIN / WIDTH, 0.0),
            ncols=2,
        )
    header = (
        t("th_wave", lang) if key == "plans" else t("th_group", lang),
        t("th_n", lang),
        t("th_with_plan", lang),
        t("th_working", lang),
        t("th_target", lang),
    )
    return Chart(
        key=key,
        title=t("plans_title", lang, target=percent(target, lang)),
        caption=caption or t("plans_caption", lang),
        alt=t("plans_alt", lang),
        figure=fig,
        table=Table(header, _rows(rows)),
        notes=(_indicative_note(lang, threshold),) if indicative else (),
    )


def company_plan_chart(report: CompanyReport, lang: Lang) -> Chart | None:
    """:func:`plan_chart` for the company's waves; None when the questionnaire has no plan question."""
    if report.questionnaire.development_plan_question() is None or not report.waves:
        return None
    return plan_chart([(wave_name(w.kind, lang), w.plan) for w in report.waves], lang, report.threshold)


# ---------------------------------------------------------------------------------------------------
# 6. programme: change per company and per region


#: Cohen's thresholds for |g|, drawn as faint guides in the programme charts (the words come from scoring).
EFFECT_LINES = (0.2, 0.5, 0.8)


class _Forest:
    """Collects the rows of a forest plot and draws them in a few calls."""

    def __init__(self) -> None:
        self.points: dict[tuple[str, str, bool], tuple[list[float], list[float]]] = {}
        self.ci: dict[str, tuple[list[float], list[float], list[float]]] = {}
        self.markers: list[tuple[float, str]] = []
        self.values: list[float] = []
        self.indicative = False

    def add(self, y: float, comp: ComparisonResult | None, colour: str, shape: str, lang: Lang, threshold: int) -> None:
        if isinstance(comp, DimensionComparison) and comp.hedges_g is not None:
            hollow = comp.level == "indicative"
            self.indicative |= hollow
            xs, ys = self.points.setdefault((colour, shape, hollow), ([], []))
            xs.append(comp.hedges_g)
            ys.append(y)
            self.values.append(comp.hedges_g)
            if comp.hedges_g_ci95 is not None:
                row = self.ci.setdefault(colour, ([], [], []))
                row[0].append(y)
                row[1].append(comp.hedges_g_ci95.low)
                row[2].append(comp.hedges_g_ci95.high)
                self.values.extend([comp.hedges_g_ci95.low, comp.hedges_g_ci95.high])
        elif isinstance(comp, SuppressedComparison):
            self.markers.append((y, suppressed(lang, threshold)))
        else:
            self.markers.append((y, t("not_determinable", lang)))

    def limits(self) -> tuple[float, float]:
        low = min([-1.0, *self.values])
        high = max([1.0, *self.values])
        return max(low - 0.1, -3.0), min(high + 0.1, 3.0)

    def draw(self, ax: Axes, limits: tuple[float, float], size: float, marker_size: float) -> None:
        ax.axvline(0, color="#333333", linewidth=0.9)
        for x in EFFECT_LINES:
            for sign in (-1, 1):
                ax.axvline(sign * x, color=LIGHT_GREY, linewidth=0.7, linestyle=(0, (2, 2)), zorder=0)
        for colour, (ys, lows, highs) in self.ci.items():
            ax.hlines(ys, lows, highs, colors=colour, linewidth=1.1, zorder=2)
        for (colour, shape, hollow), (xs, ys) in self.points.items():
            ax.plot(
                xs,
                ys,
                marker=shape,
                markersize=size if shape == "s" else size * 1.4,
                color=colour,
                linestyle="none",
                markerfacecolor="white" if hollow else colour,
                markeredgewidth=1.2,
                zorder=3,
                gid="indicative" if hollow else "estimate",
            )
        for y, words in self.markers:
            _marker(ax, limits[0] + 0.05, y, words, fontsize=marker_size)
        ax.set_xlim(*limits)


def _g_cells(comp: ComparisonResult | None, lang: Lang, threshold: int) -> tuple[str, ...]:
    """n baseline, n end-line, difference, g, interval of g, words; the marker alone when suppressed."""
    if comp is None:
        return (t("not_comparable", lang), "", "", "", "", "")
    if isinstance(comp, SuppressedComparison):
        return (suppressed(lang, threshold), "", "", "", "", "")
    return (
        str(comp.baseline.n),
        str(comp.endline.n),
        "" if comp.difference is None else number(comp.difference, lang, signed=True),
        "" if comp.hedges_g is None else number(comp.hedges_g, lang, signed=True),
        _ci_text(comp.hedges_g_ci95, lang),
        effect_words(comp, lang, threshold),
    )


def _forest_header(lang: Lang, first: str) -> tuple[str, ...]:
    return (
        first,
        t("th_region", lang),
        t("th_baseline", lang) + " n",
        t("th_endline", lang) + " n",
        t("th_difference", lang),
        t("th_g", lang),
        t("th_g_ci", lang),
        t("th_words", lang),
    )


def programme_change_chart(report: ProgrammeReport, dim_id: str, lang: Lang) -> Chart:
    """A forest plot of one dimension: Hedges' g with its interval per company (square), grouped by region
    with the region's pooled g (diamond) under its companies, and the whole programme (black) at the end."""
    q = report.questionnaire
    layout: list[tuple[ChangeRow, str]] = []
    for region_row in report.regions:
        layout.extend((c, c.label) for c in report.companies if c.region == region_row.region)
        layout.append((region_row, region_row.label))
    layout.append((report.total, t("programme_total", lang)))
    forest = _Forest()
    rows: list[tuple[str, ...]] = []
    for y, (row, label) in enumerate(layout):
        comp = row.dimension(dim_id)
        colour = {"company": "#333333", "region": REGION_COLOUR, "total": "black"}[row.kind]
        forest.add(y, comp, colour, "s" if row.kind == "company" else "D", lang, report.threshold)
        kind = {"company": t("th_company", lang), "region": t("th_region", lang), "total": ""}[row.kind]
        rows.append((f"{kind} {label}".strip(), row.region or "", *_g_cells(comp, lang, report.threshold)))
    with style():
        fig = Figure(figsize=(WIDTH, 0.16 * len(layout) + 0.7))
        ax = _axes(fig, 1.5, 0.2, 0.1, 0.45)
        forest.draw(ax, forest.limits(), 4.0, 6.0)
        ylabels(
            ax,
            range(len(layout)),
            [label for _, label in layout],
            fontsize=6.5,
            bold=[row.kind != "company" for row, _ in layout],
        )
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(len(layout) - 0.4, -0.6)
        ax.set_xlabel("Hedges' g")
    return Chart(
        key=f"programme-{dim_id}",
        title=t("programme_change_title", lang, dimension=_name(q, dim_id, lang)),
        caption=t("programme_change_caption", lang),
        alt=t("programme_change_alt", lang),
        figure=fig,
        table=Table(_forest_header(lang, t("th_group", lang)), _rows(rows)),
        notes=(_indicative_note(lang, report.threshold),) if forest.indicative else (),
    )


def region_change_chart(report: ProgrammeReport, lang: Lang) -> Chart:
    """Small multiples, one panel per dimension: Hedges' g with its interval per region and overall."""
    q = report.questionnaire
    dims = _dimension_ids(q)
    groups = [*report.regions, report.total]
    labels = [r.label for r in report.regions] + [t("programme_total", lang)]
    forests = {dim_id: _Forest() for dim_id in dims}
    rows: list[tuple[str, ...]] = []
    for dim_id in dims:
        for y, row in enumerate(groups):
            comp = row.dimension(dim_id)
            forests[dim_id].add(
                y, comp, REGION_COLOUR if row.kind == "region" else "black", "D", lang, report.threshold
            )
            rows.append((_name(q, dim_id, lang), labels[y], *_g_cells(comp, lang, report.threshold)))
    values = [v for f in forests.values() for v in f.values]
    limits = _Forest()
    limits.values = values
    x_limits = limits.limits()
    n_cols = 2
    n_rows = (len(dims) + n_cols - 1) // n_cols
    panel_h = 0.17 * len(groups) + 0.25
    gap_h = 0.6
    with style():
        fig = Figure(figsize=(WIDTH, n_rows * (panel_h + gap_h) + 0.35))
        panel_w = (WIDTH - 2 * 1.25 - 0.2) / n_cols
        for index, dim_id in enumerate(dims):
            r, c = divmod(index, n_cols)
            fig_h = fig.get_size_inches()[1]
            top = 0.3 + r * (panel_h + gap_h)
            ax = _axes(fig, 1.25 + c * (panel_w + 1.25), 0.0, top, fig_h - top - panel_h, width=panel_w)
            forests[dim_id].draw(ax, x_limits, 3.5, 6.0)
            ax.set_title(wrap(_name(q, dim_id, lang), 38, 1), fontsize=8, loc="left")
            ylabels(ax, range(len(groups)), labels, fontsize=7)
            ax.tick_params(axis="y", length=0)
            ax.tick_params(axis="x", labelsize=7)
            ax.set_ylim(len(groups) - 0.5, -0.5)
            if r == n_rows - 1 or index + n_cols >= len(dims):
                ax.set_xlabel("Hedges' g", fontsize=7.5)
    return Chart(
        key="regions",
        title=t("region_change_title", lang),
        caption=t("region_change_caption", lang),
        alt=t("region_change_alt", lang),
        figure=fig,
        table=Table(_forest_header(lang, t("th_dimension", lang)), _rows(rows)),
        notes=(_indicative_note(lang, report.threshold),) if any(f.indicative for f in forests.values()) else (),
    )


def programme_plan_chart(report: ProgrammeReport, lang: Lang) -> Chart | None:
    """:func:`plan_chart` per region and wave, then the whole programme."""
    if not report.plans:
        return None
    groups: list[tuple[str, AnyPlan | None]] = []
    for entry in report.plans:
        name = entry.region if entry.region is not None else t("programme_total", lang)
        for kind, plan in entry.plans.items():
            groups.append((f"{name}, {wave_name(kind, lang, lower=True)}", plan))
    return plan_chart(groups, lang, report.threshold, key="programme-plans", caption=t("programme_plans_caption", lang))


# ---------------------------------------------------------------------------------------------------
# all charts of a report


def company_charts(report: CompanyReport, lang: Lang) -> list[Chart]:
    """The company report's charts in reading order: profile, comparison, gap, plans, then the items."""
    charts: list[Chart] = []
    if report.latest is not None:
        charts.append(profile_chart(report, lang))
    for chart in (comparison_chart(report, lang), gap_chart(report, lang), company_plan_chart(report, lang)):
        if chart is not None:
            charts.append(chart)
    if report.latest is not None:
        charts.extend(item_charts(report, lang))
    return charts


def programme_charts(report: ProgrammeReport, lang: Lang) -> list[Chart]:
    """The programme report's charts: regions, development plans, then one forest plot per dimension."""
    charts: list[Chart] = [region_change_chart(report, lang)]
    plans = programme_plan_chart(report, lang)
    if plans is not None:
        charts.append(plans)
    charts.extend(programme_change_chart(report, dim_id, lang) for dim_id in _dimension_ids(report.questionnaire))
    return charts
