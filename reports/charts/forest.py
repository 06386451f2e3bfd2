"""The programme's change: forest plots of Hedges' g per company and region, per dimension."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from scoring.results import ComparisonResult, DimensionComparison, SuppressedComparison

from ..programme import ChangeRow, ProgrammeReport
from ..text import Lang, effect_words, number, suppressed, t
from .chart import Chart, Table, ci_text, dimension_ids, dimension_name, drawn, indicative_note, table_rows
from .drawing import LIGHT_GREY, PRINT, REGION_COLOUR, Layout, place_axes, put_marker, style, ylabels

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
            xs.append(drawn(comp.hedges_g))
            ys.append(y)
            self.values.append(drawn(comp.hedges_g))
            if comp.hedges_g_ci95 is not None:
                low, high = drawn(comp.hedges_g_ci95.low), drawn(comp.hedges_g_ci95.high)
                row = self.ci.setdefault(colour, ([], [], []))
                row[0].append(y)
                row[1].append(low)
                row[2].append(high)
                self.values.extend([low, high])
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
            put_marker(ax, limits[0] + 0.05, y, words, fontsize=marker_size)
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
        ci_text(comp.hedges_g_ci95, lang),
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


def programme_change_chart(report: ProgrammeReport, dim_id: str, lang: Lang, layout: Layout = PRINT) -> Chart:
    """A forest plot of one dimension: Hedges' g with its interval per company (square), grouped by region
    with the region's pooled g (diamond) under its companies, and the whole programme (black) at the end."""
    q = report.questionnaire
    rows_drawn: list[tuple[ChangeRow, str]] = []
    for region_row in report.regions:
        rows_drawn.extend((c, c.label) for c in report.companies if c.region == region_row.region)
        rows_drawn.append((region_row, region_row.label))
    rows_drawn.append((report.total, t("programme_total", lang)))
    forest = _Forest()
    rows: list[tuple[str, ...]] = []
    for y, (row, label) in enumerate(rows_drawn):
        comp = row.dimension(dim_id)
        colour = {"company": "#333333", "region": REGION_COLOUR, "total": "black"}[row.kind]
        forest.add(y, comp, colour, "s" if row.kind == "company" else "D", lang, report.threshold)
        kind = {"company": t("th_company", lang), "region": t("th_region", lang), "total": ""}[row.kind]
        rows.append((f"{kind} {label}".strip(), row.region or "", *_g_cells(comp, lang, report.threshold)))
    with style():
        fig = Figure(figsize=(layout.width, 0.16 * layout.rows * len(rows_drawn) + 0.7))
        # A compact layout wraps the region names on two lines ("Midden-/Utrecht") beside a narrower margin.
        names = max(1.5 * layout.margin, 1.15) if layout.compact else 1.5
        ax = place_axes(fig, names, 0.1 if layout.compact else 0.2, 0.1, 0.45)
        forest.draw(ax, forest.limits(), 4.0, 6.0)
        ylabels(
            ax,
            range(len(rows_drawn)),
            [layout.wrap(label, 20, 1) if layout.compact else label for _, label in rows_drawn],
            fontsize=6.5,
            bold=[row.kind != "company" for row, _ in rows_drawn],
        )
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(len(rows_drawn) - 0.4, -0.6)
        ax.set_xlabel("Hedges' g")
    return Chart(
        key=f"programme-{dim_id}",
        title=t("programme_change_title", lang, dimension=dimension_name(q, dim_id, lang)),
        caption=t("programme_change_caption", lang),
        alt=t("programme_change_alt", lang),
        figure=fig,
        table=Table(_forest_header(lang, t("th_group", lang)), table_rows(rows)),
        notes=(indicative_note(lang, report.threshold),) if forest.indicative else (),
    )


def region_change_chart(report: ProgrammeReport, lang: Lang, layout: Layout = PRINT) -> Chart:
    """Small multiples, one panel per dimension: Hedges' g with its interval per region and overall."""
    q = report.questionnaire
    dims = dimension_ids(q)
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
            rows.append((dimension_name(q, dim_id, lang), labels[y], *_g_cells(comp, lang, report.threshold)))
    values = [v for f in forests.values() for v in f.values]
    limits = _Forest()
    limits.values = values
    x_limits = limits.limits()
    n_cols = 1 if layout.compact else 2
    n_rows = (len(dims) + n_cols - 1) // n_cols
    # A compact layout: one column of panels, names wrapped on two lines, rows tall enough for them.
    panel_h = 0.17 * layout.rows * (1.3 if layout.compact else 1.0) * len(groups) + 0.25
    gap_h = 0.6
    names = 1.0 if layout.compact else 1.25
    if layout.compact:
        labels = [layout.wrap(label, 20, 1) for label in labels]
    with style():
        fig = Figure(figsize=(layout.width, n_rows * (panel_h + gap_h) + 0.35))
        panel_w = (layout.width - n_cols * names - 0.2) / n_cols
        for index, dim_id in enumerate(dims):
            r, c = divmod(index, n_cols)
            fig_h = fig.get_size_inches()[1]
            top = 0.3 + r * (panel_h + gap_h)
            ax = place_axes(fig, names + c * (panel_w + names), 0.0, top, fig_h - top - panel_h, width=panel_w)
            forests[dim_id].draw(ax, x_limits, 3.5, 6.0)
            ax.set_title(layout.wrap(dimension_name(q, dim_id, lang), 38, 1), fontsize=8, loc="left")
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
        table=Table(_forest_header(lang, t("th_dimension", lang)), table_rows(rows)),
        notes=(indicative_note(lang, report.threshold),) if any(f.indicative for f in forests.values()) else (),
    )
