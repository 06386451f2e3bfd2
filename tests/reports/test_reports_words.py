"""The words an owner reads for a change and a gap (reports/words.py): every boundary of the mapping, by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from reports.text import TEXTS
from reports.words import CHANGE_WORDS, change_text, change_word, gap_word, hidden_reason
from scoring import NO_CODE, Answers, compare
from scoring.change import effect_size_label
from scoring.results import DimensionComparison, Interval, SuppressedComparison, WaveSummary

from .helpers import questionnaire


def comparison(g: float | None, ci: tuple[float, float] | None, level: str = "full") -> DimensionComparison:
    summary = WaveSummary(20, 3.0, 0.8, 40.0)
    return DimensionComparison(
        dimension_id="d",
        level=level,  # type: ignore[arg-type]
        baseline=summary,
        endline=summary,
        difference=None if g is None else g * 0.8,
        ci95=None if ci is None else Interval(*ci),
        welch_t=None,
        df=None,
        p=None,
        hedges_g=g,
        hedges_g_ci95=None,
        effect_size=None if g is None else effect_size_label(g),
        cliffs_delta=None,
        favourable_change=None,
    )


@pytest.mark.parametrize(
    ("g", "ci", "level", "word"),
    [
        # full comparisons: |g| below 0.2 is never a change, whatever the interval
        (0.0, (0.1, 0.5), "full", "no_clear_change"),
        (0.19, (0.05, 0.3), "full", "no_clear_change"),
        (-0.19, (-0.3, -0.05), "full", "no_clear_change"),
        # from 0.2 (small): "iets" when the interval of the difference leaves out 0 ...
        (0.2, (0.01, 0.4), "full", "slightly_better"),
        (0.49, (0.01, 0.4), "full", "slightly_better"),
        (-0.2, (-0.4, -0.01), "full", "slightly_worse"),
        # ... and no clear change when it includes 0, also when 0 is its edge
        (0.2, (-0.01, 0.4), "full", "no_clear_change"),
        (0.3, (0.0, 0.4), "full", "no_clear_change"),
        (-0.3, (-0.4, 0.0), "full", "no_clear_change"),
        (0.9, (-0.05, 1.4), "full", "no_clear_change"),
        # from 0.5 (medium and large): "duidelijk" when the interval leaves out 0
        (0.5, (0.01, 0.9), "full", "clearly_better"),
        (0.79, (0.2, 0.9), "full", "clearly_better"),
        (0.8, (0.3, 1.2), "full", "clearly_better"),
        (-0.5, (-0.9, -0.01), "full", "clearly_worse"),
        (-1.5, (-2.0, -1.0), "full", "clearly_worse"),
        # no interval at a full level (cannot be computed): not clear
        (0.6, None, "full", "no_clear_change"),
        # indicative (5 to 9 per wave, no interval): never more than "lijkt", and only from 0.5
        (0.49, None, "indicative", "no_clear_change"),
        (0.5, None, "indicative", "seems_better"),
        (1.2, None, "indicative", "seems_better"),
        (-0.5, None, "indicative", "seems_worse"),
        (-0.3, None, "indicative", "no_clear_change"),
        (0.1, None, "indicative", "no_clear_change"),
        # no spread: g undefined
        (None, None, "full", "not_determinable"),
        (math.nan, None, "full", "not_determinable"),
    ],
)
def test_the_change_word_at_every_boundary(
    g: float | None, ci: tuple[float, float] | None, level: str, word: str
) -> None:
    assert change_word(comparison(g, ci, level)) == word


@pytest.mark.parametrize(
    ("word", "nl", "en"),
    [
        ("clearly_better", "duidelijk beter", "clearly better"),
        ("slightly_better", "iets beter", "slightly better"),
        ("seems_better", "lijkt beter", "seems better"),
        ("no_clear_change", "geen duidelijke verandering", "no clear change"),
        ("seems_worse", "lijkt minder", "seems worse"),
        ("slightly_worse", "iets minder", "slightly worse"),
        ("clearly_worse", "duidelijk minder", "clearly worse"),
        ("not_determinable", "niet te bepalen", "cannot be determined"),
    ],
)
def test_every_word_reads_in_both_languages(word: str, nl: str, en: str) -> None:
    assert TEXTS[f"change_{word}"] == (nl, en)


def test_each_direction_and_size_has_its_words() -> None:
    cases = {
        "clearly_better": comparison(0.6, (0.1, 0.9)),
        "slightly_better": comparison(0.3, (0.1, 0.9)),
        "no_clear_change": comparison(0.1, (0.1, 0.9)),
        "slightly_worse": comparison(-0.3, (-0.9, -0.1)),
        "clearly_worse": comparison(-0.6, (-0.9, -0.1)),
    }
    for word, case in cases.items():
        assert change_text(case, "nl", 5) == TEXTS[f"change_{word}"][0]
        assert change_text(case, "en", 5) == TEXTS[f"change_{word}"][1]
    assert set(CHANGE_WORDS) >= set(cases) | {"hidden", "seems_better", "seems_worse", "not_determinable"}


def test_a_hidden_change_gives_its_reason_and_no_number() -> None:
    hidden = SuppressedComparison("d", 3, 12, "too_few_respondents")
    assert change_word(hidden) == "hidden"
    assert change_text(hidden, "nl", 5) == "niet getoond: te weinig reacties (minder dan 5)"
    assert change_text(hidden, "en", 7) == "not shown: too few responses (fewer than 7)"
    protected = SuppressedComparison("d", 30, 12, "complementary_suppression")
    assert change_text(protected, "nl", 5) == "niet getoond: verborgen om een kleine groep te beschermen"
    assert "3" not in change_text(hidden, "en", 5) and "12" not in change_text(hidden, "en", 5)
    assert hidden_reason("too_few_respondents", "en", 5) == "too few responses (fewer than 5)"


@pytest.mark.parametrize(
    ("gap", "scale_range", "word"),
    [
        # a 1-5 scale: from 0.4 points
        (0.0, 4, "about_the_same"),
        (0.394, 4, "about_the_same"),  # prints as 0,39
        (0.396, 4, "managers_higher"),  # prints as 0,40: named as the table shows it
        (0.4, 4, "managers_higher"),
        (1.2, 4, "managers_higher"),
        (-0.394, 4, "about_the_same"),
        (-0.4, 4, "managers_lower"),
        (-2.0, 4, "managers_lower"),
        # a 1-7 scale: from 0.6 points
        (0.59, 6, "about_the_same"),
        (0.6, 6, "managers_higher"),
        (-0.6, 6, "managers_lower"),
    ],
)
def test_managers_see_it_differently_from_a_tenth_of_the_scale(gap: float, scale_range: int, word: str) -> None:
    assert gap_word(gap, scale_range) == word


def _same_answers(values: list[int]) -> Answers:
    """Employees whose score on every theme is their value: each statement answered with it (a negatively
    worded one with its mirror on the scale)."""
    q = questionnaire()
    columns = []
    for item in q.items_for("employee"):
        scale = q.scales[item.scale]
        columns.append([scale.min + scale.max - v if item.reverse else v for v in values])
    raw = np.asarray(columns, dtype=np.float64).T
    return Answers(np.asfortranarray(raw), np.asfortranarray(np.full(raw.shape, NO_CODE, dtype=np.int8)))


def _by_hand(base: list[int], end: list[int]) -> tuple[float, float, float]:
    """Hedges' g and the Welch 95 % interval of the difference, from the textbook formulas."""
    b, e = np.asarray(base, float), np.asarray(end, float)
    n1, n2 = b.size, e.size
    pooled = math.sqrt(((n1 - 1) * b.var(ddof=1) + (n2 - 1) * e.var(ddof=1)) / (n1 + n2 - 2))
    df = n1 + n2 - 2
    j = math.exp(math.lgamma(df / 2) - math.lgamma((df - 1) / 2)) / math.sqrt(df / 2)
    g = j * (e.mean() - b.mean()) / pooled
    v1, v2 = b.var(ddof=1) / n1, e.var(ddof=1) / n2
    welch_df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    half = stats.t.ppf(0.975, welch_df) * math.sqrt(v1 + v2)
    diff = e.mean() - b.mean()
    return g, diff - half, diff + half


@pytest.mark.parametrize(
    ("base", "end", "word"),
    [
        # 20 and 20: g about 0.4 (small) but the interval includes 0
        ([3, 4] * 10, [4] * 14 + [3] * 6, "no_clear_change"),
        # 200 and 200: g about 0.3 (small) and the interval leaves out 0
        ([3, 4] * 100, [4] * 130 + [3] * 70, "slightly_better"),
        # 20 and 20: g about 1.5 (large), interval well above 0
        ([3, 4] * 10, [4] * 16 + [5] * 4, "clearly_better"),
        # the other way round
        ([4] * 16 + [5] * 4, [3, 4] * 10, "clearly_worse"),
        # 7 and 8 (indicative): a large change only "seems"
        ([3, 4, 3, 4, 3, 4, 3], [4, 5, 4, 5, 4, 5, 4, 4], "seems_better"),
    ],
)
def test_the_words_of_real_comparisons_follow_the_hand_computed_g_and_interval(
    base: list[int], end: list[int], word: str
) -> None:
    q = questionnaire()
    result = compare(q, _same_answers(base), _same_answers(end), "employee")
    g, low, high = _by_hand(base, end)
    for dim in result.dimensions.values():
        assert isinstance(dim, DimensionComparison)
        assert dim.hedges_g == pytest.approx(g, rel=1e-9)
        if dim.level == "full":
            assert dim.ci95 is not None
            assert (dim.ci95.low, dim.ci95.high) == pytest.approx((low, high), rel=1e-9)
        # the table of reports/words.py, applied by hand
        size = abs(g)
        if dim.level == "indicative":
            expected = "no_clear_change" if size < 0.5 else ("seems_better" if g > 0 else "seems_worse")
        elif size < 0.2 or low <= 0 <= high:
            expected = "no_clear_change"
        else:
            expected = ("slightly_" if size < 0.5 else "clearly_") + ("better" if g > 0 else "worse")
        assert change_word(dim) == expected == word


def test_the_methods_appendix_explains_the_same_boundaries() -> None:
    from reports.text import methods
    from reports.words import NOTABLE_GAP_SHARE

    for lang, tenth, small, medium in (
        ("nl", "een tiende van de schaal", "tussen 0,2 en 0,5", "minstens 0,5"),
        ("en", "a tenth of the scale", "between 0.2 and 0.5", "at least 0.5"),
    ):
        text = " ".join(p for _, paragraphs in methods(lang, 5, 10, 1, 5, 4, company=True) for p in paragraphs)
        assert tenth in text and small in text and medium in text and "5 " in text and " 9 " in text
    assert NOTABLE_GAP_SHARE == 0.1
    assert effect_size_label(0.2) == "small" and effect_size_label(0.5) == "medium"
    assert effect_size_label(0.199) == "negligible" and effect_size_label(0.499) == "small"
