"""The answers matrix, reverse keying and respondent dimension scores.

The scoring engine works on one role at a time. An answers matrix has one row per respondent and one
column per scored item **in the order of** ``questionnaire.items_for(role)``; :class:`Layout` records that
order together with what scoring needs to know about each column (its dimension, its scale's bounds, whether
it is reverse-worded and which non-substantive options its scale has).

:class:`Answers` holds two arrays of the same shape:

* ``values`` (float64): the answer as given on the scale, *not* reversed; ``NaN`` when the respondent left
  the item blank or chose a non-substantive option ("weet ik niet").
* ``codes`` (int8): ``-1`` for a substantive answer or a blank, otherwise the index of the chosen
  non-substantive option in that item's ``scale.non_substantive`` tuple. Non-substantive answers are
  missing for every statistic; the codes exist only so that their rate per item can be reported.

Both are kept column-major (Fortran order: one item's answers contiguous), the order in which the engine
reads them; :class:`Answers` copies other input into that order once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from questionnaires.model import Questionnaire, Role, Scale

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
#: Counts of answered items per respondent (a dimension has far fewer than 32,768 items).
CountArray = npt.NDArray[np.int16]
BoolArray = npt.NDArray[np.bool_]
CodeArray = npt.NDArray[np.int8]

#: Code in :attr:`Answers.codes` for "no non-substantive option chosen" (a scale point or a blank).
NO_CODE = -1


class ScoringError(ValueError):
    """Input the scoring engine cannot use: a matrix of the wrong shape, a value off the scale, etc."""


@dataclass(frozen=True, eq=False)
class DimensionLayout:
    """One dimension as the given role answers it."""

    id: str
    #: Column positions (into the answers matrix) of this dimension's items.
    columns: IntArray
    scale: Scale

    @property
    def k(self) -> int:
        """Number of items."""
        return int(self.columns.size)


@dataclass(frozen=True, eq=False)
class Layout:
    """What every column of an answers matrix for ``role`` means."""

    role: Role
    item_ids: tuple[str, ...]
    #: Per column: the scale of the item.
    scales: tuple[Scale, ...]
    #: Per column: True when the item is reverse-worded.
    reverse: BoolArray
    #: Dimensions that have at least one item for this role, in definition order.
    dimensions: tuple[DimensionLayout, ...]
    min_answered_share: float

    @property
    def k(self) -> int:
        return len(self.item_ids)

    @property
    def dimension_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.dimensions)

    def dimension(self, dimension_id: str) -> DimensionLayout:
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(dimension_id)

    def column(self, item_id: str) -> int:
        return self.item_ids.index(item_id)


def layout(questionnaire: Questionnaire, role: Role) -> Layout:
    """The column layout of an answers matrix for ``role``.

    Every item of one dimension must use scales with the same bounds and the same ``favourable_from``:
    a dimension score averages its items, which only means something on one scale.
    """
    items = questionnaire.items_for(role)
    if not items:
        raise ScoringError(f"questionnaire {questionnaire.key} has no items for role {role!r}")
    scales = tuple(questionnaire.scales[item.scale] for item in items)
    dims: list[DimensionLayout] = []
    for dim in questionnaire.dimensions:
        cols = [i for i, item in enumerate(items) if item.dimension == dim.id]
        if not cols:
            continue
        first = scales[cols[0]]
        for c in cols[1:]:
            other = scales[c]
            if (other.min, other.max, other.favourable_from) != (first.min, first.max, first.favourable_from):
                raise ScoringError(
                    f"dimension {dim.id!r} mixes scales {first.id!r} and {other.id!r} with different bounds "
                    "or favourable_from; a dimension score needs one scale"
                )
        dims.append(DimensionLayout(dim.id, np.asarray(cols, dtype=np.int64), first))
    return Layout(
        role=role,
        item_ids=tuple(item.id for item in items),
        scales=scales,
        reverse=np.asarray([item.reverse for item in items], dtype=np.bool_),
        dimensions=tuple(dims),
        min_answered_share=questionnaire.scoring.min_answered_share,
    )


@dataclass(frozen=True, eq=False)
class Answers:
    """Answers of ``n`` respondents to ``k`` items (see the module docstring for the two arrays).

    Both arrays are stored column-major (Fortran order); other input is copied into that order once.
    """

    values: FloatArray
    codes: CodeArray

    def __post_init__(self) -> None:
        if self.values.ndim != 2:
            raise ScoringError(f"the answers matrix must have 2 dimensions, not {self.values.ndim}")
        if self.values.dtype != np.float64:
            raise ScoringError(f"the answers matrix must hold float64, not {self.values.dtype}")
        if self.codes.shape != self.values.shape:
            raise ScoringError(f"codes {self.codes.shape} and values {self.values.shape} differ in shape")
        if self.codes.dtype != np.int8:
            raise ScoringError(f"codes must be int8, not {self.codes.dtype}")
        # The engine reads one item at a time: keep both arrays column-major (a copy only if they are not).
        if not self.values.flags.f_contiguous:
            object.__setattr__(self, "values", np.asfortranarray(self.values))
        if not self.codes.flags.f_contiguous:
            object.__setattr__(self, "codes", np.asfortranarray(self.codes))

    @classmethod
    def from_values(cls, values: npt.ArrayLike, codes: npt.ArrayLike | None = None, k: int | None = None) -> Answers:
        """Build from anything array-like; ``codes`` defaults to "no non-substantive answers".

        The arrays are stored column-major (one item's answers contiguous), the layout the engine reads
        fastest. ``k`` gives the number of columns for an empty (zero-respondent) input such as ``[]``.
        """
        arr = np.array(values, dtype=np.float64, order="F")
        if arr.size == 0 and k is not None:
            arr = arr.reshape(0, k, order="F")
        code_arr = (
            np.full(arr.shape, NO_CODE, dtype=np.int8, order="F")
            if codes is None
            else np.asfortranarray(np.asarray(codes, dtype=np.int8).reshape(arr.shape))
        )
        return cls(arr, code_arr)

    @property
    def n(self) -> int:
        """Number of respondents."""
        return int(self.values.shape[0])

    def take(self, rows: npt.ArrayLike) -> Answers:
        """The answers of a subset of respondents (an index or boolean mask)."""
        index = np.asarray(rows)
        return Answers(np.asfortranarray(self.values[index]), np.asfortranarray(self.codes[index]))


def check_answers(lay: Layout, answers: Answers) -> None:
    """Raise :class:`ScoringError` unless ``answers`` fits ``lay``: shape, scale points, codes."""
    if answers.values.shape[1] != lay.k:
        raise ScoringError(
            f"the answers matrix has {answers.values.shape[1]} columns; role {lay.role!r} has {lay.k} items "
            f"({', '.join(lay.item_ids)})"
        )
    values, codes = answers.values, answers.codes
    for col, (item_id, scale) in enumerate(zip(lay.item_ids, lay.scales, strict=True)):
        v = values[:, col]
        answered = ~np.isnan(v)
        bad = answered & ~((v >= scale.min) & (v <= scale.max) & (v == np.floor(v)))
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ScoringError(
                f"respondent {row}, item {item_id!r}: {float(v[row])!r} is not a point of scale {scale.id!r} "
                f"({scale.min}..{scale.max})"
            )
        c = codes[:, col]
        bad = (c < NO_CODE) | (c >= len(scale.non_substantive)) | ((c != NO_CODE) & answered)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ScoringError(
                f"respondent {row}, item {item_id!r}: non-substantive code {int(c[row])} is invalid "
                f"(scale {scale.id!r} has {len(scale.non_substantive)} non-substantive option(s); "
                "a coded answer must have value NaN)"
            )


def keyed_block(lay: Layout, values: FloatArray, dim: DimensionLayout, out: FloatArray | None = None) -> FloatArray:
    """The items of one dimension as a ``(k, n)`` array (items first, C-contiguous), reverse-keyed.

    A reverse-worded item becomes ``scale.min + scale.max - x`` on the scale's own bounds, never on the
    observed range. ``NaN`` stays ``NaN``. ``out`` (shape ``(k, n)``) is filled instead of a new array.
    (The engine's fast path, :mod:`scoring.grouped`, does the same in one pass with the shift included.)
    """
    if out is None:
        out = np.empty((dim.k, values.shape[0]))
    np.take(values.T, dim.columns, axis=0, out=out, mode="clip")
    lo_hi = float(dim.scale.min + dim.scale.max)
    for row, col in enumerate(dim.columns):
        if lay.reverse[col]:
            np.subtract(lo_hi, out[row], out=out[row])
    return out


def min_items(k: int, share: float) -> int:
    """The least number of answered items out of ``k`` that gives a dimension score (at least 1)."""
    return max(1, math.ceil(share * k - 1e-9))


@dataclass(frozen=True, eq=False)
class RespondentScores:
    """Per respondent and dimension: the score (``NaN`` when too few items were answered) and the count."""

    dimension_ids: tuple[str, ...]
    #: ``(n, D)`` mean of the answered (reverse-keyed) items, or NaN.
    scores: FloatArray
    #: ``(n, D)`` number of the dimension's items answered on the scale.
    answered: CountArray

    def column(self, dimension_id: str) -> FloatArray:
        return self.scores[:, self.dimension_ids.index(dimension_id)]


def dimension_score(block: FloatArray, share: float) -> tuple[FloatArray, CountArray]:
    """Score one dimension from its keyed ``(k, n)`` block: mean of answered items, count answered."""
    k = block.shape[0]
    mask = ~np.isnan(block)
    count = mask.sum(axis=0)
    total = np.where(mask, block, 0.0).sum(axis=0)
    enough = count >= min_items(k, share)
    score = np.full(count.shape, np.nan)
    np.divide(total, count, out=score, where=enough)
    return score, count.astype(np.int16)


def respondent_scores(lay: Layout, answers: Answers) -> RespondentScores:
    """Every respondent's score on every dimension of the layout (reverse keying included)."""
    n = answers.n
    scores = np.empty((n, len(lay.dimensions)), order="F")
    answered = np.empty((n, len(lay.dimensions)), dtype=np.int16, order="F")
    for d, dim in enumerate(lay.dimensions):
        scores[:, d], answered[:, d] = dimension_score(keyed_block(lay, answers.values, dim), lay.min_answered_share)
    return RespondentScores(lay.dimension_ids, scores, answered)
