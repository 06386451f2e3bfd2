"""Result objects of the scoring engine: frozen dataclasses that convert to JSON.

Conventions (the same in every class):

* a number that cannot be computed or may not be shown is ``None`` (``null`` in JSON), never NaN;
  :func:`num` turns NaN and infinities into None and numpy scalars into plain floats;
* percentages (% favourable, rates, KPI shares) are on 0..100; a change in % favourable is in points;
* a suppressed result is its own class (``SuppressedGroup``, ``SuppressedDimension`` ...) that has no
  fields for numbers at all; its JSON form keeps the keys of the shown form, with ``null`` values, so a
  reader of the JSON finds the same shape either way. The shown class names its JSON keys once
  (:class:`Shown`); the suppressed twin (:class:`Suppressed`) derives its JSON from them;
* results are addressable by dimension id (``result.groups["all"].dimensions["veiligheid"]``).

``to_dict()`` gives plain dicts/lists/str/int/float/bool/None; ``to_json()`` dumps them with
``allow_nan=False``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np

from .anonymity import SUPPRESSED, Level

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


def plain(value: Any) -> Any:
    """``value`` as plain JSON data: floats through :func:`num`, intervals as ``[low, high]``, results
    through their ``to_dict``, mappings with string keys; None, bool, int and str as they are."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | np.floating):
        return num(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, Interval):
        return value.to_list()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"no JSON form for {type(value).__name__}")


class _Json:
    def to_dict(self) -> JsonDict:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def to_json(self, indent: int | None = 2) -> str:
        """JSON text; raises ValueError should a NaN ever slip through."""
        return json.dumps(self.to_dict(), allow_nan=False, ensure_ascii=False, indent=indent)


class Shown(_Json):
    """A result the anonymity rules could have hidden, shown: its JSON form is :attr:`json_keys` in that
    order, each the :func:`plain` value of the attribute of that name (:meth:`_json_value`).

    Its :class:`Suppressed` twin takes the same keys from here, so the two shapes cannot drift apart.
    """

    #: The keys of the JSON form, in order.
    json_keys: ClassVar[tuple[str, ...]]
    #: Keys of optional parts, left out of the JSON when None (in the suppressed twin: always).
    optional_keys: ClassVar[frozenset[str]] = frozenset()
    #: Keys of collections that a suppressed twin gives as ``{}`` rather than ``null``.
    empty_keys: ClassVar[frozenset[str]] = frozenset()

    def _json_value(self, key: str) -> Any:
        """The value behind JSON key ``key``: by default the attribute of that name."""
        return getattr(self, key)

    def to_dict(self) -> JsonDict:
        out: JsonDict = {}
        for key in self.json_keys:
            value = self._json_value(key)
            if value is not None or key not in self.optional_keys:
                out[key] = plain(value)
        return out


class Suppressed(_Json):
    """A result hidden by the anonymity rules: the JSON keys of its shown twin (:attr:`shown`) with
    ``"suppressed": true``, ``"level": "suppressed"``, the ``reason`` after the level, the few counts the
    twin carries (its fields of the same name, or :meth:`_json_value`) and ``null`` (or ``{}``) for the rest."""

    #: The class of the shown form.
    shown: ClassVar[type[Shown]]
    reason: str
    suppressed: Literal[True]

    @property
    def level(self) -> Level:
        return SUPPRESSED

    def _json_value(self, key: str) -> Any:
        """What the twin knows for JSON key ``key``: its attribute of that name, else None."""
        return getattr(self, key, None)

    def to_dict(self) -> JsonDict:
        shown = self.shown
        out: JsonDict = {}
        for key in shown.json_keys:
            value = self._json_value(key)
            if value is None and key in shown.optional_keys:
                continue
            out[key] = {} if value is None and key in shown.empty_keys else plain(value)
            if key == "level":
                out["reason"] = self.reason
        return out


# ---------------------------------------------------------------------------------------------------
# Development-plan KPI


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
    suppressed: Literal[False] = False

    json_keys = ("n", "suppressed", "level", "mean", "sd", "ci95", "favourable", "alpha", "alpha_ci95", "items")
    empty_keys = frozenset({"items"})


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
class PairedResult(Shown):
    """Respondents who linked both waves with their own code."""

    n: int
    level: Level
    mean_difference: float | None
    ci95: Interval | None
    d_z: float | None
    wilcoxon_p: float | None
    reliable_change: ReliableChangeCounts | None
    suppressed: Literal[False] = False

    json_keys = ("n", "suppressed", "level", "mean_difference", "ci95", "d_z", "wilcoxon_p", "reliable_change")


@dataclass(frozen=True)
class SuppressedPaired(Suppressed):
    """A paired result hidden by rule 7: the number of pairs and why."""

    shown = PairedResult
    n: int
    reason: str
    suppressed: Literal[True] = True


@dataclass(frozen=True)
class DimensionComparison(Shown):
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

    json_keys = (
        "suppressed", "level", "baseline", "endline", "difference", "ci95", "welch_t", "df", "p", "hedges_g",
        "hedges_g_ci95", "effect_size", "cliffs_delta", "favourable_change", "paired",
    )  # fmt: skip
    optional_keys = frozenset({"paired"})


@dataclass(frozen=True)
class SuppressedComparison(Suppressed):
    """A comparison hidden because a wave has fewer respondents than the threshold (or by complementary
    suppression); each wave's summary keeps its n."""

    shown = DimensionComparison
    dimension_id: str
    n_baseline: int
    n_endline: int
    reason: str
    suppressed: Literal[True] = True

    def _json_value(self, key: str) -> Any:
        if key == "baseline":
            return WaveSummary(self.n_baseline, None, None, None)
        if key == "endline":
            return WaveSummary(self.n_endline, None, None, None)
        return super()._json_value(key)


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
class DimensionGap(Shown):
    """Manager mean minus employee mean on one dimension (positive: managers see it more favourably)."""

    dimension_id: str
    level: Level
    employee_n: int
    employee_mean: float | None
    manager_n: int
    manager_mean: float | None
    gap: float | None
    suppressed: Literal[False] = False

    json_keys = ("suppressed", "level", "employee", "manager", "gap")

    def _json_value(self, key: str) -> Any:
        if key == "employee":
            return {"n": self.employee_n, "mean": self.employee_mean}
        if key == "manager":
            return {"n": self.manager_n, "mean": self.manager_mean}
        return super()._json_value(key)


@dataclass(frozen=True)
class SuppressedGap(Suppressed):
    """A gap hidden because the employee side is (rule 6): both roles' n and why."""

    shown = DimensionGap
    dimension_id: str
    employee_n: int
    manager_n: int
    reason: str
    suppressed: Literal[True] = True

    def _json_value(self, key: str) -> Any:
        if key == "employee":
            return {"n": self.employee_n, "mean": None}
        if key == "manager":
            return {"n": self.manager_n, "mean": None}
        return super()._json_value(key)


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
