"""Candidate focus areas (reports.proposals): the weakest dimensions and the largest manager–employee gaps,
only from what the anonymity rules show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np

from questionnaires.model import Questionnaire, Role, WaveKind
from reports.company import CompanyReport, Turnout, WaveInfo, WaveInput, company_report
from reports.proposals import propose
from reports.words import NOTABLE_GAP_SHARE
from scoring import Answers
from scoring.results import DimensionStats, GroupResult, SuppressedDimension

from .helpers import company, questionnaire

DAY = dt.date(2026, 3, 1)


def _answers(q: Questionnaire, role: Role, rows: Sequence[Mapping[str, float]], default: float = 4.0) -> Answers:
    """One row per respondent: a value per dimension id (NaN: every item of it unanswered), else ``default``."""
    items = q.items_for(role)
    values = [[row.get(item.dimension, default) for item in items] for row in rows]
    for row_values in values:  # reverse-worded items get the reversed value, so the dimension scores as given
        for j, item in enumerate(items):
            if item.reverse and not np.isnan(row_values[j]):
                row_values[j] = 6 - row_values[j]
    return Answers.from_values(values, k=len(items))


def _wave(
    q: Questionnaire,
    kind: WaveKind,
    employees: Sequence[Mapping[str, float]],
    managers: Sequence[Mapping[str, float]] = (),
) -> WaveInput:
    info = WaveInfo(kind, q.id, q.version, DAY, DAY, Turnout(20, len(employees)), Turnout(3, len(managers)))
    return WaveInput(
        info, q, _answers(q, "employee", employees), _answers(q, "manager", managers), [None] * len(employees)
    )


def _report(*waves: WaveInput, among_managers: bool = False) -> CompanyReport:
    return company_report("Alfa", "Twente", waves, DAY, questionnaire(), among_managers)


def test_the_weakest_are_the_lowest_employee_means_in_order() -> None:
    report = company(baseline=40, endline=None)
    found = propose(report)
    total = report.waves[0].employee_total
    assert isinstance(total, GroupResult)
    means = {d: s.mean for d, s in total.dimensions.items() if isinstance(s, DimensionStats)}
    assert [c.dimension_id for c in found.weakest] == sorted(means, key=lambda d: means[d])[:3]
    assert [c.employee_mean for c in found.weakest] == sorted(means.values())[:3]
    assert found.wave == "baseline" and found.scale == (1, 5) and found.data_date == report.data_date


def test_chosen_dimensions_are_left_out() -> None:
    report = company(baseline=40, endline=None)
    first = propose(report).weakest[0].dimension_id
    again = propose(report, exclude={first})
    assert first not in [c.dimension_id for c in again.weakest + again.gaps]
    assert len(again.weakest) == 3


def test_a_suppressed_dimension_is_never_proposed_though_it_is_the_weakest() -> None:
    q = questionnaire()
    # Six employees; only four answered anything about psych_safety, all with 1: its mean would be the lowest.
    employees = [{"psych_safety": 1.0}] * 4 + [{"psych_safety": np.nan}] * 2
    report = _report(_wave(q, "baseline", employees, [{"psych_safety": 5.0}] * 3))
    total = report.waves[0].employee_total
    assert isinstance(total, GroupResult)
    assert isinstance(total.dimensions["psych_safety"], SuppressedDimension)
    found = propose(report)
    assert found.any
    assert "psych_safety" not in [c.dimension_id for c in found.weakest + found.gaps]


def test_no_candidates_when_the_employees_are_too_few() -> None:
    q = questionnaire()
    report = _report(_wave(q, "baseline", [{"psych_safety": 1.0}] * 4, [{}] * 3))
    found = propose(report)
    assert (found.wave, found.weakest, found.gaps, found.any) == (None, (), (), False)


def test_an_end_line_without_shown_results_leaves_the_baseline_as_the_source() -> None:
    q = questionnaire()
    baseline = _wave(q, "baseline", [{"reflection": 2.0}] * 6)
    endline = _wave(q, "endline", [{"reflection": 1.0}] * 3)
    found = propose(_report(baseline, endline))
    assert found.wave == "baseline"
    assert found.weakest[0].dimension_id == "reflection" and found.weakest[0].employee_mean == 2.0


def test_gaps_by_size_either_sign_from_the_minimum() -> None:
    q = questionnaire()
    employees = [{"leadership": 2.0, "reflection": 4.0, "time_to_learn": 3.0, "development": 3.0}] * 6
    managers = [
        {"leadership": 5.0, "reflection": 2.0, "time_to_learn": 4.0, "development": 4.0},
        {"leadership": 5.0, "reflection": 2.0, "time_to_learn": 4.0, "development": 3.0},
        {"leadership": 5.0, "reflection": 2.0, "time_to_learn": 3.0, "development": 3.0},
    ]
    found = propose(_report(_wave(q, "baseline", employees, managers)))
    gaps = [(c.dimension_id, round(c.gap or 0, 2)) for c in found.gaps]
    # development: 1/3 point, under the minimum (0.4 on 1..5); the rest by size, either sign.
    assert NOTABLE_GAP_SHARE * 4 == 0.4
    assert gaps == [("leadership", 3.0), ("reflection", -2.0), ("time_to_learn", 0.67)]
    leadership = found.gaps[0]
    assert (leadership.employee_mean, leadership.manager_mean, leadership.reason) == (2.0, 5.0, "gap")


def test_a_gap_the_managers_may_not_see_is_not_proposed_to_them() -> None:
    q = questionnaire()
    employees = [{"leadership": 2.0}] * 6
    two_managers = _wave(q, "baseline", employees, [{"leadership": 5.0}] * 2)
    assert [c.dimension_id for c in propose(_report(two_managers)).gaps] == ["leadership"]  # the coach's view
    for_managers = propose(_report(two_managers, among_managers=True))
    assert for_managers.gaps == ()  # rule 6: their own managers see the managers' side from 3
    assert for_managers.weakest[0].dimension_id == "leadership"
