"""One vectorised pass over an answers matrix: respondent scores, and per group and dimension the
descriptives and alpha, as arrays.

This is the fast path under :func:`scoring.score` and the one to call directly for many groups at once
(2,000 companies). It loops over dimensions only, never over respondents or groups, and per dimension:

1. gathers the dimension's items as a ``(k, n)`` block, reverse-keys it and subtracts the scale minimum,
   with 0 for missing answers (so Likert data stay whole numbers and every sum below is exact);
2. checks, on that block, that every answer is a point of the scale and that non-substantive codes only
   sit on missing answers (a failure re-runs :func:`scoring.matrix.check_answers` for a precise message);
3. scores respondents (mean of answered items when enough were answered);
4. describes the scores per group and computes the pairwise sums for alpha: BLAS products for one group,
   grouped sums (:func:`scoring.reliability.grouped_pair_sums`) for many.

The arrays carry no anonymity rules; :mod:`scoring.engine` applies them when it builds result objects.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .describe import GroupedDescriptives, describe, grouped_describe
from .matrix import (
    NO_CODE,
    Answers,
    BoolArray,
    DimensionLayout,
    FloatArray,
    IntArray,
    Layout,
    RespondentScores,
    ScoringError,
    check_answers,
    min_items,
)
from .reliability import GroupedAlpha, alpha_from_sums, grouped_pair_sums, pair_sums


@dataclass(frozen=True, eq=False)
class ScoreArrays:
    """Everything :func:`score_arrays` computes; per-dimension entries are keyed by dimension id."""

    respondents: RespondentScores
    group: IntArray
    n_groups: int
    #: Respondents per group.
    group_n: IntArray
    descriptives: dict[str, GroupedDescriptives]
    alpha: dict[str, GroupedAlpha]


def group_index(labels: npt.ArrayLike) -> tuple[tuple[str, ...], IntArray]:
    """Sorted distinct labels and each respondent's position among them."""
    arr = np.asarray(labels, dtype=str)
    uniq, inverse = np.unique(arr, return_inverse=True)
    return tuple(str(u) for u in uniq), inverse.astype(np.int64).ravel()


class _Workspace:
    """Buffers reused from one dimension to the next (fresh large arrays cost page faults)."""

    def __init__(self, k: int, n: int, steps: int) -> None:
        self.values = np.empty((k, n))
        self.steps = np.empty((k, n), dtype=np.int8 if steps <= 127 else np.int32)
        self.equal = np.empty((k, n), dtype=np.bool_)
        self.codes = np.empty((k, n), dtype=np.int8)
        self.missing = np.empty((k, n), dtype=np.bool_)


@dataclass(frozen=True, eq=False)
class _Block:
    """One dimension, prepared: ``(k, n)`` arrays, reverse-keyed and shifted by the scale minimum."""

    #: Scale steps above the minimum as float64, 0 where missing (for the BLAS products).
    x: FloatArray
    #: The same as small integers (for cheap exact sums).
    steps: npt.NDArray[np.signedinteger[Any]]
    missing: BoolArray


def _fitting(largest: int) -> type[np.signedinteger[Any]]:
    """The smallest signed integer type that holds ``0..largest``."""
    if largest <= 127:
        return np.int8
    if largest <= 32767:
        return np.int16
    return np.int64


def _prepare(lay: Layout, answers: Answers, dim: DimensionLayout, ws: _Workspace) -> _Block:
    """Steps 1 and 2 of the module docstring."""
    k = dim.k
    lo, hi = dim.scale.min, dim.scale.max
    x = ws.values[:k]
    source = answers.values.T  # rows are items; contiguous when the answers are column-major
    for row, col in enumerate(dim.columns):
        # Gather, reverse and shift in one pass: reverse-worded (lo + hi - v) - lo = hi - v, else v - lo.
        if lay.reverse[col]:
            np.subtract(float(hi), source[col], out=x[row])
        else:
            np.subtract(source[col], float(lo), out=x[row])
    missing = np.isnan(x, out=ws.missing[:k])
    steps = ws.steps[:k]
    with np.errstate(invalid="ignore"):  # NaN and huge values cast to garbage; caught just below
        np.copyto(steps, x, casting="unsafe")
    # An answer is valid when it is a whole number (the cast changed nothing) from 0 to hi - lo.
    equal = np.equal(steps, x, out=ws.equal[:k])
    np.copyto(steps, 0, where=missing)
    ok = not np.any(equal < ~missing)
    if ok and steps.size:
        ok = int(steps.min()) >= 0 and int(steps.max()) <= hi - lo
        codes = np.take(answers.codes.T, dim.columns, axis=0, out=ws.codes[:k], mode="clip")
        n_codes = len(dim.scale.non_substantive)
        ok = ok and int(codes.min()) >= NO_CODE and int(codes.max()) < n_codes
        # A code on an answered item: (coded and not missing), as one comparison of two masks.
        ok = ok and not np.any((codes != NO_CODE) > missing)
    if not ok:
        check_answers(lay, answers)
        raise ScoringError(f"dimension {dim.id!r}: an answer is not a point of its scale")  # pragma: no cover
    np.copyto(x, steps)  # exact whole numbers, 0 where missing
    return _Block(x, steps, missing)


def score_arrays(
    lay: Layout,
    answers: Answers,
    group: IntArray | None = None,
    n_groups: int = 1,
    *,
    workers: int = 1,
) -> ScoreArrays:
    """Respondent scores, and descriptives and alpha of every dimension for every group.

    ``group`` holds each respondent's group in ``0..n_groups-1``; None puts everyone in one group.
    ``workers > 1`` scores that many dimensions at a time in threads (numpy releases the GIL), which pays
    off from some 100,000 respondents on a machine with idle cores.
    Raises :class:`~scoring.matrix.ScoringError` when the answers do not fit the layout.
    """
    n = answers.n
    if answers.values.shape[1] != lay.k:
        check_answers(lay, answers)
    g = np.zeros(n, dtype=np.int64) if group is None else np.asarray(group, dtype=np.int64)
    if g.shape != (n,):
        raise ValueError(f"group index has shape {g.shape}, expected ({n},)")
    if n and (g.min() < 0 or g.max() >= n_groups):
        raise ValueError(f"group index must lie in 0..{n_groups - 1}")
    one_group = group is None or n_groups == 1
    n_dims = len(lay.dimensions)
    scores = np.empty((n, n_dims), order="F")
    answered_count = np.empty((n, n_dims), dtype=np.int16, order="F")
    k_max = max(dim.k for dim in lay.dimensions)
    steps = max(dim.scale.max - dim.scale.min for dim in lay.dimensions)
    local = threading.local()

    def one_dimension(d: int) -> tuple[GroupedDescriptives, GroupedAlpha]:
        ws: _Workspace | None = getattr(local, "workspace", None)
        if ws is None:
            ws = local.workspace = _Workspace(k_max, n, steps)
        dim = lay.dimensions[d]
        block = _prepare(lay, answers, dim, ws)
        x, missing = block.x, block.missing
        # Small integer types make these sums several times faster; the counts and sums fit in them.
        lo = dim.scale.min
        wide = _fitting(dim.k * max(abs(lo), abs(dim.scale.max)))
        count = dim.k - missing.view(np.int8).sum(axis=0, dtype=wide)
        # The sum of the answers as given (steps plus the minimum per answer) is exact; one division then
        # gives the correctly rounded mean, so equal means are equal floats (ties stay ties).
        total = block.steps.sum(axis=0, dtype=wide)
        if lo:
            total += wide(lo) * count
        enough = count >= min_items(dim.k, lay.min_answered_share)
        score = scores[:, d]
        score.fill(np.nan)
        np.divide(total, count, out=score, where=enough)
        answered_count[:, d] = count
        fav = dim.scale.favourable_from
        if one_group:
            item_sums = block.steps.sum(axis=1, dtype=np.int64).astype(np.float64)
            return describe(score, fav), alpha_from_sums(pair_sums(x, missing, item_sums))
        desc = grouped_describe(score, g, n_groups, fav)
        return desc, alpha_from_sums(grouped_pair_sums(x, missing, g, n_groups))

    if workers > 1 and n_dims > 1:
        with ThreadPoolExecutor(max_workers=min(workers, n_dims)) as pool:
            done = list(pool.map(one_dimension, range(n_dims)))
    else:
        done = [one_dimension(d) for d in range(n_dims)]
    group_n = np.bincount(g, minlength=n_groups)[:n_groups].astype(np.int64)
    return ScoreArrays(
        respondents=RespondentScores(lay.dimension_ids, scores, answered_count),
        group=g,
        n_groups=n_groups,
        group_n=group_n,
        descriptives={dim.id: desc for dim, (desc, _) in zip(lay.dimensions, done, strict=True)},
        alpha={dim.id: alpha for dim, (_, alpha) in zip(lay.dimensions, done, strict=True)},
    )
