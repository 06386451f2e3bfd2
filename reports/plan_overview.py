"""The programme's plans of approach in numbers: how far companies got, and whether their focus themes rose more.

:func:`plan_overview` is pure: the programme's companies with their region and plan (:class:`reports.plan.Plan`,
or None), and the shown comparisons of the companies the programme report counts, in; frozen dataclasses out.

* **Plans per region** (:class:`PlanCounts`): companies, with and without a plan (a plan counts when it names
  at least one focus theme), actions per status, and companies with at least one finished action. Every
  company of the programme counts here, also one without an end-line yet: a plan is made after the baseline.
  A plan holds no respondent data, so these counts need no anonymity rule.
* **Focus vs other themes** (:func:`scoring.focus_contrast.focus_contrast`): per company with a plan and both
  waves, did its focus themes rise more than its other themes; across the companies with an interval, and the
  same within each company's weaker half at the baseline (regression to the mean). It reads the comparisons
  as the programme report shows them, so a theme the anonymity rules hide is never used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from questionnaires.model import Questionnaire
from scoring.focus_contrast import FocusContrast, focus_contrast
from scoring.results import CompareResult

from .plan import STATUSES, Plan, Status


@dataclass(frozen=True)
class PlanCounts:
    """The plans of one region's companies (``region`` None: the whole programme)."""

    region: str | None
    companies: int
    #: Companies whose plan names at least one focus theme.
    with_plan: int
    #: Companies with at least one action done.
    with_done: int
    #: Actions per status, every status present (0 included), in :data:`reports.plan.STATUSES` order.
    actions: Mapping[Status, int]

    @property
    def without_plan(self) -> int:
        return self.companies - self.with_plan

    @property
    def done_share(self) -> float | None:
        """Percentage (0..100) of the companies with at least one finished action; None without companies."""
        return 100.0 * self.with_done / self.companies if self.companies else None


@dataclass(frozen=True)
class PlanOverview:
    """Plans per region (name order), then the whole programme; and the focus-vs-other contrast."""

    counts: tuple[PlanCounts, ...]
    contrast: FocusContrast
    #: Companies with both waves counted in the report but no plan (they are not in the contrast).
    compared_without_plan: int

    @property
    def total(self) -> PlanCounts:
        return self.counts[-1]


def has_plan(plan: Plan | None) -> bool:
    """A plan counts when it names at least one focus theme (an empty plan row is not a plan yet)."""
    return plan is not None and bool(plan.focus_dimensions)


def _counts(region: str | None, plans: Sequence[Plan | None]) -> PlanCounts:
    actions = dict.fromkeys(STATUSES, 0)
    for plan in plans:
        if plan is not None:
            for action in plan.actions:
                actions[action.status] += 1
    return PlanCounts(
        region=region,
        companies=len(plans),
        with_plan=sum(1 for p in plans if has_plan(p)),
        with_done=sum(1 for p in plans if p is not None and any(a.status == "done" for a in p.actions)),
        actions=actions,
    )


def plan_overview(
    questionnaire: Questionnaire,
    members: Sequence[tuple[str, Plan | None]],
    compared: Sequence[tuple[Plan | None, CompareResult]],
) -> PlanOverview:
    """The plans of the programme's ``members`` (region, plan) per region and in total, and the contrast of
    the ``compared`` companies (plan, comparison as the programme report shows it)."""
    by_region: dict[str, list[Plan | None]] = {}
    for region, plan in members:
        by_region.setdefault(region, []).append(plan)
    counts = [_counts(region, by_region[region]) for region in sorted(by_region)]
    counts.append(_counts(None, [plan for _, plan in members]))
    with_plan = [(plan.focus_dimensions, result) for plan, result in compared if plan is not None and has_plan(plan)]
    return PlanOverview(
        counts=tuple(counts),
        contrast=focus_contrast(questionnaire, with_plan),
        compared_without_plan=len(compared) - len(with_plan),
    )
