"""The first screen of a company report: what a busy owner reads in one minute, in words.

Built from the latest measurement whose employees' results are shown (:func:`source_wave`), as a
:class:`reports.sections.Section` of plain strings (the HTML fragment and the PDF typeset it like any
section):

1. **what goes best** and **what needs attention**: the themes with the highest and the lowest average of
   the employees (:func:`ranked_themes`), by name only;
2. **where managers and employees see it differently**: the themes whose gap, as the scoring engine shows
   it (rule 6 of :mod:`scoring.anonymity`), is at least :data:`reports.words.NOTABLE_GAP_SHARE` of the
   scale's range, largest first;
3. **development plans** against the programme's target: the one figure on this screen;
4. at the end-line, **what changed**: every theme under its change word (:mod:`reports.words`);
5. the **plan of approach**: its themes and how far its actions are, or that there is none yet.

No statistics terms (intervals, effect sizes, levels) appear here: they are in the charts' tables and the
methods appendix. A suppressed group or theme reads its reason (:func:`reports.words.hidden_reason`), never
a number. :func:`ideas_section` gives the questionnaire's suggestions for the themes that need attention.
"""

from __future__ import annotations

from dataclasses import dataclass

from questionnaires.model import Questionnaire, localise
from scoring import anonymity
from scoring.kpi import TARGET_WITH_PLAN
from scoring.results import DimensionGap, DimensionStats, GroupResult, PlanKpi, SuppressedGroup

from .charts.chart import dimension_ids, dimension_name, drawn
from .company import AnyPlan, CompanyReport, WaveResults
from .sections import Block, Section
from .text import Lang, percent, t, wave_name
from .words import CHANGE_WORDS, ChangeWord, GapWord, change_text, change_word, gap_word, hidden_reason

#: With at least this many themes shown, the first screen names two strongest and two weakest; else one.
TWO_EACH_FROM = 4
#: At most this many themes where managers and employees differ (the largest gaps first).
MOST_GAPS = 3


def scale_bounds_of(q: Questionnaire, dim_id: str) -> tuple[int, int]:
    """The lowest and highest point of the scale a theme's statements are answered on (for employees)."""
    scales = [q.scales[item.scale] for item in q.dimension_items(dim_id, "employee")]
    return min(s.min for s in scales), max(s.max for s in scales)


@dataclass(frozen=True)
class Themes:
    """The employees' themes of one measurement, as the first screen names them."""

    #: Highest average first.
    strongest: tuple[str, ...]
    #: Lowest average first.
    weakest: tuple[str, ...]
    #: Themes the anonymity rules hide (too few responses on them): their ids and why.
    hidden: tuple[tuple[str, str], ...]
    #: Why the whole group is not shown, or "" when it is.
    group_hidden: str = ""


def ranked_themes(wave: WaveResults, q: Questionnaire) -> Themes:
    """The strongest and weakest themes of ``wave`` by the employees' average (ties: the theme that comes
    first in the questionnaire is named first, among the strongest and among the weakest alike, as the plan
    page proposes them), two of each from :data:`TWO_EACH_FROM` shown themes, else one; a single shown theme
    is only the strongest."""
    total = wave.employee_total
    if isinstance(total, SuppressedGroup):
        return Themes((), (), (), total.reason)
    assert isinstance(total, GroupResult)
    shown: list[tuple[float, str]] = []
    hidden: list[tuple[str, str]] = []
    for dim_id in dimension_ids(q):
        dim = total.dimensions.get(dim_id)
        if isinstance(dim, DimensionStats) and dim.mean is not None:
            shown.append((dim.mean, dim_id))
        elif dim is not None and not isinstance(dim, DimensionStats):
            hidden.append((dim_id, dim.reason))
    k = 2 if len(shown) >= TWO_EACH_FROM else 1
    # sorted() is stable: among equal means the questionnaire's order stays.
    strongest = tuple(d for _, d in sorted(shown, key=lambda pair: -pair[0])[:k])
    weakest = tuple(d for _, d in sorted(shown, key=lambda pair: pair[0])[:k] if d not in strongest)
    return Themes(strongest, weakest, tuple(hidden))


def _theme_blocks(report: CompanyReport, q: Questionnaire, themes: Themes, lang: Lang) -> list[Block]:
    if themes.group_hidden:
        reason = hidden_reason(themes.group_hidden, lang, report.threshold)
        return [Block(t("first_too_few", lang), text=t("first_too_few_text", lang, reason=reason))]
    blocks = []
    if themes.strongest:
        names = tuple(dimension_name(q, d, lang) for d in themes.strongest)
        blocks.append(Block(t("first_best", lang), names, t("first_best_text", lang)))
    if themes.weakest:
        names = tuple(dimension_name(q, d, lang) for d in themes.weakest)
        ideas = any(q.dimension(d).suggestions for d in themes.weakest)
        note = t("first_attention_ideas", lang) if ideas else ""
        blocks.append(Block(t("first_attention", lang), names, t("first_attention_text", lang), note))
    if themes.hidden:
        reasons = sorted({reason for _, reason in themes.hidden})
        for reason in reasons:
            names = tuple(dimension_name(q, d, lang) for d, why in themes.hidden if why == reason)
            words = hidden_reason(reason, lang, report.threshold)
            blocks.append(Block(t("first_not_shown", lang), names, t("first_not_shown_text", lang, reason=words)))
    return blocks


def _gap_block(wave: WaveResults, q: Questionnaire, lang: Lang) -> Block:
    """The themes where managers see it differently, largest gap first; or that they see it alike, or that
    there is no managers' result to compare with."""
    words: list[tuple[float, GapWord, str]] = []
    for dim_id in dimension_ids(q):
        found = wave.gap.dimensions.get(dim_id)
        if isinstance(found, DimensionGap) and found.gap is not None:
            lo, hi = scale_bounds_of(q, dim_id)
            words.append((drawn(found.gap), gap_word(found.gap, hi - lo), dim_id))
    heading = t("first_gap", lang)
    if not words:
        return Block(heading, text=t("first_gap_none", lang))
    notable = [entry for entry in words if entry[1] != "about_the_same"]
    if not notable:
        return Block(heading, text=t("first_gap_same", lang))
    notable.sort(key=lambda entry: -abs(entry[0]))  # stable: ties keep the questionnaire's order
    items = tuple(t(f"gap_{word}", lang, name=dimension_name(q, d, lang)) for _, word, d in notable[:MOST_GAPS])
    return Block(heading, items, t("first_gap_text", lang))


def _plan_kpi_text(plan: AnyPlan, lang: Lang, threshold: int) -> str:
    target = percent(plan.target if isinstance(plan, PlanKpi) else TARGET_WITH_PLAN, lang)
    if not isinstance(plan, PlanKpi):
        return t("first_plans_hidden", lang, reason=hidden_reason(plan.reason, lang, threshold), target=target)
    verdict = t("meets_target", lang) if plan.meets_target else t("below_target", lang)
    return t(
        "first_plans_text",
        lang,
        with_plan=percent(plan.with_plan, lang),
        working=percent(plan.working, lang),
        target=target,
        verdict=verdict,
    )


def _plans_block(report: CompanyReport, latest: WaveResults, lang: Lang) -> Block | None:
    """The development-plan figure of the latest measurement against the target (and the baseline's, at the
    end-line); None when the questionnaire does not ask it."""
    if latest.plan is None:
        return None
    text = _plan_kpi_text(latest.plan, lang, report.threshold)
    baseline = report.wave("baseline")
    if latest.kind == "endline" and baseline is not None and baseline.plan is not None:
        if isinstance(baseline.plan, PlanKpi):
            text += " " + t("first_plans_baseline", lang, with_plan=percent(baseline.plan.with_plan, lang))
        else:
            reason = hidden_reason(baseline.plan.reason, lang, report.threshold)
            text += " " + t("first_plans_baseline_hidden", lang, reason=reason)
    return Block(t("plans", lang), text=text)


def change_groups(report: CompanyReport) -> list[tuple[ChangeWord, tuple[str, ...]]]:
    """The themes under each change word (best first; words no theme has are left out)."""
    comparison = report.comparison
    if comparison is None:
        return []
    words = {
        dim_id: change_word(c)
        for dim_id in dimension_ids(report.questionnaire)
        if (c := comparison.dimensions.get(dim_id))
    }
    return [(w, tuple(d for d, word in words.items() if word == w)) for w in CHANGE_WORDS if w in words.values()]


def _change_block(report: CompanyReport, lang: Lang) -> Block | None:
    """At the end-line: every theme under its change word, or why there is no comparison."""
    if report.wave("endline") is None:
        return None
    heading = t("first_change", lang)
    if report.comparison is None:
        return Block(heading, text=t("no_comparison", lang))
    q = report.questionnaire
    lines: list[tuple[str, list[str]]] = []
    for _, dims in change_groups(report):
        for dim_id in dims:
            found = report.comparison.dimensions[dim_id]
            label = change_text(found, lang, report.threshold)
            if not lines or lines[-1][0] != label:
                lines.append((label, []))
            lines[-1][1].append(dimension_name(q, dim_id, lang))
    items = tuple(
        t("first_change_line", lang, word=label[:1].upper() + label[1:], names=", ".join(names))
        for label, names in lines
    )
    said = {word for word, _ in change_groups(report)}
    notes = [t("first_change_note", lang)] if said - {"hidden", "not_determinable"} else []
    if said & {"seems_better", "seems_worse"}:
        notes.append(t("first_change_seems", lang))
    return Block(heading, items, t("first_change_text", lang), " ".join(notes))


def _plan_block(report: CompanyReport, lang: Lang) -> Block:
    """The plan of approach in one or two sentences: its themes and how far its actions are."""
    heading = t("first_plan", lang)
    plan = report.plan
    if plan is None or not plan.focus_areas:
        return Block(heading, text=t("first_plan_none", lang))
    themes = ", ".join(dimension_name(report.questionnaire, d, lang) for d in plan.focus_dimensions)
    actions = plan.actions
    if not actions:
        text = t("first_plan_no_actions", lang, themes=themes)
    else:
        done = sum(1 for a in actions if a.status == "done")
        busy = sum(1 for a in actions if a.status == "in_progress")
        text = t("first_plan_text", lang, themes=themes, total=len(actions), done=done, busy=busy)
    if report.comparison is not None:
        text += " " + t("first_plan_endline", lang)
    return Block(heading, text=text)


def source_wave(report: CompanyReport) -> WaveResults | None:
    """The measurement the first screen reads: the latest whose employees' results are shown (an end-line
    still without shown results does not hide the baseline's), else the latest; None without one."""
    shown = [w for w in report.waves if isinstance(w.employee_total, GroupResult)]
    return shown[-1] if shown else report.latest


def first_screen(report: CompanyReport, lang: Lang) -> Section:
    """The first screen of ``report`` (see the module docstring), from :func:`source_wave`."""
    latest = source_wave(report)
    title = t("summary", lang)
    if latest is None:
        return Section("summary", title, (t("no_waves", lang),), blocks=(_plan_block(report, lang),))
    q = latest.questionnaire
    paragraphs = [t("summary_intro", lang, wave=wave_name(latest.kind, lang, lower=True))]
    total = latest.employee_total
    if isinstance(total, GroupResult) and total.level == anonymity.INDICATIVE:
        high = anonymity.statistics_min(report.threshold) - 1
        paragraphs.append(t("summary_indicative", lang, low=report.threshold, high=high))
    themes = ranked_themes(latest, q)
    blocks = _theme_blocks(report, q, themes, lang)
    if not themes.group_hidden:
        blocks.append(_gap_block(latest, q, lang))
    for extra in (_plans_block(report, latest, lang), _change_block(report, lang)):
        if extra is not None:
            blocks.append(extra)
    blocks.append(_plan_block(report, lang))
    return Section("summary", title, tuple(paragraphs), blocks=tuple(blocks), link=t("to_plan", lang))


def ideas_section(report: CompanyReport, lang: Lang) -> Section | None:
    """The questionnaire's suggestions for the themes that need attention (the weakest on the first screen),
    as a start for the plan of approach; None when there are none."""
    latest = source_wave(report)
    if latest is None:
        return None
    q = latest.questionnaire
    blocks = []
    for dim_id in ranked_themes(latest, q).weakest:
        dim = q.dimension(dim_id)
        ideas = dim.suggestions.get(lang) or next(iter(dim.suggestions.values()), ())
        if ideas:
            about = t("ideas_about", lang, description=localise(dim.description, lang))
            blocks.append(Block(localise(dim.name, lang), tuple(ideas), about))
    if not blocks:
        return None
    return Section("ideas", t("ideas", lang), (t("ideas_intro", lang),), blocks=tuple(blocks), link=t("to_plan", lang))
