"""The facts around a report, shared by the HTML fragment and the PDF: the cover's waves with their
turnout and period, and the date of the data.

Every function takes report data (:mod:`reports.company`, :mod:`reports.programme`) and a language and
returns plain strings; the HTML and PDF modules only escape and typeset them. The one-minute summary of the
results is :mod:`reports.first_screen`.
"""

from __future__ import annotations

from .company import CompanyReport, WaveInfo
from .programme import ProgrammeReport
from .text import Lang, date, moment, percent, t, wave_name


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


def computed_line(report: CompanyReport | ProgrammeReport, lang: Lang) -> str | None:
    """``Berekend op 27 november 2026 om 18:05``, or None when the report does not say when."""
    return None if report.computed_at is None else t("computed_at", lang, moment=moment(report.computed_at, lang))
