"""Cliff's delta's interval at a national programme's size: counted from the sorted waves, it equals the
dominance-matrix formula of Feng & Cliff (2004) and needs no n_e x n_b matrix."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

from scoring.change import cliffs_delta_ci


def _matrix_reference(b: np.ndarray, e: np.ndarray) -> tuple[float, float, float]:
    """The textbook computation with the whole dominance matrix (what the function did before)."""
    n_b, n_e = b.size, e.size
    dom = np.sign(e[:, None] - b[None, :])
    delta = float(dom.mean())
    d = delta * (n_e * n_b - 1) / (n_e * n_b) if abs(delta) == 1 else delta
    s_i = float(((dom.mean(axis=1) - d) ** 2).sum()) / (n_e - 1)
    s_j = float(((dom.mean(axis=0) - d) ** 2).sum()) / (n_b - 1)
    s_ij = float(((dom - d) ** 2).sum()) / ((n_e - 1) * (n_b - 1))
    var = ((n_b - 1) * s_i + (n_e - 1) * s_j + s_ij) / (n_e * n_b)
    z = float(special.stdtrit(n_e + n_b - 2, 0.975))
    root = z * math.sqrt(var) * math.sqrt((1 - d * d) ** 2 + z * z * var)
    den = 1 - d * d + z * z * var
    low, high = (d - d**3 - root) / den, (d - d**3 + root) / den
    return delta, 1.0 if delta == 1 else high, -1.0 if delta == -1 else low


@pytest.mark.parametrize("seed", range(12))
def test_counting_equals_the_dominance_matrix(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_b, n_e = (int(x) for x in rng.integers(2, 60, 2))
    # Likert-like scores with many ties, sometimes all on one side (|delta| = 1)
    b = rng.integers(1, 6, n_b) / rng.integers(1, 4)
    e = rng.integers(1, 6, n_e) / rng.integers(1, 4) + (10 if seed % 5 == 0 else 0)
    found = cliffs_delta_ci(b, e)
    delta, high, low = _matrix_reference(b, e)
    assert found.delta == pytest.approx(delta, abs=1e-12)
    assert found.ci_low == pytest.approx(low, abs=1e-9)
    assert found.ci_high == pytest.approx(high, abs=1e-9)


def test_a_national_total_needs_no_matrix() -> None:
    """80,000 answers per wave: a matrix of signs would be 51 GB; counting stays within a few MB."""
    rng = np.random.default_rng(1)
    b = np.clip(np.rint(rng.normal(3.2, 0.8, 80_000) * 4) / 4, 1, 5)
    e = np.clip(np.rint(rng.normal(3.4, 0.8, 80_000) * 4) / 4, 1, 5)
    found = cliffs_delta_ci(b, e)
    # a sample of 2,000 per wave, checked with the matrix, has about the same delta
    sample = _matrix_reference(b[:2000], e[:2000])[0]
    assert abs(found.delta - sample) < 0.05
    assert found.ci_low < found.delta < found.ci_high and found.ci_high - found.ci_low < 0.02
