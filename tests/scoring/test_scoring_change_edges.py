"""Edges of the statistics of change that mutation testing found unchecked (issue 24).

Each test names the mutant of ``benchmarks/mutants_statistics.py`` it kills. The references are independent of
the code under test: scipy's own tests (``ttest_ind``, ``ttest_rel``), or the published formula written out
here with other functions (``math.gamma`` for Hedges' J, explicit loops for Cliff's variance).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from scoring.change import (
    all_equal,
    cliffs_delta,
    cliffs_delta_ci,
    effect_size_label,
    hedges_g,
    paired,
    reliable_change,
    welch,
    wilcoxon_method,
)

BASE = np.array([3.0, 2.6, 3.4, 4.0, 2.2, 3.0, 3.8, 2.8, 3.2])
END = np.array([3.6, 4.2, 3.0, 4.4, 3.8, 2.8, 4.0, 3.4])


def _hedges_by_hand(base: np.ndarray, end: np.ndarray, confidence: float) -> tuple[float, float, float]:
    """Hedges' g and its interval (Hedges & Olkin 1985): J from math.gamma, pooled SD, normal quantile."""
    n1, n2 = len(base), len(end)
    df = n1 + n2 - 2
    j = math.gamma(df / 2) / (math.sqrt(df / 2) * math.gamma((df - 1) / 2))
    pooled = math.sqrt((sum((x - base.mean()) ** 2 for x in base) + sum((x - end.mean()) ** 2 for x in end)) / df)
    g = j * (end.mean() - base.mean()) / pooled
    se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2 * (n1 + n2)))
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    return g, g - z * se, g + z * se


@pytest.mark.parametrize("confidence", [0.95, 0.90, 0.99])
def test_hedges_g_interval_both_bounds(confidence):
    """Kills C35 and C36 (the upper bound g + se, or a wider upper bound) and, at 0.90 and 0.99, C33 (the
    level ignored). Both bounds against the formula computed here; they lie symmetric around g."""
    g, low, high = _hedges_by_hand(BASE, END, confidence)
    ours = hedges_g(BASE, END, confidence)
    assert ours.g == pytest.approx(g, rel=1e-12)
    assert ours.ci_low == pytest.approx(low, rel=1e-12)
    assert ours.ci_high == pytest.approx(high, rel=1e-12)
    assert ours.ci_high - ours.g == pytest.approx(ours.g - ours.ci_low, rel=1e-12)


def test_hedges_g_upper_bound_of_a_worked_example():
    """1..5 against 3..7: d = 2 / sqrt(2.5), J(8) = Γ(4) / (2 Γ(3.5)) = 6 / (2 · 15 √π / 8), so
    g = 1.14184..., SE = sqrt(0.4 + g² / 20) and the upper 95 % bound 2.47863... (kills C35, C36)."""
    j = 6 / (2 * 15 * math.sqrt(math.pi) / 8)
    g = j * 2 / math.sqrt(2.5)
    high = g + 1.959963984540054 * math.sqrt(0.4 + g * g / 20)
    ours = hedges_g([1.0, 2.0, 3.0, 4.0, 5.0], [3.0, 4.0, 5.0, 6.0, 7.0])
    assert ours.g == pytest.approx(g, rel=1e-12) and g == pytest.approx(1.14184, abs=1e-5)
    assert ours.ci_high == pytest.approx(high, rel=1e-12) and high == pytest.approx(2.47863, abs=1e-5)


def test_welch_at_other_confidence_levels():
    """scipy's interval at 0.90 and 0.99 (kills C19, the level ignored, and C20, a one-sided quantile)."""
    ref = stats.ttest_ind(END, BASE, equal_var=False)
    for confidence in (0.90, 0.99):
        ours = welch(BASE, END, confidence)
        ci = ref.confidence_interval(confidence)
        assert ours.ci_low == pytest.approx(ci.low, abs=1e-12)
        assert ours.ci_high == pytest.approx(ci.high, abs=1e-12)


def test_paired_at_another_confidence_level():
    """scipy's paired interval at 0.90 (kills C71, the level ignored)."""
    end = BASE + np.array([0.4, -0.2, 0.6, 0.0, 0.8, 0.2, -0.4, 0.6, 0.2])
    ci = stats.ttest_rel(end, BASE).confidence_interval(0.90)
    ours = paired(BASE, end, 0.90)
    assert (ours.ci_low, ours.ci_high) == (pytest.approx(ci.low, abs=1e-12), pytest.approx(ci.high, abs=1e-12))


def test_cliffs_delta_interval_at_another_confidence_level():
    """Feng & Cliff's interval with the t quantile at 0.95 for a 90 % level, the variance written out with
    loops over the dominance matrix (kills C47, the level ignored)."""
    n_e, n_b = len(END), len(BASE)
    dom = [[int(e > b) - int(e < b) for b in BASE.tolist()] for e in END.tolist()]
    d = sum(map(sum, dom)) / (n_e * n_b)
    s_i = sum((sum(r) / n_b - d) ** 2 for r in dom) / (n_e - 1)
    s_j = sum((sum(dom[i][j] for i in range(n_e)) / n_e - d) ** 2 for j in range(n_b)) / (n_b - 1)
    s_ij = sum((dom[i][j] - d) ** 2 for i in range(n_e) for j in range(n_b)) / ((n_e - 1) * (n_b - 1))
    var = ((n_b - 1) * s_i + (n_e - 1) * s_j + s_ij) / (n_e * n_b)
    z = stats.t.ppf(0.95, n_e + n_b - 2)
    root = z * math.sqrt(var) * math.sqrt((1 - d * d) ** 2 + z * z * var)
    ours = cliffs_delta_ci(BASE, END, 0.90)
    assert ours.ci_low == pytest.approx((d - d**3 - root) / (1 - d * d + z * z * var), abs=1e-12)
    assert ours.ci_high == pytest.approx((d - d**3 + root) / (1 - d * d + z * z * var), abs=1e-12)


def test_one_endline_value():
    """One end-line value: a difference of means, but no spread, so no t, df, p, interval, g or Cliff's
    interval (R's t.test stops: "not enough 'y' observations"). Kills C10 (welch), C27 (hedges_g) and C40
    (cliffs_delta_ci), which divide by n - 1 = 0 or return a g from the baseline's SD alone."""
    one = welch([2.0, 3.0, 4.0, 3.0], [5.0])
    assert one.difference == 2.0
    assert all(math.isnan(v) for v in (one.t, one.df, one.p, one.ci_low, one.ci_high))
    assert math.isnan(hedges_g([2.0, 3.0, 4.0, 3.0], [5.0]).g)
    delta = cliffs_delta_ci([2.0, 3.0, 4.0, 3.0], [3.5])
    assert delta.delta == 0.5 and math.isnan(delta.ci_low) and math.isnan(delta.ci_high)


def test_an_empty_endline():
    """No end-line answers: nothing to compare (kills C8 and C37, which divide by an empty wave)."""
    assert math.isnan(welch([1.0, 2.0], []).difference)
    assert math.isnan(cliffs_delta([1.0, 2.0], []))


def test_cliffs_delta_interval_of_a_complete_decline():
    """Every end-line value below every baseline value: delta -1, the lower bound -1 (effsize; kills C53)."""
    ours = cliffs_delta_ci([4.0, 5.0, 5.0, 4.0], [1.0, 2.0, 2.0])
    assert ours.delta == -1.0 and ours.ci_low == -1.0 and -1 < ours.ci_high < 1


def test_effect_size_label_at_each_boundary():
    """Cohen's cut-offs belong to the larger size: 0.5 is medium (kills C55; 0.2 and 0.8 in
    test_scoring_change.py)."""
    assert [effect_size_label(g) for g in (0.49, 0.5, -0.5, 0.79)] == ["small", "medium", "medium", "medium"]


def test_all_equal_of_nothing_and_of_float_fractions():
    """No value: all equal (vacuously, not an error; kills C5). Ten copies of 1/3 computed two ways are
    equal, though their float variance is not 0."""
    assert all_equal(np.array([]))
    assert all_equal(np.array([4 / 3 - 1, 5 / 3 - 4 / 3] * 5)) and not all_equal(np.array([1 / 3, 2 / 3]))


def test_wilcoxon_method_counts_non_zero_differences():
    """50 non-zero differences and 5 zeros: still the exact test (kills C59, which counts the zeros)."""
    assert wilcoxon_method(np.r_[np.ones(50), np.zeros(5)]) == "exact"


def test_reliable_change_at_exactly_the_critical_value():
    """Jacobson & Truax: reliable when |RCI| exceeds the critical value, so a change of exactly that many
    standard errors is not (kills C79 and C80)."""
    sd, alpha = 0.5, 0.8
    se = math.sqrt(2.0) * sd * math.sqrt(1.0 - alpha)
    critical = 0.75 / se
    result = reliable_change([0.75, -0.75, 0.7500001, -0.7500001], sd, alpha, critical=critical)
    assert result is not None
    assert (result.improved, result.unchanged, result.deteriorated) == (1, 2, 1)


def test_paired_above_fifty_non_zero_differences_uses_the_normal_approximation():
    """60 pairs, ties among the changes: scipy's normal approximation with tie correction (docs/scoring.md;
    kills C69, which would ask scipy for an exact test it cannot give with ties)."""
    rng = np.random.default_rng(4)
    base = np.round(rng.normal(3, 0.6, 60) * 5) / 5
    change = rng.choice([-0.4, -0.2, 0.2, 0.4, 0.6], 60)
    ours = paired(base, base + change)
    assert ours.wilcoxon_p == pytest.approx(stats.wilcoxon(np.round(change, 10), method="asymptotic").pvalue, rel=1e-9)
