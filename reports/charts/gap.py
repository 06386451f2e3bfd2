"""The perception gap: per dimension the employees' and the managers' mean joined by a line, per wave."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from questionnaires.model import Questionnaire
from scoring.results import DimensionGap

from ..company import CompanyReport, WaveResults
from ..text import Lang, number, suppressed, t, wave_name
from .chart import Chart, Table, dimension_ids, dimension_name, drawn, indicative_note, scale_bounds, table_rows
from .drawing import (
    EMPLOYEE_COLOUR,
    GREY,
    MANAGER_COLOUR,
    NAME_MARGIN,
    PRINT,
    Layout,
    place_axes,
    put_marker,
    style,
    wrap,
    x_grid,
    ylabels,
)


@dataclass
class _Panel:
    """One wave's panel, computed before anything is drawn: data coordinates and texts in row order."""

    title: str
    #: The lines joining employees and managers: y, left end, right end.
    lines: tuple[list[float], list[float], list[float]] = field(default_factory=lambda: ([], [], []))
    #: The employees' means (x, y), apart for indicative (hollow) rows.
    employees: dict[bool, tuple[list[float], list[float]]] = field(
        default_factory=lambda: {False: ([], []), True: ([], [])}
    )
    #: The managers' means (x, y).
    managers: tuple[list[float], list[float]] = field(default_factory=lambda: ([], []))
    #: (x, y, text, what) per row, what being "marker" (suppressed), "gap" or "no_managers".
    texts: list[tuple[float, float, str, str]] = field(default_factory=list)


def _gap_panel(
    wave: WaveResults, q: Questionnaire, dims: Sequence[str], lang: Lang, marker: str, lo: int, many: bool
) -> tuple[_Panel, list[tuple[str, ...]], bool]:
    """One wave's panel, its table rows and whether a row is indicative. ``many``: more than one panel (the
    suppression marker is wrapped to fit)."""
    panel = _Panel(wave_name(wave.kind, lang))
    rows: list[tuple[str, ...]] = []
    indicative = False
    for row_index, dim_id in enumerate(dims):
        y = float(row_index)
        gap = wave.gap.dimensions.get(dim_id)
        name = dimension_name(q, dim_id, lang)
        if not isinstance(gap, DimensionGap) or gap.employee_mean is None:
            panel.texts.append((lo + 0.05, y, wrap(marker, 24, 2) if many else marker, "marker"))
            rows.append((name, wave_name(wave.kind, lang), marker, "", ""))
            continue
        hollow = gap.level == "indicative"
        indicative |= hollow
        employee = drawn(gap.employee_mean)
        manager = None if gap.manager_mean is None else drawn(gap.manager_mean)
        panel.employees[hollow][0].append(employee)
        panel.employees[hollow][1].append(y)
        if manager is not None:
            panel.lines[0].append(y)
            panel.lines[1].append(min(employee, manager))
            panel.lines[2].append(max(employee, manager))
            panel.managers[0].append(manager)
            panel.managers[1].append(y)
        if gap.gap is not None and manager is not None:
            x = max(employee, manager) + 0.17
            panel.texts.append((x, y, number(gap.gap, lang, signed=True), "gap"))
        else:
            panel.texts.append((employee + 0.12, y, t("no_managers", lang), "no_managers"))
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
    return panel, rows, indicative


def _draw_panel(ax: Axes, panel: _Panel) -> None:
    """The texts first (in row order), then the lines, the managers' and the employees' markers."""
    for x, y, text, what in panel.texts:
        if what == "marker":
            put_marker(ax, x, y, text, fontsize=7)
        elif what == "gap":
            ax.text(x, y, text, va="center", fontsize=7)
        else:
            ax.text(x, y, text, va="center", fontsize=7, color="#555555", style="italic")
    if panel.lines[0]:
        ax.hlines(*panel.lines, colors=GREY, linewidth=2.2, zorder=1)
    if panel.managers[0]:
        ax.plot(
            *panel.managers,
            marker="D",
            markersize=6.5,
            color=MANAGER_COLOUR,
            linestyle="none",
            zorder=3,
            gid="managers",
        )
    for hollow, (xs, ys) in panel.employees.items():
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
    ax.set_title(panel.title, fontsize=8.5, loc="left")


def gap_chart(report: CompanyReport, lang: Lang, layout: Layout = PRINT) -> Chart | None:
    """Dumbbells: per dimension the employees' (circle) and the managers' (diamond) mean joined by a line,
    one panel per wave. None without a wave."""
    if not report.waves:
        return None
    q = report.questionnaire
    dims = dimension_ids(q)
    lo, hi = scale_bounds(q)
    marker = suppressed(lang, report.threshold)
    waves = report.waves
    panels: list[_Panel] = []
    rows: list[tuple[str, ...]] = []
    indicative = False
    for wave in waves:
        panel, panel_rows, panel_indicative = _gap_panel(
            wave, q, dims, lang, marker, lo, len(waves) > 1 or layout.compact
        )
        panels.append(panel)
        rows.extend(panel_rows)
        indicative |= panel_indicative
    with style():
        names = NAME_MARGIN * layout.margin
        rows_h = 0.4 * layout.rows * len(dims)
        # A compact layout stacks the waves' panels, each the full width; else they stand side by side.
        stacked = layout.compact and len(waves) > 1
        fig_h = len(waves) * (rows_h + 0.6) + 0.4 if stacked else rows_h + 1.0
        fig = Figure(figsize=(layout.width, fig_h))
        width = layout.width - names - 0.15
        if not stacked:
            width = (width - 0.2 * (len(waves) - 1)) / len(waves)
        for index, panel in enumerate(panels):
            if stacked:
                top = 0.55 + index * (rows_h + 0.6)
                ax = place_axes(fig, names, 0.0, top, fig_h - top - rows_h, width=width)
            else:
                ax = place_axes(fig, names + index * (width + 0.2), 0.0, 0.55, 0.3, width=width)
            _draw_panel(ax, panel)
            ax.set_xlim(lo, hi + 0.5)
            ax.set_xticks(range(lo, hi + 1))
            ax.set_ylim(len(dims) - 0.5, -0.5)
            labelled = index == 0 or stacked
            ylabels(
                ax, range(len(dims)), [layout.wrap(dimension_name(q, d, lang), 26, 2) if labelled else "" for d in dims]
            )
            x_grid(ax)
        fig.legend(
            handles=[
                Line2D([], [], marker="o", color=EMPLOYEE_COLOUR, linestyle="none", label=t("employees", lang)),
                Line2D([], [], marker="D", color=MANAGER_COLOUR, linestyle="none", label=t("managers", lang)),
            ],
            loc="upper left",
            bbox_to_anchor=(0.0 if layout.compact else names / layout.width, 1.0),
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
        table=Table(header, table_rows(rows)),
        notes=(indicative_note(lang, report.threshold),) if indicative else (),
    )
