"""Rules 1 to 3 of :mod:`scoring.anonymity` for a breakdown (departments, companies, regions): groups below
the limit are hidden, and complementary suppression hides more until the hidden ones cannot be found by
subtraction; in a breakdown of comparisons, in both waves.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .thresholds import DEFAULT_THRESHOLD


def suppress_comparison_breakdown(
    n_baseline: npt.ArrayLike, n_endline: npt.ArrayLike, limit: int = DEFAULT_THRESHOLD
) -> npt.NDArray[np.bool_]:
    """Rules 2 and 3 for a breakdown shown as comparisons (baseline vs end-line per group): which groups to
    hide (True = hidden).

    ``n_baseline`` and ``n_endline`` are the respondents per group in each wave, of shape ``(groups,)``, or
    ``(groups, dimensions)`` where each column is a breakdown of its own (rule 3 per dimension). A group is
    shown only when it is shown in both waves, and in each wave the hidden groups together hold 0 or at
    least ``limit`` respondents: :func:`suppress_breakdown` on both waves, each starting from what is
    hidden, until nothing changes. The result can hide every group.
    """
    base = np.asarray(n_baseline, dtype=np.int64)
    end = np.asarray(n_endline, dtype=np.int64)
    if base.shape != end.shape or base.ndim not in (1, 2):
        raise ValueError(f"baseline counts {base.shape} and end-line counts {end.shape} must match, 1 or 2-D")
    if base.ndim == 2:
        out = np.zeros(base.shape, dtype=np.bool_)
        for column in range(base.shape[1]):
            out[:, column] = suppress_comparison_breakdown(base[:, column], end[:, column], limit)
        return out
    hidden = np.zeros(base.shape, dtype=np.bool_)
    while True:
        new = suppress_breakdown(base, limit, hidden) | suppress_breakdown(end, limit, hidden)
        if bool((new == hidden).all()):
            return hidden
        hidden = new


def suppress_breakdown(
    counts: npt.ArrayLike, limit: int = DEFAULT_THRESHOLD, hidden: npt.ArrayLike | None = None
) -> npt.NDArray[np.bool_]:
    """Rules 1 and 3 for a breakdown: which groups to hide (True = hidden).

    ``counts`` are the respondents per group; ``hidden`` marks groups hidden already for another reason
    (for a dimension: the group as a whole was hidden). Groups below ``limit`` are hidden; then, while the
    hidden groups together hold 1 to ``limit - 1`` respondents, the smallest shown group (the first one
    on a tie) is hidden too. The result can hide every group.
    """
    n = np.asarray(counts, dtype=np.int64)
    out = n < limit
    if hidden is not None:
        out |= np.asarray(hidden, dtype=np.bool_)
    while True:
        hidden_total = int(n[out].sum())
        if hidden_total == 0 or hidden_total >= limit or out.all():
            return out
        shown = np.flatnonzero(~out)
        out[shown[np.argmin(n[shown])]] = True
