"""Development plans: % with a plan and % working on it against the target, per wave or per region."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from scoring.kpi import TARGET_WITH_PLAN
from scoring.results import Interval, PlanKpi

from ..company import AnyPlan, CompanyReport
from ..programme import ProgrammeReport
from ..text import Lang, interval, percent, suppressed, t, wave_name
from .chart import Chart, Table, drawn_percent, indicative_note, table_rows
from .drawing import (
    NAME_MARGIN,
    PRINT,
    WITH_PLAN_COLOUR,
    WORKING_COLOUR,
    Layout,
    draw_whiskers,
    hbars,
    place_axes,
    put_marker,
    style,
    x_grid,
    ylabels,
)


def _plan_cell(value: float, ci: Interval | None, lang: Lang) -> str:
    return percent(value, lang) + ("" if ci is None else f" ({interval(ci.low, ci.high, lang, as_percent=True)})")


def plan_chart(
    groups: Sequence[tuple[str, AnyPlan | None]],
    lang: Lang,
    threshold: int,
    key: str = "plans",
    caption: str | None = None,
    layout: Layout = PRINT,
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
            bars[hollow][1].append(drawn_percent(value))
            if ci is not None:
                whiskers[0].append(y + offset)
                whiskers[1].append(drawn_percent(ci.low))
                whiskers[2].append(drawn_percent(ci.high))
            right = drawn_percent(ci.high if ci is not None else value)
            labels.append((right + 1.5, y + offset, percent(value, lang)))
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
        bottom = 0.85 if layout.compact else 0.6  # a compact layout's legend has a line per entry
        fig = Figure(figsize=(layout.width, 0.55 * layout.rows * len(groups) + (1.2 if layout.compact else 0.95)))
        names = NAME_MARGIN * layout.margin
        ax = place_axes(fig, names, 0.3 if layout.compact else 0.15, 0.3, bottom)  # room for "100%"
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
        draw_whiskers(ax, *whiskers, colour="#222222", cap=0.07)
        for x, y, text in labels:
            ax.text(x, y, text, va="center", fontsize=7)
        for y, words in markers:
            put_marker(ax, 1, y, words)
        ax.axvline(target, color="black", linestyle=(0, (4, 3)), linewidth=1.2, gid="target")
        ax.text(target, -0.62, t("target", lang, target=percent(target, lang)), ha="center", va="bottom", fontsize=7.5)
        ylabels(ax, range(len(groups)), [layout.wrap(label, 26, 2) for label, _ in groups])
        ax.set_ylim(len(groups) - 0.5, -0.6)
        ax.set_xlim(0, 100)
        ax.set_xticks([0, 25, 50, 75, 100], ["0", "25%", "50%", "75%", "100%"])
        x_grid(ax)
        fig.legend(
            handles=[
                Patch(color=WITH_PLAN_COLOUR, label=t("with_plan", lang)),
                Patch(color=WORKING_COLOUR, label=t("working", lang)),
            ],
            loc="lower left",
            bbox_to_anchor=(0.0 if layout.compact else names / layout.width, 0.0),
            ncols=1 if layout.compact else 2,
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
        table=Table(header, table_rows(rows)),
        notes=(indicative_note(lang, threshold),) if indicative else (),
    )


def company_plan_chart(report: CompanyReport, lang: Lang, layout: Layout = PRINT) -> Chart | None:
    """:func:`plan_chart` for the company's waves; None when the questionnaire has no plan question."""
    if report.questionnaire.development_plan_question() is None or not report.waves:
        return None
    groups = [(wave_name(w.kind, lang), w.plan) for w in report.waves]
    return plan_chart(groups, lang, report.threshold, layout=layout)


def programme_plan_chart(report: ProgrammeReport, lang: Lang, layout: Layout = PRINT) -> Chart | None:
    """:func:`plan_chart` per region and wave, then the whole programme."""
    if not report.plans:
        return None
    groups: list[tuple[str, AnyPlan | None]] = []
    for entry in report.plans:
        name = entry.region if entry.region is not None else t("programme_total", lang)
        for kind, plan in entry.plans.items():
            groups.append((f"{name}, {wave_name(kind, lang, lower=True)}", plan))
    caption = t("programme_plans_caption", lang)
    return plan_chart(groups, lang, report.threshold, key="programme-plans", caption=caption, layout=layout)
