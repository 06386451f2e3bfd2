"""A company's plan of approach (plan van aanpak) as reports read it: plain data, no database.

A plan has 1–3 **focus areas**, each one dimension of the company's questionnaire with why it was chosen,
and under each focus area its **actions** (title, owner, dates, status, a checklist). The app stores plans
(:mod:`quickscan.plan_store`) and hands them to reports as these frozen dataclasses. A plan holds no
respondent data: a focus area names a dimension, an action's owner is a role or a manager's name.

The status vocabulary lives here, because the app's forms and checks and the reports' words both use it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, get_args

Status = Literal["planned", "in_progress", "done", "stopped"]
#: In the order a plan moves through them.
STATUSES: tuple[Status, ...] = get_args(Status)
#: A plan has at most this many focus areas (the programme's advice: choose 1–3).
MAX_FOCUS_AREAS = 3


@dataclass(frozen=True)
class Action:
    """One action under a focus area."""

    title: str
    status: Status
    owner: str = ""
    description: str = ""
    start_on: dt.date | None = None
    due_on: dt.date | None = None
    #: The manager chose to tell employees about it (the end-line welcome page: "you said, we did").
    shareable: bool = False
    #: It started as one of the questionnaire's suggestions for its dimension.
    from_suggestion: bool = False
    steps_done: int = 0
    steps_total: int = 0

    def overdue(self, today: dt.date) -> bool:
        """Past its due date and neither done nor stopped."""
        return self.due_on is not None and self.due_on < today and self.status in ("planned", "in_progress")


@dataclass(frozen=True)
class FocusArea:
    """One dimension the company chose to work on, why, and its actions."""

    dimension_id: str
    why: str = ""
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Plan:
    """One company's plan of approach."""

    focus_areas: tuple[FocusArea, ...] = ()
    #: When the plan, a focus area, an action, a step or a note last changed.
    touched_at: dt.datetime | None = None

    @property
    def focus_dimensions(self) -> tuple[str, ...]:
        """The ids of the dimensions the company works on, in the plan's order."""
        return tuple(f.dimension_id for f in self.focus_areas)

    @property
    def actions(self) -> tuple[Action, ...]:
        """Every action of the plan, focus area by focus area."""
        return tuple(a for f in self.focus_areas for a in f.actions)
