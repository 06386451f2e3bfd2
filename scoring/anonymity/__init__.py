"""Anonymity rules: who may see which numbers. This package is the only place these rules live.

Reports, web pages and exports must not apply thresholds of their own; they call these functions (the
scoring results already come back with the rules applied). Callers import this façade (``from scoring import
anonymity``); each rule lives in the module named after it:

==========================  ==========================================================================
module                      rules
==========================  ==========================================================================
:mod:`.thresholds`          1 group threshold, 2 comparisons, 5 statistics, 6 managers (and the levels)
:mod:`.comments`            4 open comments
:mod:`.breakdowns`          1-3 breakdowns with complementary suppression, also of comparisons
:mod:`.pairs`               7 linked respondents and the programme's reference
:mod:`.releases`            8 releases (anonymity over time)
:mod:`.combinations`        9 exports (k-anonymity over the background columns)
:mod:`.linked_tables`       10 linked tables (the programme report beside the company pages)
==========================  ==========================================================================

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

from .breakdowns import suppress_breakdown, suppress_comparison_breakdown
from .combinations import suppress_combinations
from .comments import COMMENTS_MIN, comments_allowed, comments_min, visible_comments
from .linked_tables import REASON_LINKED, suppress_linked_breakdown
from .pairs import REFERENCE_MIN_COMPANIES, paired_suppression, reference_companies, reliable_change_shown
from .releases import release_allowed
from .thresholds import (
    DEFAULT_THRESHOLD,
    FULL,
    INDICATIVE,
    MANAGER_MIN,
    MANAGER_PEERS_MIN,
    REASON_COMPLEMENTARY,
    REASON_TOO_FEW,
    STATISTICS_MIN,
    SUPPRESSED,
    Level,
    comparison_level,
    gap_shown,
    group_shown,
    level,
    limit_for,
    manager_shown,
    shows_statistics,
    statistics_min,
    threshold,
)

__all__ = [
    "COMMENTS_MIN",
    "DEFAULT_THRESHOLD",
    "FULL",
    "INDICATIVE",
    "MANAGER_MIN",
    "MANAGER_PEERS_MIN",
    "REASON_COMPLEMENTARY",
    "REASON_LINKED",
    "REASON_TOO_FEW",
    "REFERENCE_MIN_COMPANIES",
    "STATISTICS_MIN",
    "SUPPRESSED",
    "Level",
    "comments_allowed",
    "comments_min",
    "comparison_level",
    "gap_shown",
    "group_shown",
    "level",
    "limit_for",
    "manager_shown",
    "paired_suppression",
    "reference_companies",
    "release_allowed",
    "reliable_change_shown",
    "shows_statistics",
    "statistics_min",
    "suppress_breakdown",
    "suppress_combinations",
    "suppress_comparison_breakdown",
    "suppress_linked_breakdown",
    "threshold",
    "visible_comments",
]
