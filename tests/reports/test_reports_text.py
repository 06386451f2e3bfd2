"""Plain-language words and number formats, in Dutch and English."""

from __future__ import annotations

import datetime as dt

import pytest

from reports import text
from reports.text import TEXTS, effect_words, number, percent, t
from scoring.change import effect_size_label
from scoring.results import DimensionComparison, Interval, SuppressedComparison, WaveSummary


def comparison(g: float, level: str = "full", ci: tuple[float, float] | None = (0.1, 0.5)) -> DimensionComparison:
    summary = WaveSummary(20, 3.0, 0.8, 40.0)
    return DimensionComparison(
        dimension_id="d",
        level=level,  # type: ignore[arg-type]
        baseline=summary,
        endline=summary,
        difference=g * 0.8,
        ci95=None if ci is None else Interval(*ci),
        welch_t=None,
        df=None,
        p=None,
        hedges_g=g,
        hedges_g_ci95=None,
        effect_size=effect_size_label(g),
        cliffs_delta=None,
        favourable_change=None,
    )


@pytest.mark.parametrize(
    ("g", "nl", "en"),
    [
        (0.0, "geen duidelijke verandering", "no clear change"),
        (0.19, "geen duidelijke verandering", "no clear change"),
        (-0.19, "geen duidelijke verandering", "no clear change"),
        (0.2, "kleine verbetering", "small improvement"),
        (0.49, "kleine verbetering", "small improvement"),
        (-0.3, "kleine achteruitgang", "small decline"),
        (0.5, "middelgrote verbetering", "medium-sized improvement"),
        (-0.79, "middelgrote achteruitgang", "medium-sized decline"),
        (0.8, "grote verbetering", "large improvement"),
        (-1.5, "grote achteruitgang", "large decline"),
    ],
)
def test_effect_words_follow_cohens_thresholds_in_both_languages(g: float, nl: str, en: str) -> None:
    ci = (0.1, 0.5) if g >= 0 else (-0.5, -0.1)
    assert effect_words(comparison(g, ci=ci), "nl", 5) == nl
    assert effect_words(comparison(g, ci=ci), "en", 5) == en


def test_a_change_whose_interval_includes_zero_is_called_uncertain() -> None:
    assert effect_words(comparison(0.3, ci=(-0.05, 0.6)), "nl", 5) == "kleine verbetering (onzeker)"
    assert effect_words(comparison(0.3, ci=(-0.05, 0.6)), "en", 5) == "small improvement (uncertain)"
    # "no clear change" needs no qualifier
    assert effect_words(comparison(0.1, ci=(-0.2, 0.4)), "en", 5) == "no clear change"


def test_indicative_comparisons_say_so() -> None:
    indicative = comparison(0.6, level="indicative", ci=None)
    assert effect_words(indicative, "nl", 5) == "middelgrote verbetering (indicatief)"
    assert effect_words(indicative, "en", 5) == "medium-sized improvement (indicative)"


def test_suppressed_and_undeterminable_changes_have_words_not_numbers() -> None:
    hidden = SuppressedComparison("d", 3, 12, "too_few_respondents")
    assert effect_words(hidden, "nl", 5) == "te weinig reacties (minder dan 5)"
    assert effect_words(hidden, "en", 7) == "too few responses (fewer than 7)"
    flat = comparison(0.0)
    flat = DimensionComparison(**{**flat.__dict__, "hedges_g": None, "effect_size": None})
    assert effect_words(flat, "nl", 5) == "niet te bepalen"
    assert effect_words(flat, "en", 5) == "cannot be determined"


def test_numbers_use_the_decimal_comma_in_dutch() -> None:
    assert number(3.456, "nl") == "3,46"
    assert number(3.456, "en") == "3.46"
    assert number(0.25, "nl", signed=True) == "+0,25"
    assert number(-0.004, "en", signed=True) == "0.00"  # no "-0.00"
    assert percent(49.6, "nl") == "50%"
    assert percent(-12.2, "nl", signed=True) == "-12 pp"
    assert percent(12.2, "en", signed=True) == "+12 pt"
    assert text.interval(3.1, 3.6, "nl") == "3,10 tot 3,60"
    assert text.interval(3.1, 3.6, "en") == "3.10 to 3.60"
    assert text.date(dt.date(2026, 3, 5), "nl") == "5 maart 2026"
    assert text.date(dt.date(2026, 3, 5), "en") == "5 March 2026"


def test_every_text_exists_in_both_languages_and_they_differ_where_words_are_involved() -> None:
    for key, (nl, en) in TEXTS.items():
        assert nl.strip() and en.strip(), key
        assert nl.count("{") == en.count("{"), key  # the same fields in both
    assert t("suppressed", "nl", threshold=5) == "te weinig reacties (minder dan 5)"
    assert t("suppressed", "en", threshold=5) == "too few responses (fewer than 5)"
    differing = [key for key, (nl, en) in TEXTS.items() if nl != en]
    assert len(differing) > 0.9 * len(TEXTS)


def test_methods_fill_in_the_thresholds() -> None:
    parts = text.methods("en", 5, 10, 1, 5, 4)
    joined = " ".join(p for _, paragraphs in parts for p in paragraphs)
    assert "fewer than 5 responses" in joined and "from 10 responses" in joined and "From 5 to 9" in joined
    nl = " ".join(p for _, paragraphs in text.methods("nl", 5, 10, 1, 5, 4) for p in paragraphs)
    assert "minder dan 5 reacties" in nl and "Onder 0,2" in nl


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported report language"):
        text.check_lang("de")
