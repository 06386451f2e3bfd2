"""What the plan pages (:mod:`quickscan.plans`) show: the company's questionnaire, its dimensions'
names and suggestions, the proposed focus areas, the forms, and how dates and times read.

The proposals come from the latest released results, as the viewer may see them: a manager's from the
report for managers (``among_managers``, ``scoring.anonymity`` rule 6), see :func:`reports.proposals.propose`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from zoneinfo import ZoneInfo

from flask import render_template, request
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from questionnaires import Questionnaire, localise
from questionnaires.model import WAVE_KINDS
from reports import text as report_text
from reports.plan import MAX_FOCUS_AREAS
from reports.proposals import propose

from . import plan_changes, plan_store, reporting
from .admin_forms import choices
from .db import session as db_session
from .i18n import request_language
from .models import Company, PlanAction
from .plan_forms import STATUS_LABELS, ActionForm, FocusForm, NewActionForm, NoteForm, StepForm, WhyForm
from .questionnaire_store import registry

#: The roles that change a plan (the admin only reads it).
EDITORS = ("manager", "coach")
#: The time zone the pages show note times in (the database keeps UTC).
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def questionnaire(company: Company) -> Questionnaire | None:
    """The questionnaire of the company's latest wave (as its report uses); None before any wave."""
    waves = sorted(company.waves, key=lambda w: WAVE_KINDS.index(w.kind))
    if not waves:
        return None
    try:
        return registry().get(waves[-1].questionnaire_id, waves[-1].questionnaire_version)
    except KeyError:
        return None


def dimension_name(q: Questionnaire | None, dimension_id: str, lang: str) -> str:
    """The dimension's name in ``lang``; its id when the questionnaire no longer has it."""
    if q is not None:
        for dim in q.dimensions:
            if dim.id == dimension_id:
                return localise(dim.name, lang)
    return dimension_id


def suggestions(q: Questionnaire | None, dimension_id: str, lang: str) -> tuple[str, ...]:
    """The questionnaire's suggested actions for the dimension, in ``lang`` (else its first language)."""
    if q is None:
        return ()
    for dim in q.dimensions:
        if dim.id == dimension_id:
            return dim.suggestions.get(lang) or next(iter(dim.suggestions.values()), ())
    return ()


def focus_form(q: Questionnaire | None, lang: str, chosen: Collection[str] = ()) -> FocusForm:
    """The form to choose a focus area; its list leaves out the dimensions in ``chosen``."""
    form = FocusForm(prefix="focus")
    dims = [] if q is None else [d for d in q.dimensions if d.id not in chosen]
    form.dimension.choices = choices([(d.id, localise(d.name, lang)) for d in dims])
    return form


def plan_page(company: Company, status: int = 200, **forms: FlaskForm) -> tuple[str, int]:
    """The plan page; ``forms`` replaces the blank form of that name (to show its errors)."""
    lang = request_language()
    q = questionnaire(company)
    plan = plan_store.find(db_session(), company)
    focus_areas = list(plan.focus_areas) if plan is not None else []
    chosen = {f.dimension_id for f in focus_areas}
    can_edit = current_user.role in EDITORS
    shareable_only = request.args.get("shareable") == "1"
    proposals = None
    if can_edit and not shareable_only and q is not None and len(focus_areas) < MAX_FOCUS_AREAS:
        report = reporting.company_report(
            db_session(), registry(), company.slug, among_managers=current_user.role == "manager"
        )
        proposals = propose(report, exclude=chosen) if report is not None else None
    chooser = forms.get("focus") or focus_form(q, lang, chosen)
    new_forms = {
        f.pk: forms.get(f"new{f.pk}") or NewActionForm(prefix=f"new{f.pk}", formdata=None) for f in focus_areas
    }
    why_forms = {
        f.pk: forms.get(f"why{f.pk}") or WhyForm(prefix=f"why{f.pk}", formdata=None, data={"why": f.why})
        for f in focus_areas
    }
    report_lang = report_text.check_lang(lang)
    return render_template(
        "plans/plan.html",
        company=company,
        plan=plan,
        focus_areas=focus_areas,
        questionnaire=q,
        proposals=proposals,
        can_edit=can_edit and not shareable_only,
        shareable_only=shareable_only,
        room=len(focus_areas) < MAX_FOCUS_AREAS,
        max_focus_areas=MAX_FOCUS_AREAS,
        focus_form=chooser,
        new_forms=new_forms,
        why_forms=why_forms,
        wave_name=_("eindmeting") if proposals is not None and proposals.wave == "endline" else _("nulmeting"),
        today=dt.date.today(),
        token_form=FlaskForm(),
        name=lambda dimension_id: dimension_name(q, dimension_id, lang),
        suggestions=lambda dimension_id: suggestions(q, dimension_id, lang),
        num=lambda value: report_text.number(value, report_lang, 1),
        pct=lambda value: report_text.percent(value, report_lang),
        status_labels=STATUS_LABELS,
        lang=lang,
    ), status


def action_page(company: Company, found: PlanAction, status: int = 200, **forms: FlaskForm) -> tuple[str, int]:
    """An action's page: its form (or its fields, read-only), its steps and its notes, newest first."""
    lang = request_language()
    can_edit = current_user.role in EDITORS
    edit = forms.get("edit") or ActionForm(prefix="action", obj=found, formdata=None)
    return render_template(
        "plans/action.html",
        company=company,
        action=found,
        dimension=dimension_name(questionnaire(company), found.focus_area.dimension_id, lang),
        notes=sorted(found.notes, key=lambda n: (n.written_at, n.pk), reverse=True),
        can_edit=can_edit,
        edit_form=edit,
        step_form=forms.get("step") or StepForm(prefix="step", formdata=None),
        note_form=forms.get("note") or NoteForm(prefix="note", formdata=None),
        token_form=FlaskForm(),
        status_labels=STATUS_LABELS,
        max_steps=plan_changes.MAX_STEPS,
        lang=lang,
    ), status


def day(value: dt.date | None) -> str:
    """A date in the page's language, short ("2 mrt 2026"), or a dash."""
    return str(format_date(value, "medium")) if value is not None else "–"


def moment(value: dt.datetime) -> str:
    """A stored time stamp (naive UTC) in Dutch local time, in the page's language."""
    local = value.replace(tzinfo=dt.UTC).astimezone(LOCAL_TIME)
    return str(format_datetime(local, "d MMM yyyy, HH:mm", rebase=False))
