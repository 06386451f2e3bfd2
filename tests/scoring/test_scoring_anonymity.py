"""The anonymity rules, on their own and as applied by score / compare / perception_gap."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import anonymity, compare, perception_gap, score
from scoring.anonymity import (
    REASON_COMPLEMENTARY,
    REASON_TOO_FEW,
    comments_allowed,
    comments_min,
    comparison_level,
    group_shown,
    level,
    limit_for,
    paired_suppression,
    reliable_change_shown,
    suppress_breakdown,
    suppress_combinations,
    suppress_comparison_breakdown,
    suppress_linked_breakdown,
    visible_comments,
)
from scoring.matrix import Answers
from scoring.results import (
    DimensionComparison,
    DimensionStats,
    GroupResult,
    SuppressedComparison,
    SuppressedDimension,
    SuppressedGap,
    SuppressedGroup,
)

NUMBER_FIELDS = {"mean", "sd", "ci95", "favourable", "alpha", "alpha_ci95", "difference", "p", "hedges_g"}


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "suppressed"), (4, "suppressed"), (5, "indicative"), (9, "indicative"), (10, "full"), (500, "full")],
)
def test_level(n, expected):
    assert level(n) == expected


def test_level_with_a_higher_threshold_keeps_statistics_at_or_above_it():
    assert level(11, 12) == "suppressed"
    assert level(12, 12) == "full"


def test_comparison_needs_both_waves():
    assert comparison_level(4, 100) == "suppressed"
    assert comparison_level(100, 4) == "suppressed"
    assert comparison_level(5, 100) == "indicative"
    assert comparison_level(10, 10) == "full"


def test_comments():
    assert not comments_allowed(9)
    assert comments_allowed(10)
    assert visible_comments(["b", None, " ", "a "], 9) is None
    assert visible_comments(["b", None, " ", "a "], 10) == ["a", "b"]


def test_comments_are_sorted_alphabetically_whatever_the_case_and_need_the_higher_threshold():
    written = ["zeker", "Beter plannen", "aandacht", "Aandacht", "beter plannen"]
    assert visible_comments(written, 10) == ["Aandacht", "aandacht", "Beter plannen", "beter plannen", "zeker"]
    assert visible_comments(list(reversed(written)), 10) == visible_comments(written, 10)
    assert comments_min() == 10 and comments_min(12) == 12
    assert not comments_allowed(11, 12) and comments_allowed(12, 12)
    assert visible_comments(["x"], 11, limit=12) is None


@pytest.mark.parametrize(
    ("pairs", "n_baseline", "n_endline", "expected"),
    [
        (0, 20, 20, REASON_TOO_FEW),
        (4, 20, 20, REASON_TOO_FEW),
        (5, 5, 5, None),  # everyone linked: the pairs' change is the waves' difference, nothing to subtract
        (5, 10, 5, None),  # 5 unpaired baseline respondents: a group of the threshold
        (5, 6, 5, REASON_COMPLEMENTARY),  # one unpaired respondent: the waves minus the pairs give them away
        (10, 12, 12, REASON_COMPLEMENTARY),  # 2 + 2 unpaired
        (10, 13, 12, None),  # 3 + 2 unpaired
        (12, 40, 45, None),
    ],
)
def test_paired_suppression(pairs, n_baseline, n_endline, expected):
    assert paired_suppression(pairs, n_baseline, n_endline) == expected


def test_paired_suppression_checks_its_counts():
    with pytest.raises(ValueError, match="pairs"):
        paired_suppression(6, 5, 20)


def test_reliable_change_counts_only_from_ten_pairs():
    assert not reliable_change_shown(4) and not reliable_change_shown(9)
    assert reliable_change_shown(10) and not reliable_change_shown(11, 12)


def test_limit_per_role(example):
    assert limit_for(example, "employee") == 5
    assert limit_for(example, "manager") == anonymity.MANAGER_MIN == 1
    assert anonymity.threshold(None) == 5


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ([5, 5, 5], []),
        ([3, 6, 7], [0, 1]),  # 3 hidden; 3 < 5 so the next-smallest (6) too
        ([4, 4], [0, 1]),
        ([2, 3, 10], [0, 1]),  # together 5: enough
        ([1, 20, 30], [0, 1]),
        ([0, 6, 7], [0]),  # an empty group hides nobody
        ([3, 5], [0, 1]),  # everything hidden
        ([6, 3, 6], [0, 1]),  # tie: the first of the smallest shown groups
        ([], []),
    ],
)
def test_suppress_breakdown(counts, hidden):
    assert np.flatnonzero(suppress_breakdown(counts, 5)).tolist() == hidden


def test_suppress_breakdown_respects_groups_already_hidden():
    assert np.flatnonzero(suppress_breakdown([8, 9, 20], 5, hidden=[True, False, False])).tolist() == [0]
    result = suppress_breakdown([2, 9, 20], 5, hidden=[False, False, False])
    assert np.flatnonzero(result).tolist() == [0, 1]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=12), st.integers(2, 10))
def test_suppress_breakdown_properties(counts, limit):
    hidden = suppress_breakdown(counts, limit)
    n = np.asarray(counts, dtype=np.int64)
    # every small group is hidden
    assert hidden[n < limit].all()
    # what is hidden holds nobody or at least the limit, unless everything is hidden
    total = int(n[hidden].sum())
    assert total == 0 or total >= limit or hidden.all()
    # a group hidden only to protect others is never larger than a group still shown
    extra = hidden & (n >= limit)
    if extra.any() and (~hidden).any():
        assert n[extra].max() <= n[~hidden].min()
    # and nothing is hidden when no group is small
    if (n >= limit).all():
        assert not hidden.any()


@pytest.mark.parametrize(
    ("n", "limit", "shown"), [(0, 5, False), (4, 5, False), (5, 5, True), (6, 7, False), (7, 7, True), (1, 1, True)]
)
def test_group_shown(n, limit, shown):
    assert group_shown(n, limit) is shown


@pytest.mark.parametrize(
    ("n_baseline", "n_endline", "limit", "hidden"),
    [
        ([6, 7, 8], [6, 7, 8], 5, []),
        ([3, 6, 7], [6, 6, 7], 5, [0, 1]),  # small at the baseline: hidden in both waves, with the next-smallest
        ([10, 10, 12], [10, 4, 12], 5, [0, 1]),  # small at the end-line only: the same
        ([4, 20, 6, 30], [10, 2, 10, 30], 5, [0, 1, 2]),  # each wave protects its own small group
        ([3, 4], [10, 10], 5, [0, 1]),  # everything hidden
        ([0, 6, 7], [0, 6, 7], 5, [0]),  # an empty group hides nobody
        ([2, 3, 10], [3, 3, 3], 3, [0, 1]),  # threshold 3: 2 + 3 hidden at the baseline is enough
        ([2, 3, 10], [3, 3, 3], 5, [0, 1, 2]),  # the same counts with threshold 5
        ([6, 7, 9], [6, 7, 9], 8, [0, 1]),  # threshold 8: 6 and 7 are small, together 13
        ([], [], 5, []),
    ],
)
def test_suppress_comparison_breakdown(n_baseline, n_endline, limit, hidden):
    assert np.flatnonzero(suppress_comparison_breakdown(n_baseline, n_endline, limit)).tolist() == hidden


def test_suppress_comparison_breakdown_per_dimension_column():
    # Two dimensions (columns) of three groups: each column is a breakdown of its own.
    n_baseline = [[3, 10], [6, 10], [7, 10]]
    n_endline = [[6, 10], [6, 4], [7, 10]]
    hidden = suppress_comparison_breakdown(n_baseline, n_endline, 5)
    assert hidden.tolist() == [[True, True], [True, True], [False, False]]
    assert suppress_comparison_breakdown(np.zeros((2, 0)), np.zeros((2, 0))).shape == (2, 0)


def test_suppress_comparison_breakdown_needs_counts_of_the_same_shape():
    with pytest.raises(ValueError, match="must match"):
        suppress_comparison_breakdown([5, 6], [5, 6, 7])
    with pytest.raises(ValueError, match="must match"):
        suppress_comparison_breakdown(np.ones((1, 1, 1)), np.ones((1, 1, 1)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 15), st.integers(0, 15)), max_size=8), st.integers(2, 10))
def test_suppress_comparison_breakdown_properties(pairs, limit):
    n_b = np.asarray([b for b, _ in pairs], dtype=np.int64)
    n_e = np.asarray([e for _, e in pairs], dtype=np.int64)
    hidden = suppress_comparison_breakdown(n_b, n_e, limit)
    # a group small in either wave is hidden (in both)
    assert hidden[(n_b < limit) | (n_e < limit)].all()
    for counts in (n_b, n_e):
        # in each wave, what is hidden holds nobody or at least the limit, unless everything is hidden
        total = int(counts[hidden].sum())
        assert total == 0 or total >= limit or hidden.all()
        # and rule 3 has nothing left to add
        assert (suppress_breakdown(counts, limit, hidden) == hidden).all()
    # 2-D: a column gives what it gives on its own
    both = suppress_comparison_breakdown(np.stack([n_b, n_e], axis=1), np.stack([n_e, n_b], axis=1), limit)
    assert both.shape == (len(pairs), 2)
    assert (both[:, 0] == hidden).all() and (both[:, 1] == suppress_comparison_breakdown(n_e, n_b, limit)).all()


def _answers(rng: np.random.Generator, n: int) -> Answers:
    return Answers.from_values(rng.integers(1, 6, (n, 6)).astype(float))


@pytest.mark.parametrize("n", [0, 1, 4])
def test_a_group_below_the_threshold_has_no_numbers(example, n):
    result = score(example, _answers(np.random.default_rng(n), n))
    total = result.groups["all"]
    assert isinstance(total, SuppressedGroup)
    assert total.n == n
    field_names = {f.name for f in dataclasses.fields(total)}
    assert not field_names & NUMBER_FIELDS
    assert not hasattr(total, "dimensions") or not total.to_dict()["dimensions"]
    assert total.to_dict() == {
        "n": n,
        "suppressed": True,
        "level": "suppressed",
        "reason": "too_few_respondents",
        "dimensions": {},
    }


def test_a_group_of_exactly_five_is_shown_as_indicative(example):
    result = score(example, _answers(np.random.default_rng(5), 5))
    total = result.groups["all"]
    assert isinstance(total, GroupResult)
    assert total.level == "indicative"
    for dim in total.dimensions.values():
        assert isinstance(dim, DimensionStats)
        assert dim.level == "indicative"
        assert dim.mean is not None and dim.sd is not None and dim.favourable is not None
        assert dim.ci95 is None and dim.alpha is None and dim.alpha_ci95 is None


def test_from_ten_the_statistics_appear(example):
    result = score(example, _answers(np.random.default_rng(10), 10))
    dim = result.groups["all"].dimensions["veiligheid"]
    assert isinstance(dim, DimensionStats)
    assert dim.level == "full" and dim.ci95 is not None


def test_a_dimension_with_too_few_scores_is_suppressed_inside_a_shown_group(example):
    values = np.random.default_rng(1).integers(1, 6, (8, 6)).astype(float)
    values[:4, 3:] = np.nan  # only 4 respondents score "tijd"
    result = score(example, Answers.from_values(values))
    total = result.groups["all"]
    assert isinstance(total, GroupResult)
    assert isinstance(total.dimensions["tijd"], SuppressedDimension)
    assert total.dimensions["tijd"].n == 4
    assert isinstance(total.dimensions["veiligheid"], DimensionStats)
    as_json = total.to_dict()["dimensions"]["tijd"]
    assert as_json["suppressed"] is True and as_json["mean"] is None and as_json["items"] == {}


def test_breakdown_with_complementary_suppression(example):
    rng = np.random.default_rng(2)
    groups = ["a"] * 4 + ["b"] * 6 + ["c"] * 12
    result = score(example, _answers(rng, len(groups)), groups=groups)
    assert isinstance(result.groups["a"], SuppressedGroup)
    assert result.groups["a"].reason == anonymity.REASON_TOO_FEW
    assert isinstance(result.groups["b"], SuppressedGroup)
    assert result.groups["b"].reason == anonymity.REASON_COMPLEMENTARY
    assert isinstance(result.groups["c"], GroupResult)
    assert isinstance(result.groups["all"], GroupResult)


def test_complementary_suppression_per_dimension(example):
    rng = np.random.default_rng(3)
    values = rng.integers(1, 6, (30, 6)).astype(float)
    groups = ["a"] * 10 + ["b"] * 8 + ["c"] * 12
    values[:7, 3:] = np.nan  # group a: only 3 scores on "tijd"
    result = score(example, Answers.from_values(values), groups=groups)
    a, b, c = (result.groups[x] for x in "abc")
    assert isinstance(a, GroupResult) and isinstance(b, GroupResult) and isinstance(c, GroupResult)
    assert a.dimensions["tijd"].suppressed and a.dimensions["tijd"].reason == anonymity.REASON_TOO_FEW
    assert b.dimensions["tijd"].suppressed and b.dimensions["tijd"].reason == anonymity.REASON_COMPLEMENTARY
    assert not c.dimensions["tijd"].suppressed
    assert not any(g.dimensions["veiligheid"].suppressed for g in (a, b, c))


def test_item_counts_need_the_threshold_of_answers(example):
    values = np.random.default_rng(4).integers(1, 6, (12, 6)).astype(float)
    values[:8, 0] = np.nan  # only 4 answered vei1 on the scale
    codes = np.full(values.shape, -1)
    codes[:8, 0] = 0
    result = score(example, Answers.from_values(values, codes))
    dim = result.groups["all"].dimensions["veiligheid"]
    assert isinstance(dim, DimensionStats)
    assert dim.items["vei1"].counts is None
    assert dim.items["vei1"].non_substantive["dk"] == pytest.approx(100 * 8 / 12)
    assert dim.items["vei2"].counts is not None


@pytest.mark.parametrize(
    ("n_base", "n_end", "expected"), [(4, 30, "suppressed"), (5, 30, "indicative"), (10, 10, "full")]
)
def test_compare_levels(example, n_base, n_end, expected):
    rng = np.random.default_rng(n_base)
    result = compare(example, _answers(rng, n_base), _answers(rng, n_end))
    dim = result.dimensions["tijd"]
    assert dim.level == expected
    data = dim.to_dict()
    assert data["suppressed"] is (expected == "suppressed")
    assert data["baseline"]["n"] == n_base and data["endline"]["n"] == n_end
    if expected == "suppressed":
        assert isinstance(dim, SuppressedComparison)
        assert all(data[key] is None for key in ("difference", "ci95", "p", "hedges_g", "cliffs_delta"))
        assert data["baseline"]["mean"] is None
    elif expected == "indicative":
        assert isinstance(dim, DimensionComparison)
        assert dim.difference is not None and dim.hedges_g is not None and dim.cliffs_delta is not None
        assert dim.ci95 is None and dim.p is None and dim.welch_t is None and dim.hedges_g_ci95 is None
    else:
        assert isinstance(dim, DimensionComparison)
        assert dim.ci95 is not None and dim.p is not None and dim.hedges_g_ci95 is not None


def test_manager_results_are_shown_from_one_manager(example):
    result = score(example, _answers(np.random.default_rng(0), 1), role="manager")
    total = result.groups["all"]
    assert isinstance(total, GroupResult)
    assert result.anonymity_threshold == 1
    assert total.dimensions["tijd"].level == "indicative"


@pytest.mark.parametrize(
    ("n_employees", "n_managers", "limit", "shown"),
    [(5, 1, 5, True), (4, 3, 5, False), (5, 0, 5, False), (6, 1, 7, False), (7, 2, 7, True)],
)
def test_gap_shown(n_employees, n_managers, limit, shown):
    assert anonymity.gap_shown(n_employees, n_managers, limit) is shown


def test_gap_without_managers_shows_the_employee_side_only(example):
    employees = Answers.from_values(np.full((6, 6), 3.0))
    gap = perception_gap(example, employees, Answers.from_values([], k=6))
    for dim in gap.dimensions.values():
        assert not isinstance(dim, SuppressedGap)
        assert dim.employee_mean == 3.0 and dim.manager_n == 0 and dim.manager_mean is None and dim.gap is None


def test_gap_needs_the_employee_group_shown(example):
    rng = np.random.default_rng(8)
    gap = perception_gap(example, _answers(rng, 4), _answers(rng, 1))
    assert all(isinstance(d, SuppressedGap) for d in gap.dimensions.values())
    json.dumps(gap.to_dict(), allow_nan=False)
    employees = Answers.from_values(np.full((6, 6), 3.0))
    managers = Answers.from_values(np.array([[5, 1, 5, 4, 2, 4.0]]))
    gap = perception_gap(example, employees, managers)
    assert gap.dimensions["veiligheid"].gap == pytest.approx(2.0)
    assert gap.dimensions["tijd"].gap == pytest.approx(1.0)
    assert gap.dimensions["tijd"].level == "indicative"


# Rule 9: k-anonymity over an export group's background columns jointly.


def _shown(rows, limit):
    """The rows as an export shows them: each emptied cell None."""
    hidden = suppress_combinations(rows, limit).tolist()
    return [tuple(None if h else v for v, h in zip(r, hide, strict=True)) for r, hide in zip(rows, hidden, strict=True)]


def test_a_unique_combination_of_common_values_is_broken_up():
    # attack 7: office (6) and 10+ years (7) each pass rule 3, but office with 10+ is one person
    rows = [("production", "y10_plus")] * 6 + [("office", "y1_5")] * 5 + [("office", "y10_plus")]
    # each column alone passes rule 3: no category below 5
    assert not suppress_breakdown([6, 6], 5).any() and not suppress_breakdown([7, 5], 5).any()
    # the fewest cells: the years of the six in office (6 cells), not the department of the seven with 10+
    assert _shown(rows, 5) == [("production", "y10_plus")] * 6 + [("office", None)] * 6


def test_combinations_with_other_thresholds():
    rows = [("a", "x")] * 3 + [("a", "y")] * 3 + [("b", "x")] + [("b", "y")] * 2
    # threshold 3: the lone (b, x) and the two (b, y) become three (b, -); a's rows keep everything
    assert _shown(rows, 3) == [("a", "x")] * 3 + [("a", "y")] * 3 + [("b", None)] * 3
    # threshold 2: (b, x) cannot join (a, x) more cheaply than (b, y): 3 cells against 4
    assert _shown(rows, 2) == [("a", "x")] * 3 + [("a", "y")] * 3 + [("b", None)] * 3
    # threshold 7: nine rows can form one combination only, and they differ in both columns
    assert _shown(rows, 7) == [(None, None)] * 9
    # threshold 1 (managers, rule 6): nothing is left out
    assert _shown(rows, 1) == rows


def test_a_group_without_any_background_shows_none():
    assert suppress_combinations([(None, None, "")] * 6, 5).all()
    assert suppress_combinations([("", None)] * 2, 1).all()  # nothing to give, whatever the limit
    assert suppress_combinations([], 5).shape == (0, 0)
    assert suppress_combinations([(), ()], 5).shape == (2, 0)


def test_a_group_of_exactly_the_limit():
    assert _shown([("a", "x")] * 5, 5) == [("a", "x")] * 5
    # one differs in years: the years go for all five, the shared department stays
    assert _shown([("a", "x")] * 4 + [("a", "y")], 5) == [("a", None)] * 5
    # five different people show nothing; nor do four, below the limit
    assert suppress_combinations([(str(i), "x") for i in range(5)], 5)[:, 0].all()
    assert suppress_combinations([("a", "x")] * 4, 5).all()


def test_rows_that_show_nothing_get_company_as_in_rule_3():
    # two without any background: three more rows are emptied, the last three of a combination that keeps 5
    assert _shown([("a", "x")] * 8 + [(None, None)] * 2, 5) == [("a", "x")] * 5 + [(None, None)] * 5
    # no combination can spare 4 rows and keep 5: the whole one that loses fewest cells goes
    rows = [("a", "x")] * 6 + [("b", None)] * 5 + [(None, None)]
    assert _shown(rows, 5) == [("a", "x")] * 6 + [(None, None)] * 6


def test_others_can_join_a_rare_combination_by_leaving_a_value_out():
    # one without an invitation department: the six of winkel leave theirs out and join them (6 cells),
    # rather than the one losing everything and the six with it (rows that show nothing, step 2)
    rows = [("none", "bakkerij")] * 8 + [("none", "winkel")] * 6 + [("none", None)]
    assert _shown(rows, 5) == [("none", "bakkerij")] * 8 + [("none", None)] * 7


def test_rows_must_have_the_same_width():
    with pytest.raises(ValueError, match="same number"):
        suppress_combinations([("a", "x"), ("a",)], 5)


# ---------------------------------------------------------------------------------------------------
# Rule 10: linked tables (the programme's regions and total beside the company pages)


@pytest.mark.parametrize(
    ("private", "limit", "hidden", "total_hidden"),
    [
        # nobody private (every company shown on its own page): nothing to hide
        ([0, 0, 0], 5, [False, False, False], False),
        ([0], 3, [False], False),
        # one region with one small company: the region goes, and the total (it minus the other regions
        # gives the same), as no other region has a private respondent to hide with it
        ([4, 0, 0], 5, [True, False, False], True),
        ([2, 0], 3, [True, False], True),
        ([6, 0, 0, 0], 7, [True, False, False, False], True),
        # two regions, each with one small company: both hidden, together enough
        ([2, 3, 0], 5, [True, True, False], False),
        ([1, 2, 0], 3, [True, True, False], False),
        ([3, 4, 0], 7, [True, True, False], False),
        # ... together too few: the total goes as well
        ([1, 1, 0], 5, [True, True, False], True),
        ([1, 1, 0], 3, [True, True, False], True),
        ([2, 4, 0], 7, [True, True, False], True),
        # a small one hides the region with the fewest private respondents (two small companies) too
        ([2, 8, 6, 0], 5, [True, False, True, False], False),
        ([1, 4, 5, 0], 3, [True, True, False, False], False),
        ([6, 13, 0], 7, [True, True, False], False),
    ],
)
def test_suppress_linked_breakdown(private, limit, hidden, total_hidden):
    out, total = suppress_linked_breakdown(private, limit)
    assert out.tolist() == hidden
    assert total is total_hidden


def test_suppress_linked_breakdown_starts_from_the_groups_hidden_already():
    # a region hidden by rule 3 holds 2 private respondents: another region with private ones must go too
    out, total = suppress_linked_breakdown([0, 2, 5], 5, hidden=[True, False, False])
    assert out.tolist() == [True, True, True] and not total
    # hidden by rule 3 without private respondents: nothing more to hide
    out, total = suppress_linked_breakdown([0, 0, 5], 5, hidden=[True, False, False])
    assert out.tolist() == [True, False, False] and not total


def test_suppress_linked_breakdown_of_comparisons_hides_a_group_in_every_wave():
    # region 0 is small at the baseline only, and only it has private respondents at the baseline
    out, total = suppress_linked_breakdown([[3, 0, 0], [0, 6, 0]], 5)
    assert out.tolist() == [True, False, False] and total
    # region 2 holds private respondents at the baseline: hidden with region 0, in both waves
    out, total = suppress_linked_breakdown([[3, 0, 5], [0, 0, 6]], 5)
    assert out.tolist() == [True, False, True] and not total
    out, total = suppress_linked_breakdown([[3, 5, 0], [0, 0, 0]], 5)
    assert out.tolist() == [True, True, False] and not total


def test_suppress_linked_breakdown_checks_its_counts():
    with pytest.raises(ValueError, match="groups"):
        suppress_linked_breakdown(np.zeros((1, 1, 1)))
    with pytest.raises(ValueError, match="negative"):
        suppress_linked_breakdown([0, -1])


def _isolated(rows: list[np.ndarray], mass: np.ndarray, limit: int) -> list[int] | None:
    """A set of private parts whose sum the shown rows (each the parts it adds up, over the private
    parts) give by some linear combination, holding 1 to ``limit - 1`` respondents; None when there is none."""
    parts = np.flatnonzero(mass > 0)
    shown = np.array([r[parts] for r in rows], dtype=np.float64).reshape(len(rows), parts.size)
    rank = np.linalg.matrix_rank(shown) if rows else 0
    for bits in range(1, 2**parts.size):
        chosen = [i for i in range(parts.size) if bits >> i & 1]
        if not 0 < int(mass[parts[chosen]].sum()) < limit:
            continue
        target = np.zeros(parts.size)
        target[chosen] = 1.0
        if rows and np.linalg.matrix_rank(np.vstack([shown, target])) == rank:
            return [int(parts[i]) for i in chosen]
    return None


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda width: st.lists(st.tuples(*[st.sampled_from(["a", "b", "c", "", None])] * width), max_size=40)
    ),
    st.integers(1, 6),
)
def test_suppress_combinations_properties(rows, limit):
    hidden = suppress_combinations(rows, limit)
    width = len(rows[0]) if rows else 0
    assert hidden.dtype == np.bool_ and hidden.shape == (len(rows), width)
    assert all(hidden[i, j] for i, row in enumerate(rows) for j, v in enumerate(row) if not v)  # nothing to give
    shown = _shown(rows, limit)
    counts = {combination: shown.count(combination) for combination in shown}
    if len(rows) < limit:
        assert hidden.all()
    else:
        # every combination shown, "not given" counted as a value, by at least ``limit`` rows
        assert all(count >= limit for count in counts.values())
        for j in range(width):  # and so rule 3 per column: no subtraction
            column = [row[j] for row in shown]
            assert all(column.count(v) >= limit for v in column if v is not None)
            assert column.count(None) == 0 or column.count(None) >= limit
    # what already holds is left alone, and what comes out holds: applying it again changes nothing
    given_counts = {}
    for row in rows:
        key = tuple(v or None for v in row)
        given_counts[key] = given_counts.get(key, 0) + 1
    if len(rows) >= limit and all(count >= limit for count in given_counts.values()):
        assert hidden.tolist() == [[not v for v in row] for row in rows]
    assert suppress_combinations(shown, limit).tolist() == [[v is None for v in row] for row in shown]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 12), st.integers(0, 12)), min_size=1, max_size=9),
    st.integers(2, 8),
    st.booleans(),
)
def test_no_shown_combination_of_linked_results_isolates_a_private_part(companies, limit, comparison):
    """Companies (region, n per wave) behind regions and a total: a company below the threshold is on no page
    (private), the others are public. Whatever the shown regions and total add up to, minus the public
    companies, is never the sum of 1 to limit - 1 private respondents."""
    region = np.array([c[0] for c in companies])
    n = np.array([[c[1] for c in companies], [c[2] for c in companies]])
    if not comparison:
        n = n[:1]
    mass = np.where(n < limit, n, 0)  # per wave and company: respondents on no page
    n_regions = int(region.max()) + 1
    member = np.stack([region == r for r in range(n_regions)]).astype(np.float64)  # (regions, companies)
    private = mass @ member.T  # (waves, regions)
    # rule 3 on the regions' own counts first, as the programme report does
    totals = n @ member.T
    hidden0 = suppress_comparison_breakdown(totals[0], totals[-1], limit)
    hidden, total_hidden = suppress_linked_breakdown(private.astype(np.int64), limit, hidden0)
    assert (hidden | ~hidden0).all()
    for wave in range(n.shape[0]):
        # regions with 1 to limit - 1 private respondents are hidden in every wave
        assert hidden[(private[wave] > 0) & (private[wave] < limit)].all()
        rows = [member[r] for r in range(n_regions) if not hidden[r]]
        if not total_hidden:
            rows.append(np.ones(len(companies)))
        assert _isolated(rows, mass[wave], limit) is None
    # nothing is hidden for rule 10 where nobody is private
    if not mass.any():
        assert (hidden == hidden0).all() and not total_hidden
