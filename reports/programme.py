"""The programme report's data: baseline vs end-line per company, per region and overall ("compute first").

:func:`programme_report` is pure (the companies' waves as :class:`reports.company.WaveInput`, out frozen
dataclasses): it compares baseline and end-line per company (anonymised as A, B, C ...), per region (all
its companies pooled) and for the whole programme, and gives the development-plan KPI per region and the
plans of approach in numbers (:mod:`reports.plan_overview`: per region, and whether the focus themes rose more
than the others, from the companies' comparisons as shown here).
:class:`ProgrammeInput` is the same input as plain data that pickles, for a worker process.

The programme report is a *breakdown* of regions by company and of the programme by region, so the rule
against working out a hidden group by subtraction (complementary suppression, rule 3 of
:mod:`scoring.anonymity`) applies to it: :func:`scoring.anonymity.suppress_comparison_breakdown` decides
which companies (per region) and which regions (in the programme) must be hidden as well, per dimension
and in both waves, and :func:`scoring.anonymity.suppress_breakdown` which regions' development plans.

It is also a table *linked* to the company pages (rule 10): whoever reads it can read the pages too, and
a page shows every company whose group reaches the threshold. So only the companies shown on no page (a
wave, theme or plan question with 1 to threshold - 1 respondents) are protected by a region or the total,
and :func:`scoring.anonymity.suppress_linked_breakdown` decides which regions, and whether the total, must
be hidden so that no region, and not the total minus the shown regions, gives them away. This module
only applies those decisions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from questionnaires.model import WAVE_KINDS, Questionnaire
from scoring import anonymity, compare, development_plan
from scoring.kpi import count_answers, development_plan_by_group
from scoring.matrix import Answers
from scoring.results import CompareResult, ComparisonResult, PlanKpi, SuppressedComparison, SuppressedPlanKpi

from .company import AnyPlan, WaveInput
from .plan import Plan
from .plan_overview import PlanOverview, plan_overview

RowKind = Literal["company", "region", "total"]


@dataclass(frozen=True)
class ChangeRow:
    """Baseline vs end-line of one company (``label`` = its letter), region or the whole programme."""

    kind: RowKind
    label: str
    region: str | None
    result: CompareResult

    def dimension(self, dimension_id: str) -> ComparisonResult:
        return self.result.dimensions[dimension_id]


@dataclass(frozen=True)
class RegionPlans:
    """The development-plan KPI of one region (or the programme: ``region`` None) per wave kind."""

    region: str | None
    plans: Mapping[str, AnyPlan]


@dataclass(frozen=True)
class ProgrammeCompany:
    """One company's input to :func:`programme_report`.

    ``order_key`` fixes the company's place in the anonymised order (A, B, C ...). It must be stable and
    must not reveal the company: the app passes a keyed hash of the slug.
    """

    order_key: str
    region: str
    baseline: WaveInput | None
    endline: WaveInput | None
    #: The company's plan of approach (None: it has none). Never shown per company, only counted.
    plan: Plan | None = None


@dataclass(frozen=True)
class ProgrammeReport:
    """The programme overview: changes per company (anonymised), per region and overall."""

    programme: str
    questionnaire: Questionnaire
    data_date: dt.date | None
    threshold: int
    #: Companies in letter order (A, B, C ...), each with its region.
    companies: tuple[ChangeRow, ...]
    #: Regions in name order, all their counted companies pooled.
    regions: tuple[ChangeRow, ...]
    total: ChangeRow
    #: Development plans per region (name order), then the whole programme (``region`` None).
    plans: tuple[RegionPlans, ...]
    #: Companies left out: without both waves, or with another questionnaire.
    excluded: int
    #: Plans of approach per region, and whether the focus themes rose more than the others.
    plan_overview: PlanOverview | None = None
    #: When these results were computed (UTC; None: not said, e.g. drawn for a file at once).
    computed_at: dt.datetime | None = None


def letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 27 -> AB ... (as spreadsheet columns)."""
    out = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _stack(parts: Sequence[Answers], k: int) -> Answers:
    if not parts:
        return Answers.from_values(np.empty((0, k)), k=k)
    return Answers(
        np.asfortranarray(np.vstack([p.values for p in parts])),
        np.asfortranarray(np.vstack([p.codes for p in parts])),
    )


def _n_pair(result: ComparisonResult) -> tuple[int, int]:
    if isinstance(result, SuppressedComparison):
        return result.n_baseline, result.n_endline
    return result.baseline.n, result.endline.n


def _apply_breakdown(results: Sequence[CompareResult], limit: int) -> list[CompareResult]:
    """``results`` with, per dimension, the comparisons that
    :func:`scoring.anonymity.suppress_comparison_breakdown` hides across them replaced by their suppressed
    twin (a comparison suppressed already stays as it is)."""
    if not results:
        return []
    dim_ids = list(results[0].dimensions)
    counts = [[_n_pair(r.dimensions[dim_id]) for dim_id in dim_ids] for r in results]
    n_baseline = [[b for b, _ in row] for row in counts]
    n_endline = [[e for _, e in row] for row in counts]
    hidden = anonymity.suppress_comparison_breakdown(n_baseline, n_endline, limit)
    out: list[CompareResult] = []
    for i, result in enumerate(results):
        dims: dict[str, ComparisonResult] = dict(result.dimensions)
        for j, dim_id in enumerate(dim_ids):
            if hidden[i, j] and not isinstance(dims[dim_id], SuppressedComparison):
                n_b, n_e = counts[i][j]
                dims[dim_id] = SuppressedComparison(dim_id, n_b, n_e, anonymity.REASON_COMPLEMENTARY)
        out.append(dataclasses.replace(result, dimensions=dims))
    return out


def _private(n: int, limit: int) -> int:
    """The respondents a company page shows of no part of size ``n`` (rule 1): all of them below the
    threshold, none from it."""
    return n if n < limit else 0


def _linked_comparisons(
    regions: Sequence[CompareResult], total: CompareResult, private: Mapping[str, np.ndarray], limit: int
) -> tuple[list[CompareResult], CompareResult]:
    """Rule 10 per dimension: the regions and the total with the comparisons that
    :func:`scoring.anonymity.suppress_linked_breakdown` hides replaced by their suppressed twin.
    ``private[dim_id]`` is ``(waves, regions)``: the respondents of companies shown on no page."""
    region_dims: list[dict[str, ComparisonResult]] = [dict(r.dimensions) for r in regions]
    total_dims: dict[str, ComparisonResult] = dict(total.dimensions)
    for dim_id, counts in private.items():
        shown = [not isinstance(dims[dim_id], SuppressedComparison) for dims in region_dims]
        hidden, total_hidden = anonymity.suppress_linked_breakdown(counts, limit, np.logical_not(shown))
        for dims, is_shown, hide in zip(region_dims, shown, hidden, strict=True):
            if is_shown and hide:
                dims[dim_id] = SuppressedComparison(dim_id, *_n_pair(dims[dim_id]), anonymity.REASON_LINKED)
        if total_hidden and not isinstance(total_dims[dim_id], SuppressedComparison):
            total_dims[dim_id] = SuppressedComparison(dim_id, *_n_pair(total_dims[dim_id]), anonymity.REASON_LINKED)
    return (
        [dataclasses.replace(r, dimensions=dims) for r, dims in zip(regions, region_dims, strict=True)],
        dataclasses.replace(total, dimensions=total_dims),
    )


def _linked_plans(plans: Sequence[AnyPlan], total: AnyPlan, private: Sequence[int], limit: int) -> list[AnyPlan]:
    """Rule 10 for one wave's KPI per region and the total (last in the list): hidden by
    :func:`scoring.anonymity.suppress_linked_breakdown` where a plan on no company page would show."""
    shown = [isinstance(p, PlanKpi) for p in plans]
    hidden, total_hidden = anonymity.suppress_linked_breakdown(private, limit, np.logical_not(shown))
    out: list[AnyPlan] = [
        SuppressedPlanKpi(n=p.n, reason=anonymity.REASON_LINKED) if is_shown and hide else p
        for p, is_shown, hide in zip(plans, shown, hidden, strict=True)
    ]
    if total_hidden and isinstance(total, PlanKpi):
        total = SuppressedPlanKpi(n=total.n, reason=anonymity.REASON_LINKED)
    return [*out, total]


def _plans(
    codes: Mapping[str | None, Mapping[str, list[str | None]]],
    regions: Sequence[str],
    private: Mapping[str, Sequence[int]],
    limit: int,
) -> tuple[RegionPlans, ...]:
    """Per region and wave the KPI, with complementary suppression across the regions; then the total;
    then rule 10 with ``private[kind]``, per region the plan answers of companies whose page shows none."""
    per_region: dict[str, dict[str, AnyPlan]] = {r: {} for r in regions}
    total: dict[str, AnyPlan] = {}
    for kind in WAVE_KINDS:
        answers = [code for r in regions for code in codes[r][kind]]
        group = np.repeat(np.arange(len(regions)), [len(codes[r][kind]) for r in regions])
        kpis = development_plan_by_group(answers, group, len(regions), limit)
        *shown, total[kind] = _linked_plans(kpis, development_plan(codes[None][kind], limit), private[kind], limit)
        for r, kpi in zip(regions, shown, strict=True):
            per_region[r][kind] = kpi
    return (*(RegionPlans(r, per_region[r]) for r in regions), RegionPlans(None, total))


@dataclass(frozen=True)
class ProgrammeInput:
    """Everything :func:`programme_report` needs, as plain data (see :class:`reports.company.CompanyInput`)."""

    programme: str
    questionnaire: Questionnaire
    companies: tuple[ProgrammeCompany, ...]
    data_date: dt.date | None

    def gather(self) -> ProgrammeReport:
        return programme_report(self.programme, self.questionnaire, self.companies, self.data_date)


def programme_report(
    programme: str,
    questionnaire: Questionnaire,
    companies: Sequence[ProgrammeCompany],
    data_date: dt.date | None,
) -> ProgrammeReport:
    """Gather the programme report for the companies that have both waves with ``questionnaire``.

    Companies are lettered in ``order_key`` order; regions are pooled from their counted companies; the
    anonymity rules (including complementary suppression within each region and across regions, and rule 10:
    the regions and the total hide what the company pages would let a reader subtract) are applied.
    """
    key = questionnaire.key
    counted = sorted(
        (
            c
            for c in companies
            if c.baseline is not None
            and c.endline is not None
            and c.baseline.questionnaire.key == key
            and c.endline.questionnaire.key == key
        ),
        key=lambda c: c.order_key,
    )
    limit = anonymity.threshold(questionnaire)
    k = len(questionnaire.items_for("employee"))
    results = [_compare_pair(c) for c in counted]
    regions = sorted({c.region for c in counted})
    # Rule 3 within each region: its companies are a breakdown of the region's pooled result.
    shown: list[CompareResult] = list(results)
    for region in regions:
        indices = [i for i, c in enumerate(counted) if c.region == region]
        for i, res in zip(indices, _apply_breakdown([results[i] for i in indices], limit), strict=True):
            shown[i] = res
    company_rows = tuple(
        ChangeRow("company", letters(i), c.region, res) for i, (c, res) in enumerate(zip(counted, shown, strict=True))
    )
    region_results = []
    plan_codes: dict[str | None, dict[str, list[str | None]]] = {None: {"baseline": [], "endline": []}}
    # Rule 10: per dimension (waves, regions) and per wave (regions), the respondents of companies that
    # their own page shows nothing of there.
    dim_ids = list(results[0].dimensions) if results else []
    private_dims = {dim_id: np.zeros((2, len(regions)), dtype=np.int64) for dim_id in dim_ids}
    private_plans: dict[str, list[int]] = {kind: [0] * len(regions) for kind in WAVE_KINDS}
    for r, region in enumerate(regions):
        members = [c for c in counted if c.region == region]
        base = [c.baseline for c in members if c.baseline is not None]
        end = [c.endline for c in members if c.endline is not None]
        region_results.append(
            compare(questionnaire, _stack([w.employees for w in base], k), _stack([w.employees for w in end], k))
        )
        plan_codes[region] = {
            "baseline": [code for w in base for code in w.plan],
            "endline": [code for w in end for code in w.plan],
        }
        plan_codes[None]["baseline"].extend(plan_codes[region]["baseline"])
        plan_codes[None]["endline"].extend(plan_codes[region]["endline"])
        for i, c in enumerate(counted):
            if c.region != region:
                continue
            for dim_id in dim_ids:
                for w, n in enumerate(_n_pair(results[i].dimensions[dim_id])):
                    private_dims[dim_id][w, r] += _private(n, limit)
            for kind, wave in zip(WAVE_KINDS, (c.baseline, c.endline), strict=True):
                assert wave is not None
                private_plans[kind][r] += _private(int(count_answers(list(wave.plan)).sum()), limit)
    everyone_b = [c.baseline.employees for c in counted if c.baseline is not None]
    everyone_e = [c.endline.employees for c in counted if c.endline is not None]
    total_result = compare(questionnaire, _stack(everyone_b, k), _stack(everyone_e, k))
    # Rule 3 across regions (the regions are a breakdown of the programme total), then rule 10.
    linked_regions, linked_total = _linked_comparisons(
        _apply_breakdown(region_results, limit), total_result, private_dims, limit
    )
    region_rows = tuple(
        ChangeRow("region", region, region, res) for region, res in zip(regions, linked_regions, strict=True)
    )
    total = ChangeRow("total", "", None, linked_total)
    plans: tuple[RegionPlans, ...] = ()
    if questionnaire.development_plan_question() is not None:
        plans = _plans(plan_codes, regions, private_plans, limit)
    return ProgrammeReport(
        programme=programme,
        questionnaire=questionnaire,
        data_date=data_date,
        threshold=limit,
        companies=company_rows,
        regions=region_rows,
        total=total,
        plans=plans,
        excluded=len(companies) - len(counted),
        plan_overview=plan_overview(
            questionnaire,
            [(c.region, c.plan) for c in companies],
            [(c.plan, row.result) for c, row in zip(counted, company_rows, strict=True)],
        ),
    )


def _compare_pair(company: ProgrammeCompany) -> CompareResult:
    assert company.baseline is not None and company.endline is not None
    return compare(company.endline.questionnaire, company.baseline.employees, company.endline.employees)
