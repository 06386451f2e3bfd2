"""Cronbach's alpha with pairwise-complete covariances and the Feldt confidence interval.

Alpha is the number of ``pingouin.cronbach_alpha(data, nan_policy="pairwise")`` (and R
``psych::alpha(use="pairwise")``) on the same rows, over the items that vary:

* ``C[i, j]`` is the sample covariance (divisor ``n_ij - 1``) of items ``i`` and ``j`` over the ``n_ij``
  respondents who answered both (``C[i, i]`` is item ``i``'s variance over those who answered it);
* an item every respondent of the group answered the same (variance 0) is left out, as ``psych::alpha``
  does with a warning: it adds nothing to any covariance but would scale alpha by ``k(k-2)/(k-1)²``;
* ``alpha = k / (k - 1) * (1 - trace(C) / sum(C))`` over the ``k`` items left (Cronbach 1951);
* Feldt's 95 % interval (Feldt 1965; Feldt, Woodruff & Salih 1987), with ``df1 = n - 1`` and
  ``df2 = (n - 1)(k - 1)``: ``lower = 1 - (1 - alpha) F(0.975; df1, df2)``,
  ``upper = 1 - (1 - alpha) F(0.025; df1, df2)`` where ``F(p; ...)`` is the ``p`` quantile. ``n`` is what
  pairwise deletion leaves: the harmonic mean of the ``n_ij`` over the pairs ``i < j`` of the items used
  (with complete answers, the number of respondents, as pingouin and psych use).

Alpha is ``NaN`` (``None`` in results) when some pair of items has fewer than 2 respondents in common
(pingouin silently leaves such a pair out of ``sum(C)``, which is a different, biased number), when fewer
than 2 items vary, when alpha exceeds 1, or when the pairwise matrix ``C`` is not a covariance matrix (an
eigenvalue below ``-EIGEN_TOLERANCE`` times the largest: heavy, structured missingness can make it so, and
alpha then exceeds 1 with an inverted interval). Both a
one-group function (a BLAS product) and a many-groups function (grouped sums with ``np.bincount``, no
Python loop over groups) are here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special

from .matrix import BoolArray, FloatArray, IntArray

#: Above this many (group x missing-pattern) cells, grouped alpha sums pair products directly.
_PATTERN_CELLS_LIMIT = 1 << 22
#: An item whose variance is at most this share of the largest item variance of its group counts as constant
#: (whole-number answers give exactly 0; the tolerance is for data shifted by a float mean).
_CONSTANT_TOLERANCE = 1e-12
#: The pairwise matrix is invalid when an eigenvalue is below minus this share of the largest. Pairwise
#: deletion makes small negative eigenvalues common in small groups with random missing answers (in a
#: simulation of 20,000 groups, n 10-30, k 3-6, up to 15 % missing: 7.6 % below 0, 0.8 % below -5 %; the
#: psych/pingouin reference data set ``cronbach_wide_missing``, n 12 and k 11: -0.9 %); the structured
#: missingness of issue 16 gives -39 %. Below -5 % the matrix is treated as no covariance matrix.
EIGEN_TOLERANCE = 0.05


@dataclass(frozen=True)
class Alpha:
    """Alpha of one set of items: value, Feldt interval (NaN when not computable) and the ``n`` used."""

    alpha: float
    ci_low: float
    ci_high: float
    n: int
    k: int
    #: Feldt's n: the harmonic mean of the pairwise n's of the items used (NaN without alpha).
    n_feldt: float = float("nan")
    #: Columns left out because every respondent gave them the same answer.
    left_out: tuple[int, ...] = ()
    #: The pairwise covariance matrix is not positive semi-definite: alpha is not computable.
    invalid: bool = False


@dataclass(frozen=True, eq=False)
class GroupedAlpha:
    """Alpha per group, each array of length ``G``."""

    alpha: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    #: Respondents with at least one answered item.
    n: IntArray
    k: int
    #: Feldt's n per group: the harmonic mean of the pairwise n's of the items used.
    n_feldt: FloatArray
    #: ``(G, k)``: the items left out of each group's alpha (constant in that group).
    left_out: BoolArray
    #: ``(G,)``: the pairwise covariance matrix is not positive semi-definite, so alpha is NaN.
    invalid: BoolArray

    def one(self, index: int = 0) -> Alpha:
        """The result of one group."""
        return Alpha(
            float(self.alpha[index]),
            float(self.ci_low[index]),
            float(self.ci_high[index]),
            int(self.n[index]),
            self.k,
            float(self.n_feldt[index]),
            tuple(int(i) for i in np.flatnonzero(self.left_out[index])),
            bool(self.invalid[index]),
        )


def _shifted(block: FloatArray) -> tuple[FloatArray, BoolArray]:
    """``(X0, missing)``: values minus their item's mean with missing set to 0, and the missing mask.

    Covariances do not change under a shift; subtracting each item's mean first keeps the one-pass sums
    accurate (no cancellation of large squares). The engine shifts by the scale minimum instead, which
    keeps Likert data whole numbers, so its sums are exact.
    """
    missing = np.isnan(block)
    count = block.shape[1] - missing.sum(axis=1)
    total = np.where(missing, 0.0, block).sum(axis=1)
    shift = np.divide(total, count, out=np.zeros_like(total), where=count > 0)
    x0 = np.where(missing, 0.0, block - shift[:, None])
    return x0, missing


@dataclass(frozen=True, eq=False)
class PairSums:
    """What pairwise covariances need, per group: arrays ``(G, k, k)`` and ``n_rows`` ``(G,)``.

    ``n_ij``: respondents who answered both i and j; ``s_x[g, i, j]``: sum of item i over those;
    ``s_xy``: sum of products; ``n_rows``: respondents who answered at least one item.
    """

    n_ij: FloatArray
    s_x: FloatArray
    s_xy: FloatArray
    n_rows: IntArray


def pair_sums(x0: FloatArray, missing: BoolArray, item_sums: FloatArray | None = None) -> PairSums:
    """:class:`PairSums` of one group from ``(k, n)`` shifted values (0 where missing) and the mask.

    The cross-products are one BLAS product over all respondents. Counts and sums over pairs are the
    totals minus what the respondents with a missing answer lack, so only those (usually few) rows enter
    the other two products. ``item_sums`` (``x0.sum(axis=1)``) may be passed when known already.
    """
    k, n = x0.shape
    s_xy = x0 @ x0.T
    incomplete = np.flatnonzero(missing.any(axis=0)) if n else np.zeros(0, dtype=np.int64)
    miss_mask = missing[:, incomplete]
    miss = miss_mask.astype(np.float64)
    lacking = miss @ miss.T  # [i, j]: respondents missing both i and j
    missed = np.diag(lacking)  # respondents missing i
    n_ij = n - missed[:, None] - missed[None, :] + lacking
    totals = x0.sum(axis=1) if item_sums is None else item_sums
    s_x = totals[:, None] - x0[:, incomplete] @ miss.T
    n_rows = n - int(np.count_nonzero(miss_mask.all(axis=0)))
    return PairSums(n_ij[None], s_x[None], s_xy[None], np.array([n_rows], dtype=np.int64))


def grouped_pair_sums(x0: FloatArray, missing: BoolArray, group: IntArray, n_groups: int) -> PairSums:
    """:class:`PairSums` for every group at once, with grouped sums (``np.bincount``).

    The cross-products take one ``bincount`` per pair of items. For the pair counts and sums, each
    respondent's missing pattern is a k-bit number; per (group, pattern) cell the count and each item's sum
    suffice, and the pair counts and sums follow from the pattern bits (``k + 1`` bincounts instead of
    ``k²``). With very many cells, pair products are summed directly instead.
    """
    k, n = x0.shape
    g = np.asarray(group, dtype=np.int64)
    if g.shape != (n,):
        raise ValueError(f"group index has shape {g.shape}, expected ({n},)")
    answered = ~missing
    buf = np.empty(n)
    s_xy = np.empty((n_groups, k, k))
    for i in range(k):
        for j in range(i, k):
            np.multiply(x0[i], x0[j], out=buf)
            s_xy[:, i, j] = s_xy[:, j, i] = np.bincount(g, weights=buf, minlength=n_groups)[:n_groups]
    patterns = 1 << k
    if patterns * n_groups <= _PATTERN_CELLS_LIMIT:
        # One byte per respondent when it fits (k <= 8): several times faster than 64-bit integers.
        small: type[np.integer[Any]] = np.uint8 if k <= 8 else np.int64
        pattern = np.zeros(n, dtype=small)
        for i in range(k):
            bit = np.left_shift(answered[i].view(np.uint8).astype(small), small(i))
            np.bitwise_or(pattern, bit, out=pattern)
        key = g * patterns
        key += pattern
        cells = n_groups * patterns
        count = np.bincount(key, minlength=cells)[:cells].reshape(n_groups, patterns).astype(np.float64)
        sums = np.stack([np.bincount(key, weights=x0[i], minlength=cells)[:cells] for i in range(k)])
        bits = ((np.arange(patterns)[:, None] >> np.arange(k)[None, :]) & 1).astype(np.float64)
        n_ij = np.einsum("gp,pi,pj->gij", count, bits, bits)
        s_x = np.einsum("igp,pj->gij", sums.reshape(k, n_groups, patterns), bits)
        n_rows = count[:, 1:].sum(axis=1).astype(np.int64)
    else:
        m = answered.astype(np.float64)
        n_ij = np.empty((n_groups, k, k))
        s_x = np.empty((n_groups, k, k))
        for i in range(k):
            for j in range(k):
                np.multiply(x0[i], m[j], out=buf)
                s_x[:, i, j] = np.bincount(g, weights=buf, minlength=n_groups)[:n_groups]
                if j >= i:
                    np.multiply(m[i], m[j], out=buf)
                    n_ij[:, i, j] = n_ij[:, j, i] = np.bincount(g, weights=buf, minlength=n_groups)[:n_groups]
        n_rows = np.bincount(g, weights=answered.any(axis=0), minlength=n_groups)[:n_groups].astype(np.int64)
    return PairSums(n_ij, s_x, s_xy, n_rows)


def alpha_from_sums(sums: PairSums, confidence: float = 0.95) -> GroupedAlpha:
    """Alpha and Feldt interval per group from :class:`PairSums`."""
    cov = _cov_from_sums(sums.n_ij, sums.s_x, sums.s_xy)
    a, used, invalid = _alpha_parts(cov)
    k_used = used.sum(axis=-1)
    pairs = used[..., :, None] & used[..., None, :] & np.triu(np.ones(cov.shape[-2:], dtype=np.bool_), 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_feldt = pairs.sum(axis=(-2, -1)) / np.where(pairs, 1.0 / sums.n_ij, 0.0).sum(axis=(-2, -1))
    n_feldt = np.where(np.isfinite(a), n_feldt, np.nan)
    low, high = feldt_ci(a, n_feldt, k_used, confidence)
    return GroupedAlpha(a, low, high, sums.n_rows, cov.shape[-1], n_feldt, ~used, invalid)


def _cov_from_sums(n_ij: FloatArray, s_x: FloatArray, s_xy: FloatArray) -> FloatArray:
    """Pairwise covariances from counts ``n_ij``, sums ``s_x[..., i, j]`` (of item i over rows where j was
    answered too) and cross-products ``s_xy``; NaN where ``n_ij < 2``."""
    s_x_t = np.swapaxes(s_x, -1, -2)
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = (s_xy - s_x * s_x_t / n_ij) / (n_ij - 1.0)
    cov[n_ij < 2] = np.nan
    return cov


def _alpha_parts(cov: FloatArray) -> tuple[FloatArray, BoolArray, BoolArray]:
    """Alpha over the items that vary, which items those are, and whether the matrix is invalid.

    ``cov`` is ``(..., k, k)``, NaN where a pair has too few respondents in common. Returns alpha (NaN when
    not computable), ``used`` ``(..., k)`` and ``invalid`` ``(...)``: not positive semi-definite.
    """
    k = cov.shape[-1]
    var = np.diagonal(cov, axis1=-2, axis2=-1)
    with np.errstate(invalid="ignore"):
        largest = np.nanmax(np.where(np.isnan(var), -np.inf, var), axis=-1, initial=0.0)
        used = ~(var <= _CONSTANT_TOLERANCE * largest[..., None])
    both = used[..., :, None] & used[..., None, :]
    kept = np.where(both, cov, 0.0)
    k_used = used.sum(axis=-1).astype(np.float64)
    trace = np.trace(kept, axis1=-2, axis2=-1)
    total = kept.sum(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.asarray((k_used / (k_used - 1.0)) * (1.0 - trace / total), dtype=np.float64)
    alpha[~np.isfinite(alpha) | (k_used < 2) | ~(total > 0)] = np.nan
    # Covariances that add up to less than 0 (1'C1 < 0) are no covariance matrix either.
    invalid = np.asarray((k_used >= 2) & (total < 0), dtype=np.bool_)
    ok = np.isfinite(alpha)
    if k >= 2 and ok.any():
        eig = np.linalg.eigvalsh(kept[ok])
        invalid[ok] = (eig[..., 0] < -EIGEN_TOLERANCE * np.abs(eig[..., -1])) | (alpha[ok] > 1.0)
        alpha[invalid] = np.nan
    return alpha, used, invalid


def alpha_from_cov(cov: FloatArray) -> FloatArray:
    """Cronbach's alpha from covariance matrices ``(..., k, k)`` over the items that vary; NaN when not
    computable (fewer than 2 items vary, a NaN covariance, a matrix that is not positive semi-definite)."""
    return _alpha_parts(np.asarray(cov, dtype=np.float64))[0]


def _f_isf(q: float, df1: FloatArray, df2: FloatArray) -> FloatArray:
    """``scipy.stats.f.isf(q, df1, df2)`` computed as scipy does, without importing scipy.stats (0.5 s)."""
    result: FloatArray = special.fdtri(df1, df2, 1.0 - q)
    return result


def feldt_ci(
    alpha: npt.ArrayLike, n: npt.ArrayLike, k: npt.ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Feldt's interval for alpha: ``1 - (1 - alpha) * F`` at the two tail quantiles of F(n-1, (n-1)(k-1)).

    ``n`` may be fractional (a harmonic mean of pairwise n's); ``k`` one number or one per alpha.
    NaN where alpha is NaN, ``n < 2`` or ``k < 2``.
    """
    a = np.atleast_1d(np.asarray(alpha, dtype=np.float64))
    nn = np.broadcast_to(np.atleast_1d(np.asarray(n, dtype=np.float64)), a.shape)
    kk = np.broadcast_to(np.atleast_1d(np.asarray(k, dtype=np.float64)), a.shape)
    ok = np.isfinite(a) & (nn >= 2) & (kk >= 2)
    low = np.full(a.shape, np.nan)
    high = np.full(a.shape, np.nan)
    if ok.any():
        df1 = nn[ok] - 1.0
        df2 = df1 * (kk[ok] - 1.0)
        tail = (1.0 - confidence) / 2.0
        low[ok] = 1.0 - (1.0 - a[ok]) * _f_isf(tail, df1, df2)
        high[ok] = 1.0 - (1.0 - a[ok]) * _f_isf(1.0 - tail, df1, df2)
    return low, high


def pairwise_cov(block: FloatArray) -> tuple[FloatArray, int]:
    """Pairwise-complete covariance matrix of a ``(k, n)`` items-first block, and the rows used.

    Same numbers as ``pandas.DataFrame.cov()`` on the ``(n, k)`` table (up to rounding).
    """
    sums = pair_sums(*_shifted(block))
    return _cov_from_sums(sums.n_ij, sums.s_x, sums.s_xy)[0], int(sums.n_rows[0])


def alpha_items_first(block: FloatArray, confidence: float = 0.95) -> Alpha:
    """Alpha of a ``(k, n)`` items-first block (the layout :func:`scoring.matrix.keyed_block` returns)."""
    result = alpha_from_sums(pair_sums(*_shifted(block)), confidence)
    return result.one()


def cronbach_alpha(data: npt.ArrayLike, confidence: float = 0.95) -> Alpha:
    """Alpha of an ``(n respondents, k items)`` matrix with NaN for missing (pairwise-complete)."""
    arr = np.asarray(data, dtype=np.float64)
    if arr.ndim != 2:
        raise ValueError("cronbach_alpha needs a 2-dimensional (respondents x items) matrix")
    return alpha_items_first(np.ascontiguousarray(arr.T), confidence)


def grouped_alpha(block: FloatArray, group: IntArray, n_groups: int, confidence: float = 0.95) -> GroupedAlpha:
    """Alpha for every group at once from a ``(k, n)`` block and a group index in ``0..n_groups-1``
    (see :func:`grouped_pair_sums`; no Python loop over respondents or groups)."""
    x0, missing = _shifted(block)
    return alpha_from_sums(grouped_pair_sums(x0, missing, group, n_groups), confidence)
