"""The company report's sections that are words and a table but no chart: linked respondents and open answers.

Like the charts, each section is computed first (a :class:`Section` of plain strings) and then typeset by
:mod:`reports.html` and :mod:`reports.pdf`, so both show the same. The anonymity rules arrive applied by
:mod:`scoring` (rule 7 for the paired results, rule 4 for the open answers); a hidden result reads its
marker and never a number, not even how many linked or wrote.

The report body in reading order is :func:`reports.parts.company_parts`.
"""

from __future__ import annotations

from dataclasses import dataclass

from questionnaires.model import Questionnaire, Role, localise
from scoring import anonymity
from scoring.anonymity import REFERENCE_MIN_COMPANIES
from scoring.reference import PROGRAMME_MIN_N
from scoring.results import ChangeReference, PairedResult, SuppressedComparison

from .charts import Table
from .charts.chart import clipped, clipped_note
from .company import CompanyReport, OpenQuestion
from .text import Lang, interval, number, t, wave_name


@dataclass(frozen=True)
class Block:
    """A heading, a sentence and a list: the open answers to one question (or a sentence in their place), a
    part of the first screen, a focus area's actions."""

    heading: str
    items: tuple[str, ...] = ()
    text: str = ""
    #: A sentence after the list (how to read it, where to go next).
    note: str = ""


@dataclass(frozen=True)
class Section:
    """A report section without a chart: paragraphs, optionally a data table with its notes, then blocks."""

    key: str
    title: str
    paragraphs: tuple[str, ...]
    table: Table | None = None
    table_title: str = ""
    notes: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    #: The words of a link to the company's plan of approach, shown where the page knows its address (the
    #: app's page does; the PDF says in words where the plan is).
    link: str = ""


def _level(lvl: str, lang: Lang) -> str:
    return t("level_indicative", lang) if lvl == "indicative" else t("level_full", lang)


def _reference(theme: str, paired: PairedResult, lang: Lang) -> str | None:
    """Which baseline SD and alpha the counts of reliable change on one theme used, or why there are none;
    None when the counts are not given at all (fewer than 10 pairs)."""
    ref: ChangeReference | None = paired.reliable_change_reference
    if ref is None:
        return t("rc_reference_none", lang, theme=theme) if "reliable_change" in paired.notes else None
    fields = {"theme": theme, "n": ref.n, "alpha": number(ref.alpha, lang), "sd": number(ref.sd, lang)}
    if ref.source == "programme":
        return t("rc_reference_programme", lang, companies=ref.companies, **fields)
    return t("rc_reference_baseline", lang, **fields)


def linked_section(report: CompanyReport, lang: Lang) -> Section | None:
    """The paired analysis of the employees who linked both waves: how many, and per theme their mean
    change with its interval, d_z and the counts of reliable change, as far as rule 7 allows. None
    without a comparison of baseline and end-line."""
    linked, comp = report.linked, report.comparison
    if linked is None or comp is None:
        return None
    title = t("linked", lang)
    if linked.pairs == 0:
        return Section("linked", title, (t("linked_none", lang),))
    if not linked.shown:
        return Section("linked", title, (t("linked_few", lang, threshold=report.threshold),))
    q = report.questionnaire
    too_few = t("linked_suppressed", lang, threshold=report.threshold)
    rows: list[tuple[str, ...]] = []
    indicative = False
    cut = False
    references: list[str] = []
    for dim in q.dimensions:
        c = comp.dimensions.get(dim.id)
        if c is None:
            continue
        name = localise(dim.name, lang)
        paired = None if isinstance(c, SuppressedComparison) else c.paired
        if not isinstance(paired, PairedResult):
            hidden = paired is not None and paired.reason == anonymity.REASON_COMPLEMENTARY
            rows.append((name, t("linked_complementary", lang) if hidden else too_few, *([""] * 7)))
            continue
        indicative |= paired.level == anonymity.INDICATIVE
        cut |= clipped(paired)
        rc = paired.reliable_change
        counts = ("", "", "") if rc is None else (str(rc.improved), str(rc.unchanged), str(rc.deteriorated))
        if "reliable_change" in paired.notes:
            counts = (t("rc_not_computable", lang), "", "")
        reference = _reference(name, paired, lang)
        if reference is not None:
            references.append(reference)
        rows.append(
            (
                name,
                str(paired.n),
                "" if paired.mean_difference is None else number(paired.mean_difference, lang, signed=True),
                "" if paired.ci95 is None else interval(paired.ci95.low, paired.ci95.high, lang),
                "" if paired.d_z is None else number(paired.d_z, lang, signed=True),
                *counts,
                _level(paired.level, lang),
            )
        )
    header = (
        t("th_dimension", lang),
        t("th_pairs", lang),
        t("th_mean_change", lang),
        t("th_ci", lang),
        t("th_dz", lang),
        t("th_improved", lang),
        t("th_unchanged", lang),
        t("th_deteriorated", lang),
        t("level", lang),
    )
    stats_min = anonymity.statistics_min(report.threshold)
    notes = [
        t(
            "linked_note",
            lang,
            statistics_min=stats_min,
            reference_min=PROGRAMME_MIN_N,
            reference_companies=REFERENCE_MIN_COMPANIES,
        )
    ]
    if references:
        notes.append(t("rc_reference", lang, items="; ".join(references)))
    if indicative:
        notes.append(t("linked_indicative_note", lang, low=report.threshold, high=stats_min - 1, high_plus=stats_min))
    if cut:
        notes.append(clipped_note(lang))
    return Section(
        "linked",
        title,
        (t("linked_intro", lang, pairs=linked.pairs),),
        table=Table(header, tuple(rows)),
        table_title=t("linked_title", lang),
        notes=tuple(notes),
    )


def _question(q: Questionnaire, question_id: str, role: Role, lang: Lang) -> str:
    question = q.element(question_id)
    return localise(question.text[role], lang)


def _blocks(q: Questionnaire, role: Role, questions: tuple[OpenQuestion, ...], minimum: int, lang: Lang) -> list[Block]:
    group = t("employees" if role == "employee" else "managers", lang)
    out = []
    for entry in questions:
        heading = t("comments_group", lang, group=group, question=_question(q, entry.question_id, role, lang))
        if entry.answers is None:
            out.append(Block(heading, text=t("comments_suppressed", lang, minimum=minimum)))
        elif not entry.answers:
            out.append(Block(heading, text=t("comments_none", lang)))
        else:
            out.append(Block(heading, items=entry.answers))
    return out


def comments_section(report: CompanyReport, lang: Lang) -> Section | None:
    """The open answers of the latest wave, per question, sorted; the marker where rule 4 hides them.
    None when the questionnaire has no open question or there is no wave."""
    found = report.open_answers
    wave = report.latest
    if found is None or wave is None:
        return None
    q = wave.questionnaire
    paragraphs = [t("comments_intro", lang, wave=wave_name(found.kind, lang, lower=True))]
    asks_managers = any(x.type == "open" for x in q.questions_for("manager"))
    if asks_managers and not found.managers:
        paragraphs.append(t("comments_managers_hidden", lang, minimum=found.minimum))
    blocks = _blocks(q, "employee", found.employees, found.minimum, lang)
    blocks += _blocks(q, "manager", found.managers, found.minimum, lang)
    return Section("comments", t("comments", lang), tuple(paragraphs), blocks=tuple(blocks))
