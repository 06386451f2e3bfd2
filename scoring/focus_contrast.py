"""Did the themes companies worked on rise more than the others? The focus-vs-other contrast of change.

The evaluation question a province asks of a programme: companies chose 1–3 focus themes (dimensions) for
their plan of approach after the baseline; at the end-line, did those themes improve more than the themes
they did not choose? Per company *c* with a plan and both waves:

    D_c = mean change of its focus dimensions − mean change of its other dimensions

where a dimension's change is the employees' end-line mean minus their baseline mean (the ``difference`` of
a :class:`~scoring.results.DimensionComparison`). Across the companies: the mean of the D_c with its
Student t 95 % interval (the companies as the sample; df = n − 1).

Only what the anonymity rules show is used: the input is each company's :class:`~scoring.results.CompareResult`
as the report shows it (rules 1–3 applied), and a suppressed dimension, having no number, drops out. A company
left with no shown focus dimension, or no shown other dimension, drops out and is counted with its reason.
With fewer than :data:`MIN_COMPANIES` companies left there is no contrast, and the reason says why.

**Regression to the mean.** Companies chose their focus where they scored lowest, and a low group mean tends
to come out higher at the next measurement anyway (part of its lowness was chance). So a positive D_c is
expected even if the actions did nothing. Two numbers help to read it, and both are here:

* ``baseline_difference``: how much lower the focus themes started than the others (mean over companies);
* the same contrast **within each company's weaker half at the baseline** (:data:`WEAKEST`): the focus themes
  against the other themes that also started low, which takes out much of the selection on a low start,
  though not all of it (the chosen themes are usually the very lowest of that half).

Formulas and the reasons for the choices: docs/scoring.md §12.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy import special

from questionnaires.model import Questionnaire

from .matrix import layout
from .results import CompareResult, DimensionComparison
from .results.base import NOTE_IDENTICAL_CHANGES, Interval, JsonDict, JsonResult, num

#: Fewer companies than this give no contrast. An interval across 2–4 companies rests on 1–3 degrees of
#: freedom (t₀.₉₇₅ from 12.7 down to 3.2): it says little, and one company's plan would carry the mean.
MIN_COMPANIES = 5

#: A company whose focus dimensions are all suppressed (or not in the questionnaire) in the contrast's set.
REASON_NO_FOCUS_SHOWN = "no_focus_shown"
#: A company none of whose other dimensions in the contrast's set is shown.
REASON_NO_OTHER_SHOWN = "no_other_shown"
#: Why a contrast has no mean: fewer than ``minimum`` companies counted.
REASON_TOO_FEW_COMPANIES = "too_few_companies"
#: The order the drop-out reasons are reported in.
DROP_REASONS = (REASON_NO_FOCUS_SHOWN, REASON_NO_OTHER_SHOWN)

#: The two sets of dimensions a contrast is made within: all shown ones, or the weaker half at the baseline.
Within = Literal["all", "weakest"]
ALL: Within = "all"
WEAKEST: Within = "weakest"


@dataclass(frozen=True)
class Contrast(JsonResult):
    """The focus-vs-other contrast across companies, within one set of dimensions (``within``).

    ``mean`` is the mean over the counted companies of D_c; ``focus_change`` and ``other_change`` are the means
    over the same companies of their focus and other mean changes (``mean = focus_change − other_change``);
    ``baseline_difference`` the mean of (focus baseline mean − other baseline mean): negative when the focus
    themes started lower. All None when fewer than ``minimum`` companies count (``reason`` says so).
    """

    within: Within
    n: int
    minimum: int
    mean: float | None
    sd: float | None
    ci95: Interval | None
    focus_change: float | None
    other_change: float | None
    baseline_difference: float | None
    #: Companies with a plan that dropped out, per reason in :data:`DROP_REASONS` (0 included).
    dropped: Mapping[str, int]
    reason: str | None = None
    #: Why a number is missing or changed: JSON key -> a ``NOTE_*`` of :mod:`scoring.results.base`.
    notes: Mapping[str, str] = field(default_factory=dict)

    @property
    def computable(self) -> bool:
        return self.mean is not None

    def to_dict(self) -> JsonDict:
        return {
            "within": self.within,
            "n": self.n,
            "minimum": self.minimum,
            "mean": num(self.mean),
            "sd": num(self.sd),
            "ci95": None if self.ci95 is None else self.ci95.to_list(),
            "focus_change": num(self.focus_change),
            "other_change": num(self.other_change),
            "baseline_difference": num(self.baseline_difference),
            "dropped": dict(self.dropped),
            "reason": self.reason,
            "notes": dict(self.notes),
        }


@dataclass(frozen=True)
class FocusContrast(JsonResult):
    """Both contrasts of a programme: over all shown dimensions, and within the weaker half at the baseline.

    ``companies``: the companies given with a plan that names at least one focus dimension (each one either
    counted in a contrast or dropped with a reason).
    """

    companies: int
    overall: Contrast
    weakest: Contrast

    def to_dict(self) -> JsonDict:
        return {"companies": self.companies, "all": self.overall.to_dict(), "weakest": self.weakest.to_dict()}


@dataclass(frozen=True)
class _Company:
    """One company's contribution: mean change and mean baseline of its focus and of its other dimensions."""

    focus_change: float
    other_change: float
    focus_baseline: float
    other_baseline: float


def _weaker_half(baseline: Mapping[str, float]) -> set[str]:
    """The dimensions whose baseline mean is at or below the ⌈m/2⌉-th lowest of the m given (ties at the
    border all in; means compared to 10 decimals, as equal fractions can differ in the last bit)."""
    rounded = {dim_id: round(mean, 10) for dim_id, mean in baseline.items()}
    if not rounded:
        return set()
    border = sorted(rounded.values())[math.ceil(len(rounded) / 2) - 1]
    return {dim_id for dim_id, mean in rounded.items() if mean <= border}


def _company(
    focus: Collection[str], change: Mapping[str, float], baseline: Mapping[str, float], within: Within
) -> _Company | str:
    """The company's means, or the reason it drops out."""
    considered = set(change) if within == ALL else _weaker_half(baseline)
    chosen = [d for d in change if d in considered and d in focus]
    other = [d for d in change if d in considered and d not in focus]
    if not chosen:
        return REASON_NO_FOCUS_SHOWN
    if not other:
        return REASON_NO_OTHER_SHOWN
    return _Company(
        focus_change=float(np.mean([change[d] for d in chosen])),
        other_change=float(np.mean([change[d] for d in other])),
        focus_baseline=float(np.mean([baseline[d] for d in chosen])),
        other_baseline=float(np.mean([baseline[d] for d in other])),
    )


def _contrast(
    companies: Sequence[tuple[set[str], dict[str, float], dict[str, float]]],
    within: Within,
    minimum: int,
    span: float,
) -> Contrast:
    counted: list[_Company] = []
    dropped = dict.fromkeys(DROP_REASONS, 0)
    for chosen, change, baseline in companies:
        found = _company(chosen, change, baseline, within)
        if isinstance(found, str):
            dropped[found] += 1
        else:
            counted.append(found)
    n = len(counted)
    if n < minimum:
        return Contrast(within, n, minimum, None, None, None, None, None, None, dropped, REASON_TOO_FEW_COMPANIES)
    focus = np.array([c.focus_change for c in counted])
    other = np.array([c.other_change for c in counted])
    d = focus - other
    mean = float(d.mean())
    notes: dict[str, str] = {}
    if np.unique(np.round(d, 10)).size == 1:
        # Every company has the same D_c: no spread, so no interval (as for identical linked changes, §7).
        sd = 0.0
        ci95 = None
        notes["ci95"] = NOTE_IDENTICAL_CHANGES
    else:
        sd = float(np.sqrt(np.sum((d - mean) ** 2) / (n - 1)))
        half = float(special.stdtrit(n - 1, 0.975)) * sd / math.sqrt(n)  # t.ppf, without importing scipy.stats
        # D_c lies within ±2·span (each mean change within ±span): an interval beyond that is cut there.
        ci95 = Interval.bounded(mean - half, mean + half, -2 * span, 2 * span, notes, "ci95")
    base = np.array([c.focus_baseline - c.other_baseline for c in counted])
    return Contrast(
        within=within,
        n=n,
        minimum=minimum,
        mean=mean,
        sd=sd,
        ci95=ci95,
        focus_change=float(focus.mean()),
        other_change=float(other.mean()),
        baseline_difference=float(base.mean()),
        dropped=dropped,
        notes=notes,
    )


def focus_contrast(
    questionnaire: Questionnaire,
    companies: Sequence[tuple[Collection[str], CompareResult]],
    minimum: int = MIN_COMPANIES,
) -> FocusContrast:
    """The focus-vs-other contrast of the ``companies`` that have a plan.

    Each company is ``(focus, comparison)``: the ids of its focus dimensions, and its employees' baseline vs
    end-line comparison **as shown** (the anonymity rules applied: a suppressed dimension has no number and
    drops out). A company whose ``focus`` is empty has no plan to read and is left out (not counted as
    dropped). ``minimum`` companies are needed for a contrast (at least 2: below that there is no interval).
    """
    if minimum < 2:
        raise ValueError("a contrast needs at least 2 companies")
    with_plan = [(set(focus), *shown_changes(comparison)) for focus, comparison in companies if focus]
    lay = layout(questionnaire, "employee")
    span = max((float(d.scale.max - d.scale.min) for d in lay.dimensions), default=0.0)
    return FocusContrast(
        companies=len(with_plan),
        overall=_contrast(with_plan, ALL, minimum, span),
        weakest=_contrast(with_plan, WEAKEST, minimum, span),
    )


def shown_changes(comparison: CompareResult) -> tuple[dict[str, float], dict[str, float]]:
    """Per dimension that ``comparison`` shows (not suppressed, with a difference and a baseline mean): its
    change (end-line mean − baseline mean) and its baseline mean."""
    change: dict[str, float] = {}
    baseline: dict[str, float] = {}
    for dim_id, result in comparison.dimensions.items():
        if not isinstance(result, DimensionComparison):
            continue
        diff, base = num(result.difference), num(result.baseline.mean)
        if diff is not None and base is not None:
            change[dim_id] = diff
            baseline[dim_id] = base
    return change, baseline
