"""Baseline vs end-line: per dimension both means with their intervals, and the change in words."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from scoring.results import SuppressedComparison

from ..company import CompanyReport
from ..text import Lang, effect_words, number, percent, suppressed, t
from .chart import (
    Chart,
    Table,
    ci_text,
    clipped,
    clipped_note,
    dimension_ids,
    dimension_name,
    drawn,
    indicative_note,
    scale_bounds,
    table_rows,
    wave_dimension,
)
from .drawing import (
    BASELINE_COLOUR,
    ENDLINE_COLOUR,
    NAME_MARGIN,
    PRINT,
    Layout,
    draw_whiskers,
    place_axes,
    put_marker,
    style,
    x_grid,
    ylabels,
)


def comparison_chart(report: CompanyReport, lang: Lang, layout: Layout = PRINT) -> Chart | None:
    """Per dimension the baseline (circle) and end-line (square) means with 95 % interval whiskers (from
    10 responses per wave), and the difference and Hedges' g in words beside it (a compact layout: the
    difference only; the table has the words). None without a comparison."""
    comp = report.comparison
    if comp is None:
        return None
    q = report.questionnaire
    dims = [d for d in dimension_ids(q) if d in comp.dimensions]
    lo, hi = scale_bounds(q)
    marker = suppressed(lang, report.threshold)
    waves = {"baseline": report.wave("baseline"), "endline": report.wave("endline")}
    rows: list[tuple[str, ...]] = []
    points = {kind: {hollow: ([], []) for hollow in (False, True)} for kind in waves}  # type: ignore[var-annotated]
    whiskers = {kind: ([], [], []) for kind in waves}  # type: ignore[var-annotated]
    words: list[tuple[float, str]] = []
    markers: list[float] = []
    indicative = False
    cut = False
    for index, dim_id in enumerate(dims):
        y = float(index)
        c = comp.dimensions[dim_id]
        name = dimension_name(q, dim_id, lang)
        if isinstance(c, SuppressedComparison):
            markers.append(y)
            rows.append((name, marker, "", "", "", "", ""))
            continue
        hollow = c.level == "indicative"
        indicative |= hollow
        cut |= clipped(c, wave_dimension(waves["baseline"], dim_id), wave_dimension(waves["endline"], dim_id))
        for kind, summary, offset in (("baseline", c.baseline, -0.17), ("endline", c.endline, 0.17)):
            if summary.mean is None:
                continue
            points[kind][hollow][0].append(drawn(summary.mean))
            points[kind][hollow][1].append(y + offset)
            stats = wave_dimension(waves[kind], dim_id)
            if stats is not None and stats.ci95 is not None:
                whiskers[kind][0].append(y + offset)
                whiskers[kind][1].append(drawn(stats.ci95.low))
                whiskers[kind][2].append(drawn(stats.ci95.high))
        diff = "" if c.difference is None else number(c.difference, lang, signed=True)
        said = effect_words(c, lang, report.threshold)
        words.append((y, diff if layout.compact else f"{diff}  {said}"))
        g = "" if c.hedges_g is None else number(c.hedges_g, lang, signed=True)
        rows.append(
            (
                name,
                _wave_cell(c.baseline.mean, c.baseline.n, lang),
                _wave_cell(c.endline.mean, c.endline.n, lang),
                diff + (f" ({ci_text(c.ci95, lang)})" if c.ci95 is not None else ""),
                g + (f" ({ci_text(c.hedges_g_ci95, lang)})" if c.hedges_g_ci95 is not None else ""),
                said,
                "" if c.favourable_change is None else percent(c.favourable_change, lang, signed=True),
            )
        )
    with style():
        fig = Figure(figsize=(layout.width, 0.46 * layout.rows * len(dims) + 0.8))
        names = NAME_MARGIN * layout.margin
        ax = place_axes(fig, names, 0.55 if layout.compact else 2.3, 0.35, 0.3)
        style_of = {"baseline": (BASELINE_COLOUR, "o"), "endline": (ENDLINE_COLOUR, "s")}
        for kind, (colour, shape) in style_of.items():
            draw_whiskers(ax, *whiskers[kind], colour=colour, cap=0.07, width=1.2)
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
            put_marker(ax, lo + 0.05, y, marker)
        for y, text in words:
            ax.text(
                1.02, y, text, transform=ax.get_yaxis_transform(), va="center", ha="left", fontsize=8, clip_on=False
            )
        ylabels(ax, range(len(dims)), [layout.wrap(dimension_name(q, d, lang), 26, 2) for d in dims])
        ax.set_ylim(len(dims) - 0.5, -0.5)
        ax.set_xlim(lo, hi)
        ax.set_xticks(range(lo, hi + 1))
        x_grid(ax)
        ax.legend(
            handles=[
                Line2D([], [], marker=shape, color=colour, linestyle="none", label=t(kind, lang))
                for kind, (colour, shape) in style_of.items()
            ],
            loc="lower left",
            bbox_to_anchor=(-names / (layout.width - names - 0.55) if layout.compact else 0.0, 1.0),
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
        table=Table(header, table_rows(rows)),
        notes=((indicative_note(lang, report.threshold),) if indicative else ())
        + ((clipped_note(lang),) if cut else ()),
    )


def _wave_cell(mean: float | None, n: int, lang: Lang) -> str:
    return "" if mean is None else f"{number(mean, lang)} (n = {n})"
