"""What the skills matrix pages show (:mod:`quickscan.skills`): the grid, a person's row, the set-up, the
leerbehoeften, and the matrix's sections on the company and programme pages. Reading only; every change is
in :mod:`quickscan.skills`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import select

from reports.html import section_html
from reports.skills_section import company_skills_section, programme_skills_section
from reports.text import check_lang
from scoring import skills as rules
from scoring.results import PlanKpi

from . import report_pages, skills_store
from .db import session as db_session
from .i18n import request_language
from .models import Company
from .skills_forms import LEVEL_LABELS, ImportForm, NewPersonForm, PersonForm, TaskForm
from .skills_models import SkillPerson


def grid_page(company: Company, status: int = 200, **context: Any) -> tuple[str, int]:
    grid = skills_store.grid(db_session(), company)
    critical_only = request.args.get("critical") == "1"
    query = " ".join(request.args.get("q", "").split())[:100]
    shown_tasks = [t for t in grid.tasks if t.critical or not critical_only]
    shown_people = [p for p in grid.people if query.casefold() in p.name.casefold()]
    index = {t.pk: j for j, t in enumerate(grid.tasks)}
    qualified = rules.qualified(grid.matrix).tolist()
    rows = {p.pk: i for i, p in enumerate(grid.active)}
    versatility = rules.versatility(grid.matrix).tolist()
    coverage = {t.pk: qualified[index[t.pk]] for t in grid.tasks}
    page = render_template(
        "skills/grid.html",
        company=company,
        grid=grid,
        tasks=shown_tasks,
        people=shown_people,
        coverage=coverage,
        versatility={p.pk: versatility[rows[p.pk]] for p in grid.active},
        figures=grid.figures,
        critical_only=critical_only,
        query=query,
        levels=LEVEL_LABELS,
        form=FlaskForm(),
        seen=",".join(f"{p.pk}.{t.pk}.{grid.level(p, t)}" for p in shown_people for t in shown_tasks),
        lang=request_language(),
        **context,
    )
    return page, status


def needs_page(company: Company) -> str:
    """The leerbehoeften: every person x task with a target above the level, by target date."""
    grid = skills_store.grid(db_session(), company)
    today = dt.date.today()
    rows = []
    for person in grid.active:
        for task in grid.tasks:
            cell = grid.cells.get((person.pk, task.pk))
            if cell is not None and cell.target is not None and cell.target > cell.level:
                rows.append((person, task, cell))
    rows.sort(key=lambda r: (r[2].target_on or dt.date.max, r[0].name.casefold(), r[1].position))
    return render_template(
        "skills/needs.html",
        company=company,
        rows=rows,
        figures=grid.figures,
        levels=LEVEL_LABELS,
        today=today,
        survey_plan=survey_plan(company),
        lang=request_language(),
    )


def survey_plan(company: Company) -> PlanKpi | None:
    """The survey's development-plan KPI of the company's latest wave, as its report shows it (released
    answers, anonymity applied by scoring): the figure the matrix's development steps stand beside. None
    without a wave or when the KPI is hidden (the page says so)."""
    report = report_pages.company_report(company, among_managers=current_user.role == "manager")
    latest = None if report is None else report.latest
    kpi = None if latest is None else latest.plan
    return kpi if isinstance(kpi, PlanKpi) else None


def person_page(company: Company, person: SkillPerson, status: int = 200, **context: Any) -> tuple[str, int]:
    grid = skills_store.grid(db_session(), company)
    return render_template(
        "skills/person.html",
        company=company,
        person=person,
        grid=grid,
        levels=LEVEL_LABELS,
        form=FlaskForm(),
        edit=context.pop("edit", None) or PersonForm(prefix="person", obj=person),
        values=context.pop("values", None),
        errors=context.pop("errors", {}),
        lang=request_language(),
        **context,
    ), status


def setup_page(company: Company, status: int = 200, **forms: Any) -> tuple[str, int]:
    session = db_session()
    task_rows = skills_store.tasks(session, company)
    edits = {t.pk: forms.pop(f"task{t.pk}", None) or TaskForm(prefix=f"task{t.pk}", obj=t) for t in task_rows}
    return render_template(
        "skills/setup.html",
        company=company,
        tasks=task_rows,
        people=skills_store.people(session, company),
        edits=edits,
        new_task=forms.pop("new_task", None) or TaskForm(prefix="new-task"),
        new_person=forms.pop("new_person", None) or NewPersonForm(prefix="new-person"),
        upload=forms.pop("upload", None) or ImportForm(prefix="import"),
        problems=forms.pop("problems", []),
        lang=request_language(),
    ), status


def company_section(company: Company, lang: str) -> Markup:
    """The company page's section on its matrix: figures now, baseline against end-line (for its managers
    and coach; the page shows it only to them)."""
    session = db_session()
    now = skills_store.figures(session, company) if skills_store.has_matrix(session, company) else None
    return section_html(company_skills_section(now, skills_store.change(session, company), check_lang(lang)))


def programme_section(lang: str) -> Markup:
    """The programme page's section: the matrices of all companies added up, never a company or a name."""
    session = db_session()
    totals = skills_store.programme_totals(session, list(session.scalars(select(Company.pk))))
    return section_html(
        programme_skills_section(totals.companies, totals.now, totals.compared, totals.change, check_lang(lang))
    )
