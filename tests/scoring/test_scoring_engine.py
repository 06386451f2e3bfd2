"""score / compare end to end, checked against an independent pandas/pingouin/scipy computation."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from scoring import (
    Answers,
    ScoringError,
    compare,
    link_pairs,
    score,
    score_arrays,
)
from scoring.change import wilcoxon_exact_p
from scoring.matrix import layout
from scoring.results import DimensionComparison, DimensionStats, GroupResult, PairedResult, SuppressedPaired


def _reference_scores(values: np.ndarray, reverse: list[bool], share: float = 0.6) -> np.ndarray:
    """Dimension scores the slow way: reverse with 6 - x, row means where enough items were answered."""
    frame = pd.DataFrame(values.copy())
    for j, rev in enumerate(reverse):
        if rev:
            frame[j] = 6 - frame[j]
    answered = frame.notna().sum(axis=1)
    needed = math.ceil(share * len(reverse) - 1e-9)
    return frame.mean(axis=1).where(answered >= needed).to_numpy()


def test_score_against_an_independent_computation(example, likert):
    rng = np.random.default_rng(21)
    values = likert(rng, 140, 6, missing=0.12)
    codes = np.where(np.isnan(values) & (rng.random(values.shape) < 0.4), 0, -1)
    result = score(example, Answers.from_values(values, codes))
    total = result.groups["all"]
    assert isinstance(total, GroupResult) and total.n == 140
    for dim_id, cols, reverse in (
        ("veiligheid", [0, 1, 2], [False, True, False]),
        ("tijd", [3, 4, 5], [False, True, False]),
    ):
        ref = _reference_scores(values[:, cols], reverse)
        ref = ref[~np.isnan(ref)]
        dim = total.dimensions[dim_id]
        assert isinstance(dim, DimensionStats)
        assert dim.n == ref.size
        assert dim.mean == pytest.approx(ref.mean(), abs=1e-12)
        assert dim.sd == pytest.approx(ref.std(ddof=1), abs=1e-12)
        low, high = stats.t.interval(0.95, ref.size - 1, loc=ref.mean(), scale=stats.sem(ref))
        assert dim.ci95 is not None
        assert dim.ci95.low == pytest.approx(low, abs=1e-12) and dim.ci95.high == pytest.approx(high, abs=1e-12)
        assert dim.favourable == pytest.approx(100 * np.mean(ref >= 4), abs=1e-12)
        keyed = pd.DataFrame(values[:, cols])
        for j, rev in enumerate(reverse):
            if rev:
                keyed[j] = 6 - keyed[j]
        keyed = keyed[keyed.notna().any(axis=1)]
        alpha, ci = pg.cronbach_alpha(keyed)
        assert dim.alpha == pytest.approx(alpha, abs=1e-9)
        if alpha < 0:  # the reverse-worded item is not reversed in these made-up answers
            assert dim.alpha_ci95 is None and dim.notes == {"alpha": "no_scale"}
        else:
            answered = keyed.notna().to_numpy(dtype=float)
            n_feldt = stats.hmean((answered.T @ answered)[np.triu_indices(3, 1)])
            low = 1 - (1 - alpha) * stats.f.ppf(0.975, n_feldt - 1, 2 * (n_feldt - 1))
            assert dim.alpha_ci95 is not None and dim.alpha_ci95.low == pytest.approx(low, abs=1e-9)
        item = dim.items[example.items_for("employee")[cols[1]].id]
        assert item.reverse is True
        assert item.counts == {p: int(np.sum(values[:, cols[1]] == p)) for p in range(1, 6)}
        dk = 100 * np.mean(codes[:, cols[1]] == 0)
        assert item.non_substantive["dk"] == pytest.approx(dk)
        blank = 100 * np.mean(np.isnan(values[:, cols[1]]) & (codes[:, cols[1]] == -1))
        assert item.blank == pytest.approx(blank)
    json.loads(result.to_json())


def test_breakdown_groups_match_scoring_each_group_alone(example, likert):
    rng = np.random.default_rng(4)
    values = likert(rng, 90, 6, missing=0.05)
    labels = rng.choice(["bouw", "kantoor", "metaal"], 90).tolist()
    result = score(example, Answers.from_values(values), groups=labels)
    assert list(result.groups) == ["all", "bouw", "kantoor", "metaal"]
    for label in ("bouw", "kantoor", "metaal"):
        rows = np.array([lab == label for lab in labels])
        alone = score(example, Answers.from_values(values[rows])).groups["all"]
        grouped = result.groups[label]
        assert isinstance(alone, GroupResult) and isinstance(grouped, GroupResult)
        for dim_id in ("veiligheid", "tijd"):
            a, g = alone.dimensions[dim_id], grouped.dimensions[dim_id]
            assert isinstance(a, DimensionStats) and isinstance(g, DimensionStats)
            assert g.n == a.n
            assert g.mean == pytest.approx(a.mean, abs=1e-12)
            assert g.sd == pytest.approx(a.sd, abs=1e-12)
            assert g.alpha == pytest.approx(a.alpha, abs=1e-9)
            assert g.items == a.items


def test_score_edges(example):
    # one respondent: suppressed
    assert score(example, Answers.from_values([[1, 2, 3, 4, 5, 1]])).groups["all"].suppressed
    # zero respondents, with a (empty) breakdown
    empty = score(example, Answers.from_values([], k=6), groups=[])
    assert list(empty.groups) == ["all"] and empty.groups["all"].suppressed
    # an item nobody answered and all answers of another dimension non-substantive
    values = np.random.default_rng(0).integers(1, 6, (12, 6)).astype(float)
    values[:, 0] = np.nan
    values[:, 3:] = np.nan
    codes = np.full(values.shape, -1)
    codes[:, 3:] = 0
    result = score(example, Answers.from_values(values, codes))
    total = result.groups["all"]
    assert isinstance(total, GroupResult)
    vei = total.dimensions["veiligheid"]
    assert isinstance(vei, DimensionStats) and vei.n == 12  # 2 of 3 answered is enough
    assert vei.items["vei1"].n == 0 and vei.items["vei1"].counts is None and vei.items["vei1"].blank == 100.0
    tijd = total.dimensions["tijd"]
    assert tijd.suppressed and tijd.n == 0
    json.dumps(result.to_dict(), allow_nan=False)


def test_zero_variance_gives_no_alpha_but_a_mean(example):
    result = score(example, Answers.from_values(np.full((15, 6), 4.0)))
    dim = result.groups["all"].dimensions["tijd"]
    assert isinstance(dim, DimensionStats)
    assert dim.alpha is None and dim.alpha_ci95 is None
    assert dim.sd == 0.0 and dim.ci95 is not None and dim.ci95.low == dim.ci95.high
    assert dim.mean == pytest.approx((4 + 2 + 4) / 3)
    json.dumps(result.to_dict(), allow_nan=False)


def test_score_refuses_bad_input(example):
    answers = Answers.from_values(np.ones((3, 6)))
    with pytest.raises(ScoringError, match="reserved"):
        score(example, answers, groups=["all", "a", "b"])
    with pytest.raises(ScoringError, match="2 group labels for 3"):
        score(example, answers, groups=["a", "b"])
    with pytest.raises(ScoringError, match="development-plan answers"):
        score(example, answers, development_plan=["none"])
    with pytest.raises(ScoringError, match="not a development-plan option"):
        score(example, answers, development_plan=["none", "maybe", None])


def test_development_plan_in_score(example):
    answers = Answers.from_values(np.full((12, 6), 3.0))
    plan = ["working"] * 4 + ["not_started"] * 3 + ["making"] * 2 + ["none", None, ""]
    result = score(example, answers, development_plan=plan, groups=["x"] * 6 + ["y"] * 6)
    total = result.groups["all"]
    assert isinstance(total, GroupResult) and total.development_plan is not None
    kpi = total.development_plan.to_dict()
    assert kpi["n"] == 10 and kpi["with_plan"] == 70.0 and kpi["working"] == 40.0 and kpi["meets_target"]
    # group y has 4 answers: hidden; then x (6 answers) is hidden too, or y could be found by subtraction
    y = result.groups["y"]
    assert isinstance(y, GroupResult) and y.development_plan is not None and y.development_plan.suppressed
    assert y.development_plan.n == 4
    x = result.groups["x"]
    assert isinstance(x, GroupResult) and x.development_plan is not None and x.development_plan.suppressed
    assert x.development_plan.to_dict()["reason"] == "complementary_suppression"


def test_compare_against_scipy(example, likert):
    rng = np.random.default_rng(12)
    base_values = likert(rng, 40, 6, missing=0.05)
    end_values = np.clip(likert(rng, 55, 6, missing=0.05) + (rng.random((55, 6)) < 0.3), 1, 5)
    result = compare(example, Answers.from_values(base_values), Answers.from_values(end_values))
    for dim_id, cols in (("veiligheid", [0, 1, 2]), ("tijd", [3, 4, 5])):
        b = _reference_scores(base_values[:, cols], [False, True, False])
        e = _reference_scores(end_values[:, cols], [False, True, False])
        b, e = b[~np.isnan(b)], e[~np.isnan(e)]
        dim = result.dimensions[dim_id]
        assert isinstance(dim, DimensionComparison)
        ref = stats.ttest_ind(e, b, equal_var=False)
        assert dim.difference == pytest.approx(e.mean() - b.mean(), abs=1e-12)
        assert dim.welch_t == pytest.approx(ref.statistic, rel=1e-10)
        assert dim.df == pytest.approx(ref.df, rel=1e-10)
        assert dim.p == pytest.approx(ref.pvalue, rel=1e-8)
        ci = ref.confidence_interval()
        assert dim.ci95 is not None and dim.ci95.low == pytest.approx(ci.low, abs=1e-12)
        assert dim.hedges_g == pytest.approx(pg.compute_effsize(e, b, eftype="hedges"), rel=2e-3)
        u = stats.mannwhitneyu(e, b).statistic
        assert dim.cliffs_delta == pytest.approx(2 * u / (b.size * e.size) - 1, abs=1e-12)
        assert dim.favourable_change == pytest.approx(100 * (np.mean(e >= 4) - np.mean(b >= 4)), abs=1e-12)
        assert dim.baseline.n == b.size and dim.endline.sd == pytest.approx(e.std(ddof=1), abs=1e-12)
    json.loads(result.to_json())


def test_link_pairs():
    base, end = link_pairs(["AB12", "x", "x", None, " cd34 ", ""], ["cd34", "ab12", "x", "zz", None])
    assert base.tolist() == [0, 4] and end.tolist() == [1, 0]


def test_paired_comparison_by_link_code(example, likert):
    rng = np.random.default_rng(30)
    base_values = likert(rng, 30, 6)
    end_values = base_values.copy()
    end_values[:20] = np.clip(end_values[:20] + 1, 1, 5)  # 20 linked respondents improve
    base_links = [f"code{i}" for i in range(30)]
    end_links = [f"CODE{i}" for i in range(20)] + [None] * 10
    result = compare(
        example,
        Answers.from_values(base_values),
        Answers.from_values(end_values),
        baseline_links=base_links,
        endline_links=end_links,
    )
    dim = result.dimensions["veiligheid"]
    assert isinstance(dim, DimensionComparison) and isinstance(dim.paired, PairedResult)
    b = _reference_scores(base_values[:20, :3], [False, True, False])
    e = _reference_scores(end_values[:20, :3], [False, True, False])
    assert dim.paired.n == 20
    assert dim.paired.mean_difference == pytest.approx(np.mean(e - b), abs=1e-12)
    # 20 pairs with ties: the exact conditional p (scipy's exact permutation test gives the same, but takes 17 s)
    assert dim.paired.wilcoxon_p == pytest.approx(wilcoxon_exact_p(np.round(e - b, 10)), rel=1e-12)
    assert dim.paired.d_z == pytest.approx(np.mean(e - b) / np.std(e - b, ddof=1), rel=1e-12)
    rc = dim.paired.reliable_change
    assert rc is not None and rc.improved + rc.unchanged + rc.deteriorated == 20
    # the counts follow Jacobson & Truax with the baseline wave's SD and alpha
    all_b = _reference_scores(base_values[:, :3], [False, True, False])
    keyed = base_values[:, :3].copy()
    keyed[:, 1] = 6 - keyed[:, 1]
    alpha = pg.cronbach_alpha(pd.DataFrame(keyed))[0]
    rci = (e - b) / (math.sqrt(2) * np.nanstd(all_b, ddof=1) * math.sqrt(1 - alpha))
    assert rc.improved == int(np.sum(rci > 1.96)) and rc.deteriorated == int(np.sum(rci < -1.96))


def test_paired_needs_links_for_both_waves_and_enough_pairs(example):
    answers = Answers.from_values(np.full((12, 6), 3.0))
    with pytest.raises(ScoringError, match="both waves"):
        compare(example, answers, answers, baseline_links=["a"] * 12)
    with pytest.raises(ScoringError, match="one link code"):
        compare(example, answers, answers, baseline_links=["a"], endline_links=["a"] * 12)
    links = [f"c{i}" for i in range(4)] + [None] * 8
    result = compare(example, answers, answers, baseline_links=links, endline_links=links)
    dim = result.dimensions["tijd"]
    assert isinstance(dim, DimensionComparison) and dim.paired is not None and dim.paired.suppressed


def test_paired_result_hidden_when_the_unpaired_could_be_worked_out(example, likert):
    rng = np.random.default_rng(31)
    base_values, end_values = likert(rng, 12, 6), likert(rng, 12, 6)
    linked = [f"c{i}" for i in range(10)] + [None, None]
    result = compare(
        example,
        Answers.from_values(base_values),
        Answers.from_values(end_values),
        baseline_links=linked,
        endline_links=linked,
    )
    for dim in result.dimensions.values():
        # 10 pairs, 2 + 2 unpaired: wave sums minus the pairs' change would give the 4 unpaired away
        assert isinstance(dim, DimensionComparison) and isinstance(dim.paired, SuppressedPaired)
        assert dim.paired.reason == "complementary_suppression"
        assert dim.paired.to_dict()["mean_difference"] is None
    everyone = [f"c{i}" for i in range(12)]
    result = compare(
        example,
        Answers.from_values(base_values),
        Answers.from_values(end_values),
        baseline_links=everyone,
        endline_links=everyone,
    )
    dim = result.dimensions["tijd"]
    assert isinstance(dim, DimensionComparison) and isinstance(dim.paired, PairedResult)
    assert dim.difference is not None and dim.paired.mean_difference == pytest.approx(dim.difference, abs=1e-12)


def test_reliable_change_counts_need_ten_pairs(example, likert):
    rng = np.random.default_rng(32)
    base_values, end_values = likert(rng, 30, 6), likert(rng, 30, 6)
    for pairs, shown in ((7, False), (10, True)):
        base_links = [f"c{i}" for i in range(30)]
        end_links = [f"c{i}" for i in range(pairs)] + [None] * (30 - pairs)
        result = compare(
            example,
            Answers.from_values(base_values),
            Answers.from_values(end_values),
            baseline_links=base_links,
            endline_links=end_links,
        )
        dim = result.dimensions["veiligheid"]
        assert isinstance(dim, DimensionComparison) and isinstance(dim.paired, PairedResult)
        assert dim.paired.n == pairs and dim.paired.d_z is not None
        assert dim.paired.level == ("full" if shown else "indicative")
        assert (dim.paired.reliable_change is not None) is shown
        assert (dim.paired.ci95 is not None) is shown and (dim.paired.wilcoxon_p is not None) is shown


def test_compare_with_development_plan(example):
    answers = Answers.from_values(np.full((10, 6), 3.0))
    result = compare(
        example, answers, answers, baseline_plan=["none"] * 10, endline_plan=["working"] * 6 + ["none"] * 4
    )
    assert result.development_plan is not None
    data = result.to_dict()["development_plan"]
    assert data["baseline"]["with_plan"] == 0.0 and data["endline"]["with_plan"] == 60.0


def test_score_arrays_for_many_groups_match_one_group_at_a_time(example, likert):
    rng = np.random.default_rng(77)
    values = likert(rng, 3000, 6, missing=0.03)
    group = rng.integers(0, 50, 3000)
    lay = layout(example, "employee")
    arrays = score_arrays(lay, Answers.from_values(values), group, 50)
    for g in (0, 17, 49):
        one = score_arrays(lay, Answers.from_values(values[group == g]))
        for dim_id in lay.dimension_ids:
            assert arrays.descriptives[dim_id].mean[g] == pytest.approx(one.descriptives[dim_id].mean[0], abs=1e-12)
            assert arrays.alpha[dim_id].alpha[g] == pytest.approx(one.alpha[dim_id].alpha[0], abs=1e-9)
    with pytest.raises(ValueError, match="must lie in"):
        score_arrays(lay, Answers.from_values(values), group, 10)


@pytest.mark.parametrize(
    ("cell", "code", "message"),
    [
        (6.0, -1, "6.0 is not a point"),
        (0.0, -1, "0.0 is not a point"),
        (2.5, -1, "2.5 is not a point"),
        (-np.inf, -1, "-inf is not a point"),
        (np.nan, 3, "non-substantive code 3 is invalid"),
        (4.0, 0, "must have value NaN"),
    ],
)
def test_score_and_compare_refuse_answers_off_the_scale(example, cell, code, message):
    values = np.full((12, 6), 3.0)
    codes = np.full((12, 6), -1)
    values[7, 4], codes[7, 4] = cell, code
    bad = Answers.from_values(values, codes)
    good = Answers.from_values(np.full((12, 6), 3.0))
    with pytest.raises(ScoringError, match=message):
        score(example, bad)
    with pytest.raises(ScoringError, match=message):
        compare(example, good, bad)
    with pytest.raises(ScoringError, match="respondent 7, item 'tij2'"):
        score_arrays(layout(example, "employee"), bad)


def test_wrong_number_of_columns(example):
    with pytest.raises(ScoringError, match="has 5 columns"):
        score(example, Answers.from_values(np.ones((3, 5))))


def test_threads_give_the_same_numbers(example, likert):
    rng = np.random.default_rng(5)
    values = likert(rng, 2000, 6, missing=0.05)
    lay = layout(example, "employee")
    group = rng.integers(0, 7, 2000)
    for args in ((None, 1), (group, 7)):
        one = score_arrays(lay, Answers.from_values(values), *args)
        two = score_arrays(lay, Answers.from_values(values), *args, workers=2)
        np.testing.assert_array_equal(one.respondents.scores, two.respondents.scores)
        for dim_id in lay.dimension_ids:
            np.testing.assert_array_equal(one.alpha[dim_id].alpha, two.alpha[dim_id].alpha)
            np.testing.assert_array_equal(one.descriptives[dim_id].sd, two.descriptives[dim_id].sd)


def test_answers_are_kept_column_major(example):
    answers = Answers(np.ones((4, 6)), np.full((4, 6), -1, dtype=np.int8))
    assert answers.values.flags.f_contiguous and answers.codes.flags.f_contiguous
    assert score(example, answers).groups["all"].n == 4


def test_without_item_distributions(example):
    result = score(example, Answers.from_values(np.full((6, 6), 3.0)), with_items=False)
    dim = result.groups["all"].dimensions["tijd"]
    assert isinstance(dim, DimensionStats) and dim.items == {}


def test_a_long_scale_uses_wider_integers(make_questionnaire):
    q = make_questionnaire({"a": [False, True, False]}, scale=(0, 100), favourable_from=75)
    values = np.array([[100, 0, 100], [75, 25, 50], [0, 100, 0], [10, 20, 30], [99, 1, 98]], dtype=float)
    result = score(q, Answers.from_values(values))
    dim = result.groups["all"].dimensions["a"]
    assert isinstance(dim, DimensionStats)
    keyed = values.copy()
    keyed[:, 1] = 100 - keyed[:, 1]
    assert dim.mean == pytest.approx(keyed.mean(axis=1).mean(), abs=1e-12)
    assert dim.favourable == pytest.approx(100 * np.mean(keyed.mean(axis=1) >= 75))
    with pytest.raises(ScoringError, match="101.0 is not a point"):
        score(q, Answers.from_values(np.full((5, 3), 101.0)))


def test_a_scale_with_negative_points(make_questionnaire):
    q = make_questionnaire({"a": [False, True, False]}, scale=(-2, 2), favourable_from=1)
    values = np.array([[2, -2, 2], [1, 0, np.nan], [-2, 2, -1], [0, 0, 0], [1, -1, 2], [-1, 1, -2]], dtype=float)
    result = score(q, Answers.from_values(values))
    dim = result.groups["all"].dimensions["a"]
    assert isinstance(dim, DimensionStats)
    keyed = values.copy()
    keyed[:, 1] = 0 - keyed[:, 1]  # min + max - x with min = -2, max = 2
    per_person = np.nanmean(keyed, axis=1)
    assert dim.mean == pytest.approx(per_person.mean(), abs=1e-12)
    assert dim.favourable == pytest.approx(100 * np.mean(per_person >= 1))
    assert dim.items["a_1"].counts == {-2: 1, -1: 1, 0: 2, 1: 1, 2: 1}
