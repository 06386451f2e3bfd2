"""Group descriptives of dimension scores and item answer distributions, for many groups at once.

Every function takes a group index (``0..n_groups-1`` per respondent) and returns arrays with one entry per
group, computed with grouped sums (``np.bincount``): no Python loop over respondents or groups. One group
is the special case of an all-zero index (:func:`single_group`).

* ``n``: respondents with a dimension score.
* ``mean`` and ``sd`` (sample SD, divisor ``n - 1``; corrected two-pass sums for accuracy).
* 95 % interval of the mean: ``mean ± t(0.975; n - 1) * sd / sqrt(n)`` (Student's t).
* % favourable: the percentage of respondents whose dimension score (the unrounded mean of their answered
  items, after reverse keying) is **at least** the scale's ``favourable_from``. On the 1..5 agree scale with
  ``favourable_from = 4``, a score of 3.67 is not favourable and 4.0 is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from .matrix import NO_CODE, Answers, FloatArray, IntArray, Layout


def single_group(n: int) -> IntArray:
    """A group index that puts all ``n`` respondents in group 0."""
    return np.zeros(n, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class GroupedDescriptives:
    """Descriptives of one dimension per group (arrays of length ``G``; NaN where not computable)."""

    n: IntArray
    mean: FloatArray
    sd: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    #: Percentage (0..100) of respondents with a score at or above ``favourable_from``.
    favourable: FloatArray


def t_interval(
    mean: FloatArray, sd: FloatArray, n: IntArray, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Student-t interval of a mean; NaN where ``n < 2`` or the SD is NaN."""
    low = np.full(mean.shape, np.nan)
    high = np.full(mean.shape, np.nan)
    ok = (n >= 2) & np.isfinite(sd) & np.isfinite(mean)
    if ok.any():
        half = special.stdtrit(n[ok] - 1, 0.5 + confidence / 2.0) * sd[ok] / np.sqrt(n[ok])  # t.ppf
        low[ok] = mean[ok] - half
        high[ok] = mean[ok] + half
    return low, high


def describe(scores: FloatArray, favourable_from: float, confidence: float = 0.95) -> GroupedDescriptives:
    """:func:`grouped_describe` for one group (plain reductions, no grouped sums)."""
    x = scores[~np.isnan(scores)]
    n = np.array([x.size], dtype=np.int64)
    if x.size == 0:
        nan = np.array([np.nan])
        return GroupedDescriptives(n, nan, nan.copy(), nan.copy(), nan.copy(), nan.copy())
    mean = float(x.sum()) / x.size
    dev = x - mean
    ss = max(float(dev @ dev) - float(dev.sum()) ** 2 / x.size, 0.0)
    sd = np.array([np.sqrt(ss / (x.size - 1)) if x.size > 1 else np.nan])
    mean_arr = np.array([mean])
    favourable = np.array([100.0 * np.count_nonzero(x >= favourable_from) / x.size])
    low, high = t_interval(mean_arr, sd, n, confidence)
    return GroupedDescriptives(n, mean_arr, sd, low, high, favourable)


def grouped_describe(
    scores: FloatArray, group: IntArray, n_groups: int, favourable_from: float, confidence: float = 0.95
) -> GroupedDescriptives:
    """n, mean, SD, t-interval and % favourable of one dimension's scores per group."""
    ok = ~np.isnan(scores)
    g = group[ok]
    x = scores[ok]
    n = np.bincount(g, minlength=n_groups)[:n_groups].astype(np.int64)
    total = np.bincount(g, weights=x, minlength=n_groups)[:n_groups]
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(n > 0, total / n, np.nan)
        dev = x - mean[g]
        # Corrected two-pass sum of squares (Chan, Golub & LeVeque 1983): the second term removes the
        # rounding error of the mean, so constant scores give an SD of exactly 0.
        ss = np.bincount(g, weights=dev * dev, minlength=n_groups)[:n_groups]
        dev_sum = np.bincount(g, weights=dev, minlength=n_groups)[:n_groups]
        ss = np.maximum(ss - np.where(n > 0, dev_sum * dev_sum / n, 0.0), 0.0)
        sd = np.where(n > 1, np.sqrt(ss / (n - 1)), np.nan)
        fav_count = np.bincount(g, weights=(x >= favourable_from), minlength=n_groups)[:n_groups]
        favourable = np.where(n > 0, 100.0 * fav_count / n, np.nan)
    low, high = t_interval(mean, sd, n, confidence)
    return GroupedDescriptives(n, mean, sd, low, high, favourable)


@dataclass(frozen=True, eq=False)
class ItemDistribution:
    """One item's answers per group."""

    item_id: str
    #: The scale points, in order (the columns of ``counts``).
    points: tuple[int, ...]
    #: ``(G, P)`` how many respondents chose each scale point (as answered, before reverse keying).
    counts: IntArray
    #: The non-substantive codes of the item's scale (the columns of ``non_substantive``).
    codes: tuple[str, ...]
    #: ``(G, C)`` how many chose each non-substantive option.
    non_substantive: IntArray
    #: ``(G,)`` how many left the item blank.
    blank: IntArray
    #: ``(G,)`` how many respondents the group has (the denominator of the rates).
    respondents: IntArray

    @property
    def answered(self) -> IntArray:
        """``(G,)`` answers on the scale."""
        result: IntArray = self.counts.sum(axis=1)
        return result


def item_distributions(lay: Layout, answers: Answers, group: IntArray, n_groups: int) -> tuple[ItemDistribution, ...]:
    """Counts of every scale point and non-substantive option per item and group."""
    respondents = np.bincount(group, minlength=n_groups)[:n_groups].astype(np.int64)
    out = []
    for col, (item_id, scale) in enumerate(zip(lay.item_ids, lay.scales, strict=True)):
        values = answers.values[:, col]
        codes = answers.codes[:, col]
        points = tuple(p.value for p in scale.points)
        n_points = scale.max - scale.min + 1
        answered = ~np.isnan(values)
        offset = values[answered].astype(np.int64) - scale.min
        cells = np.bincount(group[answered] * n_points + offset, minlength=n_groups * n_points)
        counts = cells[: n_groups * n_points].reshape(n_groups, n_points).astype(np.int64)
        n_codes = len(scale.non_substantive)
        width = max(n_codes, 1)
        coded = codes != NO_CODE
        ns_cells = np.bincount(group[coded] * width + codes[coded].astype(np.int64), minlength=n_groups * width)
        ns = ns_cells[: n_groups * width].reshape(n_groups, width)[:, :n_codes]
        blank_count = np.bincount(group[~answered & ~coded], minlength=n_groups)[:n_groups]
        out.append(
            ItemDistribution(
                item_id=item_id,
                points=points,
                counts=counts,
                codes=scale.non_substantive_codes,
                non_substantive=ns.astype(np.int64),
                blank=blank_count.astype(np.int64),
                respondents=respondents,
            )
        )
    return tuple(out)
