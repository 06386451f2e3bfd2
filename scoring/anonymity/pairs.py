"""Rule 7 of :mod:`scoring.anonymity`: linked respondents (the paired analysis of those who linked both
waves): when a paired result, its statistics and its reliable-change counts may be shown, and whose baselines
may enter the programme's reference.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .thresholds import DEFAULT_THRESHOLD, REASON_COMPLEMENTARY, REASON_TOO_FEW, level, shows_statistics

#: The programme's reference for reliable change pools the baselines of at least this many companies (rule 7).
REFERENCE_MIN_COMPANIES = 3


def paired_suppression(n_pairs: int, n_baseline: int, n_endline: int, limit: int = DEFAULT_THRESHOLD) -> str | None:
    """Rule 7: why a paired result of ``n_pairs`` must be hidden (:data:`REASON_TOO_FEW` or
    :data:`REASON_COMPLEMENTARY`), or None when it may be shown.

    ``n_baseline`` and ``n_endline`` are the respondents of each wave whose result is shown (for a
    dimension: those with a score on it); the ``n_pairs`` are among them.
    """
    if not 0 <= n_pairs <= min(n_baseline, n_endline):
        raise ValueError(f"{n_pairs} pairs cannot come from waves of {n_baseline} and {n_endline}")
    if n_pairs < limit:
        return REASON_TOO_FEW
    unpaired = (n_baseline - n_pairs) + (n_endline - n_pairs)
    if 0 < unpaired < limit:
        return REASON_COMPLEMENTARY
    return None


def reliable_change_shown(n_pairs: int, limit: int = DEFAULT_THRESHOLD) -> bool:
    """Rule 7 (with rule 5): may the counts of reliably improved / unchanged / deteriorated respondents of
    ``n_pairs`` pairs be shown? Only from :data:`STATISTICS_MIN` pairs."""
    return shows_statistics(level(n_pairs, limit))


def reference_companies(n_per_company: npt.ArrayLike, limit: int = DEFAULT_THRESHOLD) -> npt.NDArray[np.bool_]:
    """Rule 7: whose baseline scores may enter the programme's reference for reliable change: the companies
    shown (rule 1), and none while fewer than :data:`REFERENCE_MIN_COMPANIES` are."""
    shown = np.asarray(n_per_company, dtype=np.int64) >= limit
    return shown if int(shown.sum()) >= REFERENCE_MIN_COMPANIES else np.zeros_like(shown)
