"""The programme report's data: baseline vs end-line per company, per region and overall ("compute first").

:func:`programme_report` is pure (the companies' waves as :class:`reports.company.WaveInput`, out frozen
dataclasses): it compares baseline and end-line per company (anonymised as A, B, C ...), per region (all
its companies pooled) and for the whole programme, and gives the development-plan KPI per region.
:class:`ProgrammeInput` is the same input as plain data that pickles, for a worker process.

The programme report is a *breakdown* of regions by company and of the programme by region, so the rule
against working out a hidden group by subtraction (complementary suppression, rule 3 of
:mod:`scoring.anonymity`) applies to it: :func:`scoring.anonymity.suppress_comparison_breakdown` decides
which companies (per region) and which regions (in the programme) must be hidden as well, per dimension
and in both waves, and :func:`scoring.anonymity.suppress_breakdown` which regions' development plans. This
module only applies those decisions.
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
from scoring.kpi import development_plan_by_group
from scoring.matrix import Answers
from scoring.results import CompareResult, ComparisonResult, SuppressedComparison

from .company import AnyPlan, WaveInput

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


def _plans(
    codes: Mapping[str | None, Mapping[str, list[str | None]]], regions: Sequence[str], limit: int
) -> tuple[RegionPlans, ...]:
    """Per region and wave the KPI, with complementary suppression across the regions; then the total."""
    per_region: dict[str, dict[str, AnyPlan]] = {r: {} for r in regions}
    for kind in WAVE_KINDS:
        answers = [code for r in regions for code in codes[r][kind]]
        group = np.repeat(np.arange(len(regions)), [len(codes[r][kind]) for r in regions])
        for r, kpi in zip(regions, development_plan_by_group(answers, group, len(regions), limit), strict=True):
            per_region[r][kind] = kpi
    total: dict[str, AnyPlan] = {kind: development_plan(codes[None][kind], limit) for kind in WAVE_KINDS}
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
    anonymity rules (including complementary suppression within each region and across regions) are applied.
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
    for region in regions:
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
    # Rule 3 across regions: the regions are a breakdown of the programme total.
    region_rows = tuple(
        ChangeRow("region", region, region, res)
        for region, res in zip(regions, _apply_breakdown(region_results, limit), strict=True)
    )
    everyone_b = [c.baseline.employees for c in counted if c.baseline is not None]
    everyone_e = [c.endline.employees for c in counted if c.endline is not None]
    total = ChangeRow("total", "", None, compare(questionnaire, _stack(everyone_b, k), _stack(everyone_e, k)))
    plans: tuple[RegionPlans, ...] = ()
    if questionnaire.development_plan_question() is not None:
        plans = _plans(plan_codes, regions, limit)
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
    )


def _compare_pair(company: ProgrammeCompany) -> CompareResult:
    assert company.baseline is not None and company.endline is not None
    return compare(company.endline.questionnaire, company.baseline.employees, company.endline.employees)
