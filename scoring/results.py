"""Result objects of the scoring engine: frozen dataclasses that convert to JSON.

Conventions (the same in every class):

* a number that cannot be computed or may not be shown is ``None`` (``null`` in JSON), never NaN;
  :func:`num` turns NaN and infinities into None and numpy scalars into plain floats;
* percentages (% favourable, rates, KPI shares) are on 0..100; a change in % favourable is in points;
* a suppressed result is its own class (``SuppressedGroup``, ``SuppressedDimension`` ...) that has no
  fields for numbers at all; its JSON form keeps the keys of the shown form, with ``null`` values, so a
  reader of the JSON finds the same shape either way;
* results are addressable by dimension id (``result.groups["all"].dimensions["veiligheid"]``).

``to_dict()`` gives plain dicts/lists/str/int/float/bool/None; ``to_json()`` dumps them with
``allow_nan=False``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from .anonymity import Level

JsonDict = dict[str, Any]


def num(x: float | np.floating[Any] | None) -> float | None:
    """A plain float, or None for None, NaN and infinities."""
    if x is None:
        return None
    value = float(x)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @staticmethod
    def make(low: float | np.floating[Any] | None, high: float | np.floating[Any] | None) -> Interval | None:
        """An interval, or None when either end is missing or not finite."""
        lo, hi = num(low), num(high)
        if lo is None or hi is None:
            return None
        return Interval(lo, hi)

    def to_list(self) -> list[float]:
        return [self.low, self.high]


def _interval(value: Interval | None) -> list[float] | None:
    return None if value is None else value.to_list()


class _Json:
    def to_dict(self) -> JsonDict:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def to_json(self, indent: int | None = 2) -> str:
        """JSON text; raises ValueError should a NaN ever slip through."""
        return json.dumps(self.to_dict(), allow_nan=False, ensure_ascii=False, indent=indent)


# ---------------------------------------------------------------------------------------------------
# Development-plan KPI


@dataclass(frozen=True)
class PlanKpi(_Json):
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

    def to_dict(self) -> JsonDict:
        return {
            "n": self.n,
            "suppressed": False,
            "level": self.level,
            "with_plan": num(self.with_plan),
            "with_plan_ci95": _interval(self.with_plan_ci95),
            "working": num(self.working),
            "working_ci95": _interval(self.working_ci95),
            "counts": dict(self.counts),
            "target": self.target,
            "meets_target": self.meets_target,
        }


@dataclass(frozen=True)
class SuppressedPlanKpi(_Json):
    n: int
    reason: str
    suppressed: Literal[True] = True

    @property
    def level(self) -> Level:
        return "suppressed"

    def to_dict(self) -> JsonDict:
        return {
            "n": self.n,
            "suppressed": True,
            "level": "suppressed",
            "reason": self.reason,
            "with_plan": None,
            "with_plan_ci95": None,
            "working": None,
            "working_ci95": None,
            "counts": None,
            "target": None,
            "meets_target": None,
        }


# ---------------------------------------------------------------------------------------------------
# Score: one wave, per group and dimension


@dataclass(frozen=True)
class ItemResult(_Json):
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
class DimensionStats(_Json):
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
    suppressed: Literal[False] = False

    def to_dict(self) -> JsonDict:
        return {
            "n": self.n,
            "suppressed": False,
            "level": self.level,
            "mean": num(self.mean),
            "sd": num(self.sd),
            "ci95": _interval(self.ci95),
            "favourable": num(self.favourable),
            "alpha": num(self.alpha),
            "alpha_ci95": _interval(self.alpha_ci95),
            "items": {item_id: item.to_dict() for item_id, item in self.items.items()},
        }


@dataclass(frozen=True)
class SuppressedDimension(_Json):
    """A dimension hidden by the anonymity rules: it carries no numbers."""

    dimension_id: str
    n: int
    reason: str
    suppressed: Literal[True] = True

    @property
    def level(self) -> Level:
        return "suppressed"

    def to_dict(self) -> JsonDict:
        return {
            "n": self.n,
            "suppressed": True,
            "level": "suppressed",
            "reason": self.reason,
            "mean": None,
            "sd": None,
            "ci95": None,
            "favourable": None,
            "alpha": None,
            "alpha_ci95": None,
            "items": {},
        }


DimensionResult = DimensionStats | SuppressedDimension


@dataclass(frozen=True)
class GroupResult(_Json):
    label: str
    n: int
    level: Level
    dimensions: Mapping[str, DimensionResult]
    development_plan: PlanKpi | SuppressedPlanKpi | None = None
    suppressed: Literal[False] = False

    def to_dict(self) -> JsonDict:
        out: JsonDict = {
            "n": self.n,
            "suppressed": False,
            "level": self.level,
            "dimensions": {dim_id: dim.to_dict() for dim_id, dim in self.dimensions.items()},
        }
        if self.development_plan is not None:
            out["development_plan"] = self.development_plan.to_dict()
        return out


@dataclass(frozen=True)
class SuppressedGroup(_Json):
    """A group hidden by the anonymity rules: its size and why, nothing else."""

    label: str
    n: int
    reason: str
    suppressed: Literal[True] = True

    @property
    def level(self) -> Level:
        return "suppressed"

    def to_dict(self) -> JsonDict:
        return {
            "n": self.n,
            "suppressed": True,
            "level": "suppressed",
            "reason": self.reason,
            "dimensions": {},
        }


AnyGroup = GroupResult | SuppressedGroup


@dataclass(frozen=True)
class ScoreResult(_Json):
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


@dataclass(frozen=True)
class WaveSummary:
    n: int
    mean: float | None
    sd: float | None
    favourable: float | None

    def to_dict(self) -> JsonDict:
        return {"n": self.n, "mean": num(self.mean), "sd": num(self.sd), "favourable": num(self.favourable)}


@dataclass(frozen=True)
class ReliableChangeCounts:
    improved: int
    unchanged: int
    deteriorated: int

    def to_dict(self) -> JsonDict:
        return {"improved": self.improved, "unchanged": self.unchanged, "deteriorated": self.deteriorated}


@dataclass(frozen=True)
class PairedResult(_Json):
    """Respondents who linked both waves with their own code."""

    n: int
    level: Level
    mean_difference: float | None
    ci95: Interval | None
    d_z: float | None
    wilcoxon_p: float | None
    reliable_change: ReliableChangeCounts | None
    suppressed: Literal[False] = False

    def to_dict(self) -> JsonDict:
        return {
            "n": self.n,
            "suppressed": False,
            "level": self.level,
            "mean_difference": num(self.mean_difference),
            "ci95": _interval(self.ci95),
            "d_z": num(self.d_z),
            "wilcoxon_p": num(self.wilcoxon_p),
            "reliable_change": None if self.reliable_change is None else self.reliable_change.to_dict(),
        }


@dataclass(frozen=True)
class SuppressedPaired(_Json):
    n: int
    reason: str
    suppressed: Literal[True] = True

    @property
    def level(self) -> Level:
        return "suppressed"

    def to_dict(self) -> JsonDict:
        return {
            "n": self.n,
            "suppressed": True,
            "level": "suppressed",
            "reason": self.reason,
            "mean_difference": None,
            "ci95": None,
            "d_z": None,
            "wilcoxon_p": None,
            "reliable_change": None,
        }


@dataclass(frozen=True)
class DimensionComparison(_Json):
    """Baseline vs end-line on one dimension; ``difference`` is end-line minus baseline."""

    dimension_id: str
    level: Level
    baseline: WaveSummary
    endline: WaveSummary
    difference: float | None
    ci95: Interval | None
    welch_t: float | None
    df: float | None
    p: float | None
    hedges_g: float | None
    hedges_g_ci95: Interval | None
    effect_size: str | None
    cliffs_delta: float | None
    favourable_change: float | None
    paired: PairedResult | SuppressedPaired | None = None
    suppressed: Literal[False] = False

    def to_dict(self) -> JsonDict:
        out: JsonDict = {
            "suppressed": False,
            "level": self.level,
            "baseline": self.baseline.to_dict(),
            "endline": self.endline.to_dict(),
            "difference": num(self.difference),
            "ci95": _interval(self.ci95),
            "welch_t": num(self.welch_t),
            "df": num(self.df),
            "p": num(self.p),
            "hedges_g": num(self.hedges_g),
            "hedges_g_ci95": _interval(self.hedges_g_ci95),
            "effect_size": self.effect_size,
            "cliffs_delta": num(self.cliffs_delta),
            "favourable_change": num(self.favourable_change),
        }
        if self.paired is not None:
            out["paired"] = self.paired.to_dict()
        return out


@dataclass(frozen=True)
class SuppressedComparison(_Json):
    """A comparison hidden because a wave has fewer respondents than the threshold."""

    dimension_id: str
    n_baseline: int
    n_endline: int
    reason: str
    suppressed: Literal[True] = True

    @property
    def level(self) -> Level:
        return "suppressed"

    def to_dict(self) -> JsonDict:
        empty = {"mean": None, "sd": None, "favourable": None}
        return {
            "suppressed": True,
            "level": "suppressed",
            "reason": self.reason,
            "baseline": {"n": self.n_baseline, **empty},
            "endline": {"n": self.n_endline, **empty},
            "difference": None,
            "ci95": None,
            "welch_t": None,
            "df": None,
            "p": None,
            "hedges_g": None,
            "hedges_g_ci95": None,
            "effect_size": None,
            "cliffs_delta": None,
            "favourable_change": None,
        }


ComparisonResult = DimensionComparison | SuppressedComparison


@dataclass(frozen=True)
class CompareResult(_Json):
    questionnaire_id: str
    questionnaire_version: int
    role: str
    anonymity_threshold: int
    n_baseline: int
    n_endline: int
    dimensions: Mapping[str, ComparisonResult]
    development_plan: Mapping[str, PlanKpi | SuppressedPlanKpi] | None = None

    def to_dict(self) -> JsonDict:
        out: JsonDict = {
            "questionnaire": {"id": self.questionnaire_id, "version": self.questionnaire_version},
            "role": self.role,
            "anonymity_threshold": self.anonymity_threshold,
            "n_baseline": self.n_baseline,
            "n_endline": self.n_endline,
            "dimensions": {dim_id: dim.to_dict() for dim_id, dim in self.dimensions.items()},
        }
        if self.development_plan is not None:
            out["development_plan"] = {wave: kpi.to_dict() for wave, kpi in self.development_plan.items()}
        return out


# ---------------------------------------------------------------------------------------------------
# Manager vs employee perception gap


@dataclass(frozen=True)
class DimensionGap(_Json):
    """Manager mean minus employee mean on one dimension (positive: managers see it more favourably)."""

    dimension_id: str
    level: Level
    employee_n: int
    employee_mean: float | None
    manager_n: int
    manager_mean: float | None
    gap: float | None
    suppressed: Literal[False] = False

    def to_dict(self) -> JsonDict:
        return {
            "suppressed": False,
            "level": self.level,
            "employee": {"n": self.employee_n, "mean": num(self.employee_mean)},
            "manager": {"n": self.manager_n, "mean": num(self.manager_mean)},
            "gap": num(self.gap),
        }


@dataclass(frozen=True)
class SuppressedGap(_Json):
    dimension_id: str
    employee_n: int
    manager_n: int
    reason: str
    suppressed: Literal[True] = True

    @property
    def level(self) -> Level:
        return "suppressed"

    def to_dict(self) -> JsonDict:
        return {
            "suppressed": True,
            "level": "suppressed",
            "reason": self.reason,
            "employee": {"n": self.employee_n, "mean": None},
            "manager": {"n": self.manager_n, "mean": None},
            "gap": None,
        }


@dataclass(frozen=True)
class GapResult(_Json):
    questionnaire_id: str
    questionnaire_version: int
    anonymity_threshold: int
    dimensions: Mapping[str, DimensionGap | SuppressedGap]

    def to_dict(self) -> JsonDict:
        return {
            "questionnaire": {"id": self.questionnaire_id, "version": self.questionnaire_version},
            "anonymity_threshold": self.anonymity_threshold,
            "dimensions": {dim_id: dim.to_dict() for dim_id, dim in self.dimensions.items()},
        }
