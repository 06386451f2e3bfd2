"""Test set-up: a company's plan of approach written straight into the tables (as a coach would through the
plan pages), for the tests that read plans: the programme report and the end-line welcome page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from flask import Flask
from sqlalchemy import select

from quickscan import plan_store
from quickscan.db import transaction
from quickscan.models import Company, FocusArea, PlanAction
from reports.plan import Status

AT = dt.datetime(2026, 3, 2, 9, 30)

#: Per focus dimension its actions: (title, status, shareable).
Actions = Mapping[str, Sequence[tuple[str, Status, bool]]]


def add_plan(app: Flask, slug: str, focus: Actions) -> None:
    """Give company ``slug`` a plan with ``focus`` (dimension -> actions), in that order."""
    with transaction(app) as s:
        company = s.scalars(select(Company).where(Company.slug == slug)).one()
        plan = plan_store.ensure(s, company, AT)
        for position, (dimension_id, actions) in enumerate(focus.items()):
            area = FocusArea(dimension_id=dimension_id, why="Laagste score", position=position)
            plan.focus_areas.append(area)
            for title, status, shareable in actions:
                area.actions.append(
                    PlanAction(title=title, status=status, shareable=shareable, created_at=AT, updated_at=AT)
                )
