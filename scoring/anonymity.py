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
   Exports apply rule 9, which implies this rule per column.
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
   (a test per person, Jacobson & Truax) only from :data:`STATISTICS_MIN` pairs (rule 5). Their reference SD
   and alpha may pool the programme's released baselines, of companies shown there (rule 1) and only from
   :data:`REFERENCE_MIN_COMPANIES` (a reader who takes out their own company never has one other's left).
8. **Releases** (anonymity over time): a threshold protects one look at the data, not two. Results come
   only from a wave's releases, never from the live set of responses, and a release may add responses
   to a group only in steps of at least the group's limit, unless the group was hidden as a whole until
   then (fewer than its limit released). Otherwise the difference between two releases would be one
   known person's answers (the tracker attack, Denning et al. 1979).
9. **Exports** (k-anonymity over the background columns jointly, :func:`suppress_combinations`): per
   exported group, the background columns that are exported (department of the invitation, and the answer
   to every closed question: department, years employed, development plan) are taken together. An empty
   cell (no value, or a value left out) counts as a value of its own, "not given", and every combination
   of the cells a row shows is shown by at least the group's limit of rows; values are left out until it
   holds. Rule 3 per column follows from it. Rows come in random order, and an open wave is not exported.
10. **Linked tables** (the programme report beside the company pages): every value a company page shows
    (its group reaches the threshold, rule 1) is public to whoever reads the programme report, so only the
    respondents of the parts shown on *no* page (a company below the threshold in that wave, per dimension
    or plan question) are protected by a region or total: its *private* respondents. A region's result
    minus its public companies is the sum over its private ones, so a region is hidden while they number
    1 to ``threshold - 1`` (in any wave of a comparison); the total likewise; and the total minus the
    shown regions is the sum over the private respondents of the hidden regions, so rule 3 is applied to
    those: while they number 1 to ``threshold - 1`` the shown region with the fewest private respondents
    (above 0) is hidden too, and when there is none the total is hidden. Every combination of shown
    results then leaves 0 or at least ``threshold`` private respondents (:func:`suppress_linked_breakdown`).
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
#: The programme's reference for reliable change pools the baselines of at least this many companies (rule 7).
REFERENCE_MIN_COMPANIES = 3

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


def reference_companies(n_per_company: npt.ArrayLike, limit: int = DEFAULT_THRESHOLD) -> npt.NDArray[np.bool_]:
    """Rule 7: whose baseline scores may enter the programme's reference for reliable change: the companies
    shown (rule 1), and none while fewer than :data:`REFERENCE_MIN_COMPANIES` are."""
    shown = np.asarray(n_per_company, dtype=np.int64) >= limit
    return shown if int(shown.sum()) >= REFERENCE_MIN_COMPANIES else np.zeros_like(shown)


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


def suppress_combinations(
    rows: Sequence[Sequence[str | None]], limit: int = DEFAULT_THRESHOLD
) -> npt.NDArray[np.bool_]:
    """Rule 9: k-anonymity over a group's background columns jointly. ``rows`` holds, per respondent of one
    exported group, the values of the background columns (None or "" = no value), most useful column first.
    Returns a boolean array of shape (respondents, columns): True where the cell is left empty, because it
    had no value or because its value must be left out.

    **The property** (Sweeney 2002, k-anonymity; Hundepool et al. 2012, *Statistical Disclosure Control*, the
    chapter on microdata: local suppression): an empty cell counts as a value of its own, "not given", and
    afterwards every combination of cells that a row shows is shown by at least ``limit`` rows (or, when the
    group itself has fewer than ``limit``, every cell is empty). Per column, rule 3 follows: each shown value
    occurs at least ``limit`` times, and the empty cells number 0 or at least ``limit``. Hence no subtraction,
    not within a column and not between a row's columns: a reader who knows from elsewhere how many work in
    *kantoor* (the company page's breakdown) and counts fewer kantoor rows finds the missing ones among the
    rows with an empty department, at least ``limit`` of them; a reader who knows some of a person's values
    and looks for rows that agree with them wherever a row shows a value finds a union of whole combinations,
    each of at least ``limit`` rows. Rule 3's treatment of respondents without a category (a group of their
    own) is the same as treating "not given" as a value. What k-anonymity does not give: when the ``limit``
    rows of a combination gave the same answers, those answers are known for each of them (Machanavajjhala et
    al. 2007, l-diversity); the same holds for any shown group of ``limit`` in a report (rule 1).

    **The procedure**, greedy and deterministic (values are numbered per column in sorted order, and
    combinations are taken in that order), losing as few cells as it can find in two steps:

    1. While a combination that shows a value has fewer than ``limit`` rows, take the rarest (the first on a
       tie). For each column, consider the combination that is the same but empty in that column: the rare
       one joins it (leaving its value there out, if it shows one), and, as long as that is not enough,
       whole combinations that differ from it only by a value in that column join too, leaving that value
       out (the rare ones first, then the smallest). Choose the column that reaches ``limit`` leaving out the
       fewest cells; when none reaches it, the one whose merged combination grows largest by merging only
       rare ones. Ties: the value that is rarer in its column, then the later column (the caller lists the
       most useful first). Each step empties at least one cell, so this ends.
    2. Then the rows that show nothing form a combination too: when 1 to ``limit - 1`` rows show nothing, as
       many more rows are emptied entirely (complementary suppression as in rule 3), taken from the last rows
       of a combination that keeps ``limit`` without them, losing the fewest cells; when no combination can
       spare them, a whole combination (the one losing the fewest cells) is emptied and this repeats.

    Finding the fewest cells to leave out is NP-hard in general (Meyerson & Williams 2004); with four
    columns and a company's few dozen respondents this greedy is close, and the rule above holds whatever it
    chooses. The input order decides which rows of a combination are emptied in step 2; an export shuffles
    its rows afterwards.
    """
    n = len(rows)
    width = len(rows[0]) if n else 0
    if any(len(row) != width for row in rows):
        raise ValueError("every row needs the same number of background columns")
    codes = np.zeros((n, width), dtype=np.int64)
    for j in range(width):
        values = [row[j] or "" for row in rows]
        number = {value: k for k, value in enumerate(sorted(set(values) - {""}), start=1)}
        codes[:, j] = [number.get(value, 0) for value in values]
    if n == 0 or width == 0:
        return np.asarray(codes == 0, dtype=np.bool_)
    # Step 1: local suppression until every combination that shows a value has ``limit`` rows.
    while True:
        keys, inverse, counts = _combinations(codes)
        rare = (counts < limit) & keys.any(axis=1)
        if not rare.any():
            break
        rarest = int(np.flatnonzero(rare)[np.argmin(counts[rare])])
        column, merged = _best_column(codes, keys, counts, rarest, limit)
        codes[np.isin(inverse, merged), column] = 0
    # Step 2: the rows that show nothing are a combination too (rule 3's complementary suppression).
    while True:
        keys, inverse, counts = _combinations(codes)
        empty = ~keys.any(axis=1)
        n_empty = int(counts[empty].sum())
        if n_empty == 0 or n_empty >= limit or empty.all():
            return np.asarray(codes == 0, dtype=np.bool_)
        need = limit - n_empty
        shown = np.flatnonzero(~empty)
        cells = (keys[shown] != 0).sum(axis=1)
        spare = counts[shown] >= limit + need
        if spare.any():
            # the fewest cells lost; then the largest combination; then the first
            d = int(shown[spare][np.lexsort((-counts[shown][spare], cells[spare]))[0]])
            codes[np.flatnonzero(inverse == d)[-need:]] = 0
        else:
            d = int(shown[np.lexsort((counts[shown], cells * counts[shown]))[0]])
            codes[inverse == d] = 0


def _combinations(
    codes: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """The distinct rows of ``codes`` (sorted), each row's index among them, and their counts."""
    keys, inverse, counts = np.unique(codes, axis=0, return_inverse=True, return_counts=True)
    return keys, inverse.reshape(-1), counts


def _best_column(
    codes: npt.NDArray[np.int64],
    keys: npt.NDArray[np.int64],
    counts: npt.NDArray[np.intp],
    rarest: int,
    limit: int,
) -> tuple[int, list[int]]:
    """Step 1 of :func:`suppress_combinations` for one rare combination: the column to empty and the
    combinations (indices into ``keys``) whose rows have it emptied."""
    key = keys[rarest]
    best: tuple[tuple[int, int, int, int, int], int, list[int]] | None = None
    for j in range(key.size):
        others = np.ones(key.size, dtype=np.bool_)
        others[j] = False
        alike = (keys[:, others] == key[others]).all(axis=1)
        # the merged combination: ``key`` with column j empty; the rarest moves there if it shows a value in j
        size = int(counts[alike & (keys[:, j] == 0)].sum())
        merged, cost = ([rarest], int(counts[rarest])) if key[j] else ([], 0)
        size += cost
        candidates = np.flatnonzero(alike & (keys[:, j] != 0))
        candidates = candidates[candidates != rarest]
        # rare ones first (they must change anyway), then the smallest; the first on a tie
        candidates = candidates[np.lexsort((counts[candidates], counts[candidates] >= limit))]
        if size + int(counts[candidates].sum()) < limit:
            candidates = candidates[counts[candidates] < limit]  # cannot reach it: merge only what must change
        for c in candidates.tolist():
            if size >= limit:
                break
            merged.append(c)
            size += int(counts[c])
            cost += int(counts[c])
        if not merged:
            continue  # nothing would change
        reaches = size >= limit
        frequency = int((codes[:, j] == key[j]).sum()) if key[j] else 0
        score = (int(reaches), -cost if reaches else size, -cost, -frequency, j)
        if best is None or score > best[0]:
            best = (score, j, merged)
    assert best is not None  # the rarest combination shows a value, which can be left out
    return best[1], best[2]


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
