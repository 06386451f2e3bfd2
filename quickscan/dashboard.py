"""Pages for managers, coaches and the programme lead: their companies, response progress, profiles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, Flask, abort, render_template, request, session
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session, contains_eager
from werkzeug.wrappers import Response as HttpResponse

from questionnaires import Questionnaire
from reports import programme_companies
from reports.html import company_page_html
from reports.text import LANGUAGES
from scoring import anonymity

from . import audit, circles, exports, http_cache, page_filters, plan_follow_up, report_pages, skills, skills_pages
from .auth import ACCOUNT_ROLE_NAMES, company_or_404, roles_required, visible_clause, visible_companies
from .db import session as db_session
from .i18n import request_language
from .models import Company, Invitation, Region, Response, Wave
from .questionnaire_store import registry
from .response_store import QuestionnaireChanged, questionnaire_of

bp = Blueprint("dashboard", __name__)

#: A chart's own policy: nothing to load, its inline styles allowed (an SVG image runs no script).
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'"

#: Companies per page of the overview, and of the programme page's table of companies.
DASHBOARD_PAGE_SIZE = 50
PROGRAMME_PAGE_SIZE = programme_companies.PAGE_SIZE


@dataclass(frozen=True)
class Progress:
    """Responses per wave: submitted and invited, per role and in total, and how many of the submitted
    ones the wave's releases hold (the results show those only; see :mod:`quickscan.releases`)."""

    kind: str
    is_open: bool
    invited: int
    submitted: int
    by_role: dict[str, tuple[int, int]]  # role -> (submitted, invited)
    released: int = 0
    #: Results withheld after a deletion on request, until the next release.
    withheld: bool = False

    @property
    def waiting(self) -> int:
        """Submitted responses that no release holds yet."""
        return self.submitted - self.released


def progress(session: Session, companies: list[Company]) -> dict[int, dict[str, Progress]]:
    """Per company pk and wave kind, the response progress, in one query."""
    if not companies:
        return {}
    rows = session.execute(
        select(
            Wave.company_pk,
            Wave.kind,
            Wave.is_open,
            Wave.withheld_since,
            Invitation.role,
            func.count(Invitation.pk),
            func.sum(case((Response.submitted_on.is_not(None), 1), else_=0)),
            func.sum(case((Response.release_pk.is_not(None), 1), else_=0)),
        )
        .join(Invitation, Invitation.wave_pk == Wave.pk, isouter=True)
        .join(Response, Response.invitation_pk == Invitation.pk, isouter=True)
        .where(Wave.company_pk.in_([c.pk for c in companies]))
        .group_by(Wave.company_pk, Wave.kind, Wave.is_open, Wave.withheld_since, Invitation.role)
    ).all()
    collected: dict[tuple[int, str], tuple[bool, bool, dict[str, tuple[int, int]], list[int]]] = {}
    for company_pk, kind, is_open, withheld_since, role, invited, submitted, released in rows:
        _, _, by_role, done = collected.setdefault((company_pk, kind), (is_open, withheld_since is not None, {}, []))
        if role is not None:
            by_role[role] = (int(submitted or 0), int(invited))
            done.append(int(released or 0))
    out: dict[int, dict[str, Progress]] = {}
    for (company_pk, kind), (is_open, withheld, by_role, done) in collected.items():
        out.setdefault(company_pk, {})[kind] = Progress(
            kind,
            is_open,
            sum(i for _, i in by_role.values()),
            sum(s for s, _ in by_role.values()),
            by_role,
            sum(done),
            withheld,
        )
    return out


@dataclass(frozen=True)
class Row:
    company: Company
    progress: dict[str, Progress]


def count_companies(session: Session, chosen: ColumnElement[bool]) -> int:
    """How many companies meet ``chosen``: one aggregate query, however many there are."""
    return int(session.scalar(select(func.count(Company.pk)).join(Region).where(chosen)) or 0)


def _chosen(filters: page_filters.Filters) -> ColumnElement[bool]:
    """The reader's companies (:func:`quickscan.auth.visible_clause`) in the chosen region whose name holds
    the search."""
    clause = visible_clause(current_user)
    if filters.region is not None:
        clause = and_(clause, Region.name == filters.region)
    if filters.search:
        clause = and_(clause, func.lower(Company.name).contains(filters.search.lower(), autoescape=True))
    return clause


@bp.get("/dashboard")
@login_required
def home() -> str:
    s = db_session()
    filters = page_filters.read(request.args)
    chosen = _chosen(filters)
    count = count_companies(s, chosen)
    pages = page_filters.pages(count, DASHBOARD_PAGE_SIZE)
    shown = min(filters.page, pages)
    companies = list(
        s.scalars(
            select(Company)
            .join(Region)
            .where(chosen)
            .options(contains_eager(Company.region))
            .order_by(Company.name, Company.pk)
            .offset((shown - 1) * DASHBOARD_PAGE_SIZE)
            .limit(DASHBOARD_PAGE_SIZE)
        )
    )
    done = progress(s, companies)
    rows = [Row(c, done.get(c.pk, {})) for c in companies]
    follow_up = plan_follow_up.follow_up(s, [c.pk for c in companies], dt.date.today())
    regions = s.scalars(
        select(Region.name).join(Company).where(visible_clause(current_user)).distinct().order_by(Region.name)
    ).all()
    return render_template(
        "dashboard/home.html",
        rows=rows,
        follow_up=follow_up,
        role_names=ACCOUNT_ROLE_NAMES,
        logout_form=FlaskForm(),
        filters=filters,
        count=count,
        regions=regions,
        page=shown,
        pages=pages,
        first=(shown - 1) * DASHBOARD_PAGE_SIZE + 1,
        beyond=filters.page > pages,
    )


@bp.get("/companies/<slug>")
@login_required
def company(slug: str) -> HttpResponse:
    found = company_or_404(current_user, slug)
    lang = request_language()
    waves = progress(db_session(), [found]).get(found.pk, {})
    fragment = report_pages.company_fragment(found, _among_managers(), lang)
    threshold = anonymity.threshold(_questionnaire_of([found]))
    body = render_template(
        "dashboard/company.html",
        company=found,
        waves=waves,
        fragment=fragment,
        circle=circles.company_fragment(found, lang),
        threshold=threshold,
        lang=lang,
        logout_form=FlaskForm(),
        skills_part=skills_pages.company_section(found, lang) if current_user.role in skills.EDITORS else None,
    )
    return http_cache.revalidated(body)


@bp.get("/companies/<slug>/charts/<name>.svg")
@login_required
def company_chart(slug: str, name: str) -> HttpResponse:
    found = company_or_404(current_user, slug)
    svg = report_pages.company_chart(found, _among_managers(), name, _languages())
    if svg is None:
        abort(404)
    return _chart(svg)


@bp.get("/companies/<slug>/report.pdf")
@login_required
def company_pdf(slug: str) -> HttpResponse:
    found = company_or_404(current_user, slug)
    lang = request_language()
    pdf = report_pages.company_pdf(found, _among_managers(), lang)
    if pdf is None:
        abort(404)
    response = HttpResponse(pdf, mimetype="application/pdf")
    _downloaded("report.downloaded", "company", found.slug, f"pdf {lang}")
    response.headers["Content-Disposition"] = f'attachment; filename="quickscan-{found.slug}-{lang}.pdf"'
    return response


@bp.get("/programme")
@roles_required("admin")
def programme() -> HttpResponse:
    lang = request_language()
    filters = page_filters.read(request.args)
    found = report_pages.programme_page(lang)
    context: dict[str, object] = {
        "fragment": None,
        "circle": circles.programme_fragment(lang),
        "skills_part": skills_pages.programme_section(lang),
    }
    if found is not None:
        fragment, lines = found
        letter = programme_companies.normal_letter(filters.search) if filters.search else None
        region = filters.region if filters.region in lines.regions else None
        page = programme_companies.company_page(lines, region, letter, filters.page, PROGRAMME_PAGE_SIZE)
        context |= {
            "fragment": fragment,
            "regions": lines.regions,
            "page": page,
            "table": company_page_html(page, gettext("Verandering per bedrijf en thema")),
            "search_error": bool(filters.search) and letter is None,
            "region_error": filters.region is not None and region is None,
        }
    body = render_template("dashboard/programme.html", lang=lang, logout_form=FlaskForm(), filters=filters, **context)
    return http_cache.revalidated(body)


@bp.get("/programme/charts/<name>.svg")
@roles_required("admin")
def programme_chart(name: str) -> HttpResponse:
    svg = report_pages.programme_chart(name, _languages())
    if svg is None:
        abort(404)
    return _chart(svg)


@bp.get("/programme/report.pdf")
@roles_required("admin")
def programme_pdf() -> HttpResponse:
    lang = request_language()
    pdf = report_pages.programme_pdf(lang)
    if pdf is None:
        abort(404)
    response = HttpResponse(pdf, mimetype="application/pdf")
    _downloaded("report.downloaded", "programme", None, f"pdf {lang}")
    response.headers["Content-Disposition"] = f'attachment; filename="quickscan-programma-{lang}.pdf"'
    return response


def _among_managers() -> bool:
    """Whether the reader is one of the company's managers: they see less (``scoring.anonymity`` rule 6)."""
    return bool(current_user.role == "manager")


def _languages() -> tuple[str, ...]:
    """The report languages, the reader's own first: a chart drawn again is looked for in these."""
    lang = session.get("lang")
    return tuple(sorted(LANGUAGES, key=lambda code: code != lang))


def _chart(svg: bytes) -> HttpResponse:
    """A chart: kept by the browser for good (its name is its hash). The SVG's own ``style`` attributes need
    ``style-src 'unsafe-inline'`` for the image itself; an image runs no script."""
    response = http_cache.immutable(svg, "image/svg+xml")
    response.headers["Content-Security-Policy"] = CHART_CSP
    return response


def _questionnaire_of(companies: list[Company]) -> Questionnaire | None:
    """The questionnaire of the most recent wave among ``companies`` (exports cover one questionnaire)."""
    waves = sorted((w for c in companies for w in c.waves), key=lambda w: (w.opened_on, w.pk))
    if not waves:
        return None
    try:
        return questionnaire_of(waves[-1], registry())
    except QuestionnaireChanged:
        abort(503)


def _downloaded(action: str, object_kind: str, object_id: str | None, detail: str) -> None:
    audit.record(db_session(), action, current_user._get_current_object(), object_kind, object_id, detail)


def _export(companies: list[Company], name: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        abort(404)
    q = _questionnaire_of(companies)
    if q is None:
        abort(404)
    table = exports.build(db_session(), q, companies, lang=request_language())
    body = exports.to_csv(table) if fmt == "csv" else exports.to_xlsx(table)
    mimetype = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@bp.get("/companies/<slug>/export.<fmt>")
@roles_required("coach", "admin")
def company_export(slug: str, fmt: str) -> HttpResponse:
    found = company_or_404(current_user, slug)
    response = _export([found], f"quickscan-{found.slug}", fmt)
    _downloaded("export.downloaded", "company", found.slug, fmt)
    return response


@bp.get("/programme/export.<fmt>")
@roles_required("admin")
def programme_export(fmt: str) -> HttpResponse:
    response = _export(visible_companies(db_session(), current_user), "quickscan-programma", fmt)
    _downloaded("export.downloaded", "programme", None, f"{fmt}, all companies")
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
