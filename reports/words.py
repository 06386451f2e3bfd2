"""What the first screen calls a change or a gap: a few plain words for an owner, decided in one place.

The detail tables give a coach the numbers (difference, 95 % interval, Hedges' g, the effect size in
Cohen's words of :func:`reports.text.effect_words`). An owner reads one of a few words instead. The
**change words** (:func:`change_word`) come from the same two facts: the size of the change (the scoring
engine's label for Hedges' g, :func:`scoring.change.effect_size_label`: |g| below 0.2 negligible, below 0.5
small, from 0.5 medium or large) and whether the 95 % interval of the difference (end-line minus baseline)
leaves out 0, i.e. whether the change is probably not chance:

===========================  ======================  ==============================  =======================
comparison                   size of g               interval of the difference      words
===========================  ======================  ==============================  =======================
full (10+ in both waves)     negligible              any                             geen duidelijke verandering
full                         small, medium, large    includes 0 (may be chance)      geen duidelijke verandering
full                         small                   leaves out 0                    iets beter / iets minder
full                         medium or large         leaves out 0                    duidelijk beter / duidelijk minder
indicative (5 to 9 in a      negligible or small     none (too few for one)          geen duidelijke verandering
wave)
indicative                   medium or large         none                            lijkt beter / lijkt minder
suppressed (fewer than 5)    –                       –                               not shown, with the reason
no spread (g undefined)      –                       –                               niet te bepalen
===========================  ======================  ==============================  =======================

("duidelijk beter" / "clearly better", "iets beter" / "slightly better", "lijkt beter" / "seems better",
and "minder" / "worse" the other way.) So "duidelijk" needs both a change large enough to notice and one
that is probably no chance; a small or uncertain change is never called clear, and with 5 to 9 responses
no change is more than "lijkt". A suppressed comparison gives the reason it is hidden, never a number.

The **gap words** (:func:`gap_word`): managers see a theme differently from employees when their averages
differ by at least :data:`NOTABLE_GAP_SHARE` of the scale's range (0.4 points on a 1–5 scale), either way.
The managers are 1 to 3 people who answer for the management, so there is no interval to lean on: this is
a size worth a conversation, not a test. (The plan page proposes a gap as a focus area from the same size.)
"""

from __future__ import annotations

import math
from typing import Literal

from scoring import anonymity
from scoring.results import DimensionComparison, SuppressedComparison

from .text import Lang, suppressed, t

ChangeWord = Literal[
    "clearly_better",
    "slightly_better",
    "seems_better",
    "no_clear_change",
    "seems_worse",
    "slightly_worse",
    "clearly_worse",
    "not_determinable",
    "hidden",
]
#: The change words from best to worst, then those without a direction: the order the first screen lists them.
CHANGE_WORDS: tuple[ChangeWord, ...] = (
    "clearly_better",
    "slightly_better",
    "seems_better",
    "no_clear_change",
    "seems_worse",
    "slightly_worse",
    "clearly_worse",
    "not_determinable",
    "hidden",
)

GapWord = Literal["managers_higher", "managers_lower", "about_the_same"]
#: From this share of the scale's range apart (managers' average minus employees', either way) managers and
#: employees see a theme differently: 0.4 points on a 1–5 scale.
NOTABLE_GAP_SHARE = 0.1


def change_word(comparison: DimensionComparison | SuppressedComparison) -> ChangeWord:
    """The change of one theme from baseline to end-line in a word, by the table in the module docstring."""
    if isinstance(comparison, SuppressedComparison):
        return "hidden"
    g, size = comparison.hedges_g, comparison.effect_size
    if g is None or size is None or math.isnan(g):
        return "not_determinable"
    if size == "negligible":
        return "no_clear_change"
    up = g > 0
    if comparison.level == anonymity.INDICATIVE:
        if size == "small":
            return "no_clear_change"
        return "seems_better" if up else "seems_worse"
    ci = comparison.ci95
    if ci is None or ci.low <= 0.0 <= ci.high:
        return "no_clear_change"
    if size == "small":
        return "slightly_better" if up else "slightly_worse"
    return "clearly_better" if up else "clearly_worse"


def hidden_reason(reason: str, lang: Lang, threshold: int) -> str:
    """Why a result is not shown, in words: too few responses (with the threshold), or hidden to protect a
    small group elsewhere. Never a number of the group itself."""
    if reason == anonymity.REASON_TOO_FEW:
        return suppressed(lang, threshold)
    return t("hidden_to_protect", lang)


def change_text(comparison: DimensionComparison | SuppressedComparison, lang: Lang, threshold: int) -> str:
    """The change word in ``lang``; a hidden change says so and why."""
    word = change_word(comparison)
    if isinstance(comparison, SuppressedComparison):
        return t("change_hidden", lang, reason=hidden_reason(comparison.reason, lang, threshold))
    return t(f"change_{word}", lang)


def gap_word(gap: float, scale_range: float) -> GapWord:
    """Managers' average minus employees' on one theme, in a word (:data:`NOTABLE_GAP_SHARE` of
    ``scale_range``, the scale's highest minus lowest point), judged on the gap as the gap table prints it
    (2 decimals), so that a reader who sees 0,40 there on a 1–5 scale finds it named here."""
    shown = float(f"{gap:.2f}")
    notable = round(NOTABLE_GAP_SHARE * scale_range, 2)
    if shown >= notable:
        return "managers_higher"
    if shown <= -notable:
        return "managers_lower"
    return "about_the_same"
