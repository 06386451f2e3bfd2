"""Blueprint ``circles`` (templates ``circles/``): the learning circle (leerkring, docs/learning-circle.md).

* the company page's part "your company beside the learning circle" (:func:`company_fragment`, called by
  :mod:`quickscan.dashboard`), also in the company PDF (:mod:`quickscan.report_pages`);
* the leerkring handout: the company's own copy (its managers, its coach, the lead) and the coach's copy
  (its coach and the lead), each lettered afresh from a new random seed;
* the programme lead's page: named circles, and each company's consent (who set it, when).

Who counts and what may be shown is :mod:`scoring.circle`'s; the data comes from :mod:`quickscan.circle_store`.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.wrappers import Response as HttpResponse

from reports import html as html_reports
from reports.charts import PHONE, SCREEN, Chart
from reports.circle import circle_parts, region_bands_section
from reports.circle_handout import handout_pdf
from reports.sections import Section

from . import audit, circle_store, report_cache
from .admin_forms import ConfirmForm
from .auth import company_or_404, roles_required
from .circle_models import Circle
from .db import session as db_session
from .i18n import request_language
from .models import Company, Programme, Region
from .programme import DEFAULT_PROGRAMME
from .questionnaire_store import registry

bp = Blueprint("circles", __name__)


def _lang() -> str:
    return "en" if request_language() == "en" else "nl"


def company_fragment(company: Company, lang: str) -> Markup:
    """The company page's circle part for this reader: whether the company takes part (set by whom, when),
    the band chart or the reason there is none, and the links to the handouts. Kept in the report cache by
    :func:`quickscan.circle_store.circle_key` (a view of an unchanged circle reads no answers)."""
    session = db_session()
    cache = report_cache.of()
    coach = current_user.role in ("coach", "admin")
    entry = ("circle part", circle_store.circle_key(session, company), lang, coach)
    found = cache.get(entry)
    if isinstance(found, Markup):
        return found
    part = _company_fragment(company, lang, coach)
    cache.put(entry, part, len(part))
    return part


def _company_fragment(company: Company, lang: str, coach: bool) -> Markup:
    session = db_session()
    report = circle_store.company_circle(session, registry(), company)
    consent = circle_store.consent_of(session, company)
    language = "en" if lang == "en" else "nl"
    body = Markup("")
    for part in circle_parts(report, language, SCREEN):  # type: ignore[arg-type]
        if isinstance(part, Chart):
            narrow = next(p for p in circle_parts(report, language, PHONE) if isinstance(p, Chart))  # type: ignore[arg-type]
            body += html_reports.chart_html(part, narrow=narrow)
        elif isinstance(part, Section):
            body += html_reports.section_html(part)
    return Markup(
        render_template(
            "circles/company_part.html",
            company=company,
            consent=consent,
            body=body,
            has_report=report is not None,
            coach=coach,
            lang=lang,
        )
    )


def programme_fragment(lang: str) -> Markup:
    """The programme page's band per region (of the programme the page shows: the default one)."""
    session = db_session()
    programme = session.scalar(select(Programme).where(Programme.slug == DEFAULT_PROGRAMME))
    if programme is None:
        return Markup("")
    cache = report_cache.of()
    entry = ("circle regions", circle_store.programme_key(session, programme.pk), lang)
    kept = cache.get(entry)
    if isinstance(kept, Markup):
        return kept
    found = circle_store.programme_region_bands(session, registry(), programme.pk)
    part = Markup("")
    if found is not None:
        q, kind, regions = found
        section = region_bands_section(q, kind, regions, "en" if lang == "en" else "nl")
        part = Markup('<div class="report">{}</div>').format(html_reports.section_html(section))
    cache.put(entry, part, len(part))
    return part


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _handout(company: Company, own_copy: bool) -> HttpResponse:
    data = circle_store.handout_input(db_session(), registry(), company, own_copy)
    if data is None:
        abort(404)
    lang = _lang()
    seed = secrets.randbits(64)  # a new lettering on every handout (scoring.circle rule 7)
    pdf = handout_pdf(data, seed, lang)
    audit.record(
        db_session(),
        "circle.handout",
        current_user._get_current_object(),
        "company",
        company.slug,
        "own copy" if own_copy else "coach copy",
    )
    return _pdf(pdf, f"leerkring-{company.slug}-{'bedrijf' if own_copy else 'coach'}-{lang}.pdf")


@bp.get("/companies/<slug>/circle/handout.pdf")
@login_required
def handout(slug: str) -> HttpResponse:
    """The company's own copy of its circle's handout: its dot marked "jullie bedrijf"."""
    return _handout(company_or_404(current_user, slug), own_copy=True)


@bp.get("/companies/<slug>/circle/coach-handout.pdf")
@login_required
def coach_handout(slug: str) -> HttpResponse:
    """The coach's copy of the handout of the company's circle: no dot marked."""
    company = company_or_404(current_user, slug)
    if current_user.role not in ("coach", "admin"):
        abort(403)
    return _handout(company, own_copy=False)


# --- the programme lead's page -------------------------------------------------------------------------


def _companies(slugs: list[str]) -> list[Company]:
    found = list(db_session().scalars(select(Company).where(Company.slug.in_(slugs))))
    if len(found) != len(set(slugs)):
        abort(400)  # a company that is not there: not our form
    return found


@bp.route("/admin/circles", methods=["GET", "POST"])
@roles_required("admin")
def admin() -> HttpResponse | str | tuple[str, int]:
    """Named circles and each company's consent; its POSTs set consent, add or remove a named circle."""
    session = db_session()
    error = None
    if request.method == "POST":
        if not ConfirmForm().validate():
            abort(400)
        action = request.form.get("action")
        if action == "consent":
            company = _companies([request.form.get("company", "")])[0]
            value = request.form.get("consent")
            if value not in ("yes", "no"):
                abort(400)
            if circle_store.set_consent(session, company, value == "yes", current_user._get_current_object()):
                flash(_("Toestemming van %(name)s opgeslagen.", name=company.name))
            return redirect(url_for(".admin") + f"#company-{company.slug}")
        if action == "create":
            programme = session.scalar(select(Programme).where(Programme.slug == request.form.get("programme", "")))
            if programme is None:
                abort(400)
            name = (request.form.get("name") or "").strip()
            members = _companies(request.form.getlist("companies"))
            if not name or len(name) > 200:
                error = _("Geef de leerkring een naam (hoogstens 200 tekens).")
            elif len(members) < 2:
                error = _("Kies minstens twee bedrijven voor de leerkring.")
            else:
                try:
                    circle = circle_store.create_circle(session, programme.pk, name, members)
                except circle_store.CircleError:
                    error = _("Er is al een leerkring met deze naam.")
                else:
                    audit.record(
                        session, "circle.created", current_user._get_current_object(), "circle", circle.pk, name
                    )
                    flash(_("Leerkring %(name)s gemaakt.", name=name))
                    return redirect(url_for(".admin"))
        elif action == "delete":
            gone = session.get(Circle, request.form.get("circle", type=int) or 0)
            if gone is None:
                abort(400)
            name = gone.name
            circle_store.delete_circle(session, gone)
            audit.record(session, "circle.deleted", current_user._get_current_object(), "circle", None, name)
            flash(
                _("Leerkring %(name)s verwijderd: de bedrijven horen weer bij de leerkring van hun regio.", name=name)
            )
            return redirect(url_for(".admin"))
        else:
            abort(400)
    programmes = list(session.scalars(select(Programme).order_by(Programme.name)))
    regions = list(session.scalars(select(Region).order_by(Region.name)))
    companies = [c for r in regions for c in r.companies]
    named = {m.company_pk: circle for circle in circle_store.circles(session) for m in circle.members}
    body = render_template(
        "circles/admin.html",
        programmes=programmes,
        regions=regions,
        circles=circle_store.circles(session),
        named=named,
        consents=circle_store.consents(session, [c.pk for c in companies]),
        companies={c.pk: c for c in companies},
        form=ConfirmForm(),
        error=error,
        posted=request.form if error else None,
    )
    return (body, 400) if error else body


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
