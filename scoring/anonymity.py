"""Anonymity rules: who may see which numbers. This module is the only place these rules live.

Reports, web pages and exports must not apply thresholds of their own; they call these functions (the
scoring results already come back with the rules applied).

1. **Group threshold** (default 5, from ``questionnaire.scoring.anonymity_threshold``): a group with fewer
   respondents than the threshold is *suppressed*: its result carries no numbers at all. Counted per wave.
   Within a shown group the same holds for a dimension with fewer scores, and an item's answer counts
   are hidden when fewer answered it on the scale.
2. **Comparisons** need the threshold in *both* waves.
3. **Complementary suppression** in a breakdown (departments, companies): when the hidden groups together
   hold 1 up to ``threshold - 1`` respondents, the smallest group still shown is hidden too, and again,
   until the hidden respondents number 0 or at least the threshold. Otherwise a reader could subtract the
   shown groups from the total and find the hidden ones. If this hides every group, the breakdown shows
   no group at all (only the total, which follows rule 1 on its own). Applied to groups, then per
   dimension and per item (starting from what is hidden already), and to the development-plan KPI.
4. **Open comments** only from :data:`COMMENTS_MIN` (10) respondents in the group.
5. **Statistics that need more data** (alpha, confidence intervals, tests) only from :data:`STATISTICS_MIN`
   (10) per wave; from the threshold to 9, descriptives only (n, mean, SD, % favourable, effect sizes),
   labelled *indicative*.
6. **Managers**: the manager group of a company is usually 1 to 3 people who answer as the company's
   management, not anonymously towards it. Manager results are shown from :data:`MANAGER_MIN` (1). A
   manager-employee gap is shown only when the employee side is shown (rule 1 for the employees).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from questionnaires.model import Questionnaire

#: Used when a questionnaire does not set ``scoring.anonymity_threshold``.
DEFAULT_THRESHOLD = 5
#: Open comments of a group are shown only from this many respondents.
COMMENTS_MIN = 10
#: Alpha, confidence intervals and tests only from this many respondents per wave.
STATISTICS_MIN = 10
#: Manager results are shown from this many managers (see rule 6).
MANAGER_MIN = 1

Level = Literal["suppressed", "indicative", "full"]
SUPPRESSED: Level = "suppressed"
INDICATIVE: Level = "indicative"
FULL: Level = "full"

#: Reasons given with a suppressed result.
REASON_TOO_FEW = "too_few_respondents"
REASON_COMPLEMENTARY = "complementary_suppression"


def threshold(questionnaire: Questionnaire | None = None) -> int:
    """The group threshold of ``questionnaire`` (rule 1), or the default."""
    if questionnaire is None:
        return DEFAULT_THRESHOLD
    return int(questionnaire.scoring.anonymity_threshold)


def limit_for(questionnaire: Questionnaire | None, role: str) -> int:
    """The group threshold for results of ``role``: the questionnaire's threshold for employees,
    :data:`MANAGER_MIN` for managers (rule 6)."""
    return MANAGER_MIN if role == "manager" else threshold(questionnaire)


def statistics_min(limit: int) -> int:
    """The n from which intervals, alpha and tests are given: 10, or the threshold if that is higher."""
    return max(STATISTICS_MIN, limit)


def level(n: int, limit: int = DEFAULT_THRESHOLD) -> Level:
    """What may be shown of a group of ``n``: nothing, descriptives (indicative) or everything."""
    if n < limit:
        return SUPPRESSED
    if n < statistics_min(limit):
        return INDICATIVE
    return FULL


def comparison_level(n_baseline: int, n_endline: int, limit: int = DEFAULT_THRESHOLD) -> Level:
    """Rule 2 and 5 for two waves: the weaker of the two waves' levels."""
    return level(min(n_baseline, n_endline), limit)


def shows_statistics(lvl: Level) -> bool:
    """True when intervals, alpha and tests may be shown."""
    return lvl == FULL


def comments_allowed(n_respondents: int) -> bool:
    """Rule 4: may the open comments of a group of ``n_respondents`` be shown?"""
    return n_respondents >= COMMENTS_MIN


def visible_comments(comments: Sequence[str | None], n_respondents: int) -> list[str] | None:
    """The non-empty comments of a group, sorted (so their order does not follow the responses), or None
    when rule 4 hides them."""
    if not comments_allowed(n_respondents):
        return None
    return sorted(c.strip() for c in comments if c is not None and c.strip())


def manager_shown(n_managers: int) -> bool:
    """Rule 6: may the manager results be shown?"""
    return n_managers >= MANAGER_MIN


def gap_shown(n_employees: int, n_managers: int, limit: int = DEFAULT_THRESHOLD) -> bool:
    """Rule 6: a manager-employee gap needs the employee side shown and at least one manager."""
    return n_employees >= limit and manager_shown(n_managers)


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
