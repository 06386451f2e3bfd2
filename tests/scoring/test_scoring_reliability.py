"""Cronbach's alpha (pairwise) and Feldt's interval against pingouin, pandas and scipy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from scoring import reliability
from scoring.reliability import alpha_from_cov, cronbach_alpha, feldt_ci, grouped_alpha, pairwise_cov


def _feldt_closed_form(alpha: float, n: float, k: int) -> tuple[float, float]:
    """Independent formula: Feldt, Woodruff & Salih (1987) with the F quantiles from ppf."""
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return 1 - (1 - alpha) * stats.f.ppf(0.975, df1, df2), 1 - (1 - alpha) * stats.f.ppf(0.025, df1, df2)


def _harmonic_pairwise_n(data: pd.DataFrame) -> float:
    """Feldt's n under pairwise deletion: the harmonic mean of the pairwise n's (pairs i < j)."""
    answered = data.notna().to_numpy(dtype=float)
    n_ij = (answered.T @ answered)[np.triu_indices(data.shape[1], 1)]
    return float(stats.hmean(n_ij))


def _check_against_pingouin(data: pd.DataFrame) -> None:
    ours = cronbach_alpha(data.to_numpy(dtype=float))
    theirs, ci = pg.cronbach_alpha(data, nan_policy="pairwise")
    assert ours.alpha == pytest.approx(theirs, abs=1e-9)
    if not data.isna().any().any():
        # pingouin rounds its interval to 3 decimals; with missing answers it uses all rows as n.
        assert abs(ours.ci_low - ci[0]) <= 0.0005 + 1e-12
        assert abs(ours.ci_high - ci[1]) <= 0.0005 + 1e-12
    n = _harmonic_pairwise_n(data)
    assert ours.n_feldt == pytest.approx(n, rel=1e-12)
    low, high = _feldt_closed_form(ours.alpha, n, data.shape[1])
    assert ours.ci_low == pytest.approx(low, abs=1e-12)
    assert ours.ci_high == pytest.approx(high, abs=1e-12)
    assert ours.n == len(data)


def test_pingouin_dataset_with_missing_values():
    data = pg.read_dataset("cronbach_wide_missing")
    assert data.isna().any().any()
    _check_against_pingouin(data)
    # The value in pingouin's own documentation (R psych::alpha(use="pairwise")).
    assert cronbach_alpha(data.to_numpy(dtype=float)).alpha == pytest.approx(0.732660835214447, abs=1e-12)


def test_pingouin_long_likert_dataset():
    long = pg.read_dataset("cronbach_alpha")
    data = long.pivot(index="Subj", columns="Items", values="Scores")
    _check_against_pingouin(data)
    assert cronbach_alpha(data.to_numpy(dtype=float)).alpha == pytest.approx(0.5917188485995826, abs=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_synthetic_likert_with_missing(seed, likert):
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(12, 400)), int(rng.integers(3, 9))
    values = likert(rng, n, k, missing=float(rng.uniform(0.0, 0.25)))
    values = values[~np.isnan(values).all(axis=1)]
    _check_against_pingouin(pd.DataFrame(values))


def test_continuous_data_far_from_zero():
    """The one-pass sums are centred first, so a large offset costs no accuracy."""
    rng = np.random.default_rng(7)
    values = 1e6 + rng.normal(size=(300, 5)) + rng.normal(size=(300, 1))
    values[rng.random(values.shape) < 0.1] = np.nan
    _check_against_pingouin(pd.DataFrame(values))


def test_pairwise_cov_equals_pandas():
    rng = np.random.default_rng(3)
    values = rng.normal(size=(50, 6))
    values[rng.random(values.shape) < 0.3] = np.nan
    cov, n = pairwise_cov(np.ascontiguousarray(values.T))
    np.testing.assert_allclose(cov, pd.DataFrame(values).cov().to_numpy(), rtol=1e-12, atol=1e-13)
    assert n == int((~np.isnan(values)).any(axis=1).sum())


def test_rows_without_any_answer_do_not_count_in_n():
    values = np.array([[1, 2, 3], [2, 2, 3], [3, 4, 4], [np.nan] * 3, [4, 5, 5.0]])
    assert cronbach_alpha(values).n == 4
    assert cronbach_alpha(values).alpha == pytest.approx(cronbach_alpha(values[[0, 1, 2, 4]]).alpha, abs=1e-15)


def test_a_pair_without_two_common_respondents_gives_no_alpha():
    nan = np.nan
    values = np.array([[1, nan, 2], [2, nan, 3], [nan, 3, 4], [nan, 4, 4], [3, nan, 5.0]])
    result = cronbach_alpha(values)
    assert np.isnan(result.alpha) and np.isnan(result.ci_low) and np.isnan(result.ci_high)


def test_zero_variance_gives_no_alpha():
    assert np.isnan(cronbach_alpha(np.full((10, 4), 3.0)).alpha)


def test_a_constant_item_is_left_out_of_alpha():
    """psych::alpha drops an item without variance (with a warning); alpha is that of the other items.
    Kept in, it would scale alpha by k(k-2)/(k-1)² = 3/4 for k = 3 (0.379 instead of 0.505 in issue 16)."""
    rng = np.random.default_rng(1)
    values = np.column_stack([rng.integers(1, 6, 20), rng.integers(1, 6, 20), np.full(20, 3)]).astype(float)
    result = cronbach_alpha(values)
    assert result.left_out == (2,)
    _check_against_pingouin(pd.DataFrame(values[:, :2]))
    two = pg.cronbach_alpha(pd.DataFrame(values[:, :2]))[0]
    assert result.alpha == pytest.approx(two, abs=1e-12)
    assert pg.cronbach_alpha(pd.DataFrame(values))[0] == pytest.approx(0.75 * two, abs=1e-12)
    # The interval is Feldt's with k = 2 items.
    low, high = _feldt_closed_form(result.alpha, 20, 2)
    assert (result.ci_low, result.ci_high) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))


@pytest.mark.parametrize("n", [0, 1])
def test_zero_and_one_respondent(n):
    result = cronbach_alpha(np.ones((n, 3)))
    assert np.isnan(result.alpha)
    assert result.n == n


def test_alpha_needs_two_items():
    assert np.isnan(alpha_from_cov(np.ones((1, 1))))
    low, high = feldt_ci([0.8], [30], 1)
    assert np.isnan(low[0]) and np.isnan(high[0])


def test_negative_alpha_is_reported_as_is():
    rng = np.random.default_rng(11)
    x = rng.normal(size=200)
    values = np.column_stack([x, -x + rng.normal(scale=0.1, size=200), rng.normal(size=200)])
    result = cronbach_alpha(values)
    assert result.alpha < 0
    _check_against_pingouin(pd.DataFrame(values))


@pytest.mark.parametrize("direct", [False, True], ids=["missing-patterns", "pair-products"])
def test_grouped_alpha_matches_pingouin_per_group(direct, monkeypatch, likert):
    if direct:
        monkeypatch.setattr(reliability, "_PATTERN_CELLS_LIMIT", 0)
    rng = np.random.default_rng(42)
    n, k, groups = 2000, 5, 40
    values = likert(rng, n, k, missing=0.08)
    group = rng.integers(0, groups, n)
    result = grouped_alpha(np.ascontiguousarray(values.T), group, groups)
    for g in range(groups):
        rows = values[group == g]
        rows = rows[~np.isnan(rows).all(axis=1)]
        alpha = pg.cronbach_alpha(pd.DataFrame(rows))[0]
        assert result.alpha[g] == pytest.approx(alpha, abs=1e-9)
        low, high = _feldt_closed_form(alpha, _harmonic_pairwise_n(pd.DataFrame(rows)), k)
        assert result.ci_low[g] == pytest.approx(low, abs=1e-9)
        assert result.ci_high[g] == pytest.approx(high, abs=1e-9)
        assert result.n[g] == len(rows)


def test_grouped_alpha_handles_empty_and_tiny_groups(likert):
    rng = np.random.default_rng(5)
    values = likert(rng, 30, 4, missing=0.1)
    group = np.array([0] * 28 + [2] * 2)  # group 1 is empty, group 2 has two respondents
    result = grouped_alpha(np.ascontiguousarray(values.T), group, 3)
    assert np.isnan(result.alpha[1]) and result.n[1] == 0
    single = cronbach_alpha(values[group == 0])
    assert result.alpha[0] == pytest.approx(single.alpha, abs=1e-12)
    assert result.ci_low[0] == pytest.approx(single.ci_low, abs=1e-12)


def test_grouped_alpha_rejects_a_wrong_group_index():
    with pytest.raises(ValueError, match="group index"):
        grouped_alpha(np.ones((3, 4)), np.zeros(5, dtype=np.int64), 1)


@pytest.mark.parametrize("k", [2, 9, 12])
def test_grouped_alpha_for_short_and_long_dimensions(k, likert):
    rng = np.random.default_rng(k)
    values = likert(rng, 600, k, missing=0.1)
    group = rng.integers(0, 6, 600)
    result = grouped_alpha(np.ascontiguousarray(values.T), group, 6)
    for g in range(6):
        rows = values[group == g]
        rows = rows[~np.isnan(rows).all(axis=1)]
        assert result.alpha[g] == pytest.approx(pg.cronbach_alpha(pd.DataFrame(rows))[0], abs=1e-9)
