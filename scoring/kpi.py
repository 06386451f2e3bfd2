"""The programme KPI: how many employees have a development plan (ontwikkelplan), and work on it.

The development-plan question has the option codes ``none``, ``making``, ``not_started`` and ``working``
(:data:`questionnaires.model.DEVELOPMENT_PLAN_CODES`). Of the employees who answered it:

* *with a plan*: ``not_started`` or ``working`` (:data:`~questionnaires.model.DEVELOPMENT_PLAN_HAS_PLAN`);
  a plan that is still being made (``making``) does not count yet;
* *working on it*: ``working``.

Both are percentages of those who answered the question (``n``); a blank is not counted. The programme's
target is that at least half has a plan (:data:`TARGET_WITH_PLAN`). The group threshold applies to ``n``.
From 10 answers a Wilson 95 % interval is given (Wilson 1927).

One counting (:func:`count_answers`, per group in one pass) and one way from answers to the KPI
(:func:`development_plan`: the whole sample, or one KPI per group with complementary suppression);
``engine.score`` and ``engine.compare`` use it. :func:`plan_kpi` is the formula for one group's counts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
from scipy import special

from questionnaires.model import DEVELOPMENT_PLAN_CODES, DEVELOPMENT_PLAN_HAS_PLAN, DEVELOPMENT_PLAN_WORKING

from . import anonymity
from .matrix import BoolArray, IntArray, ScoringError
from .results import Interval, PlanKpi, SuppressedPlanKpi

#: The programme target: at least this percentage of employees has a development plan.
TARGET_WITH_PLAN = 50.0


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> Interval | None:
    """Wilson's score interval for a proportion, in percent; None for ``n = 0``."""
    if n <= 0:
        return None
    z = float(special.ndtri(0.5 + confidence / 2.0))  # norm.ppf
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return Interval(100.0 * max(0.0, centre - half), 100.0 * min(1.0, centre + half))


def count_answers(
    answers: Sequence[str | None], group: IntArray | None = None, n_groups: int = 1
) -> npt.NDArray[np.int64]:
    """How many respondents chose each development-plan option, per group: a ``(n_groups, 4)`` array,
    columns in the order of :data:`~questionnaires.model.DEVELOPMENT_PLAN_CODES`.

    ``group`` gives each respondent's group (0 .. n_groups - 1; None: all in group 0). None and "" are no
    answer. An unknown code raises ScoringError naming the respondent: the CSV reader and the web form only
    let known codes through.
    """
    codes = np.array(["" if answer is None else answer for answer in answers], dtype=object)
    option = np.full(codes.size, -1, dtype=np.int64)
    for i, code in enumerate(DEVELOPMENT_PLAN_CODES):
        option[codes == code] = i
    unknown = np.flatnonzero((option < 0) & (codes != ""))
    if unknown.size:
        row = int(unknown[0])
        raise ScoringError(
            f"respondent {row}: {answers[row]!r} is not a development-plan option ({', '.join(DEVELOPMENT_PLAN_CODES)})"
        )
    index = np.zeros(codes.size, dtype=np.int64) if group is None else np.asarray(group, dtype=np.int64)
    answered = option >= 0
    size = len(DEVELOPMENT_PLAN_CODES)
    cells = np.bincount(index[answered] * size + option[answered], minlength=n_groups * size)
    return cells[: n_groups * size].reshape(n_groups, size).astype(np.int64)


def plan_kpi(
    counts: Mapping[str, int] | npt.ArrayLike, limit: int = anonymity.DEFAULT_THRESHOLD, hidden: bool = False
) -> PlanKpi | SuppressedPlanKpi:
    """The KPI of one group from its counts: per option code, or a row of :func:`count_answers`.
    ``hidden`` marks a group that complementary suppression hides although it reaches the threshold itself."""
    if isinstance(counts, Mapping):
        full_counts = {code: int(counts.get(code, 0)) for code in DEVELOPMENT_PLAN_CODES}
    else:
        row = np.asarray(counts, dtype=np.int64).tolist()
        full_counts = dict(zip(DEVELOPMENT_PLAN_CODES, row, strict=True))
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
    """The KPI of all respondents, from one answer each (an option code, or None/"" for no answer)."""
    return development_plan_by_group(answers, None, 1, limit)[0]


def development_plan_by_group(
    answers: Sequence[str | None],
    group: IntArray | None,
    n_groups: int,
    limit: int = anonymity.DEFAULT_THRESHOLD,
    hidden: BoolArray | None = None,
) -> list[PlanKpi | SuppressedPlanKpi]:
    """The KPI per group of a breakdown (``group`` as in :func:`count_answers`), with anonymity rules 1 and
    3 across the groups (:func:`scoring.anonymity.suppress_breakdown`): ``hidden`` marks groups hidden
    already (a group the breakdown of the scores hides has no KPI shown either)."""
    counts = count_answers(answers, group, n_groups)
    hide = anonymity.suppress_breakdown(counts.sum(axis=1), limit, hidden=hidden)
    return [plan_kpi(counts[g], limit, hidden=bool(hide[g])) for g in range(n_groups)]
