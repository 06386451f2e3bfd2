"""Rule 10 of :mod:`scoring.anonymity`: linked tables. The programme report's regions and total beside the
company pages protect only the respondents shown on no page, and are hidden while those could be found by
subtraction (:func:`suppress_linked_breakdown`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .thresholds import DEFAULT_THRESHOLD

REASON_LINKED = "protects_a_part_shown_on_no_page"


def suppress_linked_breakdown(
    private: npt.ArrayLike, limit: int = DEFAULT_THRESHOLD, hidden: npt.ArrayLike | None = None
) -> tuple[npt.NDArray[np.bool_], bool]:
    """Rule 10 for a breakdown whose parts are public elsewhere (the programme's regions and total, beside
    the company pages): which groups to hide (True = hidden), and whether the total must be hidden too.

    ``private`` holds, per group, the respondents of its parts that no other output shows (companies
    below the threshold on their own page), of shape ``(groups,)`` for one table, or ``(waves, groups)``
    for a table of comparisons, where a group (or the total) hidden in one wave is hidden in all.
    ``hidden`` marks groups hidden already (rules 1 to 3 on the groups' own counts). Groups with 1 to
    ``limit - 1`` private respondents are hidden, and the total with as few; then, in each wave where
    the total is shown and the hidden groups hold 1 to ``limit - 1`` private respondents, the shown group
    with the fewest private respondents above 0 (the first on a tie) is hidden too, or the total when
    there is none, until nothing changes. Groups without private respondents are never hidden by this.
    """
    counts = np.asarray(private, dtype=np.int64)
    if counts.ndim == 1:
        counts = counts[np.newaxis, :]
    if counts.ndim != 2:
        raise ValueError(f"private counts must be (groups,) or (waves, groups), not {counts.shape}")
    if (counts < 0).any():
        raise ValueError("private counts cannot be negative")
    small = (counts > 0) & (counts < limit)
    out: npt.NDArray[np.bool_] = np.asarray(small.any(axis=0), dtype=np.bool_)
    if hidden is not None:
        out |= np.asarray(hidden, dtype=np.bool_)
    sums = counts.sum(axis=1)
    total_hidden = bool(((sums > 0) & (sums < limit)).any())
    while not total_hidden:
        changed = False
        for row in counts:
            mass = int(row[out].sum())
            if not 0 < mass < limit:
                continue
            candidates = np.flatnonzero(~out & (row > 0))
            if candidates.size == 0:
                total_hidden = True
                break
            out[candidates[np.argmin(row[candidates])]] = True
            changed = True
        if not changed:
            break
    return out, total_hidden
