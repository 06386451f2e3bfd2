"""Issue 16: numbers that no report may show. Each test builds the exact data that triggered the case."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

import questionnaires
from scoring import Answers, compare, cronbach_alpha, score
from scoring.change import paired
from scoring.results import DimensionComparison, DimensionStats, PairedResult

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "small-questionnaire.json"


def _example() -> questionnaires.model.Questionnaire:
    return questionnaires.load_file(EXAMPLE)


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
    # The Wilcoxon p stays: 5 equal positive ranks, exact conditional test: of the 32 sign assignments only
    # all-positive and all-negative are as extreme, so p = 2/32 (the normal approximation said 0.0253).
    assert result.wilcoxon_p == pytest.approx(2 / 32, rel=1e-12)


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


def _structured_missingness() -> np.ndarray:
    """52 respondents, 3 items: 4 answer all three at the extremes (1, 1, 1 twice and 5, 5, 5 twice); 48
    answer one item each, with 3. Each item's variance is over 20 answers (16/19), each covariance over the
    4 extremes (16/3): the pairwise matrix has eigenvalues 16/19 + 32/3 and twice 16/19 - 16/3 < 0."""
    nan = np.nan
    rows = [[1.0, 1.0, 1.0]] * 2 + [[5.0, 5.0, 5.0]] * 2
    for item in range(3):
        rows += [[3.0 if j == item else nan for j in range(3)]] * 16
    return np.array(rows)


def test_structured_missingness_gives_no_alpha():
    values = _structured_missingness()
    # What pairwise deletion gives (pandas/pingouin): alpha = 3/2 (1 - tr / sum) > 1, an inverted interval.
    var, cov = 16 / 19, 16 / 3
    naive = 1.5 * (1 - 3 * var / (3 * var + 6 * cov))
    assert naive == pytest.approx(pg.cronbach_alpha(pd.DataFrame(values), nan_policy="pairwise")[0], abs=1e-12)
    assert naive > 1
    assert np.linalg.eigvalsh(pd.DataFrame(values).cov().to_numpy())[0] == pytest.approx(var - cov, abs=1e-12)
    result = cronbach_alpha(values)
    assert result.invalid and np.isnan(result.alpha) and np.isnan(result.ci_low) and np.isnan(result.ci_high)


def test_structured_missingness_through_score(make_questionnaire):
    q = make_questionnaire({"a": [False, False, False]}, share=0.3)  # one answer gives a score
    result = score(q, Answers.from_values(_structured_missingness()))
    dim = result.groups["all"].dimensions["a"]
    assert isinstance(dim, DimensionStats) and dim.level == "full"
    assert dim.alpha is None and dim.alpha_ci95 is None
    assert dim.to_dict()["notes"] == {"alpha": "not_computable"}


def test_feldt_n_is_the_harmonic_mean_of_the_pairwise_ns():
    # Item 3 answered by the first 6 of 12 only: pairwise n's 12, 6, 6 -> harmonic mean 7.2, not 12.
    rng = np.random.default_rng(4)
    values = np.clip(np.round(3 + rng.normal(size=(12, 1)) + rng.normal(scale=0.7, size=(12, 3))), 1, 5)
    values[6:, 2] = np.nan
    result = cronbach_alpha(values)
    assert result.n == 12 and result.n_feldt == pytest.approx(7.2, abs=1e-12)
    df1 = 7.2 - 1
    assert result.ci_low == pytest.approx(1 - (1 - result.alpha) * stats.f.ppf(0.975, df1, 2 * df1), abs=1e-12)
    assert result.ci_high == pytest.approx(1 - (1 - result.alpha) * stats.f.ppf(0.025, df1, 2 * df1), abs=1e-12)


def test_a_constant_item_is_left_out_and_named(make_questionnaire):
    # 12 respondents; item a_2 is 3 for everyone. Alpha over a_0 and a_1 (pingouin on those two columns);
    # with a_2 kept it would be 3/4 of that (k(k-2)/(k-1)² for k = 3).
    q = make_questionnaire({"a": [False, False, False]})
    first = [1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 2, 4]
    second = [2, 1, 3, 3, 2, 4, 4, 5, 4, 5, 3, 3]
    values = np.column_stack([first, second, [3] * 12]).astype(float)
    dim = score(q, Answers.from_values(values)).groups["all"].dimensions["a"]
    assert isinstance(dim, DimensionStats)
    expected = pg.cronbach_alpha(pd.DataFrame(values[:, :2]))[0]
    assert dim.alpha == pytest.approx(expected, abs=1e-12)
    assert dim.alpha_left_out == ("a_2",) and dim.to_dict()["alpha_left_out"] == ["a_2"]


def test_negative_alpha_has_no_interval(make_questionnaire):
    # Items that pull in opposite directions: alpha < 0; the result says "no scale" and gives no interval.
    q = make_questionnaire({"a": [False, False, False]})
    first = np.array([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 3, 3], dtype=float)
    second = np.array([5, 4, 3, 1, 1, 4, 5, 2, 2, 1, 3, 2], dtype=float)
    third = np.array([3, 3, 2, 4, 3, 2, 4, 3, 3, 2, 4, 3], dtype=float)
    values = np.column_stack([first, second, third])
    dim = score(q, Answers.from_values(values)).groups["all"].dimensions["a"]
    assert isinstance(dim, DimensionStats)
    assert dim.alpha == pytest.approx(pg.cronbach_alpha(pd.DataFrame(values))[0], abs=1e-12) and dim.alpha < 0
    assert dim.alpha_ci95 is None and dim.notes == {"alpha": "no_scale"}


def _uniform_rows(scores: list[int]) -> np.ndarray:
    """Rows of the example questionnaire where every item is answered so that both dimensions score ``s``."""
    return np.array([[s, 6 - s, s, s, 6 - s, s] for s in scores], dtype=float)


def test_a_mean_interval_is_cut_at_the_scale():
    # Nine times 5 and one 1: mean 4.6, t-interval 4.6 ± 2.262 · 1.265 / √10 reaches 5.505 on a 1-5 scale.
    scores = [5] * 9 + [1]
    ref = stats.t.interval(0.95, 9, loc=np.mean(scores), scale=stats.sem(scores))
    assert ref[1] == pytest.approx(5.505, abs=1e-3)
    dim = score(_example(), Answers.from_values(_uniform_rows(scores))).groups["all"].dimensions["tijd"]
    assert isinstance(dim, DimensionStats) and dim.ci95 is not None
    assert dim.ci95.low == pytest.approx(ref[0], abs=1e-12) and dim.ci95.high == 5.0
    assert dim.notes["ci95"] == "clipped"


def test_a_difference_interval_is_cut_at_the_largest_possible_difference():
    # Baseline nine 1s and a 5, end-line nine 5s and a 1: difference 3.2, Welch interval up to 4.39 > 4.
    base, end = [1] * 9 + [5], [5] * 9 + [1]
    ref = stats.ttest_ind(end, base, equal_var=False).confidence_interval(0.95)
    assert ref.high == pytest.approx(4.389, abs=1e-3)
    result = compare(_example(), Answers.from_values(_uniform_rows(base)), Answers.from_values(_uniform_rows(end)))
    dim = result.dimensions["veiligheid"]
    assert isinstance(dim, DimensionComparison) and dim.ci95 is not None
    assert dim.ci95.low == pytest.approx(ref.low, abs=1e-12) and dim.ci95.high == 4.0
    assert dim.to_dict()["notes"] == {"ci95": "clipped"}


def test_a_paired_interval_is_cut_at_the_largest_possible_change():
    base, end = [1] * 9 + [5], [5] * 9 + [1]  # nine gain 4, one loses 4: 3.2 ± 2.262 · 2.53 / √10 = 5.01
    links = [f"c{i}" for i in range(10)]
    result = compare(
        _example(),
        Answers.from_values(_uniform_rows(base)),
        Answers.from_values(_uniform_rows(end)),
        baseline_links=links,
        endline_links=links,
    )
    dim = result.dimensions["tijd"]
    assert isinstance(dim, DimensionComparison) and isinstance(dim.paired, PairedResult)
    ref = stats.ttest_rel(end, base).confidence_interval(0.95)
    assert ref.high > 4
    assert dim.paired.ci95 is not None and dim.paired.ci95.high == 4.0
    assert dim.paired.ci95.low == pytest.approx(ref.low, abs=1e-12)
    # every respondent answers the three items alike: alpha 1, no measurement error for reliable change
    assert dim.paired.notes == {"ci95": "clipped", "reliable_change": "reference_not_computable"}
