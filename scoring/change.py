"""Statistics of change: how two sets of dimension scores differ, baseline vs end-line.

Independent samples (the usual, anonymous case), each function taking the two waves' scores as 1-D arrays
(``NaN`` is dropped):

* :func:`welch`: mean difference (end-line minus baseline), Welch's t, df, two-sided p and 95 % interval
  (Welch 1947); the numbers of ``scipy.stats.ttest_ind(endline, baseline, equal_var=False)``.
* :func:`hedges_g`: standardised mean difference with the exact small-sample correction and its
  95 % interval (Hedges 1981; Hedges & Olkin 1985).
* :func:`cliffs_delta`: ``P(end > base) - P(end < base)`` (Cliff 1993); :func:`cliffs_delta_ci` adds the
  consistent-variance interval (Feng & Cliff 2004, as R ``effsize::cliff.delta``).

Linked (paired) respondents:

* :func:`paired`: mean of the differences, its t-interval, d_z and the Wilcoxon signed-rank p.
* :func:`reliable_change`: Jacobson & Truax (1991) reliable-change counts.

Higher scores are better on every dimension (reverse-worded items are reversed before scoring), so a
positive difference is an improvement.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import special

from .matrix import FloatArray

NaN = math.nan
#: |RCI| above this counts as reliable change (the two-sided 5 % point of the normal distribution).
RCI_CRITICAL = 1.96

#: Differences are rounded to this many decimals before the Wilcoxon test ranks them (see :func:`paired`).
WILCOXON_DECIMALS = 10

EffectSize = Literal["negligible", "small", "medium", "large"]


def _clean(x: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(x, dtype=np.float64).ravel()
    return arr[~np.isnan(arr)]


def all_equal(x: FloatArray) -> bool:
    """Whether every value is the same once rounded to :data:`WILCOXON_DECIMALS` decimals.

    Dimension scores are fractions with small denominators; values equal as fractions can differ in the last
    bit as floats (4/3 - 1 vs 5/3 - 4/3), and the variance of ten copies of 1/3 is 3e-33, not 0. Distinct
    fractions of answers differ by far more than 1e-10, so this rounding tells equal from different.
    """
    rounded = np.round(x, WILCOXON_DECIMALS)
    return bool(rounded.size == 0 or rounded.min() == rounded.max())


def _var(x: FloatArray) -> float:
    """The sample variance (divisor n - 1), exactly 0 when the values are all equal (:func:`all_equal`)."""
    return 0.0 if all_equal(x) else float(x.var(ddof=1))


@dataclass(frozen=True)
class Welch:
    difference: float
    ci_low: float
    ci_high: float
    t: float
    df: float
    p: float


def welch(baseline: npt.ArrayLike, endline: npt.ArrayLike, confidence: float = 0.95) -> Welch:
    """Welch's unequal-variances comparison of the means; NaN where not computable.

    ``se = sqrt(s1²/n1 + s2²/n2)``, ``df = se⁴ / ((s1²/n1)²/(n1-1) + (s2²/n2)²/(n2-1))``,
    ``t = (m2 - m1) / se``, interval ``(m2 - m1) ± t(0.975; df) se``.
    """
    b, e = _clean(baseline), _clean(endline)
    n1, n2 = b.size, e.size
    if n1 == 0 or n2 == 0:
        return Welch(NaN, NaN, NaN, NaN, NaN, NaN)
    diff = float(e.mean() - b.mean())
    if n1 < 2 or n2 < 2:
        return Welch(diff, NaN, NaN, NaN, NaN, NaN)
    w1 = _var(b) / n1
    w2 = _var(e) / n2
    se2 = w1 + w2
    if not se2 > 0:
        return Welch(diff, NaN, NaN, NaN, NaN, NaN)
    se = math.sqrt(se2)
    df = se2 * se2 / (w1 * w1 / (n1 - 1) + w2 * w2 / (n2 - 1))
    t = diff / se
    p = float(2.0 * special.stdtr(df, -abs(t)))  # t.sf(|t|, df)
    half = float(special.stdtrit(df, 0.5 + confidence / 2.0)) * se  # t.ppf
    return Welch(diff, diff - half, diff + half, t, df, p)


def hedges_correction(df: float) -> float:
    """The exact small-sample correction ``J(df) = Γ(df/2) / (sqrt(df/2) Γ((df-1)/2))`` (Hedges 1981).

    Computed through ``gammaln`` so that large ``df`` does not overflow; NaN for ``df < 2``.
    """
    if not df >= 2:
        return NaN
    return math.exp(float(special.gammaln(df / 2.0)) - float(special.gammaln((df - 1.0) / 2.0))) / math.sqrt(df / 2.0)


@dataclass(frozen=True)
class HedgesG:
    g: float
    ci_low: float
    ci_high: float
    se: float


def hedges_g(baseline: npt.ArrayLike, endline: npt.ArrayLike, confidence: float = 0.95) -> HedgesG:
    """Hedges' g for end-line minus baseline and its normal-theory interval.

    ``d = (m2 - m1) / s_pooled`` with ``s_pooled² = ((n1-1)s1² + (n2-1)s2²) / (n1+n2-2)``;
    ``g = J(n1+n2-2) d``;
    ``SE(g) = sqrt((n1+n2)/(n1 n2) + g² / (2 (n1+n2)))`` (Hedges & Olkin 1985, the large-sample variance
    of d evaluated at g; not Borenstein et al.'s variance of g, which has an extra J²); interval
    ``g ± z(0.975) SE`` with the normal quantile.
    """
    b, e = _clean(baseline), _clean(endline)
    n1, n2 = b.size, e.size
    df = n1 + n2 - 2
    if n1 < 2 or n2 < 2:
        return HedgesG(NaN, NaN, NaN, NaN)
    pooled = ((n1 - 1) * _var(b) + (n2 - 1) * _var(e)) / df
    if not pooled > 0:
        return HedgesG(NaN, NaN, NaN, NaN)
    g = hedges_correction(df) * float(e.mean() - b.mean()) / math.sqrt(pooled)
    se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2.0 * (n1 + n2)))
    z = float(special.ndtri(0.5 + confidence / 2.0))  # norm.ppf
    return HedgesG(g, g - z * se, g + z * se, se)


def cliffs_delta(baseline: npt.ArrayLike, endline: npt.ArrayLike) -> float:
    """Cliff's delta: the share of (end-line, baseline) pairs where end-line is higher minus where it is
    lower; computed from mid-ranks as ``2 U / (n1 n2) - 1`` (U of the end-line, Mann-Whitney)."""
    b, e = _clean(baseline), _clean(endline)
    n1, n2 = b.size, e.size
    if n1 == 0 or n2 == 0:
        return NaN
    from scipy import stats  # here, not at the top: scipy.stats takes 0.5 s to import, `quickscan score` needs none

    ranks = stats.rankdata(np.concatenate([b, e]))
    u_end = float(ranks[n1:].sum()) - n2 * (n2 + 1) / 2.0
    return 2.0 * u_end / (n1 * n2) - 1.0


@dataclass(frozen=True)
class CliffsDelta:
    delta: float
    ci_low: float
    ci_high: float


def cliffs_delta_ci(
    baseline: npt.ArrayLike, endline: npt.ArrayLike, confidence: float = 0.95, *, normal: bool = False
) -> CliffsDelta:
    """Cliff's delta with the consistent-variance interval of Feng & Cliff (2004), as R
    ``effsize::cliff.delta(endline, baseline, use.unbiased = FALSE)`` computes it.

    With the dominance ``d_ij = sign(e_i - b_j)``, its row and column means ``d_i.``, ``d_.j`` and
    ``d = mean(d_ij)`` (replaced by ``d (n1 n2 - 1) / (n1 n2)`` when ``|d| = 1``):
    ``s² = ((n_b - 1) S_i + (n_e - 1) S_j + S_ij) / (n_e n_b)`` with ``S_i = Σ(d_i. - d)² / (n_e - 1)``,
    ``S_j = Σ(d_.j - d)² / (n_b - 1)``, ``S_ij = ΣΣ(d_ij - d)² / ((n_e - 1)(n_b - 1))``; the interval
    ``(d - d³ ± z s sqrt((1 - d²)² + z² s²)) / (1 - d² + z² s²)`` with ``z`` the t quantile on
    ``n_e + n_b - 2`` df (``normal=True``: the normal quantile), which stays within [-1, 1]; the bound on
    the side of a delta of ±1 is ±1. NaN for the interval with fewer than 2 per wave.
    """
    b, e = _clean(baseline), _clean(endline)
    n_b, n_e = b.size, e.size
    delta = cliffs_delta(b, e)
    if n_b < 2 or n_e < 2:
        return CliffsDelta(delta, NaN, NaN)
    d = delta * (n_e * n_b - 1) / (n_e * n_b) if abs(delta) == 1 else delta
    # The dominances d_ij are counted from the sorted waves, never held as an n_e x n_b matrix: a national
    # programme's total compares tens of thousands of answers per wave (80,000² signs would be 51 GB).
    sorted_b, sorted_e = np.sort(b), np.sort(e)
    b_below = np.searchsorted(sorted_b, e, side="left")  # per end-line answer: the baseline answers below it
    b_tied = np.searchsorted(sorted_b, e, side="right") - b_below
    e_below = np.searchsorted(sorted_e, b, side="left")  # per baseline answer: the end-line answers below it
    e_tied = np.searchsorted(sorted_e, b, side="right") - e_below
    rows = (2 * b_below + b_tied - n_b) / n_b  # d_i. = (#below - #above) / n_b
    columns = (n_e - 2 * e_below - e_tied) / n_e  # d_.j = (#above - #below) / n_e
    sum_d = float(rows.sum()) * n_b  # ΣΣ d_ij
    sum_d2 = n_e * n_b - float(b_tied.sum())  # ΣΣ d_ij² (a tie counts 0, any other pair 1)
    s_i = float(((rows - d) ** 2).sum()) / (n_e - 1)
    s_j = float(((columns - d) ** 2).sum()) / (n_b - 1)
    s_ij = (sum_d2 - 2 * d * sum_d + n_e * n_b * d * d) / ((n_e - 1) * (n_b - 1))
    var = ((n_b - 1) * s_i + (n_e - 1) * s_j + s_ij) / (n_e * n_b)
    tail = 0.5 + confidence / 2.0
    z = float(special.ndtri(tail)) if normal else float(special.stdtrit(n_e + n_b - 2, tail))  # norm/t.ppf
    root = z * math.sqrt(var) * math.sqrt((1 - d * d) ** 2 + z * z * var)
    denominator = 1 - d * d + z * z * var
    low, high = (d - d**3 - root) / denominator, (d - d**3 + root) / denominator
    if delta == 1:
        high = 1.0
    if delta == -1:
        low = -1.0
    return CliffsDelta(delta, low, high)


def effect_size_label(g: float) -> EffectSize | None:
    """Plain words for |g| (Cohen 1988): below 0.2 negligible, 0.5 small, 0.8 medium, else large."""
    if math.isnan(g):
        return None
    size = abs(g)
    if size < 0.2:
        return "negligible"
    if size < 0.5:
        return "small"
    if size < 0.8:
        return "medium"
    return "large"


@dataclass(frozen=True)
class Paired:
    n: int
    mean_difference: float
    ci_low: float
    ci_high: float
    sd_difference: float
    d_z: float
    wilcoxon_p: float
    #: Every pair changed by the same amount (at least 2 pairs): the SD of the differences is 0, so there is
    #: no d_z and no interval (as R's ``t.test(paired = TRUE)`` refuses such data).
    identical_changes: bool = False


#: Up to this many non-zero differences the Wilcoxon p is exact (conditional on the tied ranks).
WILCOXON_EXACT_MAX = 50


def wilcoxon_method(differences: npt.NDArray[np.float64]) -> Literal["exact", "asymptotic"]:
    """The exact conditional distribution (:func:`wilcoxon_exact_p`) for up to
    :data:`WILCOXON_EXACT_MAX` non-zero differences, ties and zeros included; the normal approximation with
    tie correction (``scipy.stats.wilcoxon``, method "asymptotic") above that."""
    return "exact" if np.count_nonzero(differences) <= WILCOXON_EXACT_MAX else "asymptotic"


def wilcoxon_exact_p(differences: npt.NDArray[np.float64]) -> float:
    """Two-sided p of the Wilcoxon signed-rank test from the exact conditional distribution of the
    statistic given the observed ranks: zero differences dropped, tied absolute differences given their
    mid-rank, every assignment of signs equally likely under the null hypothesis.

    This is the shift algorithm (Streitberg & Röhmel 1986), as R's ``exactRankTests::wilcox.exact`` and
    ``coin::wilcoxsign_test(distribution = "exact")`` compute it: mid-ranks are multiples of 1/2, so twice
    the ranks are integers and the distribution of twice the sum of the positive ranks is built by one
    pass over the ranks (a polynomial product). With Likert scores ties are the rule, and the normal
    approximation without continuity correction was up to 0.034 too small at 10-12 pairs. NaN without a
    non-zero difference.
    """
    nonzero = differences[differences != 0]
    if nonzero.size == 0:
        return NaN
    from scipy import stats  # see cliffs_delta

    doubled = np.rint(2.0 * stats.rankdata(np.abs(nonzero))).astype(np.int64)
    total = int(doubled.sum())
    counts = np.zeros(total + 1, dtype=np.float64)
    counts[0] = 1.0
    reach = 0
    for rank in doubled.tolist():
        counts[rank : reach + rank + 1] += counts[: reach + 1].copy()
        reach += rank
    observed = int(doubled[nonzero > 0].sum())
    sums = np.arange(total + 1)
    extreme = np.abs(2 * sums - total) >= abs(2 * observed - total)
    return float(min(1.0, counts[extreme].sum() / counts.sum()))


def paired(baseline: npt.ArrayLike, endline: npt.ArrayLike, confidence: float = 0.95) -> Paired:
    """Paired comparison of aligned arrays (pairs with a NaN on either side are dropped).

    Mean difference with Student's t interval, ``d_z = mean / SD`` of the differences (Cohen 1988), and
    the two-sided Wilcoxon signed-rank p (zero differences dropped; exact conditional on tied ranks up to
    50 non-zero differences, :func:`wilcoxon_exact_p`, else the normal approximation) on the differences
    rounded to :data:`WILCOXON_DECIMALS` decimals. NaN where not computable (the Wilcoxon p needs at least
    one non-zero difference). When every pair changed by the same amount (:func:`all_equal`), the SD is 0
    and the interval and d_z are NaN, with ``identical_changes``.
    """
    b = np.asarray(baseline, dtype=np.float64).ravel()
    e = np.asarray(endline, dtype=np.float64).ravel()
    if b.shape != e.shape:
        raise ValueError("paired needs two arrays of the same length")
    diff = (e - b)[~(np.isnan(b) | np.isnan(e))]
    n = int(diff.size)
    if n == 0:
        return Paired(0, NaN, NaN, NaN, NaN, NaN, NaN)
    mean = float(diff.mean())
    if n < 2:
        return Paired(n, mean, NaN, NaN, NaN, NaN, NaN)
    # Dimension scores are fractions with small denominators; differences that are equal in exact
    # arithmetic can differ in the last bit (4/3 - 1 vs 5/3 - 4/3). Rounding to 10 decimals restores
    # those ties and zeros before ranking, and tells identical changes (SD 0) from an SD of 1e-16.
    ranked = np.round(diff, WILCOXON_DECIMALS)
    if np.count_nonzero(ranked) == 0:
        p = NaN
    elif wilcoxon_method(ranked) == "exact":
        p = wilcoxon_exact_p(ranked)
    else:
        from scipy import stats  # see cliffs_delta

        p = float(stats.wilcoxon(ranked, method="asymptotic").pvalue)
    if all_equal(diff):
        return Paired(n, mean, NaN, NaN, 0.0, NaN, p, identical_changes=True)
    sd = float(diff.std(ddof=1))
    half = float(special.stdtrit(n - 1, 0.5 + confidence / 2.0)) * sd / math.sqrt(n)  # t.ppf
    return Paired(n, mean, mean - half, mean + half, sd, mean / sd, p)


@dataclass(frozen=True)
class ReliableChange:
    improved: int
    unchanged: int
    deteriorated: int
    #: The standard error of a difference, ``sqrt(2) * SD_baseline * sqrt(1 - alpha_baseline)``.
    se_difference: float


def reliable_change(
    differences: npt.ArrayLike, sd_baseline: float, alpha_baseline: float, critical: float = RCI_CRITICAL
) -> ReliableChange | None:
    """Count respondents whose change is reliable (Jacobson & Truax 1991).

    ``RCI = (x_end - x_base) / (sqrt(2) * SD_baseline * sqrt(1 - alpha_baseline))``; improved when
    ``RCI > 1.96``, deteriorated when ``RCI < -1.96``, unchanged otherwise. None when the baseline SD or
    alpha is missing, the SD is 0, alpha is 1 or more (no measurement error left to divide by) or 0 or
    less (the statements form no scale, so there is no reliability to speak of). Which SD and alpha:
    :mod:`scoring.reference`.
    """
    d = _clean(differences)
    if not (math.isfinite(sd_baseline) and math.isfinite(alpha_baseline)):
        return None
    if sd_baseline <= 0 or not 0 < alpha_baseline < 1:
        return None
    se = math.sqrt(2.0) * sd_baseline * math.sqrt(1.0 - alpha_baseline)
    rci = d / se
    improved = int(np.count_nonzero(rci > critical))
    deteriorated = int(np.count_nonzero(rci < -critical))
    return ReliableChange(improved, int(d.size) - improved - deteriorated, deteriorated, se)


def favourable_share(scores: npt.ArrayLike, favourable_from: float) -> float:
    """Percentage of scores at or above ``favourable_from`` (NaN scores left out); NaN when none."""
    x = _clean(scores)
    if x.size == 0:
        return NaN
    return 100.0 * float(np.count_nonzero(x >= favourable_from)) / x.size
