"""The focus-vs-other contrast (scoring.focus_contrast) against an independent calculation
(tests/focus_contrast_check.py: a matrix with NaN, boolean masks, ``scipy.stats.ttest_1samp``)."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
import pytest

import questionnaires
from questionnaires.model import Questionnaire
from scoring import anonymity
from scoring.focus_contrast import (
    MIN_COMPANIES,
    REASON_NO_FOCUS_SHOWN,
    REASON_NO_OTHER_SHOWN,
    REASON_TOO_FEW_COMPANIES,
    focus_contrast,
)
from scoring.results import CompareResult, ComparisonResult, DimensionComparison, SuppressedComparison, WaveSummary
from scoring.results.base import NOTE_IDENTICAL_CHANGES
from tests import focus_contrast_check
from tests.focus_contrast_check import Shown, check


def q() -> Questionnaire:
    return questionnaires.resolve("leercultuur-mkb@1")


DIMS = [d.id for d in q().dimensions]  # 7 dimensions, all answered by employees


def comparison(shown: Shown) -> CompareResult:
    """A comparison as the engine would give it: shown dimensions with their means, the others suppressed."""
    dims: dict[str, ComparisonResult] = {}
    for dim_id, means in shown.items():
        if means is None:
            dims[dim_id] = SuppressedComparison(dim_id, 3, 12, anonymity.REASON_TOO_FEW)
            continue
        base, end = means
        dims[dim_id] = DimensionComparison(
            dim_id,
            "full",
            WaveSummary(12, base, 0.8, 40.0),
            WaveSummary(12, end, 0.8, 50.0),
            end - base,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        )
    return CompareResult("leercultuur-mkb", 1, "employee", 5, 12, 12, dims)


def independent(
    companies: Sequence[tuple[Sequence[str], Shown]], weakest: bool = False, minimum: int = MIN_COMPANIES
) -> dict[str, object]:
    return focus_contrast_check.independent(companies, DIMS, weakest, minimum)


def run(companies: Sequence[tuple[Sequence[str], Shown]], minimum: int = MIN_COMPANIES):  # type: ignore[no-untyped-def]
    return focus_contrast(q(), [(focus, comparison(shown)) for focus, shown in companies], minimum)


def shown(pairs: Sequence[tuple[float, float] | None]) -> dict[str, tuple[float, float] | None]:
    return dict(zip(DIMS, pairs, strict=True))


# Seven hand-made companies. Focus where each was lowest, mostly; the numbers are plain enough to check by eye.
HAND: list[tuple[Sequence[str], Shown]] = [
    (["psych_safety"], shown([(2.8, 3.4), (3.2, 3.3), (3.5, 3.6), (3.3, 3.3), (3.0, 3.1), (3.6, 3.5), (3.4, 3.6)])),
    (
        ["time_to_learn", "reflection"],
        shown([(3.1, 3.2), (2.6, 3.0), (3.4, 3.3), (3.2, 3.4), (3.0, 2.9), (3.5, 3.6), (2.9, 3.3)]),
    ),
    (["leadership"], shown([(3.3, 3.5), (3.0, 3.0), (2.7, 2.9), (3.1, 3.2), None, (3.2, 3.1), (3.0, 3.3)])),
    (
        ["development", "ownership"],
        shown([(3.6, 3.7), (3.3, 3.2), (3.4, 3.5), (3.5, 3.5), (2.5, 3.2), (2.9, 3.1), (3.2, 3.2)]),
    ),
    (
        ["knowledge_sharing"],
        shown([(3.0, 3.0), (3.1, 3.3), (3.2, 3.1), (2.8, 3.0), (3.3, 3.4), (3.4, 3.4), (3.1, 3.0)]),
    ),
    (
        ["psych_safety", "leadership"],
        shown([(2.9, 3.0), (3.0, 3.4), (2.8, 2.8), (3.4, 3.5), (3.2, 3.3), (3.3, 3.2), (3.5, 3.6)]),
    ),
    (["reflection"], shown([(3.2, 3.3), (3.3, 3.3), (3.1, 3.3), (3.0, 3.2), (3.4, 3.3), (3.2, 3.2), (2.7, 3.1)])),
]


def test_the_contrast_over_all_themes_matches_scipy() -> None:
    result = run(HAND)
    expected = independent(HAND)
    check(result.overall, expected)
    assert result.companies == 7 and result.overall.n == 7
    # By hand: company A's focus rose 0.6, its others (-0.1 + 0.1 + 0.1 + 0 + 0.1 + 0.2) / 6 = 1/15, so D = 8/15;
    # B to G: 0.36, 0.1, 0.43, 0.55/3, -0.07, 1/3. Their mean is 1.87 / 7.
    assert expected["mean"] == pytest.approx(1.87 / 7, abs=1e-12)
    assert expected["ci95"] == pytest.approx((0.07499, 0.45930), abs=1e-5)


def test_the_contrast_within_the_weaker_half_matches_scipy() -> None:
    result = run(HAND)
    check(result.weakest, independent(HAND, weakest=True))
    assert result.weakest.within == "weakest"
    # Within the weaker half the focus themes started less far below the others than over all themes.
    assert result.overall.baseline_difference is not None and result.weakest.baseline_difference is not None
    assert result.overall.baseline_difference < result.weakest.baseline_difference < 0


def test_suppressed_dimensions_drop_out_and_so_do_companies_left_without_a_side() -> None:
    no_focus = (["development"], shown([(3.0, 3.2), (3.1, 3.1), (3.2, 3.3), (3.3, 3.2), None, (3.0, 3.1), (3.1, 3.2)]))
    no_other = (["psych_safety", "time_to_learn"], shown([(2.8, 3.4), (2.9, 3.0), None, None, None, None, None]))
    all_hidden = (["leadership"], shown([None] * 7))
    no_plan = ([], shown([(1.0, 5.0)] * 7))  # no focus: not read at all, not counted as dropped
    unknown = (["not_a_dimension"], shown([(3.0, 3.1)] * 7))  # a focus this questionnaire does not have
    companies = [*HAND, no_focus, no_other, all_hidden, no_plan, unknown]
    result = run(companies)
    expected = independent(companies)
    check(result.overall, expected)
    assert result.companies == 11  # every company with a focus area, counted or dropped
    assert dict(result.overall.dropped) == {REASON_NO_FOCUS_SHOWN: 3, REASON_NO_OTHER_SHOWN: 1}
    # Within the weaker half: a company showing two themes has only its lowest there, its focus: no other side.
    two = (["psych_safety"], shown([(2.8, 3.4), (3.2, 3.3), None, None, None, None, None]))
    both = run([*HAND, two])
    assert both.overall.n == 8 and both.weakest.n == 7
    assert dict(both.weakest.dropped) == {REASON_NO_FOCUS_SHOWN: 0, REASON_NO_OTHER_SHOWN: 1}
    # The suppressed theme of company C (development) is not in its other themes: the mean is over five.
    one = run([HAND[2]] * 5).overall
    assert one.other_change == pytest.approx((0.2 + 0.0 + 0.1 + -0.1 + 0.3) / 5, abs=1e-12)


def test_fewer_companies_than_the_minimum_give_no_number_but_say_why() -> None:
    result = run(HAND[:4])
    check(result.overall, independent(HAND[:4]))
    assert result.overall.n == 4 and result.overall.mean is None and not result.overall.computable
    assert result.overall.reason == REASON_TOO_FEW_COMPANIES and result.overall.minimum == MIN_COMPANIES
    assert result.to_dict()["all"]["mean"] is None
    # With a lower minimum the same companies do give a contrast (2 is the least that has an interval).
    check(run(HAND[:2], minimum=2).overall, independent(HAND[:2], minimum=2))
    with pytest.raises(ValueError):
        run(HAND, minimum=1)


def test_no_companies_at_all() -> None:
    result = run([])
    assert result.companies == 0 and result.overall.n == 0 and result.overall.mean is None
    assert json.loads(result.to_json())["weakest"]["reason"] == REASON_TOO_FEW_COMPANIES


def test_identical_differences_have_no_interval() -> None:
    same = (["psych_safety"], shown([(3.0, 3.5), *([(3.2, 3.3)] * 6)]))  # D = 0.4 in every company
    result = run([same] * 5)
    assert result.overall.mean == pytest.approx(0.4, abs=1e-12)
    assert result.overall.sd == 0.0 and result.overall.ci95 is None
    assert result.overall.notes == {"ci95": NOTE_IDENTICAL_CHANGES}


@pytest.mark.parametrize("seed", range(8))
def test_random_programmes_match_the_independent_calculation(seed: int) -> None:
    rng = np.random.default_rng(seed)
    companies: list[tuple[Sequence[str], Shown]] = []
    for _ in range(int(rng.integers(3, 30))):
        base = np.round(rng.uniform(2.0, 4.2, len(DIMS)), 2)
        focus = [DIMS[i] for i in np.argsort(base)[: int(rng.integers(0, 4))]]  # the weakest, or no plan
        end = np.round(np.clip(base + rng.normal(0.1, 0.3, len(DIMS)), 1, 5), 2)
        hidden = rng.random(len(DIMS)) < rng.choice([0.0, 0.2, 0.9])
        companies.append(
            (
                focus,
                {d: None if h else (float(b), float(e)) for d, b, e, h in zip(DIMS, base, end, hidden, strict=True)},
            )
        )
    result = run(companies)
    check(result.overall, independent(companies))
    check(result.weakest, independent(companies, weakest=True))
    assert json.loads(result.to_json())["all"]["n"] == result.overall.n
