"""Results of managers vs employees per dimension: the perception gap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..anonymity import Level
from .base import JsonDict, JsonResult, Shown, Suppressed


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
class GapResult(JsonResult):
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
