"""Gathering a company's report data: the scoring results its report draws."""

from __future__ import annotations

import pickle

from scoring import anonymity, compare, score
from scoring.results import GroupResult, PlanKpi, SuppressedComparison, SuppressedGroup

from .helpers import company, questionnaire, wave


def test_company_report_holds_the_scoring_engines_results() -> None:
    report = company(baseline=40, endline=45)
    q = questionnaire()
    assert [w.kind for w in report.waves] == ["baseline", "endline"]
    assert report.latest is report.waves[-1]
    base = wave(q, "baseline", 40, 2, 3)
    expected = score(q, base.employees, "employee")
    got = report.waves[0].employees
    assert got.to_dict() == expected.to_dict()
    assert report.comparison is not None
    end = wave(q, "endline", 45, 2, 4, level=3.8)
    expected_comparison = compare(q, base.employees, end.employees)
    assert report.comparison.to_dict()["dimensions"] == expected_comparison.to_dict()["dimensions"]
    assert isinstance(report.waves[0].plan, PlanKpi)
    assert report.threshold == anonymity.threshold(q)


def test_one_wave_gives_no_comparison_and_waves_come_in_order() -> None:
    only_end = company(baseline=None, endline=30)
    assert only_end.comparison is None and [w.kind for w in only_end.waves] == ["endline"]
    none = company(baseline=None, endline=None)
    assert none.waves == () and none.latest is None and none.comparison is None


def test_small_waves_come_back_suppressed() -> None:
    report = company(baseline=3, endline=30)
    assert isinstance(report.waves[0].employee_total, SuppressedGroup)
    assert isinstance(report.waves[1].employee_total, GroupResult)
    assert report.comparison is not None
    assert all(isinstance(c, SuppressedComparison) for c in report.comparison.dimensions.values())
    assert not isinstance(report.waves[0].plan, PlanKpi)


def test_report_data_pickles_for_the_worker_processes() -> None:
    report = company(baseline=12, endline=9)
    again = pickle.loads(pickle.dumps(report))
    assert again.waves[1].employees.to_dict() == report.waves[1].employees.to_dict()
    assert again.comparison is not None and report.comparison is not None
    assert again.comparison.to_dict() == report.comparison.to_dict()
