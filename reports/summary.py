"""The words around the charts, shared by the HTML fragment and the PDF: cover facts and the summary.

Every function takes report data (:mod:`reports.company`, :mod:`reports.programme`) and a language and
returns plain strings; the HTML and PDF modules only escape and typeset them. Suppressed results give the
suppression marker (:func:`reports.text.suppressed`), never a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from questionnaires.model import localise
from scoring.results import DimensionComparison, DimensionStats, GroupResult, PlanKpi

from .company import AnyPlan, CompanyReport, WaveInfo
from .programme import ProgrammeReport
from .text import Lang, date, effect_words, number, percent, suppressed, t, wave_name


@dataclass(frozen=True)
class Line:
    """One summary statement: a label and its text."""

    label: str
    text: str


def turnout(info: WaveInfo, role: str, lang: Lang) -> str:
    """``12 van 20 (60%)``: responses of ``role`` against invitations."""
    count = info.employees if role == "employee" else info.managers
    if count.invited <= 0:
        return t("responses_none_invited", lang, responded=count.responded)
    rate = count.rate
    assert rate is not None
    return t("responses_of", lang, responded=count.responded, invited=count.invited, rate=percent(rate, lang))


def period(info: WaveInfo, lang: Lang) -> str:
    """``20 januari 2026 – 10 februari 2026``, or ``open sinds ...``."""
    if info.opened_on is None:
        return ""
    if info.closed_on is None:
        return t("open_since", lang, date=date(info.opened_on, lang))
    return f"{date(info.opened_on, lang)} – {date(info.closed_on, lang)}"


def wave_rows(report: CompanyReport, lang: Lang) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The cover's wave table: header and one row per wave."""
    header: tuple[str, ...] = (
        t("wave", lang),
        t("period", lang),
        t("employees", lang),
        t("managers", lang),
        t("questionnaire", lang),
    )
    rows: list[tuple[str, ...]] = [
        (
            wave_name(w.kind, lang),
            period(w.info, lang),
            turnout(w.info, "employee", lang),
            turnout(w.info, "manager", lang),
            w.info.questionnaire_key,
        )
        for w in report.waves
    ]
    return header, rows


def data_date(report: CompanyReport | ProgrammeReport, lang: Lang) -> str:
    return t("no_data_date", lang) if report.data_date is None else date(report.data_date, lang)


def plan_text(plan: AnyPlan | None, lang: Lang, threshold: int) -> str:
    """``40% heeft een plan, 22% werkt eraan (doel nog niet gehaald)``-style text, or the marker."""
    if plan is None:
        return t("summary_none", lang)
    if not isinstance(plan, PlanKpi):
        return suppressed(lang, threshold)
    verdict = t("meets_target", lang) if plan.meets_target else t("below_target", lang)
    return (
        f"{percent(plan.with_plan, lang)} {t('with_plan', lang)}, {percent(plan.working, lang)} "
        f"{t('working', lang)} ({verdict})"
    )


def company_summary(report: CompanyReport, lang: Lang) -> list[Line]:
    """Strongest and weakest theme (latest wave), most changed theme, development plans per wave."""
    q = report.questionnaire
    lines: list[Line] = []
    latest = report.latest
    if latest is None:
        return [Line(t("summary", lang), t("no_waves", lang))]
    lines.append(Line(t("wave", lang), t("summary_wave", lang, wave=wave_name(latest.kind, lang, lower=True))))
    total = latest.employee_total
    shown: list[tuple[float, str]] = []
    if isinstance(total, GroupResult):
        for dim_id, dim in total.dimensions.items():
            if isinstance(dim, DimensionStats) and dim.mean is not None:
                shown.append((dim.mean, dim_id))
    if shown:
        # Ties go to the theme that comes first in the questionnaire (stable sort on the mean only).
        order = sorted(shown, key=lambda pair: -pair[0])
        for key, (mean, dim_id) in (("strongest", order[0]), ("weakest", order[-1])):
            name = localise(q.dimension(dim_id).name, lang)
            lines.append(Line(t(key, lang), t("summary_theme", lang, name=name, mean=number(mean, lang))))
    else:
        lines.append(Line(t("strongest", lang), suppressed(lang, report.threshold)))
    if report.comparison is not None:
        changes = [
            (abs(c.hedges_g), dim_id, c)
            for dim_id, c in report.comparison.dimensions.items()
            if isinstance(c, DimensionComparison) and c.hedges_g is not None and c.difference is not None
        ]
        if changes:
            _, dim_id, comp = max(changes, key=lambda item: item[0])
            assert comp.difference is not None
            lines.append(
                Line(
                    t("most_changed", lang),
                    t(
                        "summary_change",
                        lang,
                        name=localise(q.dimension(dim_id).name, lang),
                        difference=number(comp.difference, lang, signed=True),
                        words=effect_words(comp, lang, report.threshold),
                    ),
                )
            )
        else:
            lines.append(Line(t("most_changed", lang), suppressed(lang, report.threshold)))
    else:
        lines.append(Line(t("most_changed", lang), t("no_comparison", lang)))
    if q.development_plan_question() is not None:
        for wave in report.waves:
            lines.append(
                Line(
                    f"{t('plans_summary', lang)}, {wave_name(wave.kind, lang, lower=True)}",
                    plan_text(wave.plan, lang, report.threshold),
                )
            )
    return lines
