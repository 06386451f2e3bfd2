"""The leerkring handout: a one- or two-page PDF the coach prints for a learning circle's meeting.

Per theme one dot per company (:func:`scoring.circle.handout_dots`: only companies that count, from five,
rounded to one decimal), each under a letter drawn afresh for this handout from its seed
(:func:`scoring.circle.handout_letters`); a company's own copy marks its dot "jullie bedrijf", the coach's
copy marks none. Then "wat de anderen probeerden": the actions companies shared with the circle (title,
status, theme; the company named only when it chose to be).

Pure: plain data in (:class:`HandoutInput`), PDF bytes out. The same data and seed give the same bytes
(reportlab's ``invariant=1``, deterministic figures).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from questionnaires.model import Questionnaire
from reports.plan import Status
from scoring.circle import NoBand, handout_letters

from .charts import PRINT, Chart, Layout, Table, style, ylabels
from .charts.chart import dimension_name, scale_bounds
from .charts.drawing import EMPLOYEE_COLOUR, NAME_MARGIN, place_axes, put_marker, x_grid
from .circle_text import ct
from .text import Lang, check_lang, number, wave_name
from .typeset import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    chart_flowables,
    paragraph,
    register_fonts,
    table_flowable,
)


@dataclass(frozen=True)
class SharedAction:
    """An action a company shared with its circle: ``company`` is its name only when it chose to be named."""

    dimension_id: str
    title: str
    status: Status
    company: str | None = None


@dataclass(frozen=True)
class HandoutInput:
    """Everything a handout shows, as plain data: per dimension the dots (by company key) or why there are
    none, the key of the company whose copy this is (None: the coach's), and the shared actions."""

    circle: str
    questionnaire: Questionnaire
    kind: str
    threshold: int
    dots: Mapping[str, Mapping[str, float] | NoBand]
    own_key: str | None = None
    own_name: str = ""
    actions: Sequence[SharedAction] = ()


def _letters(data: HandoutInput, seed: int) -> dict[str, str]:
    keys = sorted({key for dots in data.dots.values() if not isinstance(dots, NoBand) for key in dots})
    return handout_letters(keys, seed)


def dots_chart(data: HandoutInput, letters: Mapping[str, str], lang: Lang, layout: Layout = PRINT) -> Chart:
    """Per theme a row of dots, one per company, each with its letter above; the company's own (on its copy)
    filled blue and labelled, the others hollow. The table gives the same numbers per letter."""
    low, high = scale_bounds(data.questionnaire)
    dims = list(data.dots)
    with style():
        row = 0.62 * layout.rows
        fig = Figure(figsize=(layout.width, row * len(dims) + 0.5))
        ax = place_axes(fig, NAME_MARGIN * layout.margin, 0.2, 0.15, 0.4)
        for y, dim_id in enumerate(dims):
            dots = data.dots[dim_id]
            if isinstance(dots, NoBand):
                put_marker(ax, low + 0.05, y, ct("too_few", lang))
                continue
            seen: dict[float, int] = {}
            for key in sorted(dots, key=lambda k: letters[k]):
                value = dots[key]
                stack = seen.get(value, 0)  # equal values side by side, letters stacked
                seen[value] = stack + 1
                own = key == data.own_key
                ax.plot(
                    [value],
                    [y],
                    "o",
                    markersize=8 if own else 6.5,
                    markerfacecolor=EMPLOYEE_COLOUR if own else "white",
                    markeredgecolor=EMPLOYEE_COLOUR if own else "#333333",
                    gid="own" if own else "dot",
                )
                label = f"{letters[key]} ({ct('yours', lang)})" if own else letters[key]
                ax.text(value, y - 0.22 - 0.2 * stack, label, ha="center", va="bottom", fontsize=7, gid="letter")
        ylabels(ax, range(len(dims)), [layout.wrap(dimension_name(data.questionnaire, d, lang), 26, 2) for d in dims])
        ax.set_ylim(len(dims) - 0.5, -0.8)
        ax.set_xlim(low, high)
        ax.set_xticks(range(low, high + 1))
        x_grid(ax)
    order = sorted(letters.items(), key=lambda kv: kv[1])
    header = [ct("th_theme", lang)] + [
        f"{letter} ({ct('yours', lang)})" if key == data.own_key else letter for key, letter in order
    ]
    if not order:  # no theme with enough companies: one column says so
        header.append(ct("th_companies", lang))
    rows = []
    for dim_id in dims:
        dots = data.dots[dim_id]
        name = dimension_name(data.questionnaire, dim_id, lang)
        if isinstance(dots, NoBand):
            rows.append((name, ct("too_few", lang), *[""] * (max(1, len(order)) - 1)))
        else:
            rows.append((name, *[number(dots[key], lang, 1) if key in dots else "–" for key, _ in order]))
    return Chart(
        key="circle-dots",
        title=ct("dots_title", lang),
        caption=ct("dots_caption", lang),
        alt=ct("dots_alt", lang),
        figure=fig,
        table=Table(tuple(header), tuple(tuple(r) for r in rows)),
    )


def _actions_table(data: HandoutInput, lang: Lang) -> Table:
    header = (ct("th_theme", lang), ct("th_action", lang), ct("th_status", lang), ct("th_company", lang))
    ordered = sorted(
        data.actions,
        key=lambda a: (list(data.dots).index(a.dimension_id) if a.dimension_id in data.dots else 99, a.status, a.title),
    )
    rows = tuple(
        (
            dimension_name(data.questionnaire, a.dimension_id, lang),
            a.title,
            ct(f"status_{a.status}", lang),
            a.company or ct("unnamed", lang),
        )
        for a in ordered
    )
    return Table(header, rows)


def handout_pdf(data: HandoutInput, seed: int, lang: str = "nl") -> bytes:
    """The handout as PDF bytes (A4): lettered from ``seed``; the same data and seed, the same bytes."""
    language = check_lang(lang)
    register_fonts()
    letters = _letters(data, seed)
    copy = (
        ct("handout_copy_company", language, company=data.own_name)
        if data.own_key is not None
        else ct("handout_copy_coach", language)
    )
    flow: list[Flowable] = [
        paragraph(ct("handout_title", language, circle=data.circle), "h1"),
        paragraph(f"{copy} · {wave_name(data.kind, language)}", "cover_line"),
        paragraph(ct("handout_intro", language, threshold=data.threshold), "body"),
    ]
    if data.own_key is not None and data.own_key in letters:
        flow.append(paragraph(ct("yours_letter", language, letter=letters[data.own_key]), "body"))
    flow.append(Spacer(1, 6))
    flow.extend(chart_flowables(dots_chart(data, letters, language)))
    flow.append(paragraph(ct("tried_title", language), "h2"))
    flow.append(paragraph(ct("tried_intro", language), "body"))
    if data.actions:
        flow.append(table_flowable(_actions_table(data, language)))
    else:
        flow.append(paragraph(ct("tried_none", language), "body"))
    buf = io.BytesIO()
    title = ct("handout_title", language, circle=data.circle)
    SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author="Quickscan",
        creator="Quickscan reports",
        producer="Quickscan reports (ReportLab)",
        subject=title,
        lang=language,
        invariant=1,
    ).build(flow)
    return buf.getvalue()
