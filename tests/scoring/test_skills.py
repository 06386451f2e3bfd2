"""The skills matrix's figures (scoring/skills.py) against a matrix counted by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from scoring import skills
from scoring.skills import NO_TARGET, Matrix, SkillsError

#        weld  saw  paint  plan(critical, min 3)  crane(critical)
LEVELS = [
    [4, 3, 0, 3, 1],  # Anna:  qualified at weld, saw, plan          -> 3
    [3, 2, 1, 3, 0],  # Bram:  weld, plan                            -> 2
    [2, 0, 3, 4, 0],  # Cas:   paint, plan                           -> 2
    [0, 1, 2, 2, 3],  # Dirk:  crane                                 -> 1
]
TARGETS = [
    [NO_TARGET, NO_TARGET, 2, NO_TARGET, 3],  # Anna: paint 0->2 (dated), crane 1->3 (no date)
    [NO_TARGET, 3, NO_TARGET, NO_TARGET, NO_TARGET],  # Bram: saw 2->3, no date
    [2, NO_TARGET, NO_TARGET, NO_TARGET, NO_TARGET],  # Cas: weld target 2 = level 2: no need
    [NO_TARGET, 3, NO_TARGET, 3, 3],  # Dirk: saw 1->3 (dated), plan 2->3, crane target 3 = level: no need
]
DATED = [
    [False, False, True, False, False],
    [False, False, False, False, False],
    [True, False, False, False, False],
    [False, True, False, False, True],
]
MINIMUM = [2, 2, 2, 3, 2]
CRITICAL = [False, False, False, True, True]


@pytest.fixture
def m() -> Matrix:
    return Matrix.build(LEVELS, MINIMUM, CRITICAL, TARGETS, DATED)


def test_coverage_per_task_by_hand(m: Matrix) -> None:
    # Qualified (3+): weld Anna+Bram = 2, saw Anna = 1, paint Cas = 1, plan Anna+Bram+Cas = 3, crane Dirk = 1.
    assert skills.qualified(m).tolist() == [2, 1, 1, 3, 1]
    assert skills.covered(m).tolist() == [True, False, False, True, False]
    assert skills.one_person(m).tolist() == [False, True, True, False, True]


def test_versatility_per_person_by_hand(m: Matrix) -> None:
    assert skills.versatility(m).tolist() == [3, 2, 2, 1]


def test_training_needs_and_development_steps_by_hand(m: Matrix) -> None:
    needs = skills.training_needs(m)
    assert np.argwhere(needs).tolist() == [[0, 2], [0, 4], [1, 1], [3, 1], [3, 3]]
    # Anna (paint dated) and Dirk (saw dated); Bram's need has no date; Cas's dated target is already reached.
    assert skills.development_step(m).tolist() == [True, False, False, True]


def test_figures_by_hand(m: Matrix) -> None:
    f = skills.figures(m)
    assert f == skills.Figures(
        people=4,
        tasks=5,
        critical_tasks=2,
        critical_covered=1,  # plan has 3 of 3; crane 1 of 2
        tasks_covered=2,
        one_person_tasks=3,
        critical_one_person=1,
        training_needs=5,
        dated_needs=2,
        with_step=2,
    )
    assert f.share_with_step == 50.0
    assert f.share_critical_covered == 50.0
    assert skills.Figures.from_dict(f.to_dict()) == f


def test_a_minimum_of_three_is_not_met_by_two(m: Matrix) -> None:
    two = Matrix.build([[3, 3], [3, 3], [0, 0]], [2, 3], [False, True])
    assert skills.covered(two).tolist() == [True, False]
    assert skills.one_person(two).tolist() == [False, False]


def test_an_empty_matrix_has_no_impossible_shares() -> None:
    empty = Matrix.build([], [], [])
    f = skills.figures(empty)
    assert (f.people, f.tasks, f.with_step) == (0, 0, 0)
    assert f.share_with_step is None and f.share_critical_covered is None
    no_people = Matrix.build([], [2, 2], [True, False])
    assert skills.qualified(no_people).tolist() == [0, 0]
    assert skills.figures(no_people).critical_covered == 0


def test_totals_and_change_across_companies(m: Matrix) -> None:
    a = skills.figures(m)
    b = skills.figures(Matrix.build([[3], [4]], [2], [True]))
    both = skills.total([a, b])
    assert (both.people, both.critical_tasks, both.critical_covered, both.with_step) == (6, 3, 2, 2)
    assert both.share_with_step == pytest.approx(100 * 2 / 6)
    change = skills.Change(baseline=b, endline=a)
    assert change.with_step == 2 and change.critical_covered == 0
    assert change.share_with_step == 50.0
    assert skills.Change(skills.figures(Matrix.build([], [], [])), a).share_with_step is None


@pytest.mark.parametrize("bad", [7, -1, 2.5, True, "3"])
def test_a_level_outside_0_to_4_is_refused(bad: object) -> None:
    with pytest.raises(SkillsError):
        skills.check_level(bad)  # type: ignore[arg-type]


def test_a_matrix_with_a_bad_level_target_or_minimum_is_refused() -> None:
    with pytest.raises(SkillsError):
        Matrix.build([[5]], [2], [False])
    with pytest.raises(SkillsError):
        Matrix.build([[1]], [2], [False], targets=[[9]])
    with pytest.raises(SkillsError):
        Matrix.build([[1]], [0], [False])
    with pytest.raises(SkillsError):
        Matrix(np.zeros((2, 2), np.int64), np.zeros((2, 1), np.int64), np.zeros((2, 2), bool), np.ones(2), np.zeros(2))  # type: ignore[arg-type]


def test_overdue_dates() -> None:
    today = dt.date(2026, 6, 1)
    assert skills.overdue([dt.date(2026, 5, 31), today, None, dt.date(2027, 1, 1)], today) == [
        True,
        False,
        False,
        False,
    ]
