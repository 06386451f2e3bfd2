"""Pages for managers, coaches and the programme lead: their companies, response progress, profiles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, Flask, abort, render_template, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as HttpResponse

from questionnaires import Questionnaire
from reports.text import LANGUAGES
from scoring import anonymity

from . import audit, circles, exports, http_cache, plan_follow_up, report_pages, skills, skills_pages
from .auth import company_or_404, roles_required, visible_companies
from .db import session as db_session
from .i18n import request_language
from .models import Company, Invitation, Response, Wave
from .questionnaire_store import registry
from .response_store import QuestionnaireChanged, questionnaire_of

bp = Blueprint("dashboard", __name__)

#: A chart's own policy: nothing to load, its inline styles allowed (an SVG image runs no script).
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'"

ROLE_NAMES = {"admin": _l("programmaleiding"), "coach": _l("coach"), "manager": _l("leidinggevende")}


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


@bp.get("/dashboard")
@login_required
def home() -> str:
    companies = visible_companies(db_session(), current_user)
    done = progress(db_session(), companies)
    rows = [Row(c, done.get(c.pk, {})) for c in companies]
    follow_up = plan_follow_up.follow_up(db_session(), [c.pk for c in companies], dt.date.today())
    return render_template(
        "dashboard/home.html", rows=rows, follow_up=follow_up, role_names=ROLE_NAMES, logout_form=FlaskForm()
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
    fragment = report_pages.programme_fragment(lang)
    body = render_template(
        "dashboard/programme.html",
        fragment=fragment,
        circle=circles.programme_fragment(lang),
        lang=lang,
        logout_form=FlaskForm(),
        skills_part=skills_pages.programme_section(lang),
    )
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
