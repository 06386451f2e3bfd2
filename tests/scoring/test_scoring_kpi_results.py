"""The development-plan KPI and the JSON conversion of results."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest
from statsmodels.stats.proportion import proportion_confint

from questionnaires.model import DEVELOPMENT_PLAN_CODES, DEVELOPMENT_PLAN_HAS_PLAN, DEVELOPMENT_PLAN_WORKING
from scoring import ScoringError
from scoring.kpi import (
    TARGET_WITH_PLAN,
    count_answers,
    development_plan,
    development_plan_by_group,
    plan_kpi,
    wilson_interval,
)
from scoring.results import (
    Interval,
    PlanKpi,
    SuppressedComparison,
    SuppressedDimension,
    SuppressedGap,
    SuppressedGroup,
    SuppressedPaired,
    SuppressedPlanKpi,
    num,
)


def test_kpi_uses_the_codes_from_the_questionnaire_model():
    assert set(DEVELOPMENT_PLAN_HAS_PLAN) == {"not_started", "working"}
    assert DEVELOPMENT_PLAN_WORKING == "working"
    assert TARGET_WITH_PLAN == 50.0


def test_kpi_shares():
    answers = ["working"] * 3 + ["not_started"] * 2 + ["making"] * 4 + ["none"] * 3 + [None, ""]
    result = development_plan(answers)
    assert isinstance(result, PlanKpi)
    assert result.n == 12
    assert result.with_plan == pytest.approx(100 * 5 / 12)
    assert result.working == 25.0
    assert result.meets_target is False
    assert result.counts == {"none": 3, "making": 4, "not_started": 2, "working": 3}
    assert result.level == "full"
    low, high = proportion_confint(5, 12, method="wilson")
    assert result.with_plan_ci95 == Interval(pytest.approx(100 * low), pytest.approx(100 * high))


def test_kpi_exactly_half_meets_the_target():
    result = development_plan(["working", "none"] * 5)
    assert isinstance(result, PlanKpi) and result.meets_target


@pytest.mark.parametrize(("n", "kind"), [(0, SuppressedPlanKpi), (4, SuppressedPlanKpi), (5, PlanKpi), (9, PlanKpi)])
def test_kpi_threshold(n, kind):
    result = development_plan(["working"] * n + [None] * 10)
    assert isinstance(result, kind)
    assert result.n == n
    if isinstance(result, PlanKpi):
        assert result.level == "indicative" and result.with_plan_ci95 is None


def test_kpi_complementary_flag_and_unknown_codes():
    hidden = plan_kpi({"working": 8}, hidden=True)
    assert isinstance(hidden, SuppressedPlanKpi) and hidden.reason == "complementary_suppression"
    with pytest.raises(ScoringError, match="not a development-plan option"):
        development_plan(["yes"])


def test_count_answers_per_group_in_one_pass():
    answers = ["working", None, "none", "", "making", "working", "not_started", "working"]
    group = np.array([0, 0, 1, 1, 2, 2, 2, 0])
    counts = count_answers(answers, group, 4)
    assert counts.dtype == np.int64
    # columns: none, making, not_started, working; group 3 has nobody
    assert counts.tolist() == [[0, 0, 0, 2], [1, 0, 0, 0], [0, 1, 1, 1], [0, 0, 0, 0]]
    assert count_answers(answers).tolist() == [[1, 1, 1, 3]]
    assert count_answers([]).tolist() == [[0, 0, 0, 0]]
    assert count_answers([], np.zeros(0, dtype=np.int64), 0).shape == (0, 4)
    with pytest.raises(ScoringError, match="respondent 2: 'Working' is not a development-plan option"):
        count_answers(["working", None, "Working"])


def test_plan_kpi_takes_a_mapping_or_a_row_of_counts():
    assert plan_kpi({"none": 2, "working": 4}, 5) == plan_kpi(np.array([2, 0, 0, 4]), 5)


def test_development_plan_by_group_applies_complementary_suppression():
    # groups of 7, 3 and 6 answers, threshold 5: the 3 is hidden, so the smallest shown (6) goes too
    answers = ["working"] * 7 + ["none"] * 3 + ["not_started"] * 6 + [None] * 4
    group = np.array([0] * 7 + [1] * 3 + [2] * 6 + [0, 1, 2, 2])
    kpis = development_plan_by_group(answers, group, 3, 5)
    assert isinstance(kpis[0], PlanKpi) and kpis[0].n == 7 and kpis[0].with_plan == 100.0
    assert isinstance(kpis[1], SuppressedPlanKpi) and kpis[1].reason == "too_few_respondents"
    assert isinstance(kpis[2], SuppressedPlanKpi) and kpis[2].reason == "complementary_suppression"
    # with threshold 3 all are shown; a group hidden already (by the scores' breakdown) stays hidden
    assert all(isinstance(k, PlanKpi) for k in development_plan_by_group(answers, group, 3, 3))
    hidden = development_plan_by_group(answers, group, 3, 3, hidden=np.array([False, True, False]))
    assert [k.suppressed for k in hidden] == [False, True, False]
    assert isinstance(hidden[1], SuppressedPlanKpi) and hidden[1].reason == "complementary_suppression"
    assert development_plan(answers, 5) == development_plan_by_group(answers, None, 1, 5)[0]


@pytest.mark.parametrize(("k", "n"), [(0, 10), (10, 10), (3, 17), (250, 400)])
def test_wilson_interval_against_statsmodels(k, n):
    low, high = proportion_confint(k, n, method="wilson")
    interval = wilson_interval(k, n)
    assert interval is not None
    assert interval.low == pytest.approx(100 * low, abs=1e-9)
    assert interval.high == pytest.approx(100 * high, abs=1e-9)
    assert wilson_interval(0, 0) is None


def test_num_and_interval():
    assert num(None) is None
    assert num(float("nan")) is None
    assert num(float("inf")) is None
    assert num(np.float64(2.5)) == 2.5 and type(num(np.float64(2.5))) is float
    assert Interval.make(1.0, float("nan")) is None
    assert Interval.make(np.float64(1), 2).to_list() == [1.0, 2.0]


@pytest.mark.parametrize(
    "obj",
    [
        SuppressedGroup("a", 3, "too_few_respondents"),
        SuppressedDimension("d", 3, "too_few_respondents"),
        SuppressedComparison("d", 3, 12, "too_few_respondents"),
        SuppressedPaired(2, "too_few_respondents"),
        SuppressedGap("d", 3, 1, "too_few_respondents"),
        SuppressedPlanKpi(4, "too_few_respondents"),
    ],
)
def test_suppressed_results_carry_no_numbers(obj):
    fields = {f.name for f in dataclasses.fields(obj)}
    assert fields <= {
        "label",
        "dimension_id",
        "n",
        "n_baseline",
        "n_endline",
        "employee_n",
        "manager_n",
        "reason",
        "suppressed",
    }
    data = json.loads(obj.to_json())
    assert data["suppressed"] is True and data["level"] == "suppressed" and obj.level == "suppressed"


NULLS = dict.fromkeys


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (
            SuppressedGroup("a", 3, "too_few_respondents"),
            {"n": 3, "suppressed": True, "level": "suppressed", "reason": "too_few_respondents", "dimensions": {}},
        ),
        (
            SuppressedDimension("d", 3, "complementary_suppression"),
            {
                "n": 3, "suppressed": True, "level": "suppressed", "reason": "complementary_suppression",
                **NULLS(["mean", "sd", "ci95", "favourable", "alpha", "alpha_ci95", "alpha_left_out"]), "notes": {},
                "items": {},
            },
        ),
        (
            SuppressedComparison("d", 3, 12, "too_few_respondents"),
            {
                "suppressed": True, "level": "suppressed", "reason": "too_few_respondents",
                "baseline": {"n": 3, "mean": None, "sd": None, "favourable": None},
                "endline": {"n": 12, "mean": None, "sd": None, "favourable": None},
                **NULLS([
                    "difference", "ci95", "welch_t", "df", "p", "hedges_g", "hedges_g_ci95", "effect_size",
                    "cliffs_delta", "cliffs_delta_ci95", "favourable_change",
                ]),
                "notes": {},
            },
        ),
        (
            SuppressedPaired(2, "too_few_respondents"),
            {
                "n": 2, "suppressed": True, "level": "suppressed", "reason": "too_few_respondents",
                **NULLS([
                    "mean_difference", "ci95", "d_z", "wilcoxon_p", "reliable_change", "reliable_change_reference",
                ]),
                "notes": {},
            },
        ),
        (
            SuppressedGap("d", 3, 1, "too_few_respondents"),
            {
                "suppressed": True, "level": "suppressed", "reason": "too_few_respondents",
                "employee": {"n": 3, "mean": None}, "manager": {"n": 1, "mean": None}, "gap": None,
            },
        ),
        (
            SuppressedPlanKpi(4, "too_few_respondents"),
            {
                "n": 4, "suppressed": True, "level": "suppressed", "reason": "too_few_respondents",
                **NULLS([
                    "with_plan", "with_plan_ci95", "working", "working_ci95", "counts", "target", "meets_target",
                ]),
            },
        ),
    ],
)  # fmt: skip
def test_a_suppressed_result_has_the_keys_of_its_shown_twin_in_order(obj, expected):
    """The suppressed JSON is derived from the shown class's keys: same keys, same order, ``reason`` after
    ``level``, null or {} for every number, optional parts (a group's KPI, a paired result) left out."""
    data = obj.to_dict()
    assert data == expected
    assert list(data) == list(expected)
    assert [k for k in data if k != "reason"] == [k for k in obj.shown.json_keys if k not in obj.shown.optional_keys]


def test_to_json_never_writes_nan():
    kpi = PlanKpi(5, "indicative", math.nan, 20.0, None, None, {}, 50.0, False)
    assert json.loads(kpi.to_json())["with_plan"] is None


def test_development_plan_codes_are_complete():
    assert len(DEVELOPMENT_PLAN_CODES) == 4
