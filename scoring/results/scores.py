"""Results of one wave: per group, per dimension, per item, and the development-plan KPI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..anonymity import Level
from .base import Interval, JsonDict, JsonResult, Shown, Suppressed, num


@dataclass(frozen=True)
class PlanKpi(Shown):
    """Share of employees with a development plan and share working on it (percent of ``n``)."""

    n: int
    level: Level
    with_plan: float
    working: float
    with_plan_ci95: Interval | None
    working_ci95: Interval | None
    counts: Mapping[str, int]
    target: float
    meets_target: bool
    suppressed: Literal[False] = False

    json_keys = (
        "n", "suppressed", "level", "with_plan", "with_plan_ci95", "working", "working_ci95", "counts", "target",
        "meets_target",
    )  # fmt: skip


@dataclass(frozen=True)
class SuppressedPlanKpi(Suppressed):
    """The KPI of a group hidden by the anonymity rules: its n and why."""

    shown = PlanKpi
    n: int
    reason: str
    suppressed: Literal[True] = True


# ---------------------------------------------------------------------------------------------------
# Score: one wave, per group and dimension


@dataclass(frozen=True)
class ItemResult(JsonResult):
    """One item in one group. ``counts`` is None when fewer than the threshold answered on the scale (or
    the item was hidden to protect a small one elsewhere); the rates of the non-substantive options and of
    blanks are percentages of the group's respondents and always shown with a shown dimension."""

    item_id: str
    reverse: bool
    n: int
    counts: Mapping[int, int] | None
    non_substantive: Mapping[str, float]
    blank: float

    def to_dict(self) -> JsonDict:
        return {
            "n": self.n,
            "reverse": self.reverse,
            "counts": None if self.counts is None else {str(k): v for k, v in self.counts.items()},
            "non_substantive": {code: num(rate) for code, rate in self.non_substantive.items()},
            "blank": num(self.blank),
        }


@dataclass(frozen=True)
class DimensionStats(Shown):
    """One dimension in one shown group. ``level == "indicative"``: n from the threshold to 9, so the
    interval and alpha are None."""

    dimension_id: str
    n: int
    level: Level
    mean: float | None
    sd: float | None
    ci95: Interval | None
    favourable: float | None
    alpha: float | None
    alpha_ci95: Interval | None
    items: Mapping[str, ItemResult] = field(default_factory=dict)
    #: Items left out of alpha because every respondent of the group gave them the same answer.
    alpha_left_out: tuple[str, ...] = ()
    #: Why a number is missing or changed: JSON key -> a ``NOTE_*`` of :mod:`.base`.
    notes: Mapping[str, str] = field(default_factory=dict)
    suppressed: Literal[False] = False

    json_keys = (
        "n", "suppressed", "level", "mean", "sd", "ci95", "favourable", "alpha", "alpha_ci95", "alpha_left_out",
        "notes", "items",
    )  # fmt: skip
    empty_keys = frozenset({"items", "notes"})


@dataclass(frozen=True)
class SuppressedDimension(Suppressed):
    """A dimension hidden by the anonymity rules: it carries no numbers."""

    shown = DimensionStats
    dimension_id: str
    n: int
    reason: str
    suppressed: Literal[True] = True


DimensionResult = DimensionStats | SuppressedDimension


@dataclass(frozen=True)
class GroupResult(Shown):
    label: str
    n: int
    level: Level
    dimensions: Mapping[str, DimensionResult]
    development_plan: PlanKpi | SuppressedPlanKpi | None = None
    suppressed: Literal[False] = False

    json_keys = ("n", "suppressed", "level", "dimensions", "development_plan")
    optional_keys = frozenset({"development_plan"})
    empty_keys = frozenset({"dimensions"})


@dataclass(frozen=True)
class SuppressedGroup(Suppressed):
    """A group hidden by the anonymity rules: its size and why, nothing else."""

    shown = GroupResult
    label: str
    n: int
    reason: str
    suppressed: Literal[True] = True


AnyGroup = GroupResult | SuppressedGroup


@dataclass(frozen=True)
class ScoreResult(JsonResult):
    questionnaire_id: str
    questionnaire_version: int
    role: str
    anonymity_threshold: int
    #: ``"all"`` first (every respondent), then one entry per group label when a breakdown was asked for.
    groups: Mapping[str, AnyGroup]

    @property
    def total(self) -> AnyGroup:
        return self.groups["all"]

    def to_dict(self) -> JsonDict:
        return {
            "questionnaire": {"id": self.questionnaire_id, "version": self.questionnaire_version},
            "role": self.role,
            "anonymity_threshold": self.anonymity_threshold,
            "groups": {label: group.to_dict() for label, group in self.groups.items()},
        }


# ---------------------------------------------------------------------------------------------------
# Compare: baseline vs end-line
