"""The programme report's sections without a chart: the plans of approach, and whether the chosen themes rose
more than the others. :func:`programme_parts` gives the whole programme report body in reading order.

Computed first (a :class:`reports.sections.Section` of plain strings), typeset by :mod:`reports.html` and
:mod:`reports.pdf`, so the page and the PDF say the same. Words first, the numbers in a table after them. The
numbers come from :mod:`reports.plan_overview` (and :mod:`scoring.focus_contrast`), which read only what the
anonymity rules show; nothing here is per company.
"""

from __future__ import annotations

from .charts import PRINT, Chart, Layout, Table, programme_charts
from .charts.chart import dimension_ids, scale_bounds
from .plan import STATUSES
from .plan_overview import PlanCounts, PlanOverview
from .programme import ProgrammeReport
from .programme_summary import programme_summary
from .sections import Section
from .text import Lang, interval, number, percent, t

__all__ = ["contrast_section", "plans_section", "programme_parts"]


def _counts_row(counts: PlanCounts, lang: Lang) -> tuple[str, ...]:
    share = counts.done_share
    return (
        counts.region if counts.region is not None else t("programme_total", lang),
        str(counts.companies),
        str(counts.with_plan),
        str(counts.without_plan),
        *(str(counts.actions[status]) for status in STATUSES),
        f"{counts.with_done} ({percent(share, lang)})" if share is not None else str(counts.with_done),
    )


def plans_section(overview: PlanOverview, lang: Lang) -> Section:
    """How far the companies got with their plans: in words, then per region and in total."""
    total = overview.total
    if total.with_plan == 0:
        return Section("approach", t("approach_title", lang), (t("approach_none", lang),))
    share = total.done_share
    intro = t(
        "approach_intro",
        lang,
        with_plan=total.with_plan,
        companies=total.companies,
        with_done=total.with_done,
        share=percent(share if share is not None else 0.0, lang),
    )
    header = (
        t("th_region", lang),
        t("th_companies", lang),
        t("th_with_approach", lang),
        t("th_without_approach", lang),
        *(t(f"th_actions_{status}", lang) for status in STATUSES),
        t("th_with_done", lang),
    )
    rows = tuple(_counts_row(counts, lang) for counts in overview.counts)
    return Section(
        "approach",
        t("approach_title", lang),
        (intro,),
        table=Table(header, rows),
        table_title=t("approach_table", lang),
        notes=(t("approach_note", lang),),
    )


def _signed(value: float, lang: Lang) -> str:
    return number(value, lang, 2, signed=True)


def contrast_section(report: ProgrammeReport, overview: PlanOverview, lang: Lang) -> Section:
    """Did the themes companies worked on rise more than the others? In words first (with the caveat of
    regression to the mean), then both contrasts in a table."""
    found = overview.contrast
    overall, weakest = found.overall, found.weakest
    title = t("contrast_title", lang)
    if overall.mean is None:
        return Section("contrast", title, (t("contrast_none", lang, minimum=overall.minimum, companies=overall.n),))
    assert overall.focus_change is not None and overall.other_change is not None
    low, high = scale_bounds(report.questionnaire)
    size = number(abs(overall.mean), lang, 2)
    key = "contrast_same" if size == number(0.0, lang, 2) else "contrast_more" if overall.mean > 0 else "contrast_less"
    lead = t(key, lang, difference=size) + t(
        "contrast_facts",
        lang,
        companies=overall.n,
        focus=_signed(overall.focus_change, lang),
        other=_signed(overall.other_change, lang),
        min=low,
        max=high,
    )
    paragraphs = [lead]
    if overall.ci95 is None:
        paragraphs.append(t("contrast_identical", lang))
    else:
        ci = overall.ci95
        sure = "contrast_uncertain" if ci.low <= 0.0 <= ci.high else "contrast_certain"
        paragraphs.append(t(sure, lang, low=number(ci.low, lang, 2), high=number(ci.high, lang, 2)))
    start = number(overall.baseline_difference or 0.0, lang, 2)
    if start.startswith("-"):
        paragraphs.append(t("contrast_caveat", lang, baseline=start[1:]))
    else:  # not lower, as printed: the words must not say "lower by 0,00"
        paragraphs.append(t("contrast_caveat_not_lower", lang))
    if weakest.mean is None:
        paragraphs.append(t("contrast_weakest_none", lang, companies=weakest.n, minimum=weakest.minimum))
    else:
        ci_text = (
            t("not_determinable", lang) if weakest.ci95 is None else interval(weakest.ci95.low, weakest.ci95.high, lang)
        )
        paragraphs.append(
            t(
                "contrast_weakest",
                lang,
                difference=number(abs(weakest.mean), lang, 2),
                direction=t("more" if weakest.mean >= 0 else "less", lang),
                companies=weakest.n,
                interval=ci_text,
            )
        )
    rows = []
    for label, contrast in ((t("contrast_all", lang), overall), (t("contrast_weaker_half", lang), weakest)):
        if contrast.mean is None:
            too_few = t("contrast_too_few", lang, companies=contrast.n, minimum=contrast.minimum)
            rows.append((label, too_few, "", "", "", "", ""))
            continue
        assert contrast.focus_change is not None and contrast.other_change is not None
        assert contrast.baseline_difference is not None
        rows.append(
            (
                label,
                str(contrast.n),
                _signed(contrast.focus_change, lang),
                _signed(contrast.other_change, lang),
                _signed(contrast.mean, lang),
                "" if contrast.ci95 is None else interval(contrast.ci95.low, contrast.ci95.high, lang),
                _signed(contrast.baseline_difference, lang),
            )
        )
    header = (
        t("th_comparison_set", lang),
        t("th_companies", lang),
        t("th_chosen_change", lang),
        t("th_other_change", lang),
        t("th_difference", lang),
        t("th_difference_ci", lang),
        t("th_start_difference", lang),
    )
    notes = [t("contrast_note", lang)]
    dropped = overall.dropped
    if any(dropped.values()):
        notes.append(
            t("contrast_dropped", lang, no_focus=dropped["no_focus_shown"], no_other=dropped["no_other_shown"])
        )
    if overview.compared_without_plan:
        notes.append(t("contrast_without_plan", lang, count=overview.compared_without_plan))
    return Section(
        "contrast",
        title,
        tuple(paragraphs),
        table=Table(header, tuple(rows)),
        table_title=t("contrast_table", lang),
        notes=tuple(notes),
    )


def programme_parts(
    report: ProgrammeReport, lang: Lang, layout: Layout = PRINT, per_company: bool = True
) -> list[Chart | Section]:
    """The programme report body in reading order: the summary in words (:mod:`reports.programme_summary`),
    the change per region and the development plans, then the plans of approach and whether the chosen themes
    rose more, then the change per company for each theme (``per_company=False``: without those, as on the
    app's page, which shows the companies a page at a time: :mod:`reports.programme_companies`)."""
    summary = programme_summary(report, lang)
    charts = programme_charts(report, lang, layout, per_company)
    overview = report.plan_overview
    if overview is None:
        return [summary, *charts]
    per_theme = {f"programme-{dim_id}" for dim_id in dimension_ids(report.questionnaire)}
    lead = [c for c in charts if c.key not in per_theme]
    rest = [c for c in charts if c.key in per_theme]
    return [summary, *lead, plans_section(overview, lang), contrast_section(report, overview, lang), *rest]
