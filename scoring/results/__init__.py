"""Result objects of the scoring engine: frozen dataclasses that convert to JSON (see :mod:`.base` for the
conventions every result follows). One wave: :mod:`.scores`; baseline vs end-line: :mod:`.changes`;
managers vs employees: :mod:`.gaps`."""

from .base import Interval, JsonDict, JsonResult, Shown, Suppressed, num, plain
from .changes import (
    CompareResult,
    ComparisonResult,
    DimensionComparison,
    PairedResult,
    ReliableChangeCounts,
    SuppressedComparison,
    SuppressedPaired,
    WaveSummary,
)
from .gaps import DimensionGap, GapResult, SuppressedGap
from .scores import (
    AnyGroup,
    DimensionResult,
    DimensionStats,
    GroupResult,
    ItemResult,
    PlanKpi,
    ScoreResult,
    SuppressedDimension,
    SuppressedGroup,
    SuppressedPlanKpi,
)

__all__ = [
    "AnyGroup",
    "CompareResult",
    "ComparisonResult",
    "DimensionComparison",
    "DimensionGap",
    "DimensionResult",
    "DimensionStats",
    "GapResult",
    "GroupResult",
    "Interval",
    "ItemResult",
    "JsonDict",
    "JsonResult",
    "PairedResult",
    "PlanKpi",
    "ReliableChangeCounts",
    "ScoreResult",
    "Shown",
    "Suppressed",
    "SuppressedComparison",
    "SuppressedDimension",
    "SuppressedGap",
    "SuppressedGroup",
    "SuppressedPaired",
    "SuppressedPlanKpi",
    "WaveSummary",
    "num",
    "plain",
]
