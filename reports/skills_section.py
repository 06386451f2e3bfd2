"""The skills matrix in the reports: a company's figures now and at its baseline and end-line, and the
programme's totals across companies (never a company, never a name).

Pure: :class:`scoring.skills.Figures` (and :class:`scoring.skills.Change`) in, a :class:`reports.sections.Section`
out, which ``html.section_html`` draws like any section without a chart. The matrix is named data outside the
survey, so no anonymity rule of the survey applies; the programme sees sums only.
"""

from __future__ import annotations

from scoring.skills import Change, Figures

from .charts.chart import Table
from .sections import Section
from .text import Lang, percent, t


def _of(n: int, total: int, share: float | None, lang: Lang) -> str:
    if total == 0 or share is None:
        return t("skills_not_computable", lang)
    return t("skills_of_pct", lang, n=n, total=total, pct=percent(share, lang))


def _rows(figures: list[Figures], lang: Lang) -> list[tuple[str, ...]]:
    """The three rows (critical tasks covered, one-person tasks, people with a step), one column per figures."""
    critical = [_of(f.critical_covered, f.critical_tasks, f.share_critical_covered, lang) for f in figures]
    one = [str(f.one_person_tasks) for f in figures]
    step = [_of(f.with_step, f.people, f.share_with_step, lang) for f in figures]
    return [
        (t("skills_row_critical", lang), *critical),
        (t("skills_row_one_person", lang), *one),
        (t("skills_row_step", lang), *step),
    ]


def _change_cells(change: Change, lang: Lang) -> tuple[str, str, str]:
    step = change.share_with_step
    one = change.endline.one_person_tasks - change.baseline.one_person_tasks
    return (
        f"{change.critical_covered:+d}",
        f"{one:+d}",
        f"{change.with_step:+d}" + ("" if step is None else f" ({percent(step, lang, signed=True)})"),
    )


def _table(now: Figures | None, change: Change | None, lang: Lang) -> Table:
    columns: list[Figures] = []
    header = [t("skills_col_what", lang)]
    if now is not None:
        columns.append(now)
        header.append(t("skills_col_now", lang))
    if change is not None:
        columns += [change.baseline, change.endline]
        header += [t("skills_col_baseline", lang), t("skills_col_endline", lang), t("skills_col_change", lang)]
    rows = _rows(columns, lang)
    if change is not None:
        rows = [(*row, cell) for row, cell in zip(rows, _change_cells(change, lang), strict=True)]
    return Table(tuple(header), tuple(tuple(r) for r in rows))


def company_skills_section(now: Figures | None, change: Change | None, lang: Lang) -> Section:
    """A company's matrix in numbers: now, and baseline against end-line when both snapshots exist."""
    title = t("skills_title", lang)
    if now is None and change is None:
        return Section("skills", title, (t("skills_none", lang),))
    paragraphs = () if change is not None else (t("skills_no_change", lang),)
    return Section("skills", title, paragraphs, _table(now, change, lang), title, notes=(t("skills_note", lang),))


def programme_skills_section(companies: int, now: Figures, compared: int, change: Change | None, lang: Lang) -> Section:
    """The programme's totals: companies keeping a matrix, their figures added up, and the change of those with
    both snapshots."""
    title = t("skills_programme_title", lang)
    if companies == 0 and change is None:
        return Section("skills", title, (t("skills_programme_none", lang),))
    paragraphs = [t("skills_programme_intro", lang, companies=companies)]
    paragraphs.append(t("skills_compared", lang, n=compared) if change is not None else t("skills_no_change", lang))
    return Section(
        "skills", title, tuple(paragraphs), _table(now, change, lang), title, notes=(t("skills_note", lang),)
    )
