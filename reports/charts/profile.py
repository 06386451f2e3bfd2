"""The profile: the employees' mean per dimension as bars, the managers' mean as a diamond."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from scoring.results import DimensionStats, GroupResult

from ..company import CompanyReport, WaveResults
from ..text import Lang, number, percent, suppressed, t, wave_name
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
    level_text,
    scale_bounds,
    table_rows,
)
from .drawing import (
    EMPLOYEE_COLOUR,
    MANAGER_COLOUR,
    NAME_MARGIN,
    PRINT,
    Layout,
    draw_whiskers,
    hbars,
    place_axes,
    put_marker,
    style,
    x_grid,
    ylabels,
)


def profile_chart(report: CompanyReport, lang: Lang, wave: WaveResults | None = None, layout: Layout = PRINT) -> Chart:
    """Horizontal bars: the employees' mean per dimension (95 % interval whiskers from 10 responses; hatched
    when indicative), the managers' mean as a diamond. ``wave`` defaults to the latest."""
    wave = wave or report.latest
    q = report.questionnaire if wave is None else wave.questionnaire
    dims = dimension_ids(q)
    lo, hi = scale_bounds(q)
    marker = suppressed(lang, report.threshold)
    emp = None if wave is None else wave.employee_total
    man = None if wave is None else wave.manager_total
    rows: list[tuple[str, ...]] = []
    bars: dict[bool, tuple[list[float], list[float]]] = {False: ([], []), True: ([], [])}
    whiskers: tuple[list[float], list[float], list[float]] = ([], [], [])
    managers: tuple[list[float], list[float]] = ([], [])
    labels: list[tuple[float, float, str]] = []
    markers: list[float] = []
    cut = False
    for index, dim_id in enumerate(dims):
        y = float(index)
        name = dimension_name(q, dim_id, lang)
        e = emp.dimensions.get(dim_id) if isinstance(emp, GroupResult) else None
        m = man.dimensions.get(dim_id) if isinstance(man, GroupResult) else None
        m_mean = drawn(m.mean) if isinstance(m, DimensionStats) and m.mean is not None else None
        m_cell = "" if m_mean is None else number(m_mean, lang)
        if m_mean is not None:
            managers[0].append(m_mean)
            managers[1].append(y)
        if isinstance(e, DimensionStats) and e.mean is not None:
            cut |= clipped(e)
            hollow = e.level == "indicative"
            bars[hollow][0].append(y)
            mean = drawn(e.mean)
            bars[hollow][1].append(mean)
            right = mean
            if e.ci95 is not None:
                whiskers[0].append(y)
                whiskers[1].append(drawn(e.ci95.low))
                whiskers[2].append(drawn(e.ci95.high))
                right = drawn(e.ci95.high)
            label = number(e.mean, lang) + (f" ({t('indicative', lang)})" if hollow and not layout.compact else "")
            labels.append((max(right, m_mean if m_mean is not None else lo) + 0.07, y, label))
            rows.append(
                (
                    name,
                    str(e.n),
                    number(e.mean, lang),
                    ci_text(e.ci95, lang),
                    "" if e.favourable is None else percent(e.favourable, lang),
                    m_cell,
                    level_text(e.level, lang),
                )
            )
        else:
            markers.append(y)
            rows.append((name, marker, "", "", "", m_cell, ""))
    with style():
        fig = Figure(figsize=(layout.width, 0.4 * layout.rows * len(dims) + 0.8))
        names = NAME_MARGIN * layout.margin
        ax = place_axes(fig, names, 0.15, 0.35, 0.3)
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
        draw_whiskers(ax, *whiskers, colour="#222222")
        for x, y, label in labels:
            ax.text(x, y, label, va="center", fontsize=7.5)
        for y in markers:
            put_marker(ax, lo + 0.05, y, marker)
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
        ylabels(ax, range(len(dims)), [layout.wrap(dimension_name(q, d, lang), 26, 2) for d in dims])
        ax.set_ylim(len(dims) - 0.45, -0.55)
        ax.set_xlim(lo, hi + 0.6)
        ax.set_xticks(range(lo, hi + 1))
        x_grid(ax)
        ax.legend(
            handles=[
                Patch(color=EMPLOYEE_COLOUR, label=t("employees", lang)),
                Line2D([], [], marker="D", color=MANAGER_COLOUR, linestyle="none", label=t("managers", lang)),
            ],
            loc="lower left",
            bbox_to_anchor=(-names / (layout.width - names - 0.15) if layout.compact else 0.0, 1.0),
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
        table=Table(header, table_rows(rows)),
        notes=((indicative_note(lang, report.threshold),) if bars[True][0] else ())
        + ((clipped_note(lang),) if cut else ()),
    )
