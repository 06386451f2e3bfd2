"""The report parts of the company and programme pages, their charts and their PDFs: rendered once per key.

A page's key (:mod:`quickscan.report_keys`) changes with everything its report shows, so while it stands the
fragment, the charts and the PDF come from :mod:`quickscan.report_cache` and nothing is loaded, scored or
drawn again. The report data itself is kept too, so the other language costs only the drawing. The data
comes from the results a job stored for the key (:mod:`quickscan.report_jobs`, :mod:`quickscan.computed_results`),
on any node; when none are stored it is computed in the request (and, with a queue, a job is enqueued; without
one, the request stores what it computed). The page says when the results were computed.

Charts are separate resources: the fragment links each chart by the hash of its SVG
(``/companies/<slug>/charts/<hash>.svg``, ``/programme/charts/<hash>.svg``), a name that never changes
its content, so the browser keeps it for a year. A chart is kept per *scope*: the company and whether the
reader is one of its managers (``among_managers``), or the programme; a manager asks in the managers' scope
and so never receives a chart of the coach's view. A chart is served only from a page of the current key: a
chart of results that have changed since (a release, a withholding, a deletion) is gone (404), as the page
that linked it is, even while the cache still holds it. A chart no longer in this process's cache (another
worker drew the page, or it aged out) is drawn again from the current results (:func:`company_chart`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace

from flask import current_app, url_for
from markupsafe import Markup
from sqlalchemy import select

from reports import html as html_reports
from reports import pdf as pdf_reports
from reports import programme_companies
from reports.circle import circle_parts
from reports.company import CompanyReport
from reports.programme import ProgrammeReport
from reports.programme_companies import CompanyLines
from reports.text import check_lang

from . import circle_store, computed_results, report_cache, report_jobs, report_keys, reporting
from .db import session as db_session
from .models import Company, Programme
from .programme import DEFAULT_PROGRAMME
from .questionnaire_store import registry

#: What report data is counted as in the cache's bound (its real size is not measured: about this much for
#: the demo's company, with its item distributions; the programme holds 48 of them).
COMPANY_DATA_BYTES = 256 * 1024
PROGRAMME_DATA_BYTES = 4 * 1024 * 1024

Scope = tuple[Hashable, ...]
PROGRAMME_SCOPE: Scope = ("programme",)


def chart_name(svg: bytes) -> str:
    """A chart's file name: the hash of its SVG (the same chart, the same name; another chart, another)."""
    return hashlib.sha256(svg).hexdigest()[:24]


@dataclass(frozen=True)
class Rendered:
    """A page's report fragment and the charts it links, by name: kept, and aged out, together."""

    fragment: Markup
    charts: dict[str, bytes]

    @property
    def size(self) -> int:
        return len(self.fragment) + sum(len(svg) for svg in self.charts.values())


def _keep(entry: Hashable, scope: Scope, rendered: Rendered) -> None:
    """Keep a rendered page under ``entry``, and where each of its charts is (a small index entry each)."""
    cache = report_cache.of()
    cache.put(entry, rendered, rendered.size)
    for name in rendered.charts:
        cache.put(("chart", scope, name), entry, 200)


def _chart(scope: Scope, name: str, key: str | None) -> bytes | None:
    """The chart ``name`` of ``scope`` if a page of the current ``key`` holds it: a chart of results that
    changed since (a release, a withholding, a deletion) is not served, even while it is still held."""
    cache = report_cache.of()
    entry = cache.get(("chart", scope, name))
    if not isinstance(entry, tuple) or entry[1] != key:
        return None
    rendered = cache.get(entry)
    return rendered.charts.get(name) if isinstance(rendered, Rendered) else None


def _collector(
    charts: dict[str, bytes], address: Callable[[str], str], cache: report_cache.Lru
) -> Callable[[bytes], str]:
    """The ``src`` for :mod:`reports.html`: collects each SVG under its name and gives its address. With the
    cache turned off (``REPORT_CACHE_BYTES = 0``) nothing could serve that address: the SVG goes into the page
    as a ``data:`` URL, as it did before charts had addresses."""
    if cache.max_bytes <= 0:
        return html_reports.image_src

    def src(svg: bytes) -> str:
        name = chart_name(svg)
        charts[name] = svg
        return address(name)

    return src


def _company_scope(company: Company, among_managers: bool) -> Scope:
    return ("company", company.pk, among_managers)


def _stored(job: report_jobs.Job, scope: str, key: str | None, readers: tuple[bool, ...] = ()) -> object | None:
    """The results a job stored for ``key``, or None. When none are stored: with a queue, a job is enqueued
    (the caller computes in the request, as before jobs, and the next reader gets them stored); without one,
    the job runs in this request (for this page's reader: ``readers``) and its results are served."""
    if key is None:  # a plan changed this very second: nothing is stored under no key
        return None
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    secret = str(app.config["SECRET_KEY"])
    found = computed_results.load(db_session(), scope, key, secret)
    if found is not None:
        return found.value
    if report_jobs.queued(app):
        try:
            report_jobs.enqueue(app, [job], lock=True)
        except Exception:  # the queue is down: the page still works, computed in the request
            current_app.logger.warning("could not enqueue %s %s; computed in the request", job.kind, job.pk)
        return None
    report_jobs.run(db_session(), app, job, readers)
    found = computed_results.load(db_session(), scope, key, secret)
    return None if found is None else found.value


def _company_report(company: Company, among_managers: bool, key: str | None) -> CompanyReport | None:
    cache = report_cache.of()
    if key is not None:
        found = cache.get(("company data", key))
        if found is not None:
            assert isinstance(found, CompanyReport)
            return found
    stored = _stored(
        report_jobs.Job("company", company.pk),
        computed_results.company_scope(company.pk, among_managers),
        key,
        (among_managers,),
    )
    if isinstance(stored, CompanyReport):
        cache.put(("company data", key), stored, COMPANY_DATA_BYTES)
        return stored
    report = reporting.company_report(db_session(), registry(), company.slug, among_managers=among_managers)
    report = None if report is None else replace(report, computed_at=report_jobs.now())
    if key is not None and report is not None:
        cache.put(("company data", key), report, COMPANY_DATA_BYTES)
    return report


def company_report(company: Company, among_managers: bool) -> CompanyReport | None:
    """The company's report data for this reader, kept under the same key as its page (the skills matrix's
    leerbehoeften show its development-plan figure)."""
    return _company_report(
        company, among_managers, report_keys.company_key(db_session(), registry(), company, among_managers)
    )


def company_fragment(company: Company, among_managers: bool, lang: str, fresh: bool = False) -> Markup | None:
    """The company page's report for this reader in ``lang`` (None when the company has no report); ``fresh``:
    drawn again even when kept (a chart of it was asked for and is no longer held)."""
    cache = report_cache.of()
    key = report_keys.company_key(db_session(), registry(), company, among_managers)
    scope = _company_scope(company, among_managers)
    # While there is no key (a plan changed this very second) the page is kept only for its charts.
    entry = ("company page", key, lang) if key is not None else ("company page", None, scope, lang)
    if key is not None and not fresh:
        found = cache.get(entry)
        if isinstance(found, Rendered):
            return found.fragment
    report = _company_report(company, among_managers, key)
    if report is None:
        return None
    slug = company.slug
    charts: dict[str, bytes] = {}
    src = _collector(charts, lambda name: url_for("dashboard.company_chart", slug=slug, name=name), cache)
    fragment = html_reports.company_fragment(report, lang, url_for("plans.plan", slug=slug), src, phone=True)
    _keep(entry, scope, Rendered(fragment, charts))
    return fragment


def company_pdf(company: Company, among_managers: bool, lang: str) -> bytes | None:
    """The company report as PDF for this reader in ``lang`` (None when the company has no report)."""
    cache = report_cache.of()
    key = report_keys.company_key(db_session(), registry(), company, among_managers)
    # The company beside its learning circle: other companies' releases and consent move it, so its key
    # (circle_store.circle_key) is part of the kept PDF's key.
    circle_key = circle_store.circle_key(db_session(), company)
    facts = repr((report_keys.cover_facts(db_session(), company), circle_key))
    entry = None if key is None else ("company pdf", key, lang, facts)
    if entry is not None:
        found = cache.get(entry)
        if found is not None:
            assert isinstance(found, bytes)
            return found
    report = _company_report(company, among_managers, key)
    if report is None:
        return None
    circle = circle_store.company_circle(db_session(), registry(), company)
    pdf = pdf_reports.company_pdf(report, lang, circle_parts(circle, "en" if lang == "en" else "nl"))
    if entry is not None:
        cache.put(entry, pdf, len(pdf))
    return pdf


def company_chart(company: Company, among_managers: bool, name: str, langs: tuple[str, ...]) -> bytes | None:
    """The chart ``name`` of this reader's view of ``company``; when this process does not hold it, the page
    is drawn again in each of ``langs`` until it is found (None: no such chart in the current results)."""
    scope = _company_scope(company, among_managers)
    key = report_keys.company_key(db_session(), registry(), company, among_managers)
    found = _chart(scope, name, key)
    for lang in langs:
        if found is not None:
            break
        company_fragment(company, among_managers, lang, fresh=True)
        found = _chart(scope, name, key)
    return found


def _programme_report(key: str | None) -> ProgrammeReport | None:
    cache = report_cache.of()
    if key is not None:
        found = cache.get(("programme data", key))
        if found is not None:
            assert isinstance(found, ProgrammeReport)
            return found
    prog = db_session().scalar(select(Programme.pk).where(Programme.slug == DEFAULT_PROGRAMME))
    if prog is not None:
        stored = _stored(report_jobs.Job("programme", prog), computed_results.programme_scope(prog), key)
        if isinstance(stored, ProgrammeReport):
            cache.put(("programme data", key), stored, PROGRAMME_DATA_BYTES)
            return stored
    report = reporting.programme_report(db_session(), registry(), current_app.config["SECRET_KEY"])
    report = None if report is None else replace(report, computed_at=report_jobs.now())
    if key is not None and report is not None:
        cache.put(("programme data", key), report, PROGRAMME_DATA_BYTES)
    return report


def programme_fragment(lang: str, fresh: bool = False) -> Markup | None:
    """The programme page's report in ``lang`` (None when there is no programme), without the per-company
    charts: the page shows the companies a page at a time (:func:`programme_companies`). ``fresh`` as for
    :func:`company_fragment`."""
    return _programme_fragment(report_keys.programme_key(db_session(), registry()), lang, fresh)


def programme_page(lang: str) -> tuple[Markup, CompanyLines] | None:
    """The programme page's report and its companies as lines (to page through) in ``lang``, by one key;
    None when there is no programme."""
    key = report_keys.programme_key(db_session(), registry())
    fragment = _programme_fragment(key, lang)
    lines = None if fragment is None else _programme_lines(key, lang)
    return None if fragment is None or lines is None else (fragment, lines)


def _programme_lines(key: str | None, lang: str) -> CompanyLines | None:
    """Every company of the programme report as a formatted line, kept per key and language: a page of
    them is then only a selection (:func:`reports.programme_companies.company_page`)."""
    cache = report_cache.of()
    entry = ("programme companies", key, lang)
    if key is not None:
        found = cache.get(entry)
        if isinstance(found, CompanyLines):
            return found
    report = _programme_report(key)
    if report is None:
        return None
    lines = programme_companies.company_lines(report, check_lang(lang))
    if key is not None:
        cache.put(entry, lines, sum(100 + sum(len(c) for c in line.cells) for line in lines.lines))
    return lines


def _programme_fragment(key: str | None, lang: str, fresh: bool = False) -> Markup | None:
    cache = report_cache.of()
    entry = ("programme page", key, lang)
    if key is not None and not fresh:
        found = cache.get(entry)
        if isinstance(found, Rendered):
            return found.fragment
    report = _programme_report(key)
    if report is None:
        return None
    charts: dict[str, bytes] = {}
    src = _collector(charts, lambda name: url_for("dashboard.programme_chart", name=name), cache)
    fragment = html_reports.programme_fragment(report, lang, src, phone=True, per_company=False)
    _keep(entry, PROGRAMME_SCOPE, Rendered(fragment, charts))
    return fragment


def programme_pdf(lang: str) -> bytes | None:
    """The programme report as PDF in ``lang`` (None when there is no programme)."""
    cache = report_cache.of()
    key = report_keys.programme_key(db_session(), registry())
    entry = None if key is None else ("programme pdf", key, lang)
    if entry is not None:
        found = cache.get(entry)
        if found is not None:
            assert isinstance(found, bytes)
            return found
    report = _programme_report(key)
    if report is None:
        return None
    pdf = pdf_reports.programme_pdf(report, lang)
    if entry is not None:
        cache.put(entry, pdf, len(pdf))
    return pdf


def programme_chart(name: str, langs: tuple[str, ...]) -> bytes | None:
    """A chart of the programme page (drawn again when this process does not hold it, as
    :func:`company_chart`)."""
    key = report_keys.programme_key(db_session(), registry())
    found = _chart(PROGRAMME_SCOPE, name, key)
    for lang in langs:
        if found is not None:
            break
        programme_fragment(lang, fresh=True)
        found = _chart(PROGRAMME_SCOPE, name, key)
    return found
