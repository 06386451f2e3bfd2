"""Candidate focus areas for a company's plan of approach, read from its report (pure: no database).

The plan page proposes dimensions to work on, from the latest wave whose employees' results are shown:

1. **Weakest**: the dimensions with the lowest employee mean, lowest first.
2. **Gaps**: the dimensions where managers and employees differ most (manager mean minus employee mean,
   by its size, either sign), from :data:`reports.words.NOTABLE_GAP_SHARE` of the scale's range (0.4 points
   on 1–5, the first screen's rule too): a smaller difference is no story to tell.

A candidate always carries the numbers it was chosen by. What the anonymity rules hide is therefore never
proposed: a dimension suppressed for the employees (rule 1) is no candidate at all, and a gap only where
the scoring result shows it (rule 6: for the company's own managers only from 3 managers, which the report
passed in, built with ``among_managers``, already applied). Such dimensions can still be chosen by hand
from the list of all dimensions, which shows no numbers. This module applies no threshold of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from questionnaires.model import Questionnaire, WaveKind
from scoring.results import DimensionGap, DimensionStats, GroupResult

from .company import CompanyReport, WaveResults
from .words import NOTABLE_GAP_SHARE

#: How many candidates of each kind are proposed.
PROPOSED = 3

Reason = Literal["weakest", "gap"]


@dataclass(frozen=True)
class Candidate:
    """One proposed focus area and the numbers it was proposed by (all shown by the anonymity rules)."""

    dimension_id: str
    reason: Reason
    #: The employees' mean on the dimension.
    employee_mean: float
    #: Percent of employees with a favourable score, when known.
    favourable: float | None = None
    #: The managers' mean (gap candidates only).
    manager_mean: float | None = None
    #: Manager mean minus employee mean (gap candidates only): positive means managers see it more favourably.
    gap: float | None = None


@dataclass(frozen=True)
class Proposals:
    """The candidates of one company, and where their numbers come from."""

    #: The wave the numbers come from; None when no wave has shown employee results (then no candidates).
    wave: WaveKind | None
    #: The day of the release the numbers stand on.
    data_date: dt.date | None
    #: The scale the means are on (lowest and highest point), for reading them.
    scale: tuple[int, int] | None
    weakest: tuple[Candidate, ...] = ()
    gaps: tuple[Candidate, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.weakest or self.gaps)


def _scale(q: Questionnaire, dimension_id: str) -> tuple[int, int] | None:
    items = q.dimension_items(dimension_id, "employee")
    if not items:
        return None
    scale = q.scales[items[0].scale]
    return scale.min, scale.max


def _source(report: CompanyReport) -> WaveResults | None:
    """The latest wave whose employee group is shown (an end-line without released results yet does not
    hide the baseline's)."""
    for wave in reversed(report.waves):
        if isinstance(wave.employee_total, GroupResult):
            return wave
    return None


def propose(report: CompanyReport, exclude: Collection[str] = (), count: int = PROPOSED) -> Proposals:
    """The candidate focus areas of ``report``'s company; dimensions in ``exclude`` (already chosen) are left
    out. Ties keep the questionnaire's order."""
    wave = _source(report)
    if wave is None:
        return Proposals(None, report.data_date, None)
    q = wave.questionnaire
    total = wave.employee_total
    assert isinstance(total, GroupResult)
    shown: dict[str, DimensionStats] = {
        dim.id: stats
        for dim in q.dimensions
        if dim.id not in exclude
        and isinstance(stats := total.dimensions.get(dim.id), DimensionStats)
        and stats.mean is not None
    }
    means = {d: float(stats.mean or 0.0) for d, stats in shown.items()}  # never None: filtered above
    order = {dim.id: i for i, dim in enumerate(q.dimensions)}
    weakest = sorted(shown, key=lambda d: (means[d], order[d]))[:count]
    gaps: list[tuple[float, int, Candidate]] = []
    for dim_id, stats in shown.items():
        found = wave.gap.dimensions.get(dim_id)
        bounds = _scale(q, dim_id)
        if not isinstance(found, DimensionGap) or found.gap is None or bounds is None:
            continue
        if abs(found.gap) < NOTABLE_GAP_SHARE * (bounds[1] - bounds[0]):
            continue
        candidate = Candidate(dim_id, "gap", means[dim_id], stats.favourable, found.manager_mean, found.gap)
        gaps.append((-abs(found.gap), order[dim_id], candidate))
    gaps.sort(key=lambda entry: entry[:2])
    scales = {_scale(q, d) for d in shown} - {None}
    return Proposals(
        wave.kind,
        report.data_date,
        next(iter(scales)) if len(scales) == 1 else None,
        tuple(Candidate(d, "weakest", means[d], shown[d].favourable) for d in weakest),
        tuple(c for *_, c in gaps[:count]),
    )
