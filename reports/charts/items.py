"""The items: diverging stacked bars of the answers to every statement, grouped by dimension."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from questionnaires.model import Questionnaire, localise
from scoring.results import ItemResult

from ..company import CompanyReport, WaveResults
from ..text import Lang, percent, suppressed, t, wave_name
from .chart import (
    Chart,
    Table,
    dimension_ids,
    dimension_name,
    drawn_percent,
    indicative_note,
    table_rows,
    wave_dimension,
)
from .drawing import (
    GREY,
    NEUTRAL,
    OKABE_ITO,
    PRINT,
    Layout,
    hbars,
    place_axes,
    put_marker,
    style,
    wrap,
    x_grid,
    ylabels,
)

#: A label line above a bar (compact layout), in rows: 0.16 inch at 0.36 inch per row.
_LINE = 0.45


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
    it to the right, the middle point of an odd scale split around 0. Percent of the answers on the scale,
    in whole points as the table prints them (so the bars may add up to 99 or 101); empty when nobody
    answered on the scale."""
    total = sum(int(counts.get(p, 0)) for p in points)
    if total <= 0:
        return []
    share = {p: drawn_percent(100.0 * int(counts.get(p, 0)) / total) for p in points}
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
    layout: Layout = PRINT,
) -> Chart:
    """Diverging stacked bars of the items of ``dim_ids`` (employees, latest wave), grouped under their
    dimension's name: disagree left, agree right, the disagree and agree shares at the ends; "weet ik niet"
    apart on the right, as a percentage of all respondents. Items whose counts the anonymity rules hide (or
    a hidden dimension) draw no bar and read "te weinig reacties". ``part`` numbers the charts of a report.

    A compact layout (a phone) puts each statement above its bar, across the whole width, and leaves the
    "weet ik niet" bars to the table.
    """
    above = layout.compact
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
        name = dimension_name(q, dim_id, lang)
        y += 0.9
        headers.append((y, name))
        rows.append((name, *blank_cells))
        y += 0.75
        stats = wave_dimension(wave, dim_id)
        indicative |= stats is not None and stats.level == "indicative"
        for item in q.dimension_items(dim_id, "employee"):
            full = localise(item.text["employee"], lang) + (f" {t('reverse_marker', lang)}" if item.reverse else "")
            label = wrap(full, 40 if above else 44, 3)
            if above:  # the label's lines above the bar: the row grows by them
                lines = label.count("\n") + 1
                y += lines * _LINE
                ticks.append(y - 0.38 - lines * _LINE / 2)
            else:
                ticks.append(y)
            labels.append(label)
            result: ItemResult | None = stats.items.get(item.id) if stats is not None else None
            dk = drawn_percent(sum(result.non_substantive.values())) if result is not None else None
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
    label_margin = 0.1 if above else 2.75
    dk_drawn = has_dk and not above
    legend_h = 0.4 if above else 0.0  # the legend in two columns
    with style():
        fig = Figure(figsize=(layout.width, 0.36 * (bottom + 0.5) + 0.95 + legend_h))
        dk_width = 0.85 if dk_drawn else 0.0
        main_width = layout.width - label_margin - 0.15 - dk_width - (0.15 if dk_drawn else 0.0)
        ax = place_axes(fig, label_margin, 0.0, 0.25, 0.62 + legend_h, width=main_width)
        for point, colour in zip(points, colours, strict=True):
            ys, lefts, widths = segments[point]
            if ys:
                hbars(ax, ys, lefts, widths, 0.62, colour, edge="white", gid=f"point-{point}")
        for row_y, left, disagree, right, agree in ends:
            ax.text(left - 1.5, row_y, f"{disagree:.0f}%", ha="right", va="center", fontsize=6.5)
            ax.text(right + 1.5, row_y, f"{agree:.0f}%", ha="left", va="center", fontsize=6.5)
        for row_y, words in markers:
            put_marker(ax, -112, row_y, words, fontsize=7)
        ylabels(
            ax,
            [row_y for row_y, _ in headers],
            [name for _, name in headers],
            fontsize=8,
            bold=[True] * len(headers),
            left=label_margin - 0.08,
        )
        ylabels(ax, ticks, labels, fontsize=7, left=0.08 if above else None)
        ax.set_ylim(bottom, -0.5)
        ax.set_xlim(-115, 115)
        ax.set_xticks([-100, -50, 0, 50, 100], ["100%", "50%", "0", "50%", "100%"])
        ax.axvline(0, color="#444444", linewidth=0.8)
        x_grid(ax)
        if dk_drawn:
            dk_ax = place_axes(fig, label_margin + main_width + 0.15, 0.0, 0.25, 0.62, width=dk_width)
            if dk_bars[0]:
                hbars(dk_ax, dk_bars[0], [0.0] * len(dk_bars[0]), dk_bars[1], 0.62, GREY, gid="dont-know")
            for row_y, dk in zip(*dk_bars, strict=True):
                dk_ax.text(dk + 3, row_y, f"{dk:.0f}%", va="center", fontsize=6.5)
            dk_ax.set_ylim(bottom, -0.5)
            dk_ax.set_xlim(0, 100)
            dk_ax.set_xticks([0, 50, 100], ["0", "50%", "100%"])
            dk_ax.set_yticks([])
            dk_ax.set_title(dk_label, fontsize=7.5)
            x_grid(dk_ax)
        fig.legend(
            handles=[Patch(color=c, label=localise(p.label, lang)) for c, p in zip(colours, scale.points, strict=True)],
            loc="lower left",
            bbox_to_anchor=(0.01, 0.0),
            ncols=2 if above else min(len(points), 5),
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
        table=Table(header, table_rows(rows)),
        notes=(indicative_note(lang, report.threshold),) if indicative else (),
    )


#: Items per item chart: about one A4 page of bars.
ITEMS_PER_CHART = 20


def item_groups(q: Questionnaire, per_chart: int = ITEMS_PER_CHART) -> list[list[str]]:
    """Consecutive dimensions packed into charts of at most ``per_chart`` items (a dimension is never
    split; a dimension with more items gets a chart of its own)."""
    groups: list[list[str]] = []
    count = 0
    for dim_id in dimension_ids(q):
        k = len(q.dimension_items(dim_id, "employee"))
        if groups and count + k <= per_chart:
            groups[-1].append(dim_id)
            count += k
        else:
            groups.append([dim_id])
            count = k
    return groups


def item_charts(
    report: CompanyReport, lang: Lang, per_chart: int = ITEMS_PER_CHART, layout: Layout = PRINT
) -> list[Chart]:
    """The item charts of the latest wave: dimensions in questionnaire order, packed by :func:`item_groups`."""
    groups = item_groups(report.questionnaire, per_chart)
    return [item_chart(report, dims, lang, part=(i + 1, len(groups)), layout=layout) for i, dims in enumerate(groups)]
