"""Results of baseline vs end-line: per dimension as independent samples and for linked respondents."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..anonymity import Level
from .base import Interval, JsonDict, JsonResult, Shown, Suppressed, num
from .scores import PlanKpi, SuppressedPlanKpi


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


#: Where the SD and alpha of reliable change come from: the programme's baseline, or this company's (this file's).
ReferenceSource = Literal["programme", "baseline"]


@dataclass(frozen=True)
class ChangeReference:
    """The baseline SD and alpha that reliable change divides by (Jacobson & Truax's standard error of a
    difference), and whose they are: ``n`` baseline scores on the dimension, from ``companies`` companies
    (None for the company's own baseline)."""

    source: ReferenceSource
    n: int
    sd: float
    alpha: float
    companies: int | None = None

    @property
    def se_difference(self) -> float:
        """``sqrt(2) * SD * sqrt(1 - alpha)``."""
        return math.sqrt(2.0) * self.sd * math.sqrt(1.0 - self.alpha)

    def to_dict(self) -> JsonDict:
        return {
            "source": self.source,
            "n": self.n,
            "companies": self.companies,
            "sd": num(self.sd),
            "alpha": num(self.alpha),
        }


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
    #: Why a number is missing or changed: JSON key -> a ``NOTE_*`` of :mod:`.base`.
    notes: Mapping[str, str] = field(default_factory=dict)
    #: The SD and alpha the counts of reliable change used (None with the counts).
    reliable_change_reference: ChangeReference | None = None
    suppressed: Literal[False] = False

    json_keys = (
        "n", "suppressed", "level", "mean_difference", "ci95", "d_z", "wilcoxon_p", "reliable_change",
        "reliable_change_reference", "notes",
    )  # fmt: skip
    empty_keys = frozenset({"notes"})


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
    cliffs_delta_ci95: Interval | None = None
    #: Why a number is missing or changed: JSON key -> a ``NOTE_*`` of :mod:`.base`.
    notes: Mapping[str, str] = field(default_factory=dict)
    suppressed: Literal[False] = False

    json_keys = (
        "suppressed", "level", "baseline", "endline", "difference", "ci95", "welch_t", "df", "p", "hedges_g",
        "hedges_g_ci95", "effect_size", "cliffs_delta", "cliffs_delta_ci95", "favourable_change", "notes", "paired",
    )  # fmt: skip
    optional_keys = frozenset({"paired"})
    empty_keys = frozenset({"notes"})


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
class CompareResult(JsonResult):
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
