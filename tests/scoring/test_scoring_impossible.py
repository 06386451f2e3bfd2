"""Issue 16: numbers that no report may show. Each test builds the exact data that triggered the case."""

from __future__ import annotations

import numpy as np
import pytest

from scoring import Answers, compare
from scoring.change import paired
from scoring.results import DimensionComparison, PairedResult


def _answers_with_sums(sums: list[int]) -> np.ndarray:
    """Rows of the example questionnaire whose veiligheid items (vei2 reverse-worded) add up to ``sums``
    after reversal, so the scores are ``sums / 3``; the tijd items are 3, 3, 3."""
    rows = []
    for total in sums:
        keyed = [min(5, total - 2), 1, 1]
        rest = total - keyed[0] - 2
        keyed[1] += min(4, rest)
        keyed[2] += rest - min(4, rest)
        rows.append([keyed[0], 6 - keyed[1], keyed[2], 3, 3, 3])
    return np.array(rows, dtype=float)


def test_identical_changes_give_no_d_z_in_paired():
    # Every pair gains exactly 1/3; as floats 4/3 - 1 and 5/3 - 4/3 differ in the last bit, so the SD
    # of the differences came out as 1.9e-16 and d_z as 1.79e15 with an interval of zero width.
    base = np.array([3, 4, 5, 6, 7]) / 3
    end = np.array([4, 5, 6, 7, 8]) / 3
    assert np.ptp(end - base) > 0  # the float differences really differ
    result = paired(base, end)
    assert result.identical_changes
    assert result.sd_difference == 0.0
    assert np.isnan(result.d_z) and np.isnan(result.ci_low) and np.isnan(result.ci_high)
    assert result.mean_difference == pytest.approx(1 / 3, abs=1e-15)
    # The Wilcoxon p stays: 5 equal positive ranks, normal approximation (R: wilcox.test(exact = FALSE,
    # correct = FALSE) gives the same 0.0253); z = 7.5 / sqrt(13.75) with the tie correction.
    assert result.wilcoxon_p == pytest.approx(0.025347318677468252, rel=1e-12)


def test_identical_changes_are_not_confused_with_small_real_spread():
    base = np.array([3, 4, 5, 6, 7, 5]) / 3
    end = np.array([4, 5, 6, 7, 8, 7]) / 3  # the last pair gains 2/3
    result = paired(base, end)
    diff = np.array([1, 1, 1, 1, 1, 2]) / 3
    assert not result.identical_changes
    assert result.d_z == pytest.approx(diff.mean() / diff.std(ddof=1), rel=1e-12)


@pytest.mark.parametrize(("n", "level"), [(5, "indicative"), (10, "full")])
def test_identical_changes_through_compare(example, n, level):
    sums = [3 + i for i in range(n)]
    base = _answers_with_sums(sums)
    end = _answers_with_sums([s + 1 for s in sums])
    links = [f"c{i}" for i in range(n)]
    result = compare(
        example, Answers.from_values(base), Answers.from_values(end), baseline_links=links, endline_links=links
    )
    dim = result.dimensions["veiligheid"]
    assert isinstance(dim, DimensionComparison) and isinstance(dim.paired, PairedResult)
    assert dim.paired.level == level and dim.paired.n == n
    assert dim.paired.d_z is None and dim.paired.ci95 is None
    assert dim.paired.mean_difference == pytest.approx(1 / 3, abs=1e-15)
    data = dim.paired.to_dict()
    assert data["notes"]["d_z"] == "identical_changes"
    assert ("ci95" in data["notes"]) == (level == "full")
