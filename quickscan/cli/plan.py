"""``quickscan plan show|export``: a company's plan of approach, and every plan for the evaluation.

The data comes from :mod:`quickscan.plan_export`; this module only formats it. Neither command shows
respondent data (a plan holds none).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click
from flask.cli import with_appcontext

from reports.text import LANGUAGES

from .. import plan_export, programme
from ..db import transaction
from ..questionnaire_store import registry
from .common import current, refusals

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
#: How ``plan show`` names a status.
STATUS_WORDS = {"planned": "planned", "in_progress": "in progress", "done": "done", "stopped": "stopped"}


@click.group("plan")
def plan_group() -> None:
    """Plans of approach (plan van aanpak): focus areas and their actions."""


@plan_group.command("show")
@click.argument("slug")
@JSON_OPTION
@click.option("--lang", type=click.Choice(LANGUAGES), default="nl", show_default=True, help="Dimension names.")
@click.option(
    "--on", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Judge overdue actions on this day (default today)."
)
@with_appcontext
def plan_show(slug: str, as_json: bool, lang: str, on: dt.datetime | None) -> None:
    """The plan of company SLUG: focus areas, why, and each action's owner, dates, status and steps."""
    today = on.date() if on is not None else dt.date.today()
    app = current()
    with refusals(), transaction(app) as s:
        company = programme.company_by_slug(s, slug)
        shown = plan_export.company_plan(s, company, registry(app), lang, today)
    if as_json:
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
    else:
        click.echo(render(shown))


@plan_group.command("export")
@JSON_OPTION
@with_appcontext
def plan_export_command(as_json: bool) -> None:
    """Every company's plan, one row per action (CSV, or JSON): programme, region, company, focus dimension,
    status, dates, from a suggestion, shared with employees. No titles, owners or notes."""
    with transaction(current()) as s:
        rows = plan_export.export_rows(s)
    if as_json:
        click.echo(json.dumps(plan_export.as_json(rows), ensure_ascii=False, indent=2))
    else:
        click.echo(plan_export.as_csv(rows), nl=False)


def render(shown: dict[str, Any]) -> str:
    """``plan show``'s text: a heading, a summary line, then each focus area with its actions."""
    company = shown["company"]
    lines = [f"{company['name']} ({company['slug']}, {company['region']}): plan of approach"]
    plan = shown["plan"]
    if plan is None:
        lines.append("No plan yet.")
        return "\n".join(lines)
    actions = [a for focus in plan["focus_areas"] for a in focus["actions"]]
    counts = ", ".join(
        f"{n} {STATUS_WORDS[status]}"
        for status in STATUS_WORDS
        if (n := sum(1 for a in actions if a["status"] == status))
    )
    overdue = sum(1 for a in actions if a["overdue"])
    lines.append(f"Made {plan['created_at'][:10]}, last changed {plan['touched_at'][:10]}.")
    summary = f"{len(plan['focus_areas'])} focus area(s), {len(actions)} action(s)"
    summary += f": {counts}" if counts else ""
    summary += f"; {overdue} overdue on {shown['today']}." if overdue else "."
    lines.append(summary)
    for number, focus in enumerate(plan["focus_areas"], start=1):
        lines += ["", f"{number}. {focus['dimension']} [{focus['dimension_id']}]"]
        if focus["why"]:
            lines.append(f"   Why: {focus['why']}")
        if not focus["actions"]:
            lines.append("   (no actions yet)")
        for a in focus["actions"]:
            lines += _action_lines(a)
    return "\n".join(lines)


def _action_lines(a: dict[str, Any]) -> list[str]:
    flag = "  OVERDUE" if a["overdue"] else ""
    head = f"   - [{STATUS_WORDS[a['status']]}] {a['title']}{flag}"
    details = []
    if a["owner"]:
        details.append(f"owner: {a['owner']}")
    if a["start_on"] or a["due_on"]:
        details.append(f"{a['start_on'] or '…'} to {a['due_on'] or '…'}")
    if a["steps_total"]:
        details.append(f"steps {a['steps_done']}/{a['steps_total']}")
    if a["from_suggestion"]:
        details.append("from a suggestion")
    if a["shareable"]:
        details.append("shared with employees")
    return [head] + ([f"     {' · '.join(details)}"] if details else [])
