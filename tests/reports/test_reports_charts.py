"""The charts against the data: bar lengths, points, labels and suppression markers read back from the
Figure objects and the SVG, and the data tables against the scoring results."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re

import numpy as np
import pytest

from questionnaires.model import localise
from reports import charts
from reports.company import company_report
from reports.programme import programme_report
from reports.text import effect_words, number, percent
from scoring.results import DimensionComparison, DimensionGap, DimensionStats, GroupResult, PlanKpi

from .helpers import (
    collection,
    company,
    figure_texts,
    label_rows,
    line_points,
    programme_company,
    questionnaire,
    wave,
)

MARKER_NL = "te weinig reacties (minder dan 5)"
MARKER_EN = "too few responses (fewer than 5)"


def printed(value: float | None, digits: int = 2) -> float:
    """A value as its table cell prints it (what the chart may draw, and no more precisely)."""
    assert value is not None
    return float(number(value, "en", digits))


def svg_texts(svg: bytes) -> list[str]:
    """The texts of an SVG (matplotlib keeps them as ``<text>``, ``svg.fonttype: none``), unescaped."""
    found = re.findall(r"<text\b[^>]*>(.*?)</text>", svg.decode("utf-8"), flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", text)) for text in found]


def test_profile_bars_are_the_employees_means_and_diamonds_the_managers() -> None:
    report = company(baseline=30, endline=40)
    chart = charts.profile_chart(report, "nl")
    end = report.waves[-1]
    assert isinstance(end.employee_total, GroupResult) and isinstance(end.manager_total, GroupResult)
    dims = [d.id for d in questionnaire().dimensions]
    bars = sorted(collection(chart.figure, "employees"))
    assert len(bars) == len(dims)
    for (y, left, right), dim_id in zip(bars, dims, strict=True):
        stats = end.employee_total.dimensions[dim_id]
        assert isinstance(stats, DimensionStats) and stats.mean is not None
        assert left == pytest.approx(1.0) and right == pytest.approx(printed(stats.mean), abs=1e-9)
        assert y == pytest.approx(dims.index(dim_id))
    managers = sorted(line_points(chart.figure, "managers"), key=lambda p: p[1])
    assert [x for x, _ in managers] == pytest.approx(
        [printed(end.manager_total.dimensions[d].mean) for d in dims],  # type: ignore[union-attr]
        abs=1e-9,
    )
    for row, dim_id in zip(chart.table.rows, dims, strict=True):
        stats = end.employee_total.dimensions[dim_id]
        assert isinstance(stats, DimensionStats) and stats.mean is not None and stats.ci95 is not None
        assert row[0] == localise(questionnaire().dimension(dim_id).name, "nl")
        assert row[1] == str(stats.n)
        assert row[2] == number(stats.mean, "nl")
        assert row[3] == f"{number(stats.ci95.low, 'nl')} tot {number(stats.ci95.high, 'nl')}"
        assert row[6] == "volledig"
    assert number(end.employee_total.dimensions[dims[0]].mean, "nl") in figure_texts(chart.figure)  # type: ignore[union-attr, arg-type]


def test_a_suppressed_group_draws_no_bar_and_shows_no_number() -> None:
    report = company(baseline=None, endline=4, managers=0)
    chart = charts.profile_chart(report, "nl")
    assert collection(chart.figure, "employees") == []
    assert collection(chart.figure, "employees-indicative") == []
    texts = figure_texts(chart.figure)
    assert texts.count(MARKER_NL) == len(questionnaire().dimensions)
    for row in chart.table.rows:
        assert row[1] == MARKER_NL and not any(row[2:])
    # in the SVG: besides the marker, only the axis ticks (1..5) carry digits
    comments = svg_texts(charts.svg_bytes(chart.figure))
    assert MARKER_NL in comments
    assert {c for c in comments if re.search(r"\d", c) and c != MARKER_NL} <= {"1", "2", "3", "4", "5"}


def test_indicative_results_are_hatched_and_labelled() -> None:
    report = company(baseline=None, endline=7)
    chart = charts.profile_chart(report, "en")
    assert len(collection(chart.figure, "employees-indicative")) > 0
    assert collection(chart.figure, "employees") == []
    assert any("(indicative)" in text for text in figure_texts(chart.figure))
    assert chart.notes and "Indicative: 5 to 9 responses" in chart.notes[0]
    assert all(row[3] == "" and row[6] == "indicative" for row in chart.table.rows if row[1] != MARKER_EN)


def test_comparison_points_whiskers_and_words() -> None:
    report = company(baseline=30, endline=35)
    chart = charts.comparison_chart(report, "en")
    assert chart is not None and report.comparison is not None
    dims = [d.id for d in questionnaire().dimensions]
    base = sorted(line_points(chart.figure, "baseline"), key=lambda p: p[1])
    end = sorted(line_points(chart.figure, "endline"), key=lambda p: p[1])
    texts = figure_texts(chart.figure)
    for i, dim_id in enumerate(dims):
        c = report.comparison.dimensions[dim_id]
        assert isinstance(c, DimensionComparison)
        assert base[i] == pytest.approx((printed(c.baseline.mean), i - 0.17), abs=1e-9)
        assert end[i] == pytest.approx((printed(c.endline.mean), i + 0.17), abs=1e-9)
        words = effect_words(c, "en", 5)
        assert f"{number(c.difference, 'en', signed=True)}  {words}" in texts  # type: ignore[arg-type]
        row = chart.table.rows[i]
        assert row[1] == f"{number(c.baseline.mean, 'en')} (n = {c.baseline.n})"  # type: ignore[arg-type]
        assert row[5] == words


def test_comparison_with_a_small_wave_is_all_markers() -> None:
    report = company(baseline=3, endline=30)
    chart = charts.comparison_chart(report, "nl")
    assert chart is not None
    assert line_points(chart.figure, "baseline") == [] and line_points(chart.figure, "endline") == []
    assert figure_texts(chart.figure).count(MARKER_NL) == len(questionnaire().dimensions)
    assert charts.comparison_chart(company(baseline=None, endline=30), "nl") is None


def test_gap_dumbbells_join_the_two_means() -> None:
    report = company(baseline=20, endline=25, managers=2)
    chart = charts.gap_chart(report, "nl")
    assert chart is not None
    employees = line_points(chart.figure, "employees")
    managers = line_points(chart.figure, "managers")
    gaps = [g for w in report.waves for g in w.gap.dimensions.values()]
    assert all(isinstance(g, DimensionGap) for g in gaps)
    assert sorted(x for x, _ in employees) == pytest.approx(sorted(printed(g.employee_mean) for g in gaps))  # type: ignore[union-attr]
    assert sorted(x for x, _ in managers) == pytest.approx(sorted(printed(g.manager_mean) for g in gaps))  # type: ignore[union-attr]
    labels = [row[4] for row in chart.table.rows]
    assert labels == [number(g.gap, "nl", signed=True) for g in gaps]  # type: ignore[union-attr, arg-type]


def test_gap_of_a_suppressed_employee_group_shows_neither_side() -> None:
    report = company(baseline=None, endline=4, managers=2)
    chart = charts.gap_chart(report, "en")
    assert chart is not None
    assert line_points(chart.figure, "employees") == [] and line_points(chart.figure, "managers") == []
    assert all(row[2] == MARKER_EN and row[3] == "" and row[4] == "" for row in chart.table.rows)


def test_item_bars_diverge_around_zero_and_match_the_counts() -> None:
    report = company(baseline=None, endline=40)
    q = questionnaire()
    group = report.waves[-1].employee_total
    assert isinstance(group, GroupResult)
    made = charts.item_charts(report, "nl")
    assert len(made) == len(charts.item_groups(q))
    chart = made[0]
    first_dim = charts.item_groups(q)[0][0]
    item = q.dimension_items(first_dim, "employee")[0]
    stats = group.dimensions[first_dim]
    assert isinstance(stats, DimensionStats)
    result = stats.items[item.id]
    assert result.counts is not None
    total = sum(result.counts.values())
    statement = localise(item.text["employee"], "nl")
    row_y = next(y for y, text in label_rows(chart.figure) if text.startswith(statement[:20]))
    segments = {
        p: [b for b in collection(chart.figure, f"point-{p}") if b[0] == pytest.approx(row_y)] for p in range(1, 6)
    }
    for point in range(1, 6):
        ((_, left, right),) = segments[point]
        assert right - left == pytest.approx(printed(100.0 * result.counts[point] / total, 0))
    # disagree (1, 2) and half of the neutral 3 lie left of 0, the rest right of it
    ((_, left3, right3),) = segments[3]
    assert left3 == pytest.approx(-(right3 - left3) / 2)
    assert segments[1][0][1] == pytest.approx(
        -(sum(printed(100.0 * result.counts[p] / total, 0) for p in (1, 2)) + (right3 - left3) / 2)
    )
    dk = [b for b in collection(chart.figure, "dont-know") if b[0] == pytest.approx(row_y)]
    assert dk[0][2] == pytest.approx(printed(sum(result.non_substantive.values()), 0))
    row = next(r for r in chart.table.rows if r[0].startswith(localise(item.text["employee"], "nl")))
    assert row[1] == str(result.n)
    assert row[2:7] == tuple(percent(100.0 * result.counts[p] / total, "nl") for p in range(1, 6))


def test_items_with_too_few_answers_on_the_scale_draw_no_bar() -> None:
    q = questionnaire()
    base = wave(q, "endline", 8, 1, 5)
    values = base.employees.values.copy()
    codes = base.employees.codes.copy()
    values[:6, 0] = np.nan  # first item: 6 of 8 chose "weet ik niet", 2 answered on the scale
    codes[:6, 0] = 0
    values[6:, 0] = 4
    employees = type(base.employees)(values, codes)
    report = company_report("X", "Y", [dataclasses.replace(base, employees=employees)], dt.date(2026, 1, 1))
    chart = charts.item_charts(report, "en")[0]
    first = q.items_for("employee")[0]
    ys = {round(b[0], 6) for p in range(1, 6) for b in collection(chart.figure, f"point-{p}")}
    statements = [(y, text) for y, text in label_rows(chart.figure) if "\n" in text or len(text) > 30]
    row_y = round(statements[0][0], 6)  # the first statement's row
    second_y = round(statements[1][0], 6)
    assert row_y not in ys and second_y in ys
    row = next(r for r in chart.table.rows if r[0].startswith(localise(first.text["employee"], "en")))
    assert row[1] == MARKER_EN and not any(row[2:7])
    assert row[7] == "75%"  # the "don't know" rate stays (scoring shows it)
    assert MARKER_EN in figure_texts(chart.figure)


def test_plan_bars_against_the_target_line() -> None:
    report = company(baseline=30, endline=35)
    chart = charts.company_plan_chart(report, "nl")
    assert chart is not None
    target = line_points(chart.figure, "target")
    assert {x for x, _ in target} == {50.0}
    plans = [w.plan for w in report.waves]
    assert all(isinstance(p, PlanKpi) for p in plans)
    with_plan = sorted(collection(chart.figure, "with_plan"))
    working = sorted(collection(chart.figure, "working"))
    assert [r for _, _, r in with_plan] == pytest.approx([printed(p.with_plan, 0) for p in plans])  # type: ignore[union-attr]
    assert [r for _, _, r in working] == pytest.approx([printed(p.working, 0) for p in plans])  # type: ignore[union-attr]
    assert chart.table.rows[0][2].startswith(percent(plans[0].with_plan, "nl"))  # type: ignore[union-attr]


def test_plan_of_a_suppressed_wave_has_no_bar() -> None:
    report = company(baseline=3, endline=30)
    chart = charts.company_plan_chart(report, "nl")
    assert chart is not None
    ys = {round(y) for y, _, _ in collection(chart.figure, "with_plan") + collection(chart.figure, "working")}
    assert ys == {1}  # only the end-line row
    assert chart.table.rows[0] == ("Nulmeting", MARKER_NL, "", "", "")


def test_programme_forest_plot_shows_g_and_hides_small_companies() -> None:
    members = [
        programme_company("a", "Twente", 3, 20, 1),
        programme_company("b", "Twente", 12, 13, 2),
        programme_company("c", "Twente", 30, 28, 3),
        programme_company("d", "Rijnmond", 25, 26, 4),
    ]
    report = programme_report("P", questionnaire(), members, None)
    chart = charts.programme_change_chart(report, "leadership", "en")
    shown = [row.dimension("leadership") for row in (*report.companies, *report.regions, report.total)]
    expected = sorted(printed(c.hedges_g) for c in shown if isinstance(c, DimensionComparison))
    drawn = sorted(x for x, _ in line_points(chart.figure, "estimate") + line_points(chart.figure, "indicative"))
    assert drawn == pytest.approx(expected)
    # A, the next smallest of Twente, and (rule 10: A is on no company page at the baseline) Twente and the
    # whole programme, which minus the company pages of B and C, or minus Rijnmond, would give A away
    assert figure_texts(chart.figure).count(MARKER_EN) == 4
    hidden = [row for row in chart.table.rows if row[2] == MARKER_EN]
    assert {row[0] for row in hidden} == {"Company A", "Company B", "Region Twente", "Whole programme"}
    assert all(not any(r[3:]) for r in hidden)
    region = charts.region_change_chart(report, "en")
    assert len(line_points(region.figure, "estimate")) == 1 * len(questionnaire().dimensions)  # Rijnmond


def test_svg_is_deterministic_and_dated_nowhere() -> None:
    report = company(baseline=20, endline=22)
    first = [charts.svg_bytes(c.figure) for c in charts.company_charts(report, "nl")]
    second = [charts.svg_bytes(c.figure) for c in charts.company_charts(report, "nl")]
    assert first == second
    assert all(b"<dc:date>" not in svg for svg in first)
    assert charts.png_bytes(charts.profile_chart(report, "nl").figure) == charts.png_bytes(
        charts.profile_chart(report, "nl").figure
    )


def test_point_colours_are_okabe_ito_and_diverge() -> None:
    assert charts.point_colours(5) == ["#D55E00", "#E69F00", charts.NEUTRAL, "#56B4E9", "#0072B2"]
    seven = charts.point_colours(7)
    assert len(seven) == 7 and seven[3] == charts.NEUTRAL and len(set(seven)) == 7
    assert charts.point_colours(4) == ["#D55E00", "#E69F00", "#56B4E9", "#0072B2"]


def test_hostile_region_names_are_drawn_as_text() -> None:
    members = [programme_company("a", "$\\frac{1}{0}$ <b>", 20, 20, 1)]
    report = programme_report("P", questionnaire(), members, None)
    chart = charts.region_change_chart(report, "nl")
    assert "$\\frac{1}{0}$ <b>" in figure_texts(chart.figure)
    assert charts.svg_bytes(chart.figure)  # renders (no mathtext parsing of "$...$")


def _drawn_x(fig: object) -> list[float]:
    """Every x in data units a figure draws: bar ends, marker and line points, interval whiskers and the
    places of texts set in data coordinates (texts placed in axes or inch units carry no value)."""
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.figure import Figure

    assert isinstance(fig, Figure)
    xs: list[float] = []
    for ax in fig.axes:
        for line in ax.lines:
            xs.extend(float(x) for x in line.get_xdata())
        for coll in ax.collections:
            if isinstance(coll, LineCollection):
                xs.extend(float(x) for seg in coll.get_segments() for x in seg[:, 0])
            elif isinstance(coll, PolyCollection):
                xs.extend(float(x) for path in coll.get_paths() for x in path.vertices[:, 0])
        for text in ax.texts:
            if text.get_transform() == ax.transData:
                xs.append(float(text.get_position()[0]))
    return xs


def _coarser_than(values: list[float], step: float) -> list[float]:
    """The values that are not a multiple of ``step`` (up to float noise): drawn more precisely than that."""
    return [v for v in values if abs(v / step - round(v / step)) > 1e-6]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_charts_carry_no_more_precision_than_their_tables(lang: str) -> None:
    """Issue 15, attack 5: an SVG keeps a bar's exact length, so a chart must draw what its table prints:
    means, differences, g and their intervals to 2 decimals, percentages to whole points (a neutral share
    split around 0, or a label beside a bar, may add a half). Read back from the figures and the SVG."""
    reports = [company(baseline=30, endline=37, managers=3), company(baseline=7, endline=8, managers=1, seed=9)]
    made = [chart for report in reports for chart in charts.company_charts(report, lang)]
    members = [
        programme_company("a", "Twente", 30, 31, 1),
        programme_company("b", "Twente", 8, 12, 2),
        programme_company("c", "Achterhoek", 26, 24, 3),
        programme_company("d", "Achterhoek", 14, 16, 4),
    ]
    made += charts.programme_charts(programme_report("P", questionnaire(), members, None), lang)
    assert {c.key for c in made} >= {"profile", "comparison", "gap", "plans", "items-1", "regions", "programme-plans"}
    for chart in made:
        percentages = chart.key.startswith("items") or chart.key.endswith("plans")
        step = 0.5 if percentages else 0.01
        xs = _drawn_x(chart.figure)
        assert xs, chart.key
        assert _coarser_than(xs, step) == [], chart.key
    # the SVG's path coordinates follow: the same bar drawn from the exact mean differs from the rounded one
    report = reports[0]
    end = report.waves[-1].employee_total
    assert isinstance(end, GroupResult)
    exact = [d.mean for d in end.dimensions.values() if isinstance(d, DimensionStats) and d.mean is not None]
    assert any(abs(m - printed(m)) > 1e-4 for m in exact)  # the data had more to give away
    bars = [right for _, _, right in collection(charts.profile_chart(report, lang).figure, "employees")]
    assert sorted(bars) == pytest.approx(sorted(printed(m) for m in exact), abs=1e-9)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_interval_cut_at_the_scale_gets_a_note(lang) -> None:  # type: ignore[no-untyped-def]
    from reports.text import t

    report = company(baseline=30, endline=35)
    assert all(t("clipped_note", lang) not in c.notes for c in (charts.profile_chart(report, lang),))
    end = report.waves[-1]
    assert isinstance(end.employee_total, GroupResult)
    dim_id = questionnaire().dimensions[0].id
    stats = end.employee_total.dimensions[dim_id]
    assert isinstance(stats, DimensionStats) and "ci95" not in stats.notes
    # scoring cut this interval at the scale's bound (tests/scoring/test_scoring_impossible.py builds one)
    end.employee_total.dimensions[dim_id] = dataclasses.replace(stats, notes={"ci95": "clipped"})  # type: ignore[index]
    assert t("clipped_note", lang) in charts.profile_chart(report, lang).notes
    comparison = charts.comparison_chart(report, lang)
    assert comparison is not None and t("clipped_note", lang) in comparison.notes
