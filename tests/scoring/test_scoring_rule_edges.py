"""Edges of the anonymity rules as the engine applies them, found by mutation testing (issue 24).

Rule 3 starts from what is hidden already: a dimension, an item's counts and the development-plan KPI start
from the groups (or dimensions) hidden as a whole, so they hide no more than needed. A group of exactly the
threshold hidden to protect another is hidden for that reason, not for being too small. A gap needs exactly
the threshold of employees. And the grouped pass copes with a group that has nobody in it.
"""

from __future__ import annotations

import numpy as np
import pytest

from scoring import Answers, anonymity, perception_gap, score, score_arrays
from scoring.matrix import layout
from scoring.results import (
    DimensionGap,
    DimensionStats,
    GroupResult,
    PlanKpi,
    SuppressedDimension,
    SuppressedGroup,
)

TIJD = [3, 4, 5]  # the columns of the dimension "tijd" in the example questionnaire


def _values(n: int) -> np.ndarray:
    return (1.0 + np.arange(n * 6).reshape(n, 6) % 5).astype(float)


def test_dimensions_and_kpi_start_from_the_groups_hidden_already(example):
    """Groups of 3, 6, 7 and 9: the 3 is hidden, and the 6 with it (rule 3). In "tijd" the 7 has only 5
    scores, and in the plan question only 5 answers: the hidden groups already hold 9, so the 7's "tijd"
    and KPI are shown. (Counted on their own, 3 hidden + the smallest other, the 5, would hide them.)"""
    sizes = {"a": 3, "b": 6, "c": 7, "d": 9}
    labels = [label for label, n in sizes.items() for _ in range(n)]
    values = _values(len(labels))
    plan: list[str | None] = ["working"] * len(labels)
    c_rows = [i for i, label in enumerate(labels) if label == "c"]
    for row in c_rows[:2]:
        values[row, TIJD] = np.nan
        plan[row] = None
    result = score(example, Answers.from_values(values), groups=labels, development_plan=plan)
    a, b, c = result.groups["a"], result.groups["b"], result.groups["c"]
    assert isinstance(a, SuppressedGroup) and a.reason == anonymity.REASON_TOO_FEW
    assert isinstance(b, SuppressedGroup) and b.reason == anonymity.REASON_COMPLEMENTARY
    assert isinstance(c, GroupResult)
    tijd = c.dimensions["tijd"]
    assert isinstance(tijd, DimensionStats) and tijd.n == 5
    assert isinstance(c.development_plan, PlanKpi) and c.development_plan.n == 5


def test_item_counts_start_from_the_dimensions_hidden_already(example):
    """In department a (6 people) two answered only tij1, so "tijd" has 4 scores: hidden, and with it the
    "tijd" of b (rule 3 per dimension). Item tij2 was answered by 4 in a, 9 in b and 8 in c: a's and b's
    "tijd" are hidden already (13 respondents), so c's answer counts of tij2 are shown."""
    sizes = {"a": 6, "b": 9, "c": 9}
    labels = [label for label, n in sizes.items() for _ in range(n)]
    values = _values(len(labels))
    for row in (0, 1):  # a: only tij1 answered of "tijd"
        values[row, TIJD[1:]] = np.nan
    values[15, TIJD[1]] = np.nan  # c: one did not answer tij2 (still a "tijd" score)
    result = score(example, Answers.from_values(values), groups=labels)
    a, b, c = result.groups["a"], result.groups["b"], result.groups["c"]
    assert isinstance(a, GroupResult) and isinstance(b, GroupResult) and isinstance(c, GroupResult)
    assert isinstance(a.dimensions["tijd"], SuppressedDimension)
    assert a.dimensions["tijd"].reason == anonymity.REASON_TOO_FEW
    assert isinstance(b.dimensions["tijd"], SuppressedDimension)
    tijd = c.dimensions["tijd"]
    assert isinstance(tijd, DimensionStats)
    assert tijd.items["tij2"].n == 8 and tijd.items["tij2"].counts is not None


def test_a_group_of_exactly_the_threshold_hidden_for_another_says_why(example):
    """Groups of 4, 5 and 9: the 4 is too few; the 5 reaches the threshold and is hidden to protect it."""
    labels = ["a"] * 4 + ["b"] * 5 + ["c"] * 9
    result = score(example, Answers.from_values(_values(len(labels))), groups=labels)
    assert result.groups["a"].reason == anonymity.REASON_TOO_FEW  # type: ignore[union-attr]
    b = result.groups["b"]
    assert isinstance(b, SuppressedGroup) and b.n == 5 and b.reason == anonymity.REASON_COMPLEMENTARY
    assert isinstance(result.groups["c"], GroupResult)


def test_a_dimension_of_exactly_the_threshold_hidden_for_another_says_why(example):
    """Every group shown; "tijd" has 4 scores in a (hidden) and 5 in b (hidden to protect a)."""
    labels = ["a"] * 6 + ["b"] * 6 + ["c"] * 9
    values = _values(len(labels))
    values[0:2, TIJD] = np.nan  # a: 4 "tijd" scores
    values[6, TIJD] = np.nan  # b: 5 "tijd" scores
    result = score(example, Answers.from_values(values), groups=labels)
    a, b = result.groups["a"], result.groups["b"]
    assert isinstance(a, GroupResult) and isinstance(b, GroupResult)
    assert a.dimensions["tijd"].reason == anonymity.REASON_TOO_FEW  # type: ignore[union-attr]
    tijd = b.dimensions["tijd"]
    assert isinstance(tijd, SuppressedDimension) and tijd.n == 5 and tijd.reason == anonymity.REASON_COMPLEMENTARY


@pytest.mark.parametrize(("n_employees", "shown"), [(4, False), (5, True)])
def test_a_gap_from_exactly_the_threshold_of_employees(example, n_employees, shown):
    result = perception_gap(example, Answers.from_values(_values(n_employees)), Answers.from_values(_values(1) + 0))
    dim = result.dimensions["veiligheid"]
    assert isinstance(dim, DimensionGap) is shown
    if isinstance(dim, DimensionGap):
        assert dim.gap is not None and dim.employee_n == 5 and dim.manager_n == 1
    assert anonymity.gap_shown(5, 1) and not anonymity.gap_shown(4, 1) and not anonymity.gap_shown(5, 0)
    assert anonymity.gap_shown(5, 3, among_managers=True) and not anonymity.gap_shown(5, 2, among_managers=True)


def test_an_empty_last_group(example):
    """Groups 0 and 1 have respondents, group 2 none: every per-group array still has 3 entries."""
    lay = layout(example, "employee")
    arrays = score_arrays(lay, Answers.from_values(_values(4)), np.array([0, 0, 1, 1]), 3)
    assert arrays.group_n.tolist() == [2, 2, 0]
    for desc in arrays.descriptives.values():
        assert desc.n.tolist() == [2, 2, 0]
        assert np.isfinite(desc.mean[:2]).all() and np.isnan(desc.mean[2])


def test_a_linked_total_hidden_in_one_wave_needs_no_group_hidden_to_protect_it():
    """Rule 10 for comparisons: the end-line total holds 2 private respondents, so the total is hidden in every
    wave; with no total shown, nothing can be worked out by subtraction, and region 1 (7 private at the
    baseline) stays shown. Hiding it too, as a check of the total wave by wave would, hides more than the
    rule asks (kills A38: the total hidden only when it is small in every wave)."""
    out, total_hidden = anonymity.suppress_linked_breakdown([[3, 7, 0], [0, 0, 2]], 5)
    assert out.tolist() == [True, False, True] and total_hidden
