"""Group descriptives and item distributions against plain numpy/scipy per group."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from scoring.describe import grouped_describe, item_distributions, single_group
from scoring.matrix import Answers, layout

nan = np.nan


def test_grouped_describe_matches_numpy_and_scipy_per_group():
    rng = np.random.default_rng(0)
    n, groups = 500, 7
    scores = np.round(rng.uniform(1, 5, n) * 3) / 3
    scores[rng.random(n) < 0.1] = nan
    group = rng.integers(0, groups, n)
    result = grouped_describe(scores, group, groups, favourable_from=4)
    for g in range(groups):
        x = scores[(group == g) & ~np.isnan(scores)]
        assert result.n[g] == x.size
        assert result.mean[g] == pytest.approx(x.mean(), abs=1e-12)
        assert result.sd[g] == pytest.approx(x.std(ddof=1), abs=1e-12)
        low, high = stats.t.interval(0.95, x.size - 1, loc=x.mean(), scale=stats.sem(x))
        assert result.ci_low[g] == pytest.approx(low, abs=1e-12)
        assert result.ci_high[g] == pytest.approx(high, abs=1e-12)
        assert result.favourable[g] == pytest.approx(100 * np.mean(x >= 4), abs=1e-12)


def test_favourable_counts_a_score_exactly_at_the_threshold():
    scores = np.array([4.0, 3.9999, 11 / 3, 5.0])
    result = grouped_describe(scores, single_group(4), 1, favourable_from=4)
    assert result.favourable[0] == 50.0


def test_zero_one_and_constant_groups():
    scores = np.array([3.0, 2.0, 2.0, 2.0])
    group = np.array([1, 2, 2, 2])
    result = grouped_describe(scores, group, 3, favourable_from=4)
    # group 0 is empty
    assert result.n[0] == 0 and np.isnan(result.mean[0]) and np.isnan(result.favourable[0])
    # group 1 has one respondent: a mean but no SD or interval
    assert result.n[1] == 1 and result.mean[1] == 3.0 and np.isnan(result.sd[1]) and np.isnan(result.ci_low[1])
    # group 2 has zero variance: SD 0 and an interval of width 0
    assert result.sd[2] == 0.0 and result.ci_low[2] == result.ci_high[2] == 2.0


def test_no_respondents_at_all():
    result = grouped_describe(np.zeros(0), np.zeros(0, dtype=np.int64), 1, favourable_from=4)
    assert result.n.tolist() == [0] and np.isnan(result.mean[0]) and np.isnan(result.sd[0])


def test_item_distributions_count_points_codes_and_blanks(example):
    lay = layout(example, "employee")
    values = np.array(
        [
            [1, 2, 3, 4, 5, nan],
            [1, 5, nan, 4, 5, nan],
            [nan, 5, nan, 4, 5, nan],
        ]
    )
    codes = np.full(values.shape, -1)
    codes[1, 2] = 0  # "dk" on vei3
    codes[2, 0] = 0  # "dk" on vei1
    answers = Answers.from_values(values, codes)
    group = np.array([0, 0, 1])
    dists = item_distributions(lay, answers, group, 2)
    vei1, vei2, vei3 = dists[0], dists[1], dists[2]
    assert vei1.points == (1, 2, 3, 4, 5)
    assert vei1.counts.tolist() == [[2, 0, 0, 0, 0], [0, 0, 0, 0, 0]]
    assert vei1.codes == ("dk",)
    assert vei1.non_substantive.tolist() == [[0], [1]]
    assert vei1.blank.tolist() == [0, 0]
    assert vei2.counts.tolist() == [[0, 1, 0, 0, 1], [0, 0, 0, 0, 1]]
    assert vei2.answered.tolist() == [2, 1]
    assert vei3.non_substantive.tolist() == [[1], [0]]
    assert vei3.blank.tolist() == [0, 1]
    # tij3: nobody answered
    assert dists[5].counts.sum() == 0 and dists[5].blank.tolist() == [2, 1]
    assert vei1.respondents.tolist() == [2, 1]


def test_item_distributions_against_a_plain_count(example, likert):
    rng = np.random.default_rng(9)
    lay = layout(example, "employee")
    values = likert(rng, 300, 6, missing=0.2)
    codes = np.where(np.isnan(values) & (rng.random(values.shape) < 0.5), 0, -1)
    group = rng.integers(0, 4, 300)
    dists = item_distributions(lay, Answers.from_values(values, codes), group, 4)
    for col, dist in enumerate(dists):
        for g in range(4):
            v = values[group == g, col]
            c = codes[group == g, col]
            assert dist.counts[g].tolist() == [int(np.sum(v == p)) for p in range(1, 6)]
            assert dist.non_substantive[g, 0] == int(np.sum(c == 0))
            assert dist.blank[g] == int(np.sum(np.isnan(v) & (c == -1)))
