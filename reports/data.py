"""Report data: everything one report shows, gathered before anything is drawn ("compute first").

Two entry points, both pure (answers matrices and plain metadata in, frozen dataclasses out):

* :func:`company_report` scores one company's waves (employees and managers), compares baseline and
  end-line (as independent samples, and paired for the employees who linked both waves with their own
  code), computes the perception gap and the development-plan KPI, and picks the open answers of the
  latest wave, with :mod:`scoring` doing every calculation and applying every anonymity rule;
* :func:`programme_report` compares baseline and end-line per company (anonymised as A, B, C ...), per
  region (all its companies pooled) and for the whole programme.

The results are plain dataclasses from :mod:`scoring.results` plus metadata, so they pickle: the
``quickscan report build`` command loads them from the database once and sends them to worker processes,
which only draw and typeset (:mod:`reports.charts`, :mod:`reports.html`, :mod:`reports.pdf`).

The programme report is a *breakdown* of regions by company and of the programme by region, so the rule
against working out a hidden group by subtraction (complementary suppression, rule 3 of
:mod:`scoring.anonymity`) applies to it: :func:`scoring.anonymity.suppress_breakdown` decides which
companies (per region) and which regions (in the programme) must be hidden as well.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from questionnaires.model import Questionnaire, Role
from scoring import anonymity, compare, development_plan, link_pairs, perception_gap, score
from scoring.anonymity import Level
from scoring.kpi import count_answers, plan_kpi
from scoring.matrix import Answers
from scoring.results import (
    AnyGroup,
    CompareResult,
    ComparisonResult,
    GapResult,
    PlanKpi,
    ScoreResult,
    SuppressedComparison,
    SuppressedPlanKpi,
)

WaveKind = Literal["baseline", "endline"]
#: The wave kinds in report order.
WAVE_KINDS: tuple[WaveKind, ...] = ("baseline", "endline")

AnyPlan = PlanKpi | SuppressedPlanKpi


@dataclass(frozen=True)
class Turnout:
    """How many of one role were invited to a wave and how many submitted."""

    invited: int
    responded: int

    @property
    def rate(self) -> float | None:
        """Response rate in percent, None without invitations."""
        return None if self.invited <= 0 else 100.0 * self.responded / self.invited


@dataclass(frozen=True)
class WaveInfo:
    """The plain facts of one wave, as the cover page shows them."""

    kind: WaveKind
    questionnaire_id: str
    questionnaire_version: int
    opened_on: dt.date | None
    closed_on: dt.date | None
    employees: Turnout
    managers: Turnout

    @property
    def questionnaire_key(self) -> str:
        return f"{self.questionnaire_id}@{self.questionnaire_version}"


@dataclass(frozen=True)
class WaveInput:
    """One wave's answers, as :func:`company_report` takes them (columns = ``items_for(role)``)."""

    info: WaveInfo
    questionnaire: Questionnaire
    employees: Answers
    managers: Answers
    #: Per employee: the development-plan option code, or None.
    plan: Sequence[str | None]
    #: Per employee: the link code (the app passes its keyed hash) or None; empty: nobody linked.
    links: Sequence[str | None] = ()
    #: Per open question id: the employees' answers (any order: the report sorts them).
    comments: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: Per open question id: the managers' answers.
    manager_comments: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def employee_links(self) -> list[str | None]:
        """One link code (or None) per employee."""
        return list(self.links) if self.links else [None] * self.employees.n


@dataclass(frozen=True)
class WaveResults:
    """One wave of one company, scored: employees (with item distributions), managers, gap and KPI."""

    info: WaveInfo
    questionnaire: Questionnaire
    employees: ScoreResult
    managers: ScoreResult
    gap: GapResult
    #: The development-plan KPI of the employees; None when the questionnaire has no such question.
    plan: AnyPlan | None

    @property
    def kind(self) -> WaveKind:
        return self.info.kind

    @property
    def employee_total(self) -> AnyGroup:
        return self.employees.total

    @property
    def manager_total(self) -> AnyGroup:
        return self.managers.total


@dataclass(frozen=True)
class Linked:
    """The employees who linked their baseline and end-line answers with their own code.

    The per-dimension results are the ``paired`` results of :attr:`CompanyReport.comparison` (hidden there
    by rule 7 of :mod:`scoring.anonymity`); this holds their number. ``level`` is
    :func:`scoring.anonymity.level` of it: when ``"suppressed"`` the report shows neither ``pairs`` nor any
    paired result, only that there are too few.
    """

    pairs: int
    level: Level

    @property
    def shown(self) -> bool:
        return self.level != anonymity.SUPPRESSED


@dataclass(frozen=True)
class OpenQuestion:
    """The answers to one open question in one group, as rule 4 of :mod:`scoring.anonymity` allows."""

    question_id: str
    #: Sorted alphabetically (:func:`scoring.anonymity.visible_comments`); None when hidden (too few
    #: respondents); empty when nobody wrote anything.
    answers: tuple[str, ...] | None


@dataclass(frozen=True)
class OpenAnswers:
    """The open answers of the latest wave: employees, and managers only where rule 4 allows them."""

    kind: WaveKind
    #: From this many respondents in a group its answers are shown.
    minimum: int
    #: One entry per open question asked of employees (questionnaire order); all hidden or all shown.
    employees: tuple[OpenQuestion, ...]
    #: One entry per open question asked of managers, or empty when the managers' answers are hidden (fewer
    #: than ``minimum`` managers responded: an answer could be traced to one of them).
    managers: tuple[OpenQuestion, ...]


@dataclass(frozen=True)
class CompanyReport:
    """Everything one company's report shows."""

    company: str
    region: str
    #: The questionnaire of the latest wave (dimension names, item texts, scales).
    questionnaire: Questionnaire
    #: The day of the last release of any wave (None before one): the day the results stand on.
    data_date: dt.date | None
    #: The waves that exist, baseline first.
    waves: tuple[WaveResults, ...]
    #: Employees, baseline vs end-line; None unless both waves exist with the same questionnaire.
    comparison: CompareResult | None
    #: The group threshold (``scoring.anonymity.threshold`` of the questionnaire).
    threshold: int
    #: The employees who linked both waves (with :attr:`comparison`, else None).
    linked: Linked | None = None
    #: The open answers of the latest wave (None without a wave or without open questions).
    open_answers: OpenAnswers | None = None

    def wave(self, kind: str) -> WaveResults | None:
        return next((w for w in self.waves if w.kind == kind), None)

    @property
    def latest(self) -> WaveResults | None:
        """The end-line when there is one, else the baseline."""
        return self.waves[-1] if self.waves else None


def _ordered(waves: Sequence[WaveInput]) -> list[WaveInput]:
    kinds = [w.info.kind for w in waves]
    if len(set(kinds)) != len(kinds):
        raise ValueError(f"a company has at most one wave of each kind, got {kinds}")
    return sorted(waves, key=lambda w: WAVE_KINDS.index(w.info.kind))


def score_wave(wave: WaveInput) -> WaveResults:
    """Score one wave: employees with item distributions, managers, the gap, the development-plan KPI."""
    q = wave.questionnaire
    employees = score(q, wave.employees, "employee")
    managers = score(q, wave.managers, "manager", with_items=False)
    gap = perception_gap(q, wave.employees, wave.managers)
    plan = None
    if q.development_plan_question() is not None:
        plan = development_plan(list(wave.plan), anonymity.threshold(q))
    return WaveResults(wave.info, q, employees, managers, gap, plan)


def _compare(baseline: WaveInput, endline: WaveInput) -> tuple[CompareResult, Linked]:
    """Employees, baseline vs end-line, as independent samples and (per dimension, ``paired``) for those who
    linked both waves with their own code; and how many did."""
    base_links, end_links = baseline.employee_links(), endline.employee_links()
    pairs = int(link_pairs(base_links, end_links)[0].size)
    result = compare(
        endline.questionnaire,
        baseline.employees,
        endline.employees,
        "employee",
        # Without a single pair there is no paired result to give (and the comparison stays as it was).
        baseline_links=base_links if pairs else None,
        endline_links=end_links if pairs else None,
        baseline_plan=list(baseline.plan),
        endline_plan=list(endline.plan),
    )
    return result, Linked(pairs, anonymity.level(pairs, result.anonymity_threshold))


def _open_group(
    q: Questionnaire, role: Role, comments: Mapping[str, Sequence[str]], n: int, limit: int
) -> tuple[OpenQuestion, ...]:
    out = []
    for question in q.questions_for(role):
        if question.type != "open":
            continue
        shown = anonymity.visible_comments(list(comments.get(question.id, ())), n, limit)
        out.append(OpenQuestion(question.id, None if shown is None else tuple(shown)))
    return tuple(out)


def open_answers(wave: WaveInput) -> OpenAnswers | None:
    """The open answers of ``wave`` as rule 4 allows them (employees and managers are separate groups);
    None when the questionnaire asks no open question."""
    q = wave.questionnaire
    limit = anonymity.threshold(q)
    employees = _open_group(q, "employee", wave.comments, wave.employees.n, limit)
    managers = _open_group(q, "manager", wave.manager_comments, wave.managers.n, limit)
    if not employees and not managers:
        return None
    shown_managers = managers if any(m.answers is not None for m in managers) else ()
    return OpenAnswers(wave.info.kind, anonymity.comments_min(limit), employees, shown_managers)


def company_report(
    company: str,
    region: str,
    waves: Sequence[WaveInput],
    data_date: dt.date | None,
    questionnaire: Questionnaire | None = None,
) -> CompanyReport:
    """Gather one company's report from its waves (any of baseline and end-line, possibly none).

    ``questionnaire`` is only needed when there is no wave (it is otherwise the latest wave's).
    """
    ordered = _ordered(waves)
    if not ordered and questionnaire is None:
        raise ValueError("company_report needs a questionnaire when the company has no wave")
    q = ordered[-1].questionnaire if ordered else questionnaire
    assert q is not None
    results = tuple(score_wave(w) for w in ordered)
    comparison = linked = None
    if len(ordered) == 2 and ordered[0].questionnaire.key == ordered[1].questionnaire.key:
        comparison, linked = _compare(ordered[0], ordered[1])
    comments = open_answers(ordered[-1]) if ordered else None
    return CompanyReport(company, region, q, data_date, results, comparison, anonymity.threshold(q), linked, comments)


@dataclass(frozen=True)
class CompanyInput:
    """Everything :func:`company_report` needs, as plain data (answers matrices and metadata): what the app
    loads from the database and sends to a worker process, which scores and draws it."""

    company: str
    region: str
    waves: tuple[WaveInput, ...]
    data_date: dt.date | None
    questionnaire: Questionnaire

    def gather(self) -> CompanyReport:
        return company_report(self.company, self.region, self.waves, self.data_date, self.questionnaire)


# ---------------------------------------------------------------------------------------------------
# Programme


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


def _hide_pairs(n_baseline: Sequence[int], n_endline: Sequence[int], limit: int) -> npt.NDArray[np.bool_]:
    """Rule 3 for a breakdown shown as comparisons: a group is shown only if it is shown in both waves, and
    in each wave the hidden groups together hold 0 or at least ``limit`` respondents. Repeats
    :func:`scoring.anonymity.suppress_breakdown` on both waves until nothing changes."""
    hidden = np.zeros(len(n_baseline), dtype=np.bool_)
    while True:
        new = anonymity.suppress_breakdown(n_baseline, limit, hidden) | anonymity.suppress_breakdown(
            n_endline, limit, hidden
        )
        if bool((new == hidden).all()):
            return hidden
        hidden = new


def _n_pair(result: ComparisonResult) -> tuple[int, int]:
    if isinstance(result, SuppressedComparison):
        return result.n_baseline, result.n_endline
    return result.baseline.n, result.endline.n


def _apply_breakdown(results: Sequence[CompareResult], limit: int) -> list[CompareResult]:
    """Hide, per dimension, the comparisons that complementary suppression hides across ``results``."""
    if not results:
        return []
    out_dims: list[dict[str, ComparisonResult]] = [dict(r.dimensions) for r in results]
    for dim_id in results[0].dimensions:
        pairs = [_n_pair(r.dimensions[dim_id]) for r in results]
        hidden = _hide_pairs([b for b, _ in pairs], [e for _, e in pairs], limit)
        for i, hide in enumerate(hidden.tolist()):
            current = out_dims[i][dim_id]
            if hide and not isinstance(current, SuppressedComparison):
                n_b, n_e = pairs[i]
                out_dims[i][dim_id] = SuppressedComparison(dim_id, n_b, n_e, anonymity.REASON_COMPLEMENTARY)
    return [dataclasses.replace(r, dimensions=dims) for r, dims in zip(results, out_dims, strict=True)]


def _plans(
    codes: Mapping[str | None, Mapping[str, list[str | None]]], regions: Sequence[str], limit: int
) -> tuple[RegionPlans, ...]:
    """Per region and wave the KPI, with complementary suppression across the regions; then the total."""
    per_region: dict[str, dict[str, AnyPlan]] = {r: {} for r in regions}
    for kind in WAVE_KINDS:
        counts = [count_answers(codes[r][kind]) for r in regions]
        hidden: list[bool] = []
        if regions:
            hidden = anonymity.suppress_breakdown([sum(c.values()) for c in counts], limit).tolist()
        for r, c, hide in zip(regions, counts, hidden, strict=True):
            per_region[r][kind] = plan_kpi(c, limit, hidden=bool(hide))
    total: dict[str, AnyPlan] = {kind: development_plan(codes[None][kind], limit) for kind in WAVE_KINDS}
    return (*(RegionPlans(r, per_region[r]) for r in regions), RegionPlans(None, total))


@dataclass(frozen=True)
class ProgrammeInput:
    """Everything :func:`programme_report` needs, as plain data (see :class:`CompanyInput`)."""

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
