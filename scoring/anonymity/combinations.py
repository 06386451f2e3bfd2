"""Rule 9 of :mod:`scoring.anonymity`: exports are k-anonymous over their background columns jointly
(:func:`suppress_combinations`, local suppression; rule 3 per column follows from it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .thresholds import DEFAULT_THRESHOLD


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
