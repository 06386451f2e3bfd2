"""The company report's data: one company's waves, scored, compared and summed up ("compute first").

:func:`company_report` is pure (answers matrices and plain metadata in, frozen dataclasses out): it scores
one company's waves (employees and managers), compares baseline and end-line (as independent samples, and
paired for the employees who linked both waves with their own code), computes the perception gap and the
development-plan KPI, and picks the open answers of the latest wave, with :mod:`scoring` doing every
calculation and applying every anonymity rule. The company's plan of approach (:mod:`reports.plan`), when
it has one, rides along unchanged: it holds no respondent data, and the report reads it beside the change.

The results are plain dataclasses from :mod:`scoring.results` plus metadata, so they pickle: the
``quickscan report build`` command loads a :class:`CompanyInput` from the database once and sends it to a
worker process, which only scores, draws and typesets (:mod:`reports.charts`, :mod:`reports.html`,
:mod:`reports.pdf`). The programme report, built from the same waves, is :mod:`reports.programme`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from questionnaires.model import WAVE_KINDS, Questionnaire, Role, WaveKind
from scoring import anonymity, compare, development_plan, link_pairs, perception_gap, score
from scoring.anonymity import Level
from scoring.matrix import Answers
from scoring.reference import ProgrammeReference
from scoring.results import (
    AnyGroup,
    CompareResult,
    GapResult,
    PlanKpi,
    ScoreResult,
    SuppressedPlanKpi,
)

from .plan import Plan

if TYPE_CHECKING:  # reports.dialogue reads a CompanyReport (its mirror): no import at run time
    from .dialogue import Held

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
    #: The company's plan of approach (None: it has none).
    plan: Plan | None = None
    #: When these results were computed (UTC; None: not said, e.g. drawn for a file at once).
    computed_at: dt.datetime | None = None
    #: Its revealed dialogue sessions, newest first (:mod:`reports.dialogue`).
    dialogues: tuple[Held, ...] = ()

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


def score_wave(wave: WaveInput, among_managers: bool = False) -> WaveResults:
    """Score one wave: employees with item distributions, managers, the gap, the development-plan KPI.

    ``among_managers``: the report is for the company's own managers, who see the managers' result only
    from 3 managers (``scoring.anonymity`` rule 6)."""
    q = wave.questionnaire
    employees = score(q, wave.employees, "employee")
    managers = score(q, wave.managers, "manager", with_items=False, among_managers=among_managers)
    gap = perception_gap(q, wave.employees, wave.managers, among_managers=among_managers)
    plan = None
    if q.development_plan_question() is not None:
        plan = development_plan(list(wave.plan), anonymity.threshold(q))
    return WaveResults(wave.info, q, employees, managers, gap, plan)


def _compare(
    baseline: WaveInput, endline: WaveInput, reference: ProgrammeReference | None = None
) -> tuple[CompareResult, Linked]:
    """Employees, baseline vs end-line, as independent samples and (per dimension, ``paired``) for those who
    linked both waves with their own code; and how many did. ``reference``: the programme's baseline SD and
    alpha for reliable change, for this questionnaire version."""
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
        reference=reference,
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
    among_managers: bool = False,
    reference: ProgrammeReference | None = None,
    plan: Plan | None = None,
    dialogues: Sequence[Held] = (),
) -> CompanyReport:
    """Gather one company's report from its waves (any of baseline and end-line, possibly none).

    ``questionnaire`` is only needed when there is no wave (it is otherwise the latest wave's).
    ``among_managers``: the report is for the company's own managers (the managers' result from 3).
    ``reference``: the programme's baseline reference for reliable change (:mod:`scoring.reference`).
    ``plan``: the company's plan of approach, read beside the change from baseline to end-line.
    ``dialogues``: its revealed dialogue sessions (each a small section of the report).
    """
    ordered = _ordered(waves)
    if not ordered and questionnaire is None:
        raise ValueError("company_report needs a questionnaire when the company has no wave")
    q = ordered[-1].questionnaire if ordered else questionnaire
    assert q is not None
    results = tuple(score_wave(w, among_managers) for w in ordered)
    comparison = linked = None
    if len(ordered) == 2 and ordered[0].questionnaire.key == ordered[1].questionnaire.key:
        comparison, linked = _compare(ordered[0], ordered[1], reference)
    comments = open_answers(ordered[-1]) if ordered else None
    return CompanyReport(
        company,
        region,
        q,
        data_date,
        results,
        comparison,
        anonymity.threshold(q),
        linked,
        comments,
        plan,
        dialogues=tuple(dialogues),
    )


@dataclass(frozen=True)
class CompanyInput:
    """Everything :func:`company_report` needs, as plain data (answers matrices and metadata): what the app
    loads from the database and sends to a worker process, which scores and draws it."""

    company: str
    region: str
    waves: tuple[WaveInput, ...]
    data_date: dt.date | None
    questionnaire: Questionnaire
    #: The programme's baseline reference for reliable change, when the company has both waves.
    reference: ProgrammeReference | None = None
    #: The company's plan of approach (plain frozen data, so it pickles too); None: it has none.
    plan: Plan | None = None
    #: Its revealed dialogue sessions (plain frozen data).
    dialogues: tuple[Held, ...] = ()

    def gather(self, among_managers: bool = False) -> CompanyReport:
        return company_report(
            self.company,
            self.region,
            self.waves,
            self.data_date,
            self.questionnaire,
            among_managers,
            self.reference,
            self.plan,
            self.dialogues,
        )
