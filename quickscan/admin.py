"""The programme lead's pages: companies, waves, invitations (with printable QR sheets) and accounts.

Every change goes through the same services as the command line (:mod:`quickscan.programme`,
:mod:`quickscan.auth`); deleting anything asks for confirmation on a page of its own first.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response as HttpResponse

from questionnaires import ROLES, parse_ref

from . import audit, invitation_sheets, programme, retention
from .admin_forms import CompanyForm, ConfirmForm, InviteForm, UserForm, WaveForm, choices, confirmation
from .auth import (
    ACCOUNT_ROLE_NAMES,
    MIN_PASSWORD_LENGTH,
    AccountError,
    add_user,
    keep_an_admin,
    roles_required,
    set_password,
)
from .dashboard import progress
from .db import session as db_session
from .i18n import request_language
from .login_sessions import recent_password_required
from .models import Company, Invitation, Programme, Region, Response, User, Wave
from .questionnaire_store import registry

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _company(slug: str) -> Company:
    found = db_session().scalar(select(Company).where(Company.slug == slug))
    if found is None:
        abort(404)
    return found


def _user(pk: int) -> User:
    found = db_session().get(User, pk)
    if found is None:
        abort(404)
    return found


def _audit(action: str, object_kind: str | None = None, object_id: object = None, detail: str | None = None) -> None:
    """Record what the logged-in lead did (:func:`quickscan.audit.record`)."""
    audit.record(db_session(), action, current_user._get_current_object(), object_kind, object_id, detail)


def _link_origin() -> str:
    """Where survey links point: ``QUICKSCAN_BASE_URL``; without it, in development only, this request's host.

    Never the Host of a production request: whoever sends ``Host: evil.example`` would get links to their site.
    """
    configured: str | None = current_app.config.get("BASE_URL")
    if configured:
        return configured
    if current_app.config.get("PRODUCTION"):
        raise programme.ProgrammeError(
            _("Er worden geen links gemaakt: stel QUICKSCAN_BASE_URL in (het adres van Quickscan voor deelnemers).")
        )
    return request.host_url.rstrip("/")


def _survey_links(origin: str, tokens: list[str]) -> list[str]:
    return [origin + url_for("survey.welcome", token=t) for t in tokens]


def _departments(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@bp.get("/")
@roles_required("admin")
def index() -> str:
    regions = db_session().scalars(select(Region).order_by(Region.name)).all()
    companies = [c for r in regions for c in r.companies]
    days = current_app.config["RETENTION_DAYS"]
    programmes = [
        (p, retention.deletion_date(p.closed_on, days) if p.closed_on else None)
        for p in db_session().scalars(select(Programme).order_by(Programme.name))
    ]
    return render_template(
        "admin/index.html", regions=regions, progress=progress(db_session(), companies), programmes=programmes
    )


@bp.route("/programmes/<slug>/close", methods=["GET", "POST"])
@roles_required("admin")
def programme_close(slug: str) -> HttpResponse | str:
    """Close a programme (confirmation first): its open waves close and the retention period starts."""
    closing = db_session().scalar(select(Programme).where(Programme.slug == slug))
    if closing is None:
        abort(404)
    if closing.closed_on is not None:
        flash(_("%(name)s is al afgesloten.", name=closing.name))
        return redirect(url_for(".index"))
    days = current_app.config["RETENTION_DAYS"]
    form = confirmation()
    if form.validate_on_submit():
        closed = retention.close_programme(db_session(), closing, registry())
        _audit("programme.closed", "programme", closing.slug, f"{closed} open waves closed")
        flash(
            _(
                "%(name)s is afgesloten; %(n)s open metingen zijn gesloten. De antwoorden worden verwijderd "
                "vanaf %(date)s.",
                name=closing.name,
                n=closed,
                date=format_date(retention.deletion_date(dt.date.today(), days), "long"),
            )
        )
        return redirect(url_for(".index"))
    open_waves = db_session().scalar(
        select(func.count(Wave.pk))
        .join(Company)
        .join(Region)
        .where(Region.programme_pk == closing.pk, Wave.is_open.is_(True))
    )
    return render_template(
        "admin/confirm_close.html",
        form=form,
        programme=closing,
        open_waves=open_waves,
        days=days,
        deletion=retention.deletion_date(dt.date.today(), days),
    )


@bp.route("/companies/new", methods=["GET", "POST"])
@roles_required("admin")
def company_new() -> HttpResponse | str:
    form = CompanyForm()
    if form.validate_on_submit():
        try:
            company = programme.add_company(
                db_session(),
                form.name.data or "",
                form.region.data or "",
                _departments(form.departments.data),
                form.sector.data or None,
                form.size_band.data or None,
            )
        except programme.ProgrammeError as exc:
            form.name.errors = [exc.on_page()]
        else:
            _audit("company.created", "company", company.slug)
            flash(_("Bedrijf %(name)s toegevoegd.", name=company.name))
            return redirect(url_for(".company", slug=company.slug))
    regions = db_session().scalars(select(Region.name).order_by(Region.name)).all()
    return render_template("admin/company_form.html", form=form, regions=regions, company=None)


@bp.route("/companies/<slug>/edit", methods=["GET", "POST"])
@roles_required("admin")
def company_edit(slug: str) -> HttpResponse | str:
    company = _company(slug)
    form = CompanyForm(obj=company, region=company.region.name, departments="\n".join(company.departments))
    if form.validate_on_submit():
        departments = _departments(form.departments.data)
        try:
            programme.check_lengths(form.name.data or "", form.region.data or "", departments, form.sector.data or None)
        except programme.ProgrammeError as exc:
            form.departments.errors = [exc.on_page()]
        else:
            company.name = (form.name.data or "").strip()
            company.region = programme.ensure_region(db_session(), company.region.programme, form.region.data or "")
            company.sector = form.sector.data or None
            company.size_band = form.size_band.data or None
            company.departments = departments
            _audit("company.changed", "company", company.slug)
            flash(_("Wijzigingen opgeslagen."))
            return redirect(url_for(".company", slug=company.slug))
    regions = db_session().scalars(select(Region.name).order_by(Region.name)).all()
    return render_template("admin/company_form.html", form=form, regions=regions, company=company)


@bp.route("/companies/<slug>/delete", methods=["GET", "POST"])
@roles_required("admin")
@recent_password_required  # deletes the company's manager accounts too
def company_delete(slug: str) -> HttpResponse | str:
    company = _company(slug)
    form = confirmation()
    if form.validate_on_submit():
        name = company.name
        deleted = retention.delete_company(db_session(), company)
        _audit("company.deleted", "company", slug, f"with {deleted} responses")
        flash(_("%(name)s en alle antwoorden zijn verwijderd.", name=name))
        return redirect(url_for(".index"))
    responses = db_session().scalar(
        select(func.count(Response.pk)).join(Invitation).join(Wave).where(Wave.company_pk == company.pk)
    )
    return render_template("admin/confirm_delete.html", form=form, company=company, responses=responses)


@bp.route("/companies/<slug>", methods=["GET", "POST"])
@roles_required("admin")
def company(slug: str) -> HttpResponse | str:
    company = _company(slug)
    wave_form = WaveForm(prefix="wave")
    wave_form.questionnaire.choices = choices([(q.key, q.key) for q in registry()])
    invite_form = InviteForm(prefix="invite")
    invite_form.department.choices = choices([("", _("Geen"))] + [(d, d) for d in company.departments])
    links: list[str] = []
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action == "open" and wave_form.validate_on_submit():
                qid, version = parse_ref(wave_form.questionnaire.data or "")
                programme.open_wave(db_session(), company, wave_form.kind.data or "", registry().get(qid, version))
                _audit("wave.opened", "company", slug, f"{wave_form.kind.data} {qid}@{version}")
                flash(_("Meting geopend."))
                return redirect(url_for(".company", slug=slug))
            if action in ("close", "reopen") and ConfirmForm().validate():
                wave = programme.wave_of(db_session(), company, request.form.get("kind", ""))
                if action == "close":
                    programme.close_wave(db_session(), wave, registry())
                else:
                    programme.reopen_wave(db_session(), wave)
                _audit(f"wave.{action}d" if action == "close" else "wave.reopened", "company", slug, wave.kind)
                flash(_("Meting gesloten.") if action == "close" else _("Meting weer geopend."))
                return redirect(url_for(".company", slug=slug))
            if action == "invite" and invite_form.validate_on_submit():
                wave = programme.wave_of(db_session(), company, invite_form.kind.data or "")
                if not wave.is_open:
                    raise programme.ProgrammeError(_("Deze meting is gesloten; open hem eerst."))
                origin = _link_origin()
                made = programme.invite(
                    db_session(),
                    wave,
                    invite_form.role.data or "",
                    invite_form.count.data or 0,
                    invite_form.department.data or None,
                    current_app.config["WAVE_LINKS"],
                )
                links = _survey_links(origin, [i.token for i in made])
                _audit("links.made", "company", slug, f"{len(made)} {wave.kind} {invite_form.role.data}")
                flash(_("%(n)s links gemaakt.", n=len(made)))
            elif action == "revoke" and ConfirmForm().validate():
                revoked = programme.revoke(db_session(), company, request.form.get("link", ""))
                _audit("link.revoked", "company", slug, f"{revoked.wave.kind} {revoked.role}")  # not the token
                flash(_("De link is ingetrokken: hij werkt niet meer en eventuele antwoorden zijn verwijderd."))
                return redirect(url_for(".company", slug=slug))
            elif action not in ("open", "close", "reopen", "invite"):
                abort(400)
        except programme.ProgrammeError as exc:
            flash(exc.on_page(), "error")
        except (KeyError, ValueError) as exc:  # a questionnaire that is not (or no longer) there
            flash(str(exc), "error")
    waves = progress(db_session(), [company]).get(company.pk, {})
    return render_template(
        "admin/company.html",
        company=company,
        waves=waves,
        wave_form=wave_form,
        invite_form=invite_form,
        confirm=ConfirmForm(),
        links=links,
        wave_links=current_app.config["WAVE_LINKS"],
    )


@bp.get("/companies/<slug>/<kind>/invitations.pdf")
@roles_required("admin")
def invitation_sheet(slug: str, kind: str) -> HttpResponse:
    """A printable sheet with the unused links of one wave and role (``?role=employee``)."""
    company = _company(slug)
    role = request.args.get("role", "employee")
    if role not in ROLES:
        abort(404)
    try:
        wave = programme.wave_of(db_session(), company, kind)
    except programme.ProgrammeError:
        abort(404)
    try:
        programme.refuse_if_closed(company)  # retention may have deleted answers: used links would look unused
        origin = _link_origin()
    except programme.ProgrammeError as exc:
        flash(exc.on_page(), "error")
        return redirect(url_for(".company", slug=slug))
    tokens = (
        db_session()
        .scalars(
            select(Invitation.token)
            .outerjoin(Response)
            .where(Invitation.wave_pk == wave.pk, Invitation.role == role, Response.pk.is_(None))
            .order_by(Invitation.pk)
        )
        .all()
    )
    urls = _survey_links(origin, list(tokens))
    body = invitation_sheets.sheet(company.name, urls, request_language())
    _audit("sheet.printed", "company", slug, f"{len(urls)} {kind} {role}")
    response = HttpResponse(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="uitnodigingen-{company.slug}-{kind}-{role}.pdf"'
    return response


@bp.get("/users")
@roles_required("admin")
def users() -> str:
    everyone = db_session().scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("admin/users.html", users=everyone, role_names=ACCOUNT_ROLE_NAMES)


def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=user) if user else UserForm()
    companies = db_session().scalars(select(Company).order_by(Company.name)).all()
    form.company.choices = choices([("", "–")] + [(c.slug, c.name) for c in companies])
    form.coach_of.choices = choices([(c.slug, c.name) for c in companies])
    if user is not None and request.method == "GET":
        form.company.data = user.company.slug if user.company else ""
        form.coach_of.data = [c.slug for c in user.coached]
    return form


def _account_change(before: tuple[str, str | None, list[str]], after: tuple[str, str | None, list[str]]) -> str:
    """What changed in an account's role, company or coached companies, in a few words."""
    names = ("role", "company", "coach of")

    def shown(value: str | list[str] | None) -> str:
        return (",".join(value) if isinstance(value, list) else value) or "-"

    return "; ".join(f"{n} {shown(b)} -> {shown(a)}" for n, b, a in zip(names, before, after, strict=True) if a != b)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required("admin")
@recent_password_required
def user_new() -> HttpResponse | str:
    form = _user_form()
    if form.validate_on_submit():
        try:
            company = programme.company_by_slug(db_session(), form.company.data) if form.company.data else None
            coached = [programme.company_by_slug(db_session(), s) for s in form.coach_of.data or []]
            made = add_user(
                db_session(),
                form.email.data or "",
                form.password.data or "",
                form.role.data or "",
                company,
                coached,
                must_change=True,  # the lead knows it: the user chooses their own at first login
            )
            _audit("account.created", "account", made.email, f"role {made.role}")
        except (AccountError, programme.ProgrammeError) as exc:
            form.email.errors = [exc.on_page()]
        else:
            flash(_("Account %(email)s aangemaakt.", email=(form.email.data or "").lower()))
            return redirect(url_for(".users"))
    return render_template("admin/user_form.html", form=form, user=None, min_password=MIN_PASSWORD_LENGTH)


@bp.route("/users/<int:pk>/edit", methods=["GET", "POST"])
@roles_required("admin")
@recent_password_required
def user_edit(pk: int) -> HttpResponse | str:
    user = _user(pk)
    form = _user_form(user)
    if request.method == "POST" and form.validate_on_submit():
        try:
            if form.role.data == "manager" and not form.company.data:
                raise AccountError(_("Een leidinggevende hoort bij een bedrijf."))
            if form.role.data != "admin":
                keep_an_admin(db_session(), user)
            before = (user.role, user.company.slug if user.company else None, sorted(c.slug for c in user.coached))
            user.role = form.role.data or user.role
            user.company = (
                programme.company_by_slug(db_session(), form.company.data) if user.role == "manager" else None
            )
            user.coached = (
                [programme.company_by_slug(db_session(), s) for s in form.coach_of.data or []]
                if user.role == "coach"
                else []
            )
            if form.password.data:
                set_password(user, form.password.data, must_change=user.pk != current_user.pk)
        except (AccountError, programme.ProgrammeError) as exc:
            form.role.errors = [exc.on_page()]
        else:
            after = (user.role, user.company.slug if user.company else None, sorted(c.slug for c in user.coached))
            if after != before:
                _audit("account.changed", "account", user.email, _account_change(before, after))
            if form.password.data:
                _audit("account.password_set", "account", user.email, "by the lead; sessions ended")
            flash(_("Wijzigingen opgeslagen."))
            return redirect(url_for(".users"))
    return render_template("admin/user_form.html", form=form, user=user, min_password=MIN_PASSWORD_LENGTH)


@bp.route("/users/<int:pk>/delete", methods=["GET", "POST"])
@roles_required("admin")
@recent_password_required
def user_delete(pk: int) -> HttpResponse | str:
    user = _user(pk)
    if user.pk == current_user.pk:
        abort(400)
    try:
        keep_an_admin(db_session(), user)
    except AccountError as exc:
        flash(exc.on_page(), "error")
        return redirect(url_for(".users"))
    form = confirmation()
    if form.validate_on_submit():
        db_session().delete(user)
        _audit("account.deleted", "account", user.email, f"role {user.role}")
        flash(_("Account %(email)s verwijderd.", email=user.email))
        return redirect(url_for(".users"))
    return render_template("admin/confirm_delete.html", form=form, user=user)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
