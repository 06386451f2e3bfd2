"""The learning circle's band and its rules (scoring.circle), against hand calculations and, over random
data, against the rule that a company without consent or below the threshold moves nothing."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.circle import (
    LETTERS,
    MIN_COMPANIES,
    Band,
    CircleView,
    CompanyWave,
    Member,
    NoBand,
    NoCircleView,
    band,
    bands,
    change_bands,
    company_view,
    handout_dots,
    handout_letters,
    position,
)

DIMS = ["safety", "time"]


def wave(n: int, safety: float | None, time: float | None = 3.0, scored: int | None = None) -> CompanyWave:
    counts = {} if scored is None else {"safety": scored}
    return CompanyWave(n, {"safety": safety, "time": time}, counts)


def test_band_is_median_and_second_lowest_to_second_highest() -> None:
    # hand: sorted 2.0 2.5 3.0 3.5 4.5 -> median 3.0, middle range 2.5 .. 3.5
    got = band("safety", [3.5, 2.0, 4.5, 3.0, 2.5])
    assert got == Band("safety", 5, 3.0, 2.5, 3.5)
    # six companies: median of 2.5 and 3.0 is 2.75; 1.0 and 5.0 never appear
    got = band("safety", [1.0, 2.0, 2.5, 3.0, 4.0, 5.0])
    assert got == Band("safety", 6, 2.75, 2.0, 4.0)


def test_four_companies_make_no_band() -> None:
    assert band("safety", [1.0, 2.0, 3.0, 4.0]) == NoBand("safety", 4)
    assert MIN_COMPANIES == 5


def test_position_by_the_others_tertiles() -> None:
    others = [1.0, 2.0, 3.0, 4.0]  # tertiles (linear): 2.0 and 3.0
    assert position(3.01, others) == "top"
    assert position(3.0, others) == "middle"
    assert position(2.0, others) == "middle"
    assert position(1.99, others) == "bottom"
    with pytest.raises(ValueError):
        position(1.0, [])


def test_who_counts() -> None:
    members = [
        Member("a", True, wave(5, 2.0)),
        Member("b", True, wave(4, 9.0)),  # below the threshold
        Member("c", False, wave(30, 9.0)),  # no consent
        Member("d", True, wave(12, 3.0, scored=4)),  # the dimension hidden on its own page
        Member("e", True, wave(8, None)),  # hidden dimension
        Member("f", True, None),  # no wave
        Member("g", True, wave(6, 4.0)),
        Member("h", True, wave(7, 5.0)),
        Member("i", True, wave(9, 1.0)),
    ]
    got = bands(members, "baseline", DIMS)
    assert got["safety"] == NoBand("safety", 4)  # a, g, h, i
    # time: a, d, e, g, h, i all count (d's time was scored by all 12): 6 companies of 3.0
    assert got["time"] == Band("time", 6, 3.0, 3.0, 3.0)
    members.append(Member("j", True, wave(5, 6.0)))
    # a g h i j: 1 2 4 5 6 -> median 4, middle 2 .. 5
    assert bands(members, "baseline", DIMS)["safety"] == Band("safety", 5, 4.0, 2.0, 5.0)


def test_company_view_with_change_at_the_end_line() -> None:
    base = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    rise = [0.5, 0.0, 0.25, -0.5, 1.0, 0.1]
    members = [
        Member(str(i), True, wave(10, b), wave(10, b + r)) for i, (b, r) in enumerate(zip(base, rise, strict=True))
    ]
    members.append(Member("late", True, None, wave(10, 9.0)))  # end-line only: in the band, not in the changes
    view = company_view("Noord", members, "0", "endline", DIMS)
    assert isinstance(view, CircleView)
    safety = view.dimensions[0]
    ends = sorted(b + r for b, r in zip(base, rise, strict=True)) + [9.0]
    assert safety.own == 1.5
    assert safety.band == Band("safety", 7, statistics.median(ends), ends[1], ends[-2])
    # the others' end-line means 2.0 3.25 3.5 6.0 6.1 9.0: 1.5 is below their lower tertile
    assert safety.position == "bottom"
    assert safety.own_change == 0.5
    changes = sorted((b + r) - b for b, r in zip(base, rise, strict=True))  # as the app's floats give them
    assert safety.changes == Band("safety", 6, statistics.median(changes), changes[1], changes[-2])
    assert company_view("Noord", members, "late", "endline", DIMS).dimensions[0].own_change is None  # type: ignore[union-attr]


def test_without_consent_a_company_sees_no_circle() -> None:
    members = [Member(str(i), True, wave(10, float(i))) for i in range(6)] + [Member("x", False, wave(10, 2.0))]
    assert company_view("Noord", members, "x", "baseline", DIMS) == NoCircleView("Noord")
    below = [*members, Member("small", True, wave(3, 2.0))]
    view = company_view("Noord", below, "small", "baseline", DIMS)
    assert isinstance(view, CircleView)
    assert view.dimensions[0].own is None and view.dimensions[0].position is None
    assert view.dimensions[0].band.shown


# ---------------------------------------------------------------------------------------------------
# Property: a company that does not count moves nothing

means = st.one_of(st.none(), st.floats(min_value=1.0, max_value=5.0, allow_nan=False))
waves = st.one_of(
    st.none(),
    st.builds(
        lambda n, s, t: CompanyWave(n, {"safety": s, "time": t}),
        st.integers(min_value=0, max_value=40),
        means,
        means,
    ),
)
members = st.lists(st.builds(Member, st.just(""), st.booleans(), waves, waves), min_size=0, max_size=12)
#: a company that must not count: no consent, or below the threshold in both waves
outsiders = st.one_of(
    st.builds(Member, st.just("out"), st.just(False), waves, waves),
    st.builds(
        Member,
        st.just("out"),
        st.booleans(),
        st.builds(lambda n, s: CompanyWave(n, {"safety": s, "time": s}), st.integers(0, 4), means),
        st.builds(lambda n, s: CompanyWave(n, {"safety": s, "time": s}), st.integers(0, 4), means),
    ),
)


@settings(max_examples=300, deadline=None)
@given(members, outsiders, st.integers(min_value=0, max_value=12), st.sampled_from(["baseline", "endline"]))
def test_a_company_that_does_not_count_never_moves_a_band(
    inside: list[Member], outsider: Member, where: int, kind: str
) -> None:
    inside = [Member(f"m{i}", m.consent, m.baseline, m.endline) for i, m in enumerate(inside)]
    with_outsider = [*inside[:where], outsider, *inside[where:]]
    assert bands(with_outsider, kind, DIMS) == bands(inside, kind, DIMS)
    assert change_bands(with_outsider, DIMS) == change_bands(inside, DIMS)
    for member in inside:
        assert company_view("c", with_outsider, member.key, kind, DIMS) == company_view(
            "c", inside, member.key, kind, DIMS
        )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=1.0, max_value=5.0, allow_nan=False), min_size=5, max_size=30))
def test_no_end_point_is_the_lowest_or_highest_company(values: list[float]) -> None:
    got = band("safety", values)
    assert isinstance(got, Band)
    ordered = sorted(values)
    assert (got.low, got.high) == (ordered[1], ordered[-2])
    assert got.median == pytest.approx(statistics.median(values))
    assert got.low <= got.median <= got.high


def test_handout_dots_are_rounded_and_need_five_companies() -> None:
    members = [Member(str(i), True, wave(10, 1.0 + i / 7)) for i in range(5)]
    dots = handout_dots(members, "baseline", DIMS)
    assert dots["safety"] == {str(i): round(1.0 + i / 7, 1) for i in range(5)}
    members[0] = Member("0", False, members[0].baseline)
    assert handout_dots(members, "baseline", DIMS)["safety"] == NoBand("safety", 4)


def test_handout_letters_come_from_the_seed() -> None:
    keys = [str(i) for i in range(8)]
    first = handout_letters(keys, 1)
    assert handout_letters(list(reversed(keys)), 1) == first  # the same seed, the same letters
    assert len(set(first.values())) == 8 and set(first.values()) <= set(LETTERS)
    assert not set(first.values()) & {"I", "O", "Q"}
    # another seed letters them differently (for these seeds; a draw can repeat by chance, 1 in 8!)
    assert handout_letters(keys, 2) != first
    with pytest.raises(ValueError):
        handout_letters([str(i) for i in range(len(LETTERS) + 1)], 1)
