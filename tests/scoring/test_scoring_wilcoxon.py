"""The exact Wilcoxon signed-rank p with ties and zeros (issue 16, item 4), against brute force.

The reference enumerates every assignment of signs to the non-zero differences (2^n of them, n ≤ 12),
computes the sum of the positive mid-ranks for each, and counts those at least as far from its mean as the
observed one: the definition of the exact conditional test (R: ``exactRankTests::wilcox.exact``).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from scoring.change import paired, wilcoxon_exact_p, wilcoxon_method


def _brute_force_p(differences: list[float]) -> float:
    d = np.array([x for x in differences if x != 0], dtype=float)
    ranks = stats.rankdata(np.abs(d))
    total = ranks.sum()
    observed = ranks[d > 0].sum()
    hits = 0
    for signs in itertools.product((False, True), repeat=d.size):
        v = ranks[list(signs)].sum()
        if abs(2 * v - total) >= abs(2 * observed - total) - 1e-9:
            hits += 1
    return hits / 2**d.size


def test_likert_differences_with_ties_and_zeros() -> None:
    # mean score changes of 12 linked respondents: many ties and two zeros
    d = [0.2, 0.2, 0.4, -0.2, 0.6, 0.2, 0.0, 0.4, -0.4, 0.8, 0.0, 0.2]
    assert wilcoxon_exact_p(np.array(d)) == pytest.approx(_brute_force_p(d), abs=1e-12)
    # the normal approximation (no continuity correction) the engine used before is smaller here
    assert stats.wilcoxon(d, method="asymptotic").pvalue < wilcoxon_exact_p(np.array(d))


def test_without_ties_it_is_scipys_exact_test() -> None:
    d = np.array([1.5, -0.25, 2.0, 0.75, 3.0, -1.25, 0.5, 2.5])
    assert wilcoxon_exact_p(d) == pytest.approx(stats.wilcoxon(d, method="exact").pvalue, abs=1e-12)


def test_edges() -> None:
    assert np.isnan(wilcoxon_exact_p(np.array([0.0, 0.0])))
    assert wilcoxon_exact_p(np.array([1.0])) == 1.0  # one pair: both signs as extreme
    assert wilcoxon_exact_p(np.array([1.0, 1.0, 1.0, 1.0, 1.0])) == pytest.approx(2 / 32)
    assert wilcoxon_method(np.ones(50)) == "exact" and wilcoxon_method(np.ones(51)) == "asymptotic"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([-0.8, -0.4, -0.2, 0.0, 0.2, 0.4, 0.6, 1.0]), min_size=1, max_size=11))
def test_matches_brute_force(d: list[float]) -> None:
    if not any(d):
        assert np.isnan(wilcoxon_exact_p(np.array(d)))
    else:
        assert wilcoxon_exact_p(np.array(d)) == pytest.approx(_brute_force_p(d), abs=1e-12)


def test_paired_uses_the_exact_test() -> None:
    base = np.array([3.0, 3.2, 2.8, 3.4, 3.0, 3.6, 2.6, 3.0, 3.2, 2.8, 3.4, 3.0])
    change = np.array([0.2, 0.2, 0.4, -0.2, 0.6, 0.2, 0.0, 0.4, -0.4, 0.8, 0.0, 0.2])
    result = paired(base, base + change)
    assert result.wilcoxon_p == pytest.approx(_brute_force_p(list(np.round(change, 10))), abs=1e-12)
