"""The skills matrix pages (``/companies/<slug>/skills``): who can do which task, where one person is a risk,
who learns what next (docs/skills-matrix.md).

Who: named personal data about employees, so only the company's managers and its coaches see and change it;
the programme lead gets 403 (the lead sees the programme's totals only, on the programme page); anyone else
404, as on the company pages. Every change is a POST with a CSRF token, checked whole before anything is
stored (bad input: 400 with the errors on the page; a value no form of ours sends: 400; an id of another
company: 404), in the request's one transaction, and recorded in the audit trail by ids and counts, never a
name. Nothing here touches the survey's tables.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as HttpResponse

from . import audit, skills_files, skills_pages, skills_store
from .auth import company_or_404
from .db import session as db_session
from .models import Company
from .plan_forms import EARLIEST, LATEST
from .skills_forms import ConfirmForm, ImportForm, NewPersonForm, PersonForm, TaskForm
from .skills_models import SkillPerson, SkillTask
from .skills_store import SkillsInputError

bp = Blueprint("skills", __name__)

#: Who sees and changes a company's matrix (of that company: company_or_404 decides).
EDITORS = ("manager", "coach")
#: A grid field: ``l-<person pk>-<task pk>``; the grid's ``seen`` field: ``<person>.<task>.<level>`` joined by ",".
_CELL = re.compile(r"l-(\d+)-(\d+)")
_SEEN = re.compile(r"(\d+)\.(\d+)\.(\d)")


# --- who and what ------------------------------------------------------------------------------------


def _company(slug: str) -> Company:
    """The company ``slug``: 404 unless the user may see it, 403 for the lead (totals only)."""
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


def _audit(action: str, company: Company, detail: str) -> None:
    audit.record(db_session(), action, current_user._get_current_object(), "skills", company.slug, detail)


def _task(company: Company, pk: int) -> SkillTask:
    return skills_store.task(db_session(), company, pk) or abort(404)


def _person(company: Company, pk: int) -> SkillPerson:
    return skills_store.person(db_session(), company, pk) or abort(404)


# --- the grid ----------------------------------------------------------------------------------------


@bp.get("/companies/<slug>/skills")
@login_required
def grid(slug: str) -> tuple[str, int]:
    return skills_pages.grid_page(_company(slug))


@bp.post("/companies/<slug>/skills")
@login_required
def grid_post(slug: str) -> HttpResponse:
    """Save the grid's levels: only the cells whose value differs from what the page showed (``seen``), so
    a grid saved from an older page does not undo what someone else changed in other cells."""
    company = _company(slug)
    if not FlaskForm().validate_on_submit():
        abort(400)
    seen: dict[tuple[int, int], int] = {}
    for part in filter(None, request.form.get("seen", "").split(",")):
        match = _SEEN.fullmatch(part)
        if match is None:
            abort(400)
        seen[(int(match[1]), int(match[2]))] = int(match[3])
    people = {p.pk: p for p in skills_store.people(db_session(), company)}
    tasks = {t.pk: t for t in skills_store.tasks(db_session(), company)}
    changes = []
    for key, value in request.form.items():
        match = _CELL.fullmatch(key)
        if match is None:
            continue
        pk_person, pk_task = int(match[1]), int(match[2])
        if pk_person not in people or pk_task not in tasks or value not in ("0", "1", "2", "3", "4"):
            abort(400)  # a select of ours sends one of its own cells and a level 0-4
        if seen.get((pk_person, pk_task)) != int(value):
            changes.append((people[pk_person], tasks[pk_task], int(value)))
    current = skills_store.cells(db_session(), company)
    for person, task, level in changes:
        cell = current.get((person.pk, task.pk))
        target, target_on = (cell.target, cell.target_on) if cell else (None, None)
        skills_store.set_cell(db_session(), person, task, level, target, target_on, current_user.email)
    if changes:
        _audit("skills.levels", company, f"{len(changes)} cell(s)")
        flash(_("%(n)s niveau(s) opgeslagen.", n=len(changes)))
    kept: dict[str, Any] = {k: v for k, v in request.args.items() if k in ("critical", "q")}
    return redirect(url_for(".grid", slug=slug, **kept))


@bp.post("/companies/<slug>/skills/snapshot")
@login_required
def snapshot(slug: str) -> HttpResponse:
    company = _company(slug)
    if not FlaskForm().validate_on_submit():
        abort(400)
    skills_store.take_snapshot(db_session(), company, "manual")
    _audit("skills.snapshot", company, "manual")
    flash(_("De cijfers van vandaag zijn bewaard."))
    return redirect(url_for(".grid", slug=slug) + "#figures")


# --- leerbehoeften -----------------------------------------------------------------------------------


@bp.get("/companies/<slug>/skills/needs")
@login_required
def needs(slug: str) -> str:
    return skills_pages.needs_page(_company(slug))


# --- one person: levels, targets and dates -----------------------------------------------------------


def _day(text: str) -> dt.date | None:
    day = dt.date.fromisoformat(text)
    if not EARLIEST <= day <= LATEST:
        raise ValueError(text)
    return day


@bp.route("/companies/<slug>/skills/people/<int:pk>", methods=["GET", "POST"])
@login_required
def person(slug: str, pk: int) -> HttpResponse | tuple[str, int]:
    """A person's row: level, target and target date per task; its POST saves them all or none."""
    company = _company(slug)
    found = _person(company, pk)
    if request.method == "GET":
        return skills_pages.person_page(company, found)
    if not FlaskForm().validate_on_submit():
        abort(400)
    tasks = skills_store.tasks(db_session(), company)
    values: dict[int, dict[str, str]] = {}
    errors: dict[int, str] = {}
    parsed: list[tuple[SkillTask, int, int | None, dt.date | None]] = []
    for task in tasks:
        level = request.form.get(f"level-{task.pk}", "")
        target = request.form.get(f"target-{task.pk}", "")
        on = request.form.get(f"on-{task.pk}", "").strip()
        values[task.pk] = {"level": level, "target": target, "on": on}
        if level not in ("0", "1", "2", "3", "4") or target not in ("", "0", "1", "2", "3", "4"):
            abort(400)  # selects of ours
        try:
            day = _day(on) if on else None
        except ValueError:
            errors[task.pk] = _("Geen geldige datum. Kies een dag (jaar-maand-dag) tussen 2000 en 2100.")
            continue
        if day is not None and target == "":
            errors[task.pk] = _("Kies ook het doelniveau bij een datum.")
            continue
        parsed.append((task, int(level), int(target) if target else None, day))
    if errors:
        return skills_pages.person_page(company, found, 400, values=values, errors=errors)
    current = skills_store.cells(db_session(), company)
    changed = 0
    for task, new_level, new_target, day in parsed:
        cell = current.get((found.pk, task.pk))
        before = (cell.level, cell.target, cell.target_on) if cell else (0, None, None)
        if before != (new_level, new_target, day):
            skills_store.set_cell(db_session(), found, task, new_level, new_target, day, current_user.email)
            changed += 1
    if changed:
        _audit("skills.person_levels", company, f"person {found.pk}: {changed} cell(s)")
    flash(_("Opgeslagen."))
    return redirect(url_for(".person", slug=slug, pk=pk))


@bp.post("/companies/<slug>/skills/people/<int:pk>/edit")
@login_required
def person_edit(slug: str, pk: int) -> HttpResponse | tuple[str, int]:
    company = _company(slug)
    found = _person(company, pk)
    form = PersonForm(prefix="person")
    if not _checked(form):
        return skills_pages.person_page(company, found, 400, edit=form)
    try:
        skills_store.update_person(db_session(), company, found, form.name.data or "", bool(form.active.data))
    except SkillsInputError as exc:
        form.name.errors = [exc.on_page()]
        return skills_pages.person_page(company, found, 400, edit=form)
    _audit("skills.person_edit", company, f"person {pk}")
    flash(_("Opgeslagen."))
    return redirect(url_for(".person", slug=slug, pk=pk))


@bp.route("/companies/<slug>/skills/people/<int:pk>/remove", methods=["GET", "POST"])
@login_required
def person_remove(slug: str, pk: int) -> HttpResponse | str:
    company = _company(slug)
    found = _person(company, pk)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate():
            abort(400)
        cells = skills_store.remove_person(db_session(), found)
        _audit("skills.person_remove", company, f"person {pk} with {cells} cell(s)")
        flash(_("%(name)s is uit de matrix verwijderd, met alle niveaus en doelen.", name=found.name))
        return redirect(url_for(".setup", slug=slug))
    return render_template(
        "skills/confirm_remove.html",
        company=company,
        person=found,
        form=form,
        back=url_for(".person", slug=slug, pk=pk),
    )


# --- set-up: tasks and people ------------------------------------------------------------------------


@bp.get("/companies/<slug>/skills/setup")
@login_required
def setup(slug: str) -> tuple[str, int]:
    return skills_pages.setup_page(_company(slug))


@bp.post("/companies/<slug>/skills/tasks")
@login_required
def task_add(slug: str) -> HttpResponse | tuple[str, int]:
    company = _company(slug)
    form = TaskForm(prefix="new-task")
    if not _checked(form):
        return skills_pages.setup_page(company, 400, new_task=form)
    try:
        new = skills_store.add_task(
            db_session(), company, form.name.data or "", bool(form.critical.data), form.minimum.data or 2
        )
    except SkillsInputError as exc:
        form.name.errors = [exc.on_page()]
        return skills_pages.setup_page(company, 400, new_task=form)
    _audit("skills.task_add", company, f"task {new.pk}")
    flash(_("Taak toegevoegd."))
    return redirect(url_for(".setup", slug=slug) + "#tasks")


@bp.post("/companies/<slug>/skills/tasks/<int:pk>")
@login_required
def task_edit(slug: str, pk: int) -> HttpResponse | tuple[str, int]:
    company = _company(slug)
    found = _task(company, pk)
    form = TaskForm(prefix=f"task{pk}")
    if not _checked(form):
        return skills_pages.setup_page(company, 400, **{f"task{pk}": form})
    try:
        skills_store.update_task(
            db_session(), company, found, form.name.data or "", bool(form.critical.data), form.minimum.data or 2
        )
    except SkillsInputError as exc:
        form.name.errors = [exc.on_page()]
        return skills_pages.setup_page(company, 400, **{f"task{pk}": form})
    _audit("skills.task_edit", company, f"task {pk}")
    flash(_("Opgeslagen."))
    return redirect(url_for(".setup", slug=slug) + f"#task-{pk}")


@bp.route("/companies/<slug>/skills/tasks/<int:pk>/remove", methods=["GET", "POST"])
@login_required
def task_remove(slug: str, pk: int) -> HttpResponse | str:
    company = _company(slug)
    found = _task(company, pk)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate():
            abort(400)
        skills_store.remove_task(db_session(), found)
        _audit("skills.task_remove", company, f"task {pk}")
        flash(_("Taak %(name)s verwijderd.", name=found.name))
        return redirect(url_for(".setup", slug=slug) + "#tasks")
    return render_template(
        "skills/confirm_remove.html", company=company, task=found, form=form, back=url_for(".setup", slug=slug)
    )


@bp.post("/companies/<slug>/skills/people")
@login_required
def person_add(slug: str) -> HttpResponse | tuple[str, int]:
    company = _company(slug)
    form = NewPersonForm(prefix="new-person")
    if not _checked(form):
        return skills_pages.setup_page(company, 400, new_person=form)
    try:
        new = skills_store.add_person(db_session(), company, form.name.data or "")
    except SkillsInputError as exc:
        form.name.errors = [exc.on_page()]
        return skills_pages.setup_page(company, 400, new_person=form)
    _audit("skills.person_add", company, f"person {new.pk}")
    flash(_("%(name)s toegevoegd.", name=new.name))
    return redirect(url_for(".setup", slug=slug) + "#people")


# --- import and export -------------------------------------------------------------------------------


@bp.post("/companies/<slug>/skills/import")
@login_required
def upload(slug: str) -> HttpResponse | tuple[str, int]:
    company = _company(slug)
    form = ImportForm(prefix="import")
    if not _checked(form):
        return skills_pages.setup_page(company, 400, upload=form)
    file = form.file.data
    if file is None or not getattr(file, "filename", ""):
        form.file.errors = [_("Kies een bestand.")]
        return skills_pages.setup_page(company, 400, upload=form)
    try:
        done = skills_files.import_file(db_session(), company, file.filename, file.read(), current_user.email)
    except skills_files.ImportRefused as exc:
        form.file.errors = [_("Er is niets ingelezen. Verbeter het bestand en probeer het opnieuw.")]
        return skills_pages.setup_page(company, 400, upload=form, problems=exc.problems)
    _audit("skills.import", company, f"{done.tasks_added} task(s), {done.people_added} person(s), {done.cells} cell(s)")
    flash(
        _(
            "Ingelezen: %(t)s nieuwe taken, %(p)s nieuwe mensen, %(c)s niveaus.",
            t=done.tasks_added,
            p=done.people_added,
            c=done.cells,
        )
    )
    return redirect(url_for(".grid", slug=slug))


@bp.get("/companies/<slug>/skills/export.<any(csv, xlsx):fmt>")
@login_required
def export(slug: str, fmt: str) -> HttpResponse:
    company = _company(slug)
    rows = skills_files.export_rows(skills_store.grid(db_session(), company))
    if fmt == "csv":
        body, mimetype = skills_files.to_csv(rows), "text/csv"
    else:
        body, mimetype = (
            skills_files.to_xlsx(rows),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    _audit("skills.export", company, fmt)
    response = HttpResponse(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="inzetbaarheidsmatrix-{company.slug}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
