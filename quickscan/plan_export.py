"""Plans of approach as data for the command line: one company's plan (``quickscan plan show``) and every
plan as one row per action (``quickscan plan export``, for the programme's evaluation).

Compute first, render second: the functions here return plain data (JSON-ready dicts, :class:`ExportRow`);
:mod:`quickscan.cli.plan` formats it as text, CSV or JSON. Neither holds respondent data: a plan never
does. The export leaves out what people typed (titles, descriptions, owners, notes): an owner may be a
manager's name, and evaluating the programme needs what was worked on and how far it got, not who did it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire, Registry, localise
from reports.plan import Action, Plan

from . import plan_store
from .exports import safe_text
from .models import Company, Programme, Region
from .response_store import QuestionnaireChanged, questionnaire_of


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _questionnaire(company: Company, questionnaires: Registry) -> Questionnaire | None:
    """The questionnaire of the company's most recent wave (for dimension names), if it still loads."""
    waves = sorted(company.waves, key=lambda w: (w.opened_on, w.pk))
    if not waves:
        return None
    try:
        return questionnaire_of(waves[-1], questionnaires)
    except QuestionnaireChanged:
        return None


def _action(action: Action, today: dt.date) -> dict[str, Any]:
    return {
        "title": action.title,
        "description": action.description,
        "owner": action.owner,
        "status": action.status,
        "start_on": _iso(action.start_on),
        "due_on": _iso(action.due_on),
        "overdue": action.overdue(today),
        "steps_done": action.steps_done,
        "steps_total": action.steps_total,
        "from_suggestion": action.from_suggestion,
        "shareable": action.shareable,
    }


def company_plan(
    session: Session, company: Company, questionnaires: Registry, lang: str, today: dt.date
) -> dict[str, Any]:
    """``company``'s plan as ``plan show --json`` prints it; ``"plan"`` is None when it has none.

    The shape (keys and their order) is stable: scripts read it. Dates are ISO strings or None;
    ``overdue`` is judged on ``today``; dimension names come in ``lang`` from the company's questionnaire
    (the id when that questionnaire is not available).
    """
    row = plan_store.find(session, company)
    q = _questionnaire(company, questionnaires)
    names = {d.id: localise(d.name, lang) for d in q.dimensions} if q is not None else {}
    plan: dict[str, Any] | None = None
    if row is not None:
        plain = plan_store.as_plan(row)
        plan = {
            "created_at": _iso(row.created_at),
            "touched_at": _iso(row.touched_at),
            "focus_areas": [
                {
                    "dimension_id": focus.dimension_id,
                    "dimension": names.get(focus.dimension_id, focus.dimension_id),
                    "why": focus.why,
                    "actions": [_action(a, today) for a in focus.actions],
                }
                for focus in plain.focus_areas
            ],
        }
    return {
        "company": {
            "slug": company.slug,
            "name": company.name,
            "region": company.region.name,
            "programme": company.region.programme.slug,
        },
        "today": today.isoformat(),
        "plan": plan,
    }


@dataclass(frozen=True)
class ExportRow:
    """One action of one plan (or a focus area without actions: its action columns are empty)."""

    programme: str
    region: str
    company: str
    #: The focus area's place in its plan (1–3) and its dimension.
    focus: int
    dimension: str
    status: str | None
    start_on: str | None
    due_on: str | None
    from_suggestion: bool | None
    shareable: bool | None
    steps_done: int | None
    steps_total: int | None


#: The export's columns, in order (CSV header and JSON keys).
COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ExportRow))


def _rows_of(programme: str, region: str, company: str, plan: Plan) -> list[ExportRow]:
    rows: list[ExportRow] = []
    for number, focus in enumerate(plan.focus_areas, start=1):
        head = (programme, region, company, number, focus.dimension_id)
        if not focus.actions:
            rows.append(ExportRow(*head, None, None, None, None, None, None, None))
        for a in focus.actions:
            rows.append(
                ExportRow(
                    *head,
                    a.status,
                    _iso(a.start_on),
                    _iso(a.due_on),
                    a.from_suggestion,
                    a.shareable,
                    a.steps_done,
                    a.steps_total,
                )
            )
    return rows


def export_rows(session: Session) -> list[ExportRow]:
    """Every plan of every programme, one row per action, ordered by programme, region, company and plan
    order; companies without a plan have no rows. A handful of queries, whatever the number of plans."""
    companies = session.execute(
        select(Company.pk, Company.slug, Region.name, Programme.slug)
        .join(Region, Company.region_pk == Region.pk)
        .join(Programme, Region.programme_pk == Programme.pk)
        .order_by(Programme.slug, Region.name, Company.slug)
    ).all()
    plans = plan_store.load(session, [pk for pk, *_ in companies])
    return [
        row
        for pk, slug, region, programme in companies
        if pk in plans
        for row in _rows_of(programme, region, slug, plans[pk])
    ]


def as_json(rows: list[ExportRow]) -> list[dict[str, Any]]:
    """The rows as ``plan export --json`` prints them: one object per row, keys as :data:`COLUMNS`."""
    return [asdict(r) for r in rows]


def as_csv(rows: list[ExportRow]) -> str:
    """The rows as CSV with a header: empty cells for None, 1/0 for yes/no (R, SPSS and spreadsheets sum
    them), text that a spreadsheet would run as a formula written as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(v) for v in asdict(row).values()])
    return buffer.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return safe_text(value)
    return value
