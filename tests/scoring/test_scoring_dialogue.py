"""The dialogue session's group result (scoring.dialogue) against hand calculations, and its rules D1–D3."""

from __future__ import annotations

import pytest

from scoring.dialogue import MIN_VOTERS, FactorResult, NotShown, Vote, factor_result, remarks, session_result


def test_one_factor_by_hand() -> None:
    # now: 1 2 2 4 5 -> sorted middle 2; wanted: 3 4 4 5 5 -> 4; gaps 2 2 2 1 0 -> sorted 0 1 2 2 2, middle 2.
    # IQR of now (type 7): positions 0.25*4 = 1 -> 2, 0.75*4 = 3 -> 4: 4 - 2 = 2.
    found = factor_result("tijd", [1, 2, 2, 4, 5], [3, 4, 4, 5, 5])
    assert isinstance(found, FactorResult)
    assert (found.n, found.now_median, found.wanted_median, found.gap, found.divided) == (5, 2.0, 4.0, 2.0, 2.0)
    assert found.now_counts == (1, 2, 0, 1, 1)
    assert found.wanted_counts == (0, 0, 1, 2, 2)


def test_an_even_group_takes_the_middle_two_and_the_gap_is_not_the_difference_of_medians() -> None:
    # now 1 1 4 4 -> (1+4)/2 = 2.5; wanted 2 2 5 5 -> 3.5; gaps: 1 1 1 1 -> 1 (the medians differ by 1 too).
    # IQR of now: positions 0.75 -> 1 + 0.75*(1-1) = 1; 2.25 -> 4 + 0.25*(4-4) = 4: 3.
    found = factor_result("x", [1, 4, 1, 4], [5, 2, 2, 5])
    assert isinstance(found, FactorResult)
    assert (found.now_median, found.wanted_median, found.divided) == (2.5, 3.5, 3.0)
    # gaps per person: 4, -2, 1, 1 -> sorted -2 1 1 4 -> (1+1)/2 = 1
    assert found.gap == 1.0
    # A case where the median gap differs from the difference of the medians: now 1 3 5, wanted 5 3 5 ->
    # medians 3 and 5 (difference 2), gaps 4 0 0 -> median 0.
    other = factor_result("y", [1, 3, 5], [5, 3, 5])
    assert isinstance(other, FactorResult)
    assert (other.now_median, other.wanted_median, other.gap) == (3.0, 5.0, 0.0)


def test_nothing_before_three_votes() -> None:
    assert MIN_VOTERS == 3
    assert isinstance(factor_result("x", [2, 3], [4, 5]), NotShown)
    votes = [Vote(p, f, 2, 4) for p in ("a", "b") for f in ("x", "y")]
    result = session_result(["x", "y"], votes)
    assert not result.shown and result.participants == 2
    assert all(isinstance(f, NotShown) and f.n == 2 for f in result.factors)
    assert result.ranked() == []
    assert remarks(["Meer tijd"], 2) == ()


def test_a_factor_that_fewer_than_three_rated_is_not_shown_while_the_others_are() -> None:
    votes = [Vote(p, "x", 3, 4) for p in "abc"] + [Vote("a", "y", 1, 5), Vote("b", "y", 2, 5)]
    result = session_result(["x", "y"], votes)
    assert result.shown and result.participants == 3
    x, y = result.factors
    assert isinstance(x, FactorResult) and x.now_median == 3.0
    assert isinstance(y, NotShown) and y.n == 2 and "fewer than 3" in y.reason


def test_ranking_by_gap_and_by_division_ties_keep_the_order() -> None:
    ratings = {
        "a": ([3, 3, 3], [4, 4, 4]),  # gap 1, divided 0
        "b": ([1, 3, 5], [5, 5, 5]),  # gaps 4 2 0 -> 2, divided: 2..4 -> IQR 2
        "c": ([2, 2, 2], [5, 5, 5]),  # gap 3, divided 0
        "d": ([4, 4, 4], [5, 5, 5]),  # gap 1, divided 0
    }
    votes = [Vote(str(i), f, now[i], wanted[i]) for f, (now, wanted) in ratings.items() for i in range(3)]
    result = session_result(list(ratings), votes)
    assert [f.factor_id for f in result.ranked("gap")] == ["c", "b", "a", "d"]
    assert [f.factor_id for f in result.ranked("divided")] == ["b", "a", "c", "d"]


def test_votes_on_unknown_factors_are_ignored_and_bad_ratings_refused() -> None:
    votes = [Vote(p, "x", 3, 3) for p in "abc"] + [Vote("z", "gone", 1, 1)]
    assert session_result(["x"], votes).participants == 3
    with pytest.raises(ValueError):
        factor_result("x", [0, 3, 3], [3, 3, 3])
    with pytest.raises(ValueError):
        factor_result("x", [3, 3, 3], [3, 3])


def test_remarks_are_sorted_stripped_and_without_empties() -> None:
    assert remarks([" zonder naam ", "", "Al goed", "  "], 3) == ("Al goed", "zonder naam")
