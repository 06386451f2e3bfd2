"""An independent calculation of the focus-vs-other contrast (scoring.focus_contrast), from plans and results.

Used by the scoring test (hand-made comparisons), the report test (a synthetic programme) and the app test
(a programme from the database); point :func:`check_programme` at any programme, the demo's included.

The calculation shares none of the module's steps: a companies × dimensions matrix with NaN for what is not
shown, boolean masks for the focus and for the weaker half (``scipy.stats.rankdata``), and the mean and
interval from ``scipy.stats.ttest_1samp`` (checked against ``scipy.stats.t.interval``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pytest
from scipy import stats

from reports.plan import Plan
from reports.programme import ProgrammeInput, ProgrammeReport, letters
from scoring.focus_contrast import MIN_COMPANIES, REASON_NO_FOCUS_SHOWN, REASON_NO_OTHER_SHOWN, Contrast
from scoring.results import CompareResult, DimensionComparison

#: What a company shows per dimension: (baseline mean, end-line mean), or None when suppressed.
Shown = Mapping[str, tuple[float, float] | None]


def shown_from(result: CompareResult) -> dict[str, tuple[float, float] | None]:
    """The means a comparison shows, per dimension (None where the anonymity rules hide it)."""
    out: dict[str, tuple[float, float] | None] = {}
    for dim_id, dim in result.dimensions.items():
        if isinstance(dim, DimensionComparison) and dim.baseline.mean is not None and dim.endline.mean is not None:
            out[dim_id] = (dim.baseline.mean, dim.endline.mean)
        else:
            out[dim_id] = None
    return out


def independent(
    companies: Sequence[tuple[Sequence[str], Shown]],
    dims: Sequence[str],
    weakest: bool = False,
    minimum: int = MIN_COMPANIES,
) -> dict[str, object]:
    """The contrast of ``companies`` (focus ids, shown means) over ``dims``, computed another way."""
    with_plan = [(focus, shown) for focus, shown in companies if focus]
    if not with_plan:
        return {"n": 0, "dropped": {REASON_NO_FOCUS_SHOWN: 0, REASON_NO_OTHER_SHOWN: 0}}

    def means(at: int) -> np.ndarray:
        return np.array([[np.nan if s.get(d) is None else s[d][at] for d in dims] for _, s in with_plan])  # type: ignore[index]

    base, end = means(0), means(1)
    focus = np.array([[d in f for d in dims] for f, _ in with_plan])
    change = end - base
    seen = ~np.isnan(change)
    if weakest:
        keep = np.zeros_like(seen)
        for i in range(len(with_plan)):
            cols = np.flatnonzero(seen[i])
            ranks = stats.rankdata(np.round(base[i, cols], 10), method="min")  # ties share the lowest rank
            keep[i, cols] = ranks <= math.ceil(cols.size / 2)
        seen &= keep
    f_mask, o_mask = seen & focus, seen & ~focus
    ok = f_mask.any(axis=1) & o_mask.any(axis=1)
    out: dict[str, object] = {
        "n": int(ok.sum()),
        "dropped": {
            REASON_NO_FOCUS_SHOWN: int((~f_mask.any(axis=1)).sum()),
            REASON_NO_OTHER_SHOWN: int((f_mask.any(axis=1) & ~o_mask.any(axis=1)).sum()),
        },
    }
    with np.errstate(invalid="ignore"):
        f_change = np.nansum(np.where(f_mask, change, 0), axis=1) / f_mask.sum(axis=1)
        o_change = np.nansum(np.where(o_mask, change, 0), axis=1) / o_mask.sum(axis=1)
        f_base = np.nansum(np.where(f_mask, base, 0), axis=1) / f_mask.sum(axis=1)
        o_base = np.nansum(np.where(o_mask, base, 0), axis=1) / o_mask.sum(axis=1)
    d = (f_change - o_change)[ok]
    if d.size < minimum:
        return out
    test = stats.ttest_1samp(d, 0.0)
    ci = test.confidence_interval(0.95)
    low, high = stats.t.interval(0.95, d.size - 1, loc=d.mean(), scale=stats.sem(d))
    assert (low, high) == pytest.approx((ci.low, ci.high), abs=1e-12)
    return out | {
        "mean": float(np.mean(d)),
        "sd": float(np.std(d, ddof=1)),
        "ci95": (float(ci.low), float(ci.high)),
        "focus_change": float(f_change[ok].mean()),
        "other_change": float(o_change[ok].mean()),
        "baseline_difference": float((f_base - o_base)[ok].mean()),
    }


def check(found: Contrast, expected: Mapping[str, object]) -> None:
    """``found`` (the module's contrast) equals ``expected`` (:func:`independent`)."""
    assert found.n == expected["n"]
    assert dict(found.dropped) == expected["dropped"]
    if "mean" not in expected:
        assert found.mean is None and found.ci95 is None and found.reason is not None
        return
    assert found.reason is None
    assert found.mean == pytest.approx(expected["mean"], abs=1e-12)
    assert found.sd == pytest.approx(expected["sd"], abs=1e-12)
    assert found.ci95 is not None
    assert (found.ci95.low, found.ci95.high) == pytest.approx(expected["ci95"], abs=1e-12)
    assert found.focus_change == pytest.approx(expected["focus_change"], abs=1e-12)
    assert found.other_change == pytest.approx(expected["other_change"], abs=1e-12)
    assert found.baseline_difference == pytest.approx(expected["baseline_difference"], abs=1e-12)


def plans_by_letter(data: ProgrammeInput) -> dict[str, Plan | None]:
    """Each company letter of the programme report with its plan: the letters as the report gives them (the
    companies with both waves of the report's questionnaire, in order-key order)."""
    key = data.questionnaire.key
    counted = sorted(
        (
            c
            for c in data.companies
            if c.baseline is not None
            and c.endline is not None
            and c.baseline.questionnaire.key == key
            and c.endline.questionnaire.key == key
        ),
        key=lambda c: c.order_key,
    )
    return {letters(i): c.plan for i, c in enumerate(counted)}


def check_programme(report: ProgrammeReport, plans: Mapping[str, Plan | None]) -> dict[str, dict[str, object]]:
    """The report's contrast (both sets) equals the independent calculation from ``plans`` (by company letter)
    and the company comparisons the report shows. Returns the independent numbers."""
    assert report.plan_overview is not None
    assert set(plans) == {row.label for row in report.companies}
    dims = [d.id for d in report.questionnaire.dimensions if report.questionnaire.dimension_items(d.id, "employee")]
    companies = []
    for row in report.companies:
        plan = plans[row.label]
        companies.append((plan.focus_dimensions if plan is not None else (), shown_from(row.result)))
    found = report.plan_overview.contrast
    expected = {
        "all": independent(companies, dims),
        "weakest": independent(companies, dims, weakest=True),
    }
    check(found.overall, expected["all"])
    check(found.weakest, expected["weakest"])
    assert found.companies == sum(1 for focus, _ in companies if focus)
    return expected
