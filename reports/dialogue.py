"""A dialogue session's result drawn and written: the spread per factor as a small SVG, the mirror (what the
company's employees said in the survey), the session's section of the company report and its one-page PDF.
Pure: the numbers come from :mod:`scoring.dialogue` with its rules applied (nothing before 3 votes, never one
person's pair); the mirror only from a :class:`~reports.company.CompanyReport`, whose results passed the
survey's anonymity rules. Nothing here decides what may be shown.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape
from reportlab.lib.pagesizes import A4
from reportlab.platypus import KeepInFrame, SimpleDocTemplate, Spacer

from questionnaires.dialogue import Instrument
from questionnaires.model import WaveKind, localise
from scoring.dialogue import SCALE_MAX, SCALE_MIN, FactorResult, NotShown, SessionResult
from scoring.results import DimensionStats, GroupResult

from .charts.chart import Table
from .sections import Section
from .text import Lang, check_lang, number
from .text import date as format_date
from .typeset import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    paragraph,
    register_fonts,
    table_flowable,
)

if TYPE_CHECKING:  # reports.company keeps the sessions (Held) of a company's report: no import at run time
    from .company import CompanyReport

TEXTS: dict[str, dict[Lang, str]] = {
    "title": {"nl": "Dialoogsessie van {date}", "en": "Dialogue session of {date}"},
    "participants": {"nl": "{n} deelnemers", "en": "{n} participants"},
    "intro": {
        "nl": "De groep gaf per thema een cijfer van 1 tot 5: hoe het nu is, en waar we over een jaar willen "
        "staan. Een gespreksinstrument, geen vergelijking met andere bedrijven.",
        "en": "Per theme the group gave a mark from 1 to 5: how it is now, and where we want to be in a year. "
        "A conversation tool, not a comparison with other companies.",
    },
    "factor": {"nl": "Thema", "en": "Theme"},
    "now": {"nl": "Nu (middelste)", "en": "Now (median)"},
    "wanted": {"nl": "Gewenst (middelste)", "en": "Wanted (median)"},
    "gap": {"nl": "Verschil", "en": "Gap"},
    "divided": {"nl": "Verdeeldheid", "en": "Divided"},
    "mirror": {"nl": "Medewerkers in de vragenlijst", "en": "Employees in the survey"},
    "table": {"nl": "Nu en gewenst per thema", "en": "Now and wanted per theme"},
    "not_computable": {"nl": "niet te berekenen", "en": "cannot be computed"},
    "too_few": {
        "nl": "niet te berekenen: minder dan 3 mensen gaven een cijfer",
        "en": "cannot be computed: fewer than 3 people gave a mark",
    },
    "note_median": {
        "nl": "Middelste: het middelste cijfer als je alle cijfers op volgorde legt. Verschil: het middelste van "
        "ieders 'gewenst min nu'. Verdeeldheid: hoe ver de middelste helft van de groep uit elkaar ligt "
        "(interkwartielafstand van 'nu'); 0 is eensgezind, 2 of meer is verdeeld.",
        "en": "Median: the middle mark when all marks are put in order. Gap: the middle of everyone's 'wanted "
        "minus now'. Divided: how far apart the middle half of the group lies (interquartile range of 'now'); "
        "0 is of one mind, 2 or more is divided.",
    },
    "note_mirror": {
        "nl": "Medewerkers in de vragenlijst: het gemiddelde van de medewerkers op dit thema ({wave}, "
        "vrijgegeven {date}), op dezelfde schaal van 1 tot 5.",
        "en": "Employees in the survey: the employees' mean on this theme ({wave}, released {date}), on the "
        "same scale from 1 to 5.",
    },
    "no_mirror": {"nl": "geen uitkomst", "en": "no result"},
    "remarks": {"nl": "Wat de deelnemers erbij schreven", "en": "What participants wrote"},
    "more": {"nl": "(en nog {n} op het scherm)", "en": "(and {n} more on the screen)"},
    "pdf_title": {"nl": "Samenvatting dialoogsessie", "en": "Dialogue session summary"},
    "baseline": {"nl": "nulmeting", "en": "baseline"},
    "endline": {"nl": "eindmeting", "en": "end-line"},
    "svg_label": {
        "nl": "{name}. Nu: {now}. Gewenst: {wanted}.",
        "en": "{name}. Now: {now}. Wanted: {wanted}.",
    },
    "svg_counts": {"nl": "{n}× een {v}", "en": "{n}× a {v}"},
    "svg_now": {"nl": "nu", "en": "now"},
    "svg_wanted": {"nl": "gewenst", "en": "wanted"},
}


#: The most remarks per factor the one-page PDF prints (the facilitator's page shows them all).
PDF_REMARKS = 5


def t(key: str, lang: Lang, **fields: object) -> str:
    return TEXTS[key][lang].format(**fields)


# --- the mirror ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mirror:
    """What the company's employees said per dimension in their latest shown survey wave (released results,
    the survey's anonymity rules applied): the mean per dimension, None where the rules hide it."""

    wave: WaveKind | None
    data_date: dt.date | None
    means: Mapping[str, float | None]


def mirror(report: CompanyReport | None, factor_ids: Sequence[str]) -> Mirror:
    """The mirror of ``factor_ids`` (dimension ids) from the company's report: the latest wave whose employee
    group is shown, its dimension means; a dimension the rules hide, or no shown wave, gives None."""
    if report is not None:
        for wave in reversed(report.waves):
            total = wave.employee_total
            if isinstance(total, GroupResult):
                means: dict[str, float | None] = {}
                for fid in factor_ids:
                    stats = total.dimensions.get(fid)
                    means[fid] = stats.mean if isinstance(stats, DimensionStats) else None
                return Mirror(wave.kind, report.data_date, means)
    return Mirror(None, None, dict.fromkeys(factor_ids))


# --- the spread as a small SVG --------------------------------------------------------------------------

_W, _ROW, _LEFT, _TOP = 300, 30, 70, 12  # _TOP: room for the count above the tallest bar
_NOW, _WANTED = "#0072B2", "#D55E00"  # Okabe–Ito blue and vermillion, as the charts


def spread_svg(name: str, result: FactorResult, lang: str = "nl") -> Markup:
    """The spread of "now" and "wanted" on one factor: per answer 1–5 a bar as tall as the number who gave it,
    "now" above "wanted" (two separate counts, never pairs). An ``<svg role="img">`` with its counts in words."""
    language = check_lang(lang)
    step = (_W - _LEFT - 10) / (SCALE_MAX - SCALE_MIN + 1)
    most = max(max(result.now_counts), max(result.wanted_counts), 1)
    parts = []
    for row, (label, counts, colour) in enumerate(
        ((t("svg_now", language), result.now_counts, _NOW), (t("svg_wanted", language), result.wanted_counts, _WANTED))
    ):
        base = _TOP + (row + 1) * _ROW + row * 14
        parts.append(f'<text x="0" y="{base - 8}" font-size="13" fill="#1A1A1A">{escape(label)}</text>')
        for i, count in enumerate(counts):
            x = _LEFT + i * step
            height = round((_ROW - 6) * count / most, 1)
            parts.append(
                f'<rect x="{x + 4:.1f}" y="{base - height:.1f}" width="{step - 8:.1f}" '
                f'height="{height}" fill="{colour}"/>'
            )
            parts.append(f'<line x1="{x + 2:.1f}" y1="{base}" x2="{x + step - 2:.1f}" y2="{base}" stroke="#555555"/>')
            if count:
                parts.append(
                    f'<text x="{x + step / 2:.1f}" y="{base - height - 2:.1f}" font-size="11" '
                    f'text-anchor="middle" fill="#1A1A1A">{count}</text>'
                )
    axis_y = _TOP + 2 * _ROW + 14 + 14
    for i in range(SCALE_MAX - SCALE_MIN + 1):
        x = _LEFT + i * step + step / 2
        parts.append(
            f'<text x="{x:.1f}" y="{axis_y}" font-size="12" text-anchor="middle" fill="#1A1A1A">{SCALE_MIN + i}</text>'
        )

    def words(counts: tuple[int, ...]) -> str:
        return ", ".join(t("svg_counts", language, n=c, v=SCALE_MIN + i) for i, c in enumerate(counts) if c)

    label = t("svg_label", language, name=name, now=words(result.now_counts), wanted=words(result.wanted_counts))
    return Markup(
        f'<svg class="spread" viewBox="0 0 {_W} {axis_y + 4}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


# --- the summary: a table, a section of the company report, a one-page PDF --------------------------------


@dataclass(frozen=True)
class Held:
    """A revealed session as the company report carries it (plain, frozen data that pickles): when, on which
    instrument, and its group result (:func:`scoring.dialogue.session_result`, shown: at least 3 voters)."""

    held_on: dt.date
    instrument: Instrument
    result: SessionResult


@dataclass(frozen=True)
class Summary:
    """One revealed session as the report shows it."""

    held_on: dt.date
    instrument: Instrument
    result: SessionResult
    mirror: Mirror
    #: Remarks per factor, already ordered by :func:`scoring.dialogue.remarks`.
    remarks: Mapping[str, tuple[str, ...]]


def _signed(value: float, lang: Lang) -> str:
    return number(value, lang, 1, signed=True)


def summary_table(summary: Summary, lang: str = "nl") -> Table:
    """Per factor: now, wanted, gap, divided (or why not) and the mirror, in the instrument's order."""
    language = check_lang(lang)
    with_mirror = summary.instrument.from_questionnaire and summary.mirror.wave is not None
    header = [t(k, language) for k in ("factor", "now", "wanted", "gap", "divided")]
    if with_mirror:
        header.append(t("mirror", language))
    rows = []
    for factor, found in zip(summary.instrument.factors, summary.result.factors, strict=True):
        name = localise(factor.name, language)
        if isinstance(found, NotShown):
            row = [name, t("too_few", language), "", "", ""]
        else:
            row = [
                name,
                number(found.now_median, language, 1),
                number(found.wanted_median, language, 1),
                _signed(found.gap, language),
                number(found.divided, language, 1),
            ]
        if with_mirror:
            mean = summary.mirror.means.get(factor.id)
            row.append(number(mean, language, 1) if mean is not None else t("no_mirror", language))
        rows.append(tuple(row))
    return Table(tuple(header), tuple(rows))


def notes(summary: Summary, lang: str = "nl") -> tuple[str, ...]:
    language = check_lang(lang)
    out = [t("note_median", language)]
    m = summary.mirror
    if summary.instrument.from_questionnaire and m.wave is not None and m.data_date is not None:
        out.append(t("note_mirror", language, wave=t(m.wave, language), date=format_date(m.data_date, language)))
    return tuple(out)


def section(summary: Summary, lang: str = "nl") -> Section:
    """The session's section of the company report: "Dialoogsessie van <datum>, <n> deelnemers"."""
    language = check_lang(lang)
    title = (
        t("title", language, date=format_date(summary.held_on, language))
        + ", "
        + t("participants", language, n=summary.result.participants)
    )
    return Section(
        key=f"dialogue-{summary.held_on.isoformat()}",
        title=title,
        paragraphs=(t("intro", language),),
        table=summary_table(summary, language),
        table_title=t("table", language),
        notes=notes(summary, language),
    )


def report_sections(report: CompanyReport, lang: str = "nl") -> list[Section]:
    """The company report's sections of its revealed sessions, newest first; the mirror from the report itself."""
    return [
        section(
            Summary(
                held.held_on,
                held.instrument,
                held.result,
                mirror(report if held.instrument.from_questionnaire else None, [f.id for f in held.instrument.factors]),
                {},
            ),
            lang,
        )
        for held in report.dialogues
    ]


def summary_pdf(company: str, summary: Summary, lang: str = "nl") -> bytes:
    """The session's one-page summary (A4): title, company, date and participants, now vs wanted per factor,
    what the numbers mean, and the remarks (without names). Deterministic (reportlab's invariant mode)."""
    language = check_lang(lang)
    register_fonts()
    flow = [
        paragraph(t("pdf_title", language), "h1"),
        paragraph(company, "cover_name"),
        paragraph(
            t("title", language, date=format_date(summary.held_on, language))
            + ", "
            + t("participants", language, n=summary.result.participants),
            "cover_line",
        ),
        paragraph(localise(summary.instrument.title, language), "cover_line"),
        Spacer(1, 8),
        paragraph(t("intro", language), "body"),
        table_flowable(summary_table(summary, language)),
        Spacer(1, 4),
        *(paragraph(n, "note") for n in notes(summary, language)),
    ]
    said = [(f, summary.remarks.get(f.id, ())) for f in summary.instrument.factors]
    if any(texts for _, texts in said):
        flow.append(paragraph(t("remarks", language), "h2"))
        for factor, texts in said:
            if texts:
                shown = " · ".join(texts[:PDF_REMARKS])
                more = len(texts) - PDF_REMARKS
                extra = " " + t("more", language, n=more) if more > 0 else ""
                flow.append(paragraph(f"{localise(factor.name, language)}: {shown}{extra}", "note"))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=t("pdf_title", language),
        author="Quickscan",
        creator="Quickscan reports",
        lang=language,
        invariant=1,
    )
    # One page: what does not fit is made smaller, never pushed onto a second page.
    doc.build([KeepInFrame(FRAME_WIDTH, FRAME_HEIGHT - 2, flow, mode="shrink")])
    return buf.getvalue()
