"""A dialogue session's votes in, its group result out: per factor the spread of "now" and "wanted", the
medians, the group's median gap and how divided the group is; the factors ranked. Pure numpy.

The session's anonymity rules live here (and only here; the survey's are in ``anonymity.py``):

D1. Nothing is shown before :data:`MIN_VOTERS` (3) participants voted: not a median, not a count per answer.
    A factor fewer than 3 people rated is shown as "niet te berekenen" with the reason.
D2. Never one person's pair: "now" and "wanted" are shown as two separate counts per answer (marginals), never
    as pairs, and the gap is the median of the group's gaps, never one person's.
D3. Remarks are shown without who wrote them and without their ratings, sorted (not in the order written),
    and only after the reveal (the caller decides when; :func:`remarks` only orders them).

Definitions (said in plain words on the page):

- **median**: the middle answer when all answers are put in order (for an even number: halfway between
  the two middle ones), ``numpy.median``.
- **gap**: per person "wanted minus now"; the group's gap is the median of those gaps.
- **divided**: the interquartile range (IQR) of "now": how far apart the middle half of the group's answers
  lie (the 75th minus the 25th percentile, ``numpy.percentile`` with linear interpolation, as R's type 7).
  0 means the middle half gave the same answer; 2 or more on a 1–5 scale means the group sees it differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

#: D1: the fewest participants a session (and a factor) is revealed with.
MIN_VOTERS = 3
#: The answers of both questions (``questionnaires.dialogue.SCALE``).
SCALE_MIN, SCALE_MAX = 1, 5

RankBy = Literal["gap", "divided"]


@dataclass(frozen=True)
class Vote:
    """One participant's rating of one factor (as stored; never shown)."""

    participant: str
    factor_id: str
    now: int
    wanted: int


@dataclass(frozen=True)
class FactorResult:
    """The group's result on one factor (D1, D2 applied: marginal counts and medians only)."""

    factor_id: str
    n: int
    #: How many chose 1, 2, 3, 4, 5 for "now", and for "wanted".
    now_counts: tuple[int, ...]
    wanted_counts: tuple[int, ...]
    now_median: float
    wanted_median: float
    #: Median of each person's "wanted minus now".
    gap: float
    #: Interquartile range of "now".
    divided: float


@dataclass(frozen=True)
class NotShown:
    """A factor without a result, and why (D1)."""

    factor_id: str
    n: int
    reason: str


@dataclass(frozen=True)
class SessionResult:
    """A session's result: the number of participants, and per factor (in the instrument's order) its
    result or why it has none. ``shown`` is False before :data:`MIN_VOTERS` participants (then every factor
    is :class:`NotShown`)."""

    participants: int
    factors: tuple[FactorResult | NotShown, ...]

    @property
    def shown(self) -> bool:
        return self.participants >= MIN_VOTERS

    def ranked(self, by: RankBy = "gap") -> list[FactorResult]:
        """The shown factors, largest gap (or most divided) first; ties keep the instrument's order."""
        results = [f for f in self.factors if isinstance(f, FactorResult)]
        key = (lambda f: -f.gap) if by == "gap" else (lambda f: -f.divided)
        return sorted(results, key=key)  # sorted() is stable: ties keep the order


def _counts(values: npt.NDArray[np.int64]) -> tuple[int, ...]:
    counts = np.bincount(values - SCALE_MIN, minlength=SCALE_MAX - SCALE_MIN + 1)
    return tuple(int(c) for c in counts)


def factor_result(factor_id: str, now: Sequence[int], wanted: Sequence[int]) -> FactorResult | NotShown:
    """The group's result on one factor from its participants' ratings (``now[i]`` and ``wanted[i]`` are
    participant i's); :class:`NotShown` below :data:`MIN_VOTERS` ratings (D1)."""
    n = len(now)
    if n != len(wanted):
        raise ValueError("now and wanted need one rating per participant each")
    if n < MIN_VOTERS:
        return NotShown(factor_id, n, f"fewer than {MIN_VOTERS} ratings")
    a = np.asarray(now, dtype=np.int64)
    b = np.asarray(wanted, dtype=np.int64)
    if a.min() < SCALE_MIN or a.max() > SCALE_MAX or b.min() < SCALE_MIN or b.max() > SCALE_MAX:
        raise ValueError(f"ratings lie on {SCALE_MIN}..{SCALE_MAX}")
    q1, q3 = np.percentile(a, [25, 75])
    return FactorResult(
        factor_id=factor_id,
        n=n,
        now_counts=_counts(a),
        wanted_counts=_counts(b),
        now_median=float(np.median(a)),
        wanted_median=float(np.median(b)),
        gap=float(np.median(b - a)),
        divided=float(q3 - q1),
    )


def session_result(factor_ids: Sequence[str], votes: Sequence[Vote]) -> SessionResult:
    """The session's result over the instrument's factors ``factor_ids``; votes on other factors are ignored
    (a definition that changed), a participant counts when they rated at least one factor."""
    known = set(factor_ids)
    participants = len({v.participant for v in votes if v.factor_id in known})
    by_factor: dict[str, tuple[list[int], list[int]]] = {f: ([], []) for f in factor_ids}
    for vote in votes:
        if vote.factor_id in by_factor:
            by_factor[vote.factor_id][0].append(vote.now)
            by_factor[vote.factor_id][1].append(vote.wanted)
    if participants < MIN_VOTERS:
        reason = f"fewer than {MIN_VOTERS} participants"
        return SessionResult(participants, tuple(NotShown(f, len(by_factor[f][0]), reason) for f in factor_ids))
    return SessionResult(participants, tuple(factor_result(f, *by_factor[f]) for f in factor_ids))


def remarks(texts: Sequence[str], participants: int) -> tuple[str, ...]:
    """The remarks that may be shown (D3): none below :data:`MIN_VOTERS` participants; otherwise the
    non-empty ones, stripped and sorted, so their order says nothing about who wrote them."""
    if participants < MIN_VOTERS:
        return ()
    return tuple(sorted(t.strip() for t in texts if t.strip()))
