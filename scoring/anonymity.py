"""Anonymity rules: who may see which numbers. This module is the only place these rules live.

Reports, web pages and exports must not apply thresholds of their own; they call these functions (the
scoring results already come back with the rules applied).

1. **Group threshold** (default 5, from ``questionnaire.scoring.anonymity_threshold``): a group with fewer
   respondents than the threshold is *suppressed*: its result carries no numbers at all. Counted per wave.
   Within a shown group the same holds for a dimension with fewer scores, and an item's answer counts
   are hidden when fewer answered it on the scale. An export leaves such a group out entirely.
2. **Comparisons** need the threshold in *both* waves.
3. **Complementary suppression** in a breakdown (departments, companies): when the hidden groups together
   hold 1 up to ``threshold - 1`` respondents, the smallest group still shown is hidden too, and again,
   until the hidden respondents number 0 or at least the threshold. Otherwise a reader could subtract the
   shown groups from the total and find the hidden ones. If this hides every group, the breakdown shows
   no group at all (only the total, which follows rule 1 on its own). Applied to groups, then per
   dimension and per item (starting from what is hidden already), and to the development-plan KPI.
   In an export, each respondent's category (the department of the invitation, the answer to a closed
   question) is a breakdown of the group: a category is given only where this rule would show it, and
   respondents without one form a group of their own in the count.
   In a breakdown of *comparisons* (companies within a region, regions within the programme) a group
   hidden in one wave is hidden in both, and the rule holds in each wave.
4. **Open comments** only from :data:`COMMENTS_MIN` (10) respondents in the group.
5. **Statistics that need more data** (alpha, confidence intervals, tests) only from :data:`STATISTICS_MIN`
   (10) per wave; from the threshold to 9, descriptives only (n, mean, SD, % favourable, effect sizes),
   labelled *indicative*.
6. **Managers**: the manager group of a company is usually 1 to 3 people who answer as the company's
   management, not anonymously towards it. Manager results are shown from :data:`MANAGER_MIN` (1) to the
   coach and the programme lead. *To the company's own managers* (``among_managers``) only from
   :data:`MANAGER_PEERS_MIN` (3): with two managers, one of them would compute the other's answers as
   ``2 * mean - own``; with three, two unknowns remain. A manager-employee gap is shown only when the
   employee side is shown (rule 1 for the employees) and the manager side too. Their open comments follow
   rule 4 like any group's.
7. **Linked respondents** (the paired analysis of those who linked both waves with their own code):
   a paired result needs the threshold of pairs (rule 1). The pairs are a subset of the waves whose own
   results are shown, so subtraction applies as in rule 3: ``n_e * mean_e - n_b * mean_b - n_pairs *
   mean_change`` is the end-line sum minus the baseline sum of the respondents *without* a pair. The
   paired result is therefore hidden too while those unpaired respondents of both waves together number
   1 to ``threshold - 1``. The interval of the mean change, the test and the counts of reliable change
   (a test per person, Jacobson & Truax) only from :data:`STATISTICS_MIN` pairs (rule 5).
8. **Releases** (anonymity over time): a threshold protects one look at the data, not two. Results come
   only from a wave's releases, never from the live set of responses, and a release may add responses
   to a group only in steps of at least the group's limit, unless the group was hidden as a whole until
   then (fewer than its limit released). Otherwise the difference between two releases would be one
   known person's answers (the tracker attack, Denning et al. 1979).
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
#: Manager results are shown to the company's own managers from this many managers (see rule 6).
MANAGER_PEERS_MIN = 3

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


def limit_for(questionnaire: Questionnaire | None, role: str, among_managers: bool = False) -> int:
    """The group threshold for results of ``role``: the questionnaire's threshold for employees;
    for managers :data:`MANAGER_MIN`, or :data:`MANAGER_PEERS_MIN` when the results are for the company's
    own managers (``among_managers``, rule 6)."""
    if role != "manager":
        return threshold(questionnaire)
    return MANAGER_PEERS_MIN if among_managers else MANAGER_MIN


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


def comments_min(limit: int = DEFAULT_THRESHOLD) -> int:
    """The n from which open comments are shown: 10, or the group threshold if that is higher."""
    return max(COMMENTS_MIN, limit)


def comments_allowed(n_respondents: int, limit: int = DEFAULT_THRESHOLD) -> bool:
    """Rule 4: may the open comments of a group of ``n_respondents`` be shown?"""
    return n_respondents >= comments_min(limit)


def visible_comments(
    comments: Sequence[str | None], n_respondents: int, limit: int = DEFAULT_THRESHOLD
) -> list[str] | None:
    """The non-empty comments of a group, or None when rule 4 hides them.

    Sorted alphabetically (ignoring case, then by code point, so the order is fixed), never in the order
    of the responses, which could tell who wrote what.
    """
    if not comments_allowed(n_respondents, limit):
        return None
    return sorted((c.strip() for c in comments if c is not None and c.strip()), key=lambda c: (c.casefold(), c))


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


def manager_shown(n_managers: int, among_managers: bool = False) -> bool:
    """Rule 6: may the manager results be shown (to the company's own managers: ``among_managers``)?"""
    return n_managers >= limit_for(None, "manager", among_managers)


def gap_shown(n_employees: int, n_managers: int, limit: int = DEFAULT_THRESHOLD, among_managers: bool = False) -> bool:
    """Rule 6: a manager-employee gap needs the employee side shown and the manager side shown."""
    return n_employees >= limit and manager_shown(n_managers, among_managers)


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


def group_shown(n: int, limit: int = DEFAULT_THRESHOLD) -> bool:
    """Rule 1: may anything of a group of ``n`` respondents be shown, or its answers be exported? ``limit``
    is :func:`limit_for` the group's role (1 for managers, rule 6)."""
    return n >= limit


def suppress_categories(categories: Sequence[str | None], limit: int = DEFAULT_THRESHOLD) -> npt.NDArray[np.bool_]:
    """Rule 3 for the categories of one group's respondents (a department, the answer to a closed question):
    per respondent, True where their category must be left out.

    The categories form a breakdown of the group, taken in sorted order, with the respondents without one
    (None or "") as a last group of their own; :func:`suppress_breakdown` decides which are hidden, so a rare
    category (the only one in care with over 10 years) cannot single someone out, not even by subtraction.
    A respondent without a category is True too: there is nothing to give.
    """
    keys = np.array(["" if c is None else c for c in categories], dtype=object)
    names, index = np.unique(keys, return_inverse=True)
    counts = np.bincount(index, minlength=names.size)
    blank = names.size > 0 and names[0] == ""
    # "" sorts first; the blank group goes last in the breakdown, after the categories.
    breakdown = np.concatenate([counts[1:], counts[:1]]) if blank else counts
    hidden = suppress_breakdown(breakdown, limit)
    hidden_by_name = np.concatenate([[True], hidden[:-1]]) if blank else hidden
    return np.asarray(hidden_by_name[index], dtype=np.bool_)


def release_allowed(new: npt.ArrayLike, released: npt.ArrayLike, limits: npt.ArrayLike) -> bool:
    """Rule 8: may a release add ``new`` responses per group, to groups that hold ``released`` responses
    from earlier releases, with each group's limit in ``limits``?

    Yes when every group gains none, or at least its limit, or held fewer than its limit until now (so
    that no earlier output showed a number for it). The first release of a wave is therefore always
    allowed; rules 1 to 7 decide what of it is shown.
    """
    n_new = np.asarray(new, dtype=np.int64)
    n_before = np.asarray(released, dtype=np.int64)
    limit = np.asarray(limits, dtype=np.int64)
    if not n_new.shape == n_before.shape == limit.shape:
        raise ValueError("new, released and limits need one value per group")
    return bool(np.all((n_new == 0) | (n_new >= limit) | (n_before < limit)))
