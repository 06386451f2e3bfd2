"""HTML fragments for the app's pages: each chart as an SVG image followed by its data table.

The app's Content-Security-Policy allows no inline style and no script, so the fragments carry no ``style``
attribute and no ``<script>``; each chart is an SVG (drawn by matplotlib, its text kept as text) in an
``<img>``, which a browser never runs scripts in. Where the image lives is the caller's choice (``src``): by
default a ``data:`` URL, so a fragment stands alone; the app passes a function that keeps the SVG and
returns an address of its own, so a page carries only links to its charts and the browser keeps them.
Layout is left to the app's stylesheet through these classes:

``qs-report`` (the whole fragment), ``qs-report-meta`` (company, region, questionnaire, date of the data),
``qs-report-part`` (one section), ``qs-summary`` (a list on the first screen), ``qs-group`` (a theme row
in a table), ``qs-chart`` (a figure), ``qs-data`` (a data table), ``qs-note`` (a note under a chart),
``qs-comments`` (the list of open answers to one question), ``qs-list`` (the ideas to start with, a focus
area's actions), ``qs-link`` (the link to the plan of approach), ``qs-methods`` (the methods, a
``<details>`` block), ``table-scroll`` (the scroll container around each data table, a named region a
keyboard can reach; the app's own tables use the same class).

Every text is escaped with :func:`markupsafe.escape`, company and region names and open answers above all:
they are typed in by people and may hold markup (``<script>``) or template syntax (``{{7*7}}``), which must
reach the page as plain characters.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

from markupsafe import Markup

from scoring import anonymity

from .charts import (
    PHONE,
    SCREEN,
    Chart,
    Table,
    company_charts,
    is_group_row,
    is_marker_row,
    programme_charts,
    svg_bytes,
)
from .company import CompanyReport
from .first_screen import first_screen
from .parts import company_parts
from .programme import ProgrammeReport
from .programme_companies import CompanyPage
from .programme_sections import programme_parts
from .sections import Section
from .summary import computed_line, data_date
from .text import Lang, check_lang, methods, t


def table_html(table: Table, caption: str | None = None) -> Markup:
    """A data table in its scroll container: ``<div class="table-scroll" role="region" tabindex="0">`` named by
    the caption, so a table wider than a phone scrolls inside the page and a keyboard can reach and scroll it.
    Header cells ``th scope="col"``, the first cell of each row ``th scope="row"``.

    The caption's id comes from its words and a digest of the table, so a page's tables get different ids
    without this function knowing the page (two tables with the same caption and the same cells share it).
    """
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(cell) for cell in table.header)
    width = len(table.header)
    rows = []
    for row in table.rows:
        if is_group_row(row):
            rows.append(
                Markup('<tr class="qs-group"><th scope="rowgroup" colspan="{}">{}</th></tr>').format(width, row[0])
            )
        elif is_marker_row(row):
            rows.append(
                Markup('<tr><th scope="row">{}</th><td colspan="{}">{}</td></tr>').format(row[0], width - 1, row[1])
            )
        else:
            cells = Markup("").join(Markup("<td>{}</td>").format(cell) for cell in row[1:])
            rows.append(Markup('<tr><th scope="row">{}</th>{}</tr>').format(row[0], cells))
    body = Markup("").join(rows)
    html = Markup('<table class="qs-data">{}<thead><tr>{}</tr></thead><tbody>{}</tbody></table>')
    if not caption:
        return Markup('<div class="table-scroll" tabindex="0">{}</div>').format(html.format("", head, body))
    label = _table_id(table, caption)
    return Markup('<div class="table-scroll" role="region" aria-labelledby="{}" tabindex="0">{}</div>').format(
        label, html.format(Markup('<caption id="{}">{}</caption>').format(label, caption), head, body)
    )


def _table_id(table: Table, caption: str) -> str:
    words = "-".join(re.findall(r"[a-z0-9]+", caption.lower()))[:40].strip("-")
    digest = hashlib.blake2s(repr((caption, table.header, table.rows)).encode(), digest_size=4).hexdigest()
    return f"qs-table-{words}-{digest}" if words else f"qs-table-{digest}"


def image_src(svg: bytes) -> str:
    """A ``data:`` URL for an SVG image."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


#: Given a chart's SVG, the address the page uses for it (:func:`image_src`, or the app's own).
ImageSrc = Callable[[bytes], str]


#: Up to this width a page shows a chart's phone layout: the wide one (643 px at its own size) would be shrunk,
#: and its text with it, below 11 CSS px.
NARROW = "(max-width: 44rem)"


def chart_html(chart: Chart, src: ImageSrc = image_src, narrow: Chart | None = None) -> Markup:
    """``<figure><img alt=...><figcaption>...</figcaption></figure>`` then the notes and the data table; with
    ``narrow`` (the same chart laid out for a phone), a ``<picture>`` that shows it on narrow screens."""
    image = Markup('<img src="{}" alt="{}" loading="lazy">').format(src(svg_bytes(chart.figure)), chart.alt)
    if narrow is not None:
        source = Markup('<source media="{}" srcset="{}">').format(NARROW, src(svg_bytes(narrow.figure)))
        image = Markup("<picture>{}{}</picture>").format(source, image)
    figure = Markup('<figure class="qs-chart">{}<figcaption>{}</figcaption></figure>').format(image, chart.caption)
    notes = Markup("").join(Markup('<p class="qs-note">{}</p>').format(note) for note in chart.notes)
    return figure + notes + table_html(chart.table, chart.title)


def _section(title: str, content: Markup, key: str) -> Markup:
    return Markup('<section class="qs-report-part" id="qs-{}"><h2>{}</h2>{}</section>').format(key, title, content)


#: The class of a section's lists: open answers are ``qs-comments``, the first screen's ``qs-summary``, the
#: ideas' and a plan's actions ``qs-list``.
_LIST_CLASS = {"comments": "qs-comments", "summary": "qs-summary"}


def section_html(section: Section, plan_url: str | None = None) -> Markup:
    """A section without a chart: paragraphs, the data table and its notes, then per block its heading, its
    sentence and its list; last, when the section has one and ``plan_url`` is given, the link to the plan."""
    body = Markup("").join(Markup("<p>{}</p>").format(p) for p in section.paragraphs)
    if section.table is not None:
        body += table_html(section.table, section.table_title)
        body += Markup("").join(Markup('<p class="qs-note">{}</p>').format(note) for note in section.notes)
    list_class = _LIST_CLASS.get(section.key, "qs-list")
    for block in section.blocks:
        body += Markup("<h3>{}</h3>").format(block.heading)
        if block.text:
            body += Markup("<p>{}</p>").format(block.text)
        if block.items:
            items = Markup("").join(Markup("<li>{}</li>").format(item) for item in block.items)
            body += Markup('<ul class="{}">{}</ul>').format(list_class, items)
        if block.note:
            body += Markup('<p class="qs-note">{}</p>').format(block.note)
    if section.link and plan_url:
        body += Markup('<p class="qs-link"><a href="{}">{}</a></p>').format(plan_url, section.link)
    return _section(section.title, body, section.key)


def _methods(lang: Lang, threshold: int, scale: tuple[int, int, int], company: bool = False) -> Markup:
    found = methods(
        lang,
        threshold,
        anonymity.statistics_min(threshold),
        *scale,
        company=company,
        comments_min=anonymity.comments_min(threshold),
    )
    parts = Markup("").join(
        Markup("<h3>{}</h3>").format(heading) + Markup("").join(Markup("<p>{}</p>").format(p) for p in paragraphs)
        for heading, paragraphs in found
    )
    return Markup('<details class="qs-methods"><summary>{}</summary>{}</details>').format(t("methods", lang), parts)


def _scale(report: CompanyReport | ProgrammeReport) -> tuple[int, int, int]:
    scales = [report.questionnaire.scales[item.scale] for item in report.questionnaire.items_for("employee")]
    return min(s.min for s in scales), max(s.max for s in scales), min(s.favourable_from for s in scales)


def _computed(report: CompanyReport | ProgrammeReport, lang: Lang) -> Markup:
    """When the results were computed, on a line of its own (nothing when the report does not say)."""
    line = computed_line(report, lang)
    return Markup("") if line is None else Markup('<p class="qs-report-meta qs-computed-at">{}</p>').format(line)


def company_fragment(
    report: CompanyReport,
    lang: str = "nl",
    plan_url: str | None = None,
    src: ImageSrc = image_src,
    phone: bool = False,
) -> Markup:
    """The company page's report: the first screen, the plan of approach beside the change, ideas to start
    with, every chart with its table, the linked respondents and the open answers, and the methods
    (collapsed).

    The app puts the company's name and the waves' progress around it; the fragment starts at ``<h2>``.
    ``plan_url``: the address of the company's plan of approach (the app knows its routes, this module does
    not); without it the sections that point to the plan say so in words only. ``src``: where each chart's
    SVG goes (:data:`ImageSrc`). Charts are drawn for a screen (:data:`reports.charts.SCREEN`), and with
    ``phone`` also for a phone (:data:`reports.charts.PHONE`), shown up to :data:`NARROW`.
    """
    language = check_lang(lang)
    facts = Markup('<p class="qs-report-meta">{} · {}: {} · {}: {} · {}: {}</p>').format(
        report.company,
        t("region", language),
        report.region,
        t("questionnaire", language),
        report.questionnaire.key,
        t("data_date", language),
        data_date(report, language),
    )
    facts += _computed(report, language)
    body = facts + section_html(first_screen(report, language), plan_url)
    narrow = iter(company_charts(report, language, PHONE) if phone else ())
    for part in company_parts(report, language, SCREEN):
        if isinstance(part, Section):
            body += section_html(part, plan_url)
        else:
            body += _section(part.title, chart_html(part, src, next(narrow, None)), part.key)
    body += _methods(language, report.threshold, _scale(report), company=True)
    return Markup('<div class="qs-report" lang="{}">{}</div>').format(language, body)


def programme_fragment(
    report: ProgrammeReport,
    lang: str = "nl",
    src: ImageSrc = image_src,
    phone: bool = False,
    per_company: bool = True,
) -> Markup:
    """The programme overview: companies anonymised, regions, development plans, plans of approach (and whether
    the chosen themes rose more), one chart per theme. ``src`` and ``phone`` as for :func:`company_fragment`;
    ``per_company=False`` leaves out the per-theme charts with a row per company (the app's page shows the
    companies a page at a time instead: :func:`programme_companies_html`)."""
    language = check_lang(lang)
    intro = Markup('<p class="qs-report-meta">{} · {}: {} · {}: {}</p>').format(
        report.programme,
        t("questionnaire", language),
        report.questionnaire.key,
        t("data_date", language),
        data_date(report, language),
    )
    intro += _computed(report, language)
    intro += Markup('<p class="qs-note">{}</p>').format(t("anonymised_note", language))
    if report.excluded:
        intro += Markup('<p class="qs-note">{}</p>').format(t("not_in_programme", language, count=report.excluded))
    body = intro
    narrow = iter(programme_charts(report, language, PHONE, per_company) if phone else ())
    for part in programme_parts(report, language, SCREEN, per_company):
        if isinstance(part, Section):
            body += section_html(part)
        else:
            body += _section(part.title, chart_html(part, src, next(narrow, None)), part.key)
    body += _methods(language, report.threshold, _scale(report))
    return Markup('<div class="qs-report" lang="{}">{}</div>').format(language, body)


def company_page_html(page: CompanyPage, caption: str) -> Markup:
    """A page of the programme's companies (:mod:`reports.programme_companies`) as a data table: per company
    its letter, region and change per theme."""
    rows = tuple((line.letter, line.region, *line.cells) for line in page.lines)
    return table_html(Table(page.header, rows), caption)
