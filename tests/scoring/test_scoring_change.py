"""The statistics of change (scoring/change.py) against scipy, pingouin and brute-force computations."""

from __future__ import annotations

import math

import numpy as np
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from scoring.change import (
    cliffs_delta,
    cliffs_delta_ci,
    effect_size_label,
    favourable_share,
    hedges_correction,
    hedges_g,
    paired,
    reliable_change,
    welch,
    wilcoxon_exact_p,
)


def _samples(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n1, n2 = int(rng.integers(3, 60)), int(rng.integers(3, 60))
    base = np.round(rng.normal(3.2, 0.7, n1) * 3) / 3
    end = np.round(rng.normal(3.5, 0.9, n2) * 3) / 3
    return base, end


@pytest.mark.parametrize("seed", range(8))
def test_welch_matches_scipy(seed):
    base, end = _samples(seed)
    ours = welch(base, end)
    ref = stats.ttest_ind(end, base, equal_var=False)
    assert ours.t == pytest.approx(ref.statistic, rel=1e-12)
    assert ours.df == pytest.approx(ref.df, rel=1e-12)
    assert ours.p == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-15)
    ci = ref.confidence_interval(0.95)
    assert ours.ci_low == pytest.approx(ci.low, abs=1e-12)
    assert ours.ci_high == pytest.approx(ci.high, abs=1e-12)
    assert ours.difference == pytest.approx(end.mean() - base.mean(), abs=1e-14)


def test_welch_edges():
    assert math.isnan(welch([], [1, 2]).difference)
    one = welch([3.0], [4.0, 5.0])
    assert one.difference == 1.5 and math.isnan(one.t) and math.isnan(one.ci_low)
    constant = welch([3.0, 3.0, 3.0], [4.0, 4.0])
    assert constant.difference == 1.0 and math.isnan(constant.p)
    # NaN are dropped
    assert welch([1, 2, np.nan, 3], [2, 3, 4]).t == pytest.approx(welch([1, 2, 3], [2, 3, 4]).t)


@pytest.mark.parametrize("df", [2, 3, 5, 10, 37, 150])
def test_hedges_correction_is_the_exact_gamma_ratio(df):
    exact = special.gamma(df / 2) / (math.sqrt(df / 2) * special.gamma((df - 1) / 2))
    assert hedges_correction(df) == pytest.approx(exact, rel=1e-13)
    # ... and close to the usual approximation 1 - 3 / (4 df - 1) (error below 0.001 from df = 10)
    approx = 1 - 3 / (4 * df - 1)
    assert abs(hedges_correction(df) - approx) < (0.01 if df < 10 else 1e-3)


def test_hedges_correction_for_large_df_and_below_two():
    assert hedges_correction(1e7) == pytest.approx(1.0, abs=1e-7)
    assert math.isnan(hedges_correction(1))


@pytest.mark.parametrize("seed", range(8))
def test_hedges_g_against_pingouin_and_a_closed_form(seed):
    base, end = _samples(seed)
    n1, n2 = base.size, end.size
    ours = hedges_g(base, end)
    # pingouin applies the approximate correction 1 - 3 / (4 (n1 + n2) - 9); undo it to compare exactly.
    pingouin_g = pg.compute_effsize(end, base, eftype="hedges")
    j_approx = 1 - 3 / (4 * (n1 + n2) - 9)
    d = pingouin_g / j_approx
    assert ours.g == pytest.approx(hedges_correction(n1 + n2 - 2) * d, rel=1e-12)
    assert ours.g == pytest.approx(pingouin_g, rel=3e-3)
    # Standard error: Hedges & Olkin (1985), evaluated at g; normal-theory interval.
    se = math.sqrt((n1 + n2) / (n1 * n2) + ours.g**2 / (2 * (n1 + n2)))
    assert ours.se == pytest.approx(se, rel=1e-12)
    assert ours.ci_low == pytest.approx(ours.g - stats.norm.ppf(0.975) * se, rel=1e-12)
    # pingouin's compute_esci uses the same SE with a t critical value: back out the SE from it.
    ci = pg.compute_esci(ours.g, nx=n1, ny=n2, eftype="hedges", decimals=14)
    crit = stats.t.ppf(0.975, n1 + n2 - 2)
    assert (ci[1] - ci[0]) / (2 * crit) == pytest.approx(se, rel=1e-9)


def test_hedges_g_edges():
    assert math.isnan(hedges_g([1.0], [2.0, 3.0]).g)
    assert math.isnan(hedges_g([2.0, 2.0], [2.0, 2.0]).g)


def _cliff_brute(base: np.ndarray, end: np.ndarray) -> float:
    diff = end[:, None] - base[None, :]
    return float((np.sum(diff > 0) - np.sum(diff < 0)) / diff.size)


@pytest.mark.parametrize("seed", range(8))
def test_cliffs_delta_against_brute_force_and_mann_whitney(seed):
    base, end = _samples(seed)
    ours = cliffs_delta(base, end)
    assert ours == pytest.approx(_cliff_brute(base, end), abs=1e-12)
    u = stats.mannwhitneyu(end, base).statistic
    assert ours == pytest.approx(2 * u / (base.size * end.size) - 1, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 5), min_size=1, max_size=30),
    st.lists(st.integers(1, 5), min_size=1, max_size=30),
)
def test_cliffs_delta_properties(base, end):
    b, e = np.array(base, dtype=float), np.array(end, dtype=float)
    delta = cliffs_delta(b, e)
    assert -1 <= delta <= 1
    assert delta == pytest.approx(-cliffs_delta(e, b), abs=1e-12)
    assert delta == pytest.approx(_cliff_brute(b, e), abs=1e-12)


def test_cliffs_delta_of_an_empty_wave_is_nan():
    assert math.isnan(cliffs_delta([], [1, 2]))


@pytest.mark.parametrize("seed", range(6))
def test_paired_matches_scipy(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 80))
    base = np.round(rng.normal(3, 0.8, n) * 3) / 3
    end = base + np.round(rng.normal(0.2, 0.5, n) * 3) / 3
    ours = paired(base, end)
    diff = end - base
    assert ours.n == n
    assert ours.mean_difference == pytest.approx(diff.mean(), abs=1e-14)
    ci = stats.ttest_rel(end, base).confidence_interval(0.95)
    assert ours.ci_low == pytest.approx(ci.low, abs=1e-12)
    assert ours.ci_high == pytest.approx(ci.high, abs=1e-12)
    assert ours.d_z == pytest.approx(diff.mean() / diff.std(ddof=1), rel=1e-12)
    assert ours.wilcoxon_p == pytest.approx(_reference_wilcoxon(np.round(diff, 10)), rel=1e-12)


def _reference_wilcoxon(d):  # type: ignore[no-untyped-def]
    """The method stated in docs/scoring.md: up to 50 non-zero differences the exact conditional p
    (``wilcoxon_exact_p``, checked against brute-force enumeration in test_scoring_wilcoxon.py and, for
    20 tied differences, against scipy's exact permutation test), else scipy's normal approximation."""
    if np.count_nonzero(d) <= 50:
        return wilcoxon_exact_p(np.asarray(d, dtype=float))
    return stats.wilcoxon(d, method="asymptotic").pvalue


def test_wilcoxon_sees_ties_that_rounding_would_break():
    # 4/3 - 1 and 5/3 - 4/3 are both 1/3 but differ in the last bit as floats.
    base = np.array([1.0, 4 / 3, 2.0, 3.0, 2.0, 3.0])
    end = np.array([4 / 3, 5 / 3, 3.0, 3.0, 1.0, 5.0])
    diff = end - base
    assert diff[0] != diff[1]
    exact = np.array([1 / 3, 1 / 3, 1.0, 0.0, -1.0, 2.0])
    assert paired(base, end).wilcoxon_p == pytest.approx(_reference_wilcoxon(exact), rel=1e-12)


def test_paired_drops_incomplete_pairs_and_handles_edges():
    base = np.array([3.0, np.nan, 4.0, 2.0, 3.0])
    end = np.array([4.0, 3.0, np.nan, 3.0, 3.5])
    assert paired(base, end).n == 3
    assert paired([], []).n == 0
    one = paired([3.0], [4.0])
    assert one.mean_difference == 1.0 and math.isnan(one.ci_low) and math.isnan(one.wilcoxon_p)
    unchanged = paired([3.0, 4.0, 2.0], [3.0, 4.0, 2.0])
    assert unchanged.mean_difference == 0.0 and math.isnan(unchanged.d_z) and math.isnan(unchanged.wilcoxon_p)
    with pytest.raises(ValueError, match="same length"):
        paired([1.0], [1.0, 2.0])


def test_reliable_change_counts():
    # SD 0.5 and alpha 0.8: SE_diff = sqrt(2) * 0.5 * sqrt(0.2) = 0.3162..., so |diff| > 0.6198 is reliable.
    diff = np.array([0.7, 0.6, 0.0, -0.62, -1.0, 2.0, np.nan])
    result = reliable_change(diff, 0.5, 0.8)
    assert result is not None
    assert result.se_difference == pytest.approx(math.sqrt(2) * 0.5 * math.sqrt(0.2))
    assert (result.improved, result.unchanged, result.deteriorated) == (2, 2, 2)


@pytest.mark.parametrize(("sd", "alpha"), [(0.0, 0.8), (0.5, 1.0), (float("nan"), 0.8), (0.5, float("nan"))])
def test_reliable_change_needs_error_to_divide_by(sd, alpha):
    assert reliable_change([0.5], sd, alpha) is None


@pytest.mark.parametrize(
    ("g", "label"),
    [(0.0, "negligible"), (-0.19, "negligible"), (0.2, "small"), (-0.6, "medium"), (0.8, "large")],
)
def test_effect_size_label(g, label):
    assert effect_size_label(g) == label


def test_effect_size_label_of_nan():
    assert effect_size_label(float("nan")) is None


def test_favourable_share():
    assert favourable_share([4.0, 3.0, np.nan, 5.0, 3.99], 4) == 50.0
    assert math.isnan(favourable_share([np.nan], 4))


def test_welch_and_hedges_on_a_pingouin_dataset():
    """pingouin's bundled penguins: flipper length, female (as 'baseline') vs male (as 'end-line')."""
    data = pg.read_dataset("penguins").dropna(subset=["flipper_length_mm", "sex"])
    female = data[data.sex == "female"].flipper_length_mm.to_numpy(float)
    male = data[data.sex == "male"].flipper_length_mm.to_numpy(float)
    ref = pg.ttest(male, female, correction=True)
    ours = welch(female, male)
    assert ours.t == pytest.approx(ref["T"].iloc[0], rel=1e-10)
    assert ours.df == pytest.approx(ref["dof"].iloc[0], rel=1e-10)
    assert ours.p == pytest.approx(ref["p_val"].iloc[0], rel=1e-8)
    low, high = ref["CI95"].iloc[0]
    assert ours.ci_low == pytest.approx(low, abs=0.005) and ours.ci_high == pytest.approx(high, abs=0.005)
    g = hedges_g(female, male)
    n = female.size + male.size
    d = pg.compute_effsize(male, female, eftype="hedges") / (1 - 3 / (4 * n - 9))
    assert g.g == pytest.approx(hedges_correction(n - 2) * d, rel=1e-12)
    assert d == pytest.approx(ref["cohen_d"].iloc[0], rel=1e-9)


def _cliff_ci_by_hand(base: np.ndarray, end: np.ndarray, z: float) -> tuple[float, float]:
    """Feng & Cliff's consistent variance written out with explicit loops over the dominance matrix."""
    n_e, n_b = len(end), len(base)
    dom = [[int(e > b) - int(e < b) for b in base.tolist()] for e in end.tolist()]
    d = sum(map(sum, dom)) / (n_e * n_b)
    rows = [sum(r) / n_b for r in dom]
    cols = [sum(dom[i][j] for i in range(n_e)) / n_e for j in range(n_b)]
    s_i = sum((r - d) ** 2 for r in rows) / (n_e - 1)
    s_j = sum((c - d) ** 2 for c in cols) / (n_b - 1)
    s_ij = sum((dom[i][j] - d) ** 2 for i in range(n_e) for j in range(n_b)) / ((n_e - 1) * (n_b - 1))
    var = ((n_b - 1) * s_i + (n_e - 1) * s_j + s_ij) / (n_e * n_b)
    root = z * math.sqrt(var) * math.sqrt((1 - d * d) ** 2 + z * z * var)
    return (d - d**3 - root) / (1 - d * d + z * z * var), (d - d**3 + root) / (1 - d * d + z * z * var)


def test_cliffs_delta_interval_matches_effsize():
    """R effsize's own test data and its saved output (tests/testCliff.Rout.save of mtorchiano/effsize):
    cliff.delta(treatment, control, use.unbiased = FALSE, use.normal = TRUE) gives -0.25 with the
    interval -0.7125351 to 0.3639999. Treatment is our end-line, control the baseline."""
    treatment = np.array([10, 10, 20, 20, 20, 30, 30, 30, 40, 50], dtype=float)
    control = np.array([10, 20, 30, 40, 40, 50], dtype=float)
    ours = cliffs_delta_ci(control, treatment, normal=True)
    assert ours.delta == -0.25
    assert ours.ci_low == pytest.approx(-0.7125351, abs=5e-8)
    assert ours.ci_high == pytest.approx(0.3639999, abs=5e-8)


@pytest.mark.parametrize("seed", range(6))
def test_cliffs_delta_interval_against_a_hand_computation(seed):
    base, end = _samples(seed)
    base, end = base[:25], end[:25]
    z = stats.t.ppf(0.975, base.size + end.size - 2)  # effsize's default: Student t on n1 + n2 - 2 df
    ours = cliffs_delta_ci(base, end)
    low, high = _cliff_ci_by_hand(base, end, z)
    assert ours.ci_low == pytest.approx(low, abs=1e-12) and ours.ci_high == pytest.approx(high, abs=1e-12)
    assert -1 <= ours.ci_low <= ours.delta <= ours.ci_high <= 1


def test_cliffs_delta_interval_of_disjoint_waves():
    # effsize: |d| = 1 is shrunk to (n1 n2 - 1) / (n1 n2) for the variance, and the bound at that side is 1.
    ours = cliffs_delta_ci([1.0, 2.0, 2.0], [4.0, 5.0, 5.0, 4.0])
    assert ours.delta == 1.0 and ours.ci_high == 1.0 and -1 < ours.ci_low < 1
    assert np.isnan(cliffs_delta_ci([1.0], [2.0, 3.0]).ci_low)
