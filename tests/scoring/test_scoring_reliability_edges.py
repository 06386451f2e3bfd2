"""Edges of Cronbach's alpha and Feldt's interval that mutation testing found unchecked (issue 24).

Each test names the mutant of ``benchmarks/mutants_statistics.py`` it kills. References: pingouin (R psych's
numbers) and Feldt's formula written out with ``scipy.stats.f.ppf`` (the code uses ``isf``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from scoring.reliability import alpha_from_cov, cronbach_alpha, feldt_ci, grouped_alpha

NAN = np.nan


def _feldt(alpha: float, n: float, k: int, confidence: float) -> tuple[float, float]:
    """Feldt, Woodruff & Salih (1987): 1 - (1 - alpha) F at the two tail quantiles of F(n - 1, (n - 1)(k - 1))."""
    tail = (1 - confidence) / 2
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return 1 - (1 - alpha) * stats.f.ppf(1 - tail, df1, df2), 1 - (1 - alpha) * stats.f.ppf(tail, df1, df2)


@pytest.mark.parametrize("confidence", [0.90, 0.99])
def test_feldt_interval_at_other_confidence_levels(confidence, likert):
    """Through every entry point (kills R27, R50, R51, R52: the level not passed on; R45: the level ignored)."""
    rng = np.random.default_rng(3)
    values = likert(rng, 40, 4, missing=0.0)
    alpha = pg.cronbach_alpha(pd.DataFrame(values))[0]
    low, high = _feldt(alpha, 40, 4, confidence)
    one = cronbach_alpha(values, confidence)
    assert one.alpha == pytest.approx(alpha, abs=1e-12)
    assert (one.ci_low, one.ci_high) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))
    many = grouped_alpha(np.ascontiguousarray(values.T), np.zeros(40, dtype=np.int64), 1, confidence)
    assert (many.ci_low[0], many.ci_high[0]) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))
    direct = feldt_ci([alpha], [40], 4, confidence)
    assert (direct[0][0], direct[1][0]) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))


def test_a_pair_with_exactly_two_common_respondents():
    """Items 0 and 1 were both answered by 2 respondents only: a covariance (divisor 1) exists, so alpha does
    (pingouin's and pandas' pairwise numbers), and Feldt's n is the harmonic mean of 2, 5 and 7 (kills R30)."""
    values = np.array(
        [[2, 3, 2], [3, NAN, 3], [4, NAN, 4], [3, NAN, 2], [3, 4, 4]]
        + [[NAN, 2, 2], [NAN, 3, 3], [NAN, 5, 4], [NAN, 2, 3], [NAN, 4, 4]],
        dtype=float,
    )
    ours = cronbach_alpha(values)
    assert ours.alpha == pytest.approx(pg.cronbach_alpha(pd.DataFrame(values), nan_policy="pairwise")[0], abs=1e-12)
    assert ours.n_feldt == pytest.approx(stats.hmean([2, 5, 7]), rel=1e-12)
    low, high = _feldt(ours.alpha, stats.hmean([2, 5, 7]), 3, 0.95)
    assert (ours.ci_low, ours.ci_high) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))


def test_feldt_needs_n_of_two():
    """n = 2 is the smallest with an interval (df1 = 1); below it none, also for a fractional n (kills R40, R41)."""
    low, high = feldt_ci([0.8, 0.8], [2, 1.5], 3)
    expected = _feldt(0.8, 2, 3, 0.95)
    assert (low[0], high[0]) == (pytest.approx(expected[0], abs=1e-12), pytest.approx(expected[1], abs=1e-12))
    assert np.isnan(low[1]) and np.isnan(high[1])


def test_two_items_whose_pairwise_matrix_is_no_covariance_matrix():
    """Two items answered together by 2 respondents far apart, and apart by many with the same answer: the
    pairwise covariance (8) exceeds the product of the SDs (0.73), alpha would be 1.8. Not computable, also
    for a 2-item dimension (kills R34, which checks the matrix only from 3 items), and without alpha no
    Feldt n (kills R25)."""
    values = np.array([[1, 1], [5, 5]] + [[3, NAN]] * 10 + [[NAN, 3]] * 10, dtype=float)
    result = cronbach_alpha(values)
    assert result.invalid and np.isnan(result.alpha) and np.isnan(result.ci_low) and np.isnan(result.n_feldt)


def test_identical_items_give_alpha_one():
    """Two copies of an item: alpha is exactly 1 (pingouin too), a valid value, not an invalid matrix (kills R37)."""
    x = np.random.default_rng(0).integers(1, 6, 20).astype(float)
    values = np.column_stack([x, x])
    result = cronbach_alpha(values)
    assert result.alpha == pytest.approx(pg.cronbach_alpha(pd.DataFrame(values))[0], abs=1e-12)
    assert result.alpha == 1.0 and not result.invalid


def test_nothing_varies():
    """Every item constant: all are left out, and there is no alpha, no interval and no Feldt n (kills R31)."""
    result = cronbach_alpha(np.full((10, 4), 3.0))
    assert result.left_out == (0, 1, 2, 3)
    assert np.isnan(result.alpha) and np.isnan(result.n_feldt) and np.isnan(result.ci_high)


def test_an_item_constant_in_one_group_is_left_out_of_that_groups_alpha():
    """Item 2 is 3 for everyone in group 0 but varies in group 1, so it is shifted by its overall mean and its
    variance in group 0 comes out as 5e-18, not 0: still a constant item there, left out as psych does, and
    kept in group 1 (pingouin per group; kills R3, a tolerance of 0)."""
    rng = np.random.default_rng(4)
    n = int(rng.integers(5, 40))
    values = np.column_stack(
        [rng.integers(1, 6, (2 * n, 2)).astype(float), np.r_[np.full(n, 3.0), rng.integers(1, 6, n).astype(float)]]
    )
    group = np.r_[np.zeros(n, dtype=np.int64), np.ones(n, dtype=np.int64)]
    result = grouped_alpha(np.ascontiguousarray(values.T), group, 2)
    assert result.left_out.tolist() == [[False, False, True], [False, False, False]]
    assert result.alpha[0] == pytest.approx(pg.cronbach_alpha(pd.DataFrame(values[:n, :2]))[0], abs=1e-12)
    assert result.alpha[1] == pytest.approx(pg.cronbach_alpha(pd.DataFrame(values[n:]))[0], abs=1e-12)


def test_an_item_with_little_variance_is_kept():
    """An item on a scale 100 times narrower varies, so it counts (pingouin; kills R2, a tolerance of 1e-3)."""
    rng = np.random.default_rng(2)
    latent = rng.normal(size=60)
    values = np.column_stack([latent + rng.normal(size=60) for _ in range(3)])
    values[:, 2] /= 100
    result = cronbach_alpha(values)
    assert result.left_out == ()
    assert result.alpha == pytest.approx(pg.cronbach_alpha(pd.DataFrame(values))[0], abs=1e-12)


def test_alpha_needs_a_matrix():
    """A 1-D array is no (respondents x items) matrix (kills R53)."""
    with pytest.raises(ValueError, match="2-dimensional"):
        cronbach_alpha(np.array([1.0, 2.0, 3.0]))


def test_a_matrix_17_percent_indefinite_is_no_covariance_matrix():
    """Correlations 0.9, 0.9 and -0.2 cannot hold together: the smallest eigenvalue is -17 % of the largest
    (numpy, here), beyond the 5 % that pairwise deletion is allowed. Alpha is not computable, though the
    formula would give 1.5 (1 - 3 / 6.2) = 0.77 (kills R4, a tolerance of 50 %)."""
    cov = np.array([[1.0, 0.9, 0.9], [0.9, 1.0, -0.2], [0.9, -0.2, 1.0]])
    eig = np.linalg.eigvalsh(cov)
    assert -0.5 < eig[0] / eig[-1] < -0.05
    assert np.isnan(alpha_from_cov(cov))


def test_alpha_above_one_is_not_computable_even_from_a_nearly_valid_matrix():
    """Variances 0.92, covariances 1.04: eigenvalues 3 and twice -0.12, so -4 % of the largest, within the
    tolerance; but alpha = 1.5 (1 - 2.76 / 9) = 1.04 exceeds 1, which no covariance matrix gives (kills R36)."""
    cov = 1.04 * np.ones((3, 3)) - 0.12 * np.eye(3)
    assert np.linalg.eigvalsh(cov) == pytest.approx([-0.12, -0.12, 3.0])
    assert np.isnan(alpha_from_cov(cov))


def test_covariances_that_add_up_below_zero_are_flagged_invalid():
    """Two items answered together by 2 respondents in opposite ways (covariance -8), apart by many with the
    same answer: the covariances add up below 0, which no covariance matrix does; invalid, like any other."""
    values = np.array([[1, 5], [5, 1]] + [[3, NAN]] * 10 + [[NAN, 3]] * 10, dtype=float)
    result = cronbach_alpha(values)
    assert result.invalid and np.isnan(result.alpha)


def test_grouped_n_leaves_out_respondents_without_an_answer(likert):
    """``n`` counts the respondents of a group with at least one answered item (kills R18)."""
    values = likert(np.random.default_rng(6), 30, 4, missing=0.1)
    values[[3, 17]] = NAN
    group = np.r_[np.zeros(15, dtype=np.int64), np.ones(15, dtype=np.int64)]
    result = grouped_alpha(np.ascontiguousarray(values.T), group, 2)
    expected = [int((~np.isnan(values[group == g])).any(axis=1).sum()) for g in (0, 1)]
    assert result.n.tolist() == expected == [14, 14]
