"""The plan of approach pages (``/companies/<slug>/plan``): a company's focus areas and actions, to view,
keep up and print on one A4 page.

Who: the company's managers and its coaches view and change the plan; the programme lead (admin) views
every plan but changes none (the plan is the company's and its coach's; the lead evaluates it); anyone else
gets 404, as on the company pages. Every change is a POST with a CSRF token, checked before anything is
stored (bad input: 400 with the errors on the page; an id from another company's plan: 404), made through
:mod:`quickscan.plan_changes` in the request's one transaction, and recorded in the audit trail (ids and
fields only, never text someone typed).

What each page shows is gathered in :mod:`quickscan.plan_pages`; the forms are in :mod:`quickscan.plan_forms`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as HttpResponse

from reports.plan import MAX_FOCUS_AREAS

from . import audit, plan_changes, plan_pages, plan_store
from .auth import company_or_404
from .db import session as db_session
from .i18n import request_language
from .models import Company, FocusArea, Plan, PlanAction
from .plan_forms import (
    ActionForm,
    ConfirmForm,
    NewActionForm,
    NoteForm,
    StepDoneForm,
    StepForm,
    SuggestionForm,
    WhyForm,
)
from .plan_pages import EDITORS

bp = Blueprint("plans", __name__)

#: The words a focus area chosen from a proposal starts with (no numbers: a manager may not see every
#: number a coach sees, and the text stays in the plan).
PROPOSED_WHY = {
    "weakest": _l("Voorgesteld: een van de laagste scores van de medewerkers."),
    "gap": _l("Voorgesteld: leidinggevenden en medewerkers zien dit thema verschillend."),
}


# --- who and what ------------------------------------------------------------------------------------


def _editing(slug: str) -> Company:
    """The company ``slug`` for a change: 404 unless the user may see it, 403 unless they may change it."""
    company = company_or_404(current_user, slug)
    if current_user.role not in EDITORS:
        abort(403)
    return company


def _checked(form: FlaskForm) -> bool:
    """Whether ``form`` is valid; a POST without a valid CSRF token is no form of ours: 400 at once."""
    if form.validate_on_submit():
        return True
    if "csrf_token" in form.errors:
        abort(400)
    return False


def _plan(company: Company) -> Plan:
    """The company's plan, to look up an id in; 404 when it has none (so no id can belong to it)."""
    found = plan_store.find(db_session(), company)
    if found is None:
        abort(404)
    return found


def _focus(company: Company, pk: int) -> FocusArea:
    return plan_changes.focus_area(db_session(), _plan(company), pk) or abort(404)


def _action(company: Company, pk: int) -> PlanAction:
    return plan_changes.action(db_session(), _plan(company), pk) or abort(404)


def _audit(action: str, company: Company, detail: str) -> None:
    audit.record(db_session(), action, current_user._get_current_object(), "plan", company.slug, detail)


def _lock(company: Company) -> Plan:
    return plan_changes.lock(db_session(), company)


def _add_to_action(
    company: Company,
    found: PlanAction,
    name: str,
    form: StepForm | NoteForm,
    store: Callable[[], str],
    full: str,
    action: str,
) -> tuple[str, int] | None:
    """What the forms that add to an action (a step, a note) share: a form that does not validate shows
    the action's page again with its errors (400); else the plan is locked and ``store`` adds the thing
    (it returns the audit detail); a limit of :mod:`quickscan.plan_changes` (:class:`PlanError`) shows the
    page with ``full`` at the text field (400, nothing stored); else the change goes into the audit trail
    as ``action``. None when stored: the caller redirects. ``name`` is the form's name on the page."""
    if not _checked(form):
        return plan_pages.action_page(company, found, 400, **{name: form})
    _lock(company)
    try:
        detail = store()
    except plan_changes.PlanError:
        form.text.errors = [full]
        return plan_pages.action_page(company, found, 400, **{name: form})
    _audit(action, company, detail)
    return None


# --- the plan page -----------------------------------------------------------------------------------


@bp.get("/companies/<slug>/plan")
@login_required
def plan(slug: str) -> tuple[str, int]:
    return plan_pages.plan_page(company_or_404(current_user, slug))


@bp.post("/companies/<slug>/plan/focus")
@login_required
def focus_add(slug: str) -> HttpResponse | tuple[str, int]:
    company = _editing(slug)
    form = plan_pages.focus_form(plan_pages.questionnaire(company), request_language())
    if not _checked(form):
        return plan_pages.plan_page(company, 400, focus=form)
    dimension = form.dimension.data or ""
    found = plan_store.find(db_session(), company)
    if found is not None and dimension in {f.dimension_id for f in found.focus_areas}:
        flash(_("Dit thema staat al in het plan."))  # e.g. a second click on the same button
        return redirect(url_for(".plan", slug=slug))
    reason = request.form.get("proposal", "")
    why = form.why.data or (str(PROPOSED_WHY[reason]) if reason in PROPOSED_WHY else "")
    try:
        plan_changes.add_focus_area(db_session(), _lock(company), dimension, why)
    except plan_changes.AlreadyChosen:  # someone else chose it a moment ago
        flash(_("Dit thema staat al in het plan."))
        return redirect(url_for(".plan", slug=slug))
    except plan_changes.PlanError:
        form.dimension.errors = [_("Er zijn al %(n)s aandachtspunten: verwijder er eerst een.", n=MAX_FOCUS_AREAS)]
        return plan_pages.plan_page(company, 400, focus=form)
    _audit("plan.focus_add", company, f"{dimension}" + (f" (proposed: {reason})" if reason in PROPOSED_WHY else ""))
    flash(_("Aandachtspunt toegevoegd."))
    return redirect(url_for(".plan", slug=slug))


@bp.post("/companies/<slug>/plan/focus/<int:pk>/why")
@login_required
def focus_why(slug: str, pk: int) -> HttpResponse | tuple[str, int]:
    company = _editing(slug)
    focus = _focus(company, pk)
    form = WhyForm(prefix=f"why{pk}")
    if not _checked(form):
        return plan_pages.plan_page(company, 400, **{f"why{pk}": form})
    _lock(company)
    plan_changes.set_why(focus, form.why.data or "")
    _audit("plan.focus_why", company, focus.dimension_id)
    flash(_("Opgeslagen."))
    return redirect(url_for(".plan", slug=slug) + f"#focus-{pk}")


def _confirm(page: str, back: str, done: Callable[[], str], **context: Any) -> HttpResponse | str:
    """A confirmation page (GET), or on its POST: ``done()`` and a redirect to what it returns."""
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate():
            abort(400)
        return redirect(done())
    return render_template(page, form=form, back=back, **context)


@bp.route("/companies/<slug>/plan/focus/<int:pk>/remove", methods=["GET", "POST"])
@login_required
def focus_remove(slug: str, pk: int) -> HttpResponse | str:
    company = _editing(slug)
    focus = _focus(company, pk)
    name = plan_pages.dimension_name(plan_pages.questionnaire(company), focus.dimension_id, request_language())

    def done() -> str:
        _lock(company)
        removed = plan_changes.remove_focus_area(db_session(), focus)
        _audit("plan.focus_remove", company, f"{focus.dimension_id} with {removed} actions")
        flash(_("Aandachtspunt %(name)s verwijderd.", name=name))
        return url_for(".plan", slug=slug)

    return _confirm(
        "plans/confirm_remove.html", url_for(".plan", slug=slug), done, company=company, focus=focus, name=name
    )


@bp.post("/companies/<slug>/plan/focus/<int:pk>/actions")
@login_required
def action_add(slug: str, pk: int) -> HttpResponse | tuple[str, int]:
    company = _editing(slug)
    focus = _focus(company, pk)
    form = NewActionForm(prefix=f"new{pk}")
    if not _checked(form):
        return plan_pages.plan_page(company, 400, **{f"new{pk}": form})
    return _added(company, focus, form.title.data or "", from_suggestion=False, form=form)


@bp.post("/companies/<slug>/plan/focus/<int:pk>/suggestions")
@login_required
def suggestion_add(slug: str, pk: int) -> HttpResponse | tuple[str, int]:
    """One click: the suggestion becomes an action (its title), to be filled in on the action's page."""
    company = _editing(slug)
    focus = _focus(company, pk)
    form = SuggestionForm()
    if not _checked(form):
        abort(400)  # the buttons send a number; anything else is no browser's doing
    offered = plan_pages.suggestions(plan_pages.questionnaire(company), focus.dimension_id, request_language())
    index = form.suggestion.data or 0
    if index >= len(offered):
        abort(400)
    return _added(company, focus, offered[index], from_suggestion=True, form=None)


def _added(
    company: Company, focus: FocusArea, title: str, from_suggestion: bool, form: NewActionForm | None
) -> HttpResponse | tuple[str, int]:
    _lock(company)
    try:
        new = plan_changes.add_action(db_session(), focus, title, from_suggestion=from_suggestion)
    except plan_changes.PlanError:
        message = _("Dit aandachtspunt heeft al %(n)s acties.", n=plan_changes.MAX_ACTIONS)
        if form is None:
            flash(message, "error")
            return redirect(url_for(".plan", slug=company.slug) + f"#focus-{focus.pk}")
        form.title.errors = [message]
        return plan_pages.plan_page(company, 400, **{f"new{focus.pk}": form})
    kind = "suggestion" if from_suggestion else "own"
    _audit("plan.action_add", company, f"action {new.pk} in {focus.dimension_id} ({kind})")
    flash(_("Actie toegevoegd. Vul hieronder aan wie hem trekt en wanneer."))
    return redirect(url_for(".action", slug=company.slug, pk=new.pk))


# --- the action page ---------------------------------------------------------------------------------


@bp.route("/companies/<slug>/plan/actions/<int:pk>", methods=["GET", "POST"])
@login_required
def action(slug: str, pk: int) -> HttpResponse | tuple[str, int]:
    """The action's page; its POST saves the action's fields."""
    if request.method == "GET":
        company = company_or_404(current_user, slug)
        return plan_pages.action_page(company, _action(company, pk))
    company = _editing(slug)
    found = _action(company, pk)
    form = ActionForm(prefix="action")
    if not _checked(form):
        return plan_pages.action_page(company, found, 400, edit=form)
    _lock(company)
    changed = plan_changes.update_action(
        found,
        title=form.title.data or "",
        description=form.description.data or "",
        owner=form.owner.data or "",
        start_on=form.start_on.data,
        due_on=form.due_on.data,
        status=form.status.data or "",
        shareable=bool(form.shareable.data),
        circle_shareable=bool(form.circle_shareable.data),
        circle_named=bool(form.circle_named.data),
    )
    if changed:
        detail = ", ".join(f"status {found.status}" if c == "status" else c for c in changed)
        _audit("plan.action_change", company, f"action {pk}: {detail}")
    flash(_("Actie opgeslagen."))
    return redirect(url_for(".action", slug=slug, pk=pk))


@bp.route("/companies/<slug>/plan/actions/<int:pk>/remove", methods=["GET", "POST"])
@login_required
def action_remove(slug: str, pk: int) -> HttpResponse | str:
    company = _editing(slug)
    found = _action(company, pk)

    def done() -> str:
        _lock(company)
        dimension = found.focus_area.dimension_id
        plan_changes.remove_action(db_session(), found)
        _audit("plan.action_remove", company, f"action {pk} in {dimension}")
        flash(_("Actie verwijderd."))
        return url_for(".plan", slug=slug)

    back = url_for(".action", slug=slug, pk=pk)
    return _confirm("plans/confirm_remove.html", back, done, company=company, action=found)


@bp.post("/companies/<slug>/plan/actions/<int:pk>/steps")
@login_required
def step_add(slug: str, pk: int) -> HttpResponse | tuple[str, int]:
    company = _editing(slug)
    found = _action(company, pk)
    form = StepForm(prefix="step")

    def store() -> str:
        return f"action {pk} step {plan_changes.add_step(db_session(), found, form.text.data or '').pk}"

    full = _("Een actie heeft hoogstens %(n)s stappen.", n=plan_changes.MAX_STEPS)
    refused = _add_to_action(company, found, "step", form, store, full, "plan.step_add")
    return refused or redirect(url_for(".action", slug=slug, pk=pk) + "#steps")


@bp.post("/companies/<slug>/plan/actions/<int:pk>/steps/<int:step_pk>")
@login_required
def step_done(slug: str, pk: int, step_pk: int) -> HttpResponse:
    """Tick or untick a step."""
    company = _editing(slug)
    found = plan_changes.step(_action(company, pk), step_pk) or abort(404)
    form = StepDoneForm()
    if not _checked(form):
        abort(400)  # a button sends "1" or "0"
    _lock(company)
    plan_changes.set_step(found, form.done.data == "1")
    _audit("plan.step_set", company, f"action {pk} step {step_pk} {'done' if found.done else 'open'}")
    return redirect(url_for(".action", slug=slug, pk=pk) + "#steps")


@bp.post("/companies/<slug>/plan/actions/<int:pk>/steps/<int:step_pk>/remove")
@login_required
def step_remove(slug: str, pk: int, step_pk: int) -> HttpResponse:
    company = _editing(slug)
    found = plan_changes.step(_action(company, pk), step_pk) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    _lock(company)
    plan_changes.remove_step(db_session(), found)
    _audit("plan.step_remove", company, f"action {pk} step {step_pk}")
    return redirect(url_for(".action", slug=slug, pk=pk) + "#steps")


@bp.post("/companies/<slug>/plan/actions/<int:pk>/notes")
@login_required
def note_add(slug: str, pk: int) -> HttpResponse | tuple[str, int]:
    company = _editing(slug)
    found = _action(company, pk)
    form = NoteForm(prefix="note")

    def store() -> str:
        plan_changes.add_note(db_session(), found, current_user.email, form.text.data or "")
        return f"action {pk}"

    full = _("Deze actie heeft het maximum aantal notities.")
    refused = _add_to_action(company, found, "note", form, store, full, "plan.note_add")
    if refused:
        return refused
    flash(_("Notitie toegevoegd."))
    return redirect(url_for(".action", slug=slug, pk=pk) + "#notes")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.filters.update(plan_day=plan_pages.day, plan_moment=plan_pages.moment)
