"""The programme KPI: how many employees have a development plan (ontwikkelplan), and work on it.

The development-plan question has the option codes ``none``, ``making``, ``not_started`` and ``working``
(:data:`questionnaires.model.DEVELOPMENT_PLAN_CODES`). Of the employees who answered it:

* *with a plan*: ``not_started`` or ``working`` (:data:`~questionnaires.model.DEVELOPMENT_PLAN_HAS_PLAN`);
  a plan that is still being made (``making``) does not count yet;
* *working on it*: ``working``.

Both are percentages of those who answered the question (``n``); a blank is not counted. The programme's
target is that at least half has a plan (:data:`TARGET_WITH_PLAN`). The group threshold applies to ``n``.
From 10 answers a Wilson 95 % interval is given (Wilson 1927).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from scipy import stats

from questionnaires.model import DEVELOPMENT_PLAN_CODES, DEVELOPMENT_PLAN_HAS_PLAN, DEVELOPMENT_PLAN_WORKING

from . import anonymity
from .matrix import ScoringError
from .results import Interval, PlanKpi, SuppressedPlanKpi

#: The programme target: at least this percentage of employees has a development plan.
TARGET_WITH_PLAN = 50.0


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> Interval | None:
    """Wilson's score interval for a proportion, in percent; None for ``n = 0``."""
    if n <= 0:
        return None
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return Interval(100.0 * max(0.0, centre - half), 100.0 * min(1.0, centre + half))


def count_answers(answers: Sequence[str | None]) -> dict[str, int]:
    """How many respondents chose each development-plan option; None and "" are no answer.

    An unknown code raises ScoringError: the CSV reader and the web form only let known codes through.
    """
    counts = dict.fromkeys(DEVELOPMENT_PLAN_CODES, 0)
    for answer in answers:
        if answer is None or answer == "":
            continue
        if answer not in counts:
            raise ScoringError(f"{answer!r} is not a development-plan option ({', '.join(DEVELOPMENT_PLAN_CODES)})")
        counts[answer] += 1
    return counts


def plan_kpi(
    counts: Mapping[str, int], limit: int = anonymity.DEFAULT_THRESHOLD, hidden: bool = False
) -> PlanKpi | SuppressedPlanKpi:
    """The KPI from the counts per option code. ``hidden`` marks a group that complementary suppression
    hides although it reaches the threshold itself."""
    full_counts = {code: int(counts.get(code, 0)) for code in DEVELOPMENT_PLAN_CODES}
    n = sum(full_counts.values())
    lvl = anonymity.level(n, limit)
    if lvl == anonymity.SUPPRESSED:
        return SuppressedPlanKpi(n=n, reason=anonymity.REASON_TOO_FEW)
    if hidden:
        return SuppressedPlanKpi(n=n, reason=anonymity.REASON_COMPLEMENTARY)
    with_plan = sum(full_counts[c] for c in DEVELOPMENT_PLAN_HAS_PLAN)
    working = full_counts[DEVELOPMENT_PLAN_WORKING]
    full = anonymity.shows_statistics(lvl)
    return PlanKpi(
        n=n,
        level=lvl,
        with_plan=100.0 * with_plan / n,
        working=100.0 * working / n,
        with_plan_ci95=wilson_interval(with_plan, n) if full else None,
        working_ci95=wilson_interval(working, n) if full else None,
        counts=full_counts,
        target=TARGET_WITH_PLAN,
        meets_target=100.0 * with_plan / n >= TARGET_WITH_PLAN,
    )


def development_plan(
    answers: Sequence[str | None], limit: int = anonymity.DEFAULT_THRESHOLD
) -> PlanKpi | SuppressedPlanKpi:
    """The KPI from one answer per respondent (an option code, or None/"" for no answer)."""
    return plan_kpi(count_answers(answers), limit)
