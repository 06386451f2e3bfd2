"""The plan of approach read against the end-line: per focus area its actions beside the theme's change.

Per focus area of the company's plan (:mod:`reports.plan`) a block: the theme and its change in words
(:func:`reports.words.change_text`) as the heading, why it was chosen, and its actions with their status,
owner, steps and due date. Before them a table gives the numbers of those changes (the averages at baseline
and end-line, the difference and its 95 % interval), and the section says plainly that a change is not proof
that the actions caused it: more happens in a company, and a theme chosen because it scored low tends to
rise by itself (regression to the mean).

Before the end-line the section lists the plan and says the change will follow. A theme whose comparison is
hidden (rule 2 of :mod:`scoring.anonymity`) reads why, in words and in the table, never a number. The plan
holds no respondent data; its texts are typed by people and are escaped by the HTML and PDF writers.
"""

from __future__ import annotations

from scoring import anonymity
from scoring.results import CompareResult, DimensionComparison

from .charts import Table
from .charts.chart import dimension_name, indicative_note
from .company import CompanyReport
from .plan import Action, FocusArea
from .sections import Block, Section
from .text import Lang, date, interval, number, t
from .words import change_text


def action_text(action: Action, lang: Lang) -> str:
    """``Bezig: Plan één uur per week om te leren (wie: Jan; 1 van 3 stappen; uiterlijk 1 juni 2026)``."""
    status = t(f"status_{action.status}", lang)
    details = []
    if action.owner:
        details.append(t("action_owner", lang, owner=action.owner))
    if action.steps_total:
        details.append(t("action_steps", lang, done=action.steps_done, total=action.steps_total))
    if action.due_on is not None:
        details.append(t("action_due", lang, date=date(action.due_on, lang)))
    text = f"{status[:1].upper()}{status[1:]}: {action.title}"
    return f"{text} ({'; '.join(details)})" if details else text


def _block(area: FocusArea, report: CompanyReport, lang: Lang) -> Block:
    name = dimension_name(report.questionnaire, area.dimension_id, lang)
    comparison = None if report.comparison is None else report.comparison.dimensions.get(area.dimension_id)
    heading = (
        name
        if comparison is None
        else t("plan_area", lang, name=name, change=change_text(comparison, lang, report.threshold))
    )
    sentences = [t("plan_why", lang, why=area.why)] if area.why.strip() else []
    if not area.actions:
        sentences.append(t("plan_no_actions", lang))
    return Block(heading, tuple(action_text(a, lang) for a in area.actions), " ".join(sentences))


def _table(report: CompanyReport, comparison: CompareResult, lang: Lang) -> tuple[Table, bool]:
    """The numbers of the focus areas' changes, and whether one of them is indicative."""
    assert report.plan is not None
    rows: list[tuple[str, ...]] = []
    indicative = False
    for dim_id in report.plan.focus_dimensions:
        name = dimension_name(report.questionnaire, dim_id, lang)
        found = comparison.dimensions.get(dim_id)
        if found is None:
            rows.append((name, t("not_comparable", lang), "", "", "", ""))
            continue
        words = change_text(found, lang, report.threshold)
        if not isinstance(found, DimensionComparison):
            rows.append((name, words, "", "", "", ""))  # a marker row: the reason, no number
            continue
        indicative |= found.level == anonymity.INDICATIVE
        base, end, diff, ci = found.baseline.mean, found.endline.mean, found.difference, found.ci95
        rows.append(
            (
                name,
                words,
                "" if base is None else number(base, lang),
                "" if end is None else number(end, lang),
                "" if diff is None else number(diff, lang, signed=True),
                "" if ci is None else interval(ci.low, ci.high, lang),
            )
        )
    header = (
        t("th_dimension", lang),
        t("th_words", lang),
        t("th_baseline", lang),
        t("th_endline", lang),
        t("th_difference", lang),
        t("th_difference_ci", lang),
    )
    return Table(header, tuple(rows)), indicative


def plan_change_section(report: CompanyReport, lang: Lang) -> Section | None:
    """The plan of approach beside the change (see the module docstring); None without a plan that has a
    focus area."""
    plan = report.plan
    if plan is None or not plan.focus_areas:
        return None
    title = t("plan_change", lang)
    blocks = tuple(_block(area, report, lang) for area in plan.focus_areas)
    comparison = report.comparison
    if comparison is None:
        first = t("no_comparison", lang) if report.wave("endline") is not None else t("plan_only_intro", lang)
        return Section("plan", title, (first,), blocks=blocks, link=t("to_plan", lang))
    table, indicative = _table(report, comparison, lang)
    notes = (indicative_note(lang, report.threshold),) if indicative else ()
    return Section(
        "plan",
        title,
        (t("plan_change_intro", lang), t("plan_change_caveat", lang)),
        table=table,
        table_title=t("plan_change_title", lang),
        notes=notes,
        blocks=blocks,
        link=t("to_plan", lang),
    )
