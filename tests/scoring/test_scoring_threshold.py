"""A questionnaire's own threshold (``scoring.anonymity_threshold``) is the one every rule applies.

Every other scoring test uses the default of 5, so code that ignores the questionnaire and applies 5 passes
them. Here the threshold is 7: groups of 5 and 6 are hidden everywhere, groups of 7 are shown (issue 24).
Managers keep their own limits (rule 6): 1, and 3 among the company's own managers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import questionnaires
from questionnaires.model import Questionnaire
from scoring import Answers, anonymity, compare, perception_gap, score
from scoring.results import (
    DimensionComparison,
    DimensionGap,
    DimensionStats,
    GroupResult,
    PairedResult,
    PlanKpi,
    SuppressedComparison,
    SuppressedGap,
    SuppressedGroup,
    SuppressedPaired,
    SuppressedPlanKpi,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "small-questionnaire.json"
THRESHOLD = 7


@pytest.fixture(scope="module")
def q7() -> Questionnaire:
    """The small example questionnaire with ``anonymity_threshold`` 7."""
    data: dict[str, Any] = json.loads(EXAMPLE.read_text())
    data["scoring"]["anonymity_threshold"] = THRESHOLD
    return questionnaires.load_data(data)


def _answers(n: int, seed: int = 0) -> Answers:
    rng = np.random.default_rng(seed)
    return Answers.from_values(rng.integers(1, 6, size=(n, 6)).astype(float))


def test_the_limits_come_from_the_questionnaire(q7):
    assert anonymity.threshold(q7) == THRESHOLD
    assert anonymity.limit_for(q7, "employee") == THRESHOLD
    assert anonymity.limit_for(q7, "employee", among_managers=True) == THRESHOLD
    assert anonymity.limit_for(q7, "manager") == anonymity.MANAGER_MIN == 1
    assert anonymity.limit_for(q7, "manager", among_managers=True) == anonymity.MANAGER_PEERS_MIN == 3


@pytest.mark.parametrize("n", [5, 6, 7])
def test_score_hides_a_wave_of_5_or_6_and_shows_7(q7, n):
    result = score(q7, _answers(n), development_plan=["working"] * n)
    assert result.anonymity_threshold == THRESHOLD
    total = result.groups["all"]
    plan = total.development_plan if isinstance(total, GroupResult) else None
    if n < THRESHOLD:
        assert isinstance(total, SuppressedGroup) and total.reason == anonymity.REASON_TOO_FEW
        assert "mean" not in result.to_json()
    else:
        assert isinstance(total, GroupResult) and total.level == anonymity.INDICATIVE
        assert isinstance(plan, PlanKpi) and plan.n == 7 and plan.with_plan == 100.0


def test_score_hides_the_kpi_of_6_plan_answers_in_a_shown_wave_of_7(q7):
    result = score(q7, _answers(7), development_plan=["working"] * 6 + [None])
    total = result.groups["all"]
    assert isinstance(total, GroupResult)
    assert isinstance(total.development_plan, SuppressedPlanKpi) and total.development_plan.n == 6


def test_score_breakdown_hides_a_department_of_6_and_one_to_protect_it(q7):
    """Departments of 8, 9 and 6: the 6 is hidden (rule 1), and the 8 with it (rule 3: 6 hidden respondents
    could be worked out from the total). The development-plan KPI per department follows the groups."""
    labels = ["a"] * 8 + ["b"] * 9 + ["c"] * 6
    plan = ["working"] * len(labels)
    result = score(q7, _answers(len(labels), 1), groups=labels, development_plan=plan)
    a, b, c = (result.groups[k] for k in "abc")
    assert isinstance(c, SuppressedGroup) and c.reason == anonymity.REASON_TOO_FEW
    assert isinstance(a, SuppressedGroup) and a.reason == anonymity.REASON_COMPLEMENTARY
    assert isinstance(b, GroupResult) and isinstance(b.development_plan, PlanKpi)
    assert isinstance(result.groups["all"], GroupResult)


def test_score_kpi_of_7_departments_is_hidden_with_a_department_of_6_plan_answers(q7):
    """All departments shown as scores, but in one only 6 answered the plan question: its KPI is hidden,
    and (rule 3) the smallest other KPI too."""
    labels = ["a"] * 8 + ["b"] * 9 + ["c"] * 7
    plan: list[str | None] = ["working"] * len(labels)
    plan[-1] = None  # department c: 6 answers to the plan question
    result = score(q7, _answers(len(labels), 2), groups=labels, development_plan=plan)
    kpis = {k: g.development_plan for k, g in result.groups.items() if isinstance(g, GroupResult)}
    assert set(kpis) == {"all", "a", "b", "c"}
    assert isinstance(kpis["c"], SuppressedPlanKpi) and kpis["c"].reason == anonymity.REASON_TOO_FEW
    assert isinstance(kpis["a"], SuppressedPlanKpi) and kpis["a"].reason == anonymity.REASON_COMPLEMENTARY
    assert isinstance(kpis["b"], PlanKpi) and isinstance(kpis["all"], PlanKpi)


@pytest.mark.parametrize(
    ("n_baseline", "n_endline", "shown"), [(7, 6, False), (6, 7, False), (5, 9, False), (7, 7, True)]
)
def test_compare_needs_the_questionnaires_threshold_in_both_waves(q7, n_baseline, n_endline, shown):
    result = compare(
        q7,
        _answers(n_baseline, 3),
        _answers(n_endline, 4),
        baseline_plan=["working"] * n_baseline,
        endline_plan=["none"] * n_endline,
    )
    assert result.anonymity_threshold == THRESHOLD
    assert result.development_plan is not None
    for dim in result.dimensions.values():
        assert isinstance(dim, DimensionComparison if shown else SuppressedComparison)
    for wave, n in (("baseline", n_baseline), ("endline", n_endline)):
        assert isinstance(result.development_plan[wave], PlanKpi if n >= THRESHOLD else SuppressedPlanKpi)


def test_a_manager_comparison_keeps_its_limit_of_one(q7):
    result = compare(q7, _answers(1, 5), _answers(1, 6), role="manager")
    assert result.anonymity_threshold == 1
    two = compare(
        q7, _answers(2, 5), _answers(2, 6), role="manager", baseline_links=["x", "y"], endline_links=["x", "y"]
    )
    for dim in two.dimensions.values():
        assert isinstance(dim, DimensionComparison) and dim.level == anonymity.INDICATIVE
        assert isinstance(dim.paired, PairedResult) and dim.paired.level == anonymity.INDICATIVE
    assert all(isinstance(d, DimensionComparison) for d in result.dimensions.values())
    assert all(
        isinstance(d, SuppressedComparison)
        for d in compare(q7, _answers(0), _answers(1), role="manager").dimensions.values()
    )


def test_score_managers_among_managers_from_3_whatever_the_threshold(q7):
    for n in (1, 2):
        total = score(q7, _answers(n), role="manager").groups["all"]
        assert isinstance(total, GroupResult) and total.level == anonymity.INDICATIVE
        assert all(d.level == anonymity.INDICATIVE for d in total.dimensions.values() if isinstance(d, DimensionStats))
        assert any(isinstance(d, DimensionStats) for d in total.dimensions.values())
    for n, shown in ((2, False), (3, True)):
        result = score(q7, _answers(n), role="manager", among_managers=True)
        assert isinstance(result.groups["all"], GroupResult) is shown


@pytest.mark.parametrize(
    ("n_wave", "n_pairs", "expected"),
    [
        (14, 6, SuppressedPaired),  # 6 pairs: too few (rule 1 at 7)
        (14, 7, PairedResult),  # 7 pairs, 14 unpaired
        (10, 7, SuppressedPaired),  # 7 pairs, 3 + 3 unpaired: could be worked out (rule 7)
        (7, 7, PairedResult),  # everyone paired
    ],
)
def test_paired_results_follow_the_questionnaires_threshold(q7, n_wave, n_pairs, expected):
    links = [f"code{i}" for i in range(n_pairs)] + [None] * (n_wave - n_pairs)
    result = compare(q7, _answers(n_wave, 7), _answers(n_wave, 8), baseline_links=links, endline_links=links)
    for dim in result.dimensions.values():
        assert isinstance(dim, DimensionComparison)
        assert isinstance(dim.paired, expected)
        if isinstance(dim.paired, SuppressedPaired):
            too_few = n_pairs < THRESHOLD
            assert dim.paired.reason == (anonymity.REASON_TOO_FEW if too_few else anonymity.REASON_COMPLEMENTARY)


@pytest.mark.parametrize("n_employees", [5, 6, 7])
def test_perception_gap_hides_employee_sides_of_5_and_6(q7, n_employees):
    result = perception_gap(q7, _answers(n_employees, 9), _answers(1, 10))
    assert result.anonymity_threshold == THRESHOLD
    for dim in result.dimensions.values():
        if n_employees < THRESHOLD:
            assert isinstance(dim, SuppressedGap) and dim.reason == anonymity.REASON_TOO_FEW
        else:
            assert isinstance(dim, DimensionGap) and dim.level == anonymity.INDICATIVE
            assert dim.manager_mean is not None and dim.employee_mean is not None
            assert dim.gap == pytest.approx(dim.manager_mean - dim.employee_mean)


@pytest.mark.parametrize(("n_managers", "shown"), [(2, False), (3, True)])
def test_perception_gap_among_managers_needs_3_managers(q7, n_managers, shown):
    result = perception_gap(q7, _answers(7, 11), _answers(n_managers, 12), among_managers=True)
    for dim in result.dimensions.values():
        assert isinstance(dim, DimensionGap)
        assert (dim.manager_mean is not None) is shown
        assert (dim.gap is not None) is shown


def test_rule_8_releases_step_by_the_questionnaires_threshold(q7):
    """A department released with 7 may not grow by 6 (the difference would be 6 known people), only by 7;
    a department hidden so far (6 released) may grow by 1; managers (limit 1) by any number."""
    limits = [anonymity.limit_for(q7, "employee")] * 3 + [anonymity.limit_for(q7, "manager")]
    assert not anonymity.release_allowed([6, 0, 0, 0], [7, 7, 6, 1], limits)
    assert anonymity.release_allowed([7, 0, 1, 1], [7, 7, 6, 1], limits)
    assert not anonymity.release_allowed([0, 0, 1, 0], [7, 7, 7, 1], limits)


def test_rule_9_exports_need_7_rows_per_combination(q7):
    limit = anonymity.limit_for(q7, "employee")
    six = [("productie",)] * 7 + [("kantoor",)] * 6
    hidden = anonymity.suppress_combinations(six, limit)
    assert hidden.all()  # kantoor (6) left out; then 6 rows show nothing, so productie goes too
    seven = [("productie",)] * 7 + [("kantoor",)] * 7
    assert not anonymity.suppress_combinations(seven, limit).any()


def test_rule_10_linked_tables_protect_6_private_respondents(q7):
    limit = anonymity.threshold(q7)
    out, total_hidden = anonymity.suppress_linked_breakdown([6, 0, 7, 9], limit)
    assert out.tolist() == [True, False, True, False] and not total_hidden
    out, total_hidden = anonymity.suppress_linked_breakdown([7, 0, 7, 9], limit)
    assert not out.any() and not total_hidden
    out, total_hidden = anonymity.suppress_linked_breakdown([6, 0, 0], limit)
    assert out.tolist() == [True, False, False] and total_hidden


def test_suppress_breakdown_and_comparisons_at_7():
    assert anonymity.suppress_breakdown([8, 9, 6], THRESHOLD).tolist() == [True, False, True]
    assert anonymity.suppress_breakdown([8, 9, 7], THRESHOLD).tolist() == [False, False, False]
    hidden = anonymity.suppress_comparison_breakdown([8, 9, 7], [8, 9, 6], THRESHOLD)
    assert hidden.tolist() == [True, False, True]
    assert anonymity.group_shown(7, THRESHOLD) and not anonymity.group_shown(6, THRESHOLD)
