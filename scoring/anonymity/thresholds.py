"""Rules 1, 2, 5 and 6 of :mod:`scoring.anonymity`: the group threshold and who is counted against it (a
group shown or not, one wave or a comparison of two), when statistics beyond descriptives may be given, and
the managers' limits (to the coach and the lead, and among the company's own managers).
"""

from __future__ import annotations

from typing import Literal

from questionnaires.model import Questionnaire

#: Used when a questionnaire does not set ``scoring.anonymity_threshold``.
DEFAULT_THRESHOLD = 5
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


def manager_shown(n_managers: int, among_managers: bool = False) -> bool:
    """Rule 6: may the manager results be shown (to the company's own managers: ``among_managers``)?"""
    return n_managers >= limit_for(None, "manager", among_managers)


def gap_shown(n_employees: int, n_managers: int, limit: int = DEFAULT_THRESHOLD, among_managers: bool = False) -> bool:
    """Rule 6: a manager-employee gap needs the employee side shown and the manager side shown."""
    return n_employees >= limit and manager_shown(n_managers, among_managers)


def group_shown(n: int, limit: int = DEFAULT_THRESHOLD) -> bool:
    """Rule 1: may anything of a group of ``n`` respondents be shown, or its answers be exported? ``limit``
    is :func:`limit_for` the group's role (1 for managers, rule 6)."""
    return n >= limit
