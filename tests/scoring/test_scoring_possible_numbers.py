"""Issue 16, "done when": ``score`` and ``compare`` (the JSON that ``quickscan score/compare --json`` print)
never give a value outside its possible range, an inverted interval, or an infinite or astronomically large
effect size, over random small data sets: n from 2 to 30 per wave, random missing answers, constant items,
and linked respondents who all changed by the same amount; reliable change with and without the programme's
baseline reference (random companies' baselines, some too few or without a usable alpha)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import questionnaires
from scoring import Answers, compare, programme_reference, score

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "small-questionnaire.json"
Q = questionnaires.load_file(EXAMPLE)  # 1-5 scale, two dimensions of three items (one reverse-worded each)
LO, HI = 1.0, 5.0
SPAN = HI - LO
#: No effect size of these data can honestly come near this (the largest possible is some hundreds).
HUGE = 1e4


def _interval(value: Any, low: float = -math.inf, high: float = math.inf) -> None:
    if value is None:
        return
    a, b = value
    assert math.isfinite(a) and math.isfinite(b)
    assert a <= b, f"inverted interval {value}"
    assert low - 1e-12 <= a and b <= high + 1e-12, f"interval {value} outside [{low}, {high}]"


def _within(value: Any, low: float, high: float) -> None:
    if value is not None:
        assert math.isfinite(value) and low - 1e-12 <= value <= high + 1e-12, f"{value} outside [{low}, {high}]"


def _check_score(data: dict[str, Any]) -> None:
    for group in data["groups"].values():
        for dim in group["dimensions"].values():
            _within(dim["mean"], LO, HI)
            _within(dim["sd"], 0, SPAN)
            _interval(dim["ci95"], LO, HI)
            _within(dim["favourable"], 0, 100)
            _within(dim["alpha"], -math.inf, 1)
            _interval(dim["alpha_ci95"], -math.inf, 1)
            if dim["alpha"] is not None and dim["alpha"] < 0:
                assert dim["alpha_ci95"] is None


def _check_compare(data: dict[str, Any]) -> None:
    for dim in data["dimensions"].values():
        for wave in ("baseline", "endline"):
            _within(dim[wave]["mean"], LO, HI)
        _within(dim["difference"], -SPAN, SPAN)
        _interval(dim["ci95"], -SPAN, SPAN)
        for key in ("welch_t", "hedges_g"):
            _within(dim[key], -HUGE, HUGE)
        _interval(dim["hedges_g_ci95"], -HUGE, HUGE)
        _within(dim["p"], 0, 1)
        _within(dim["cliffs_delta"], -1, 1)
        _interval(dim.get("cliffs_delta_ci95"), -1, 1)
        _within(dim["favourable_change"], -100, 100)
        paired = dim.get("paired")
        if paired is not None:
            _within(paired["mean_difference"], -SPAN, SPAN)
            _interval(paired["ci95"], -SPAN, SPAN)
            _within(paired["d_z"], -HUGE, HUGE)
            _within(paired["wilcoxon_p"], 0, 1)
            _check_reliable_change(paired)


def _check_reliable_change(paired: dict[str, Any]) -> None:
    """Counts that add up to the pairs, always with the finite SD above 0 and alpha in (0, 1) they used;
    none without a reference, then with the reason when there were pairs enough."""
    counts, ref = paired["reliable_change"], paired["reliable_change_reference"]
    assert (counts is None) is (ref is None)
    if counts is None:
        why = paired["notes"].get("reliable_change")
        assert why is None or (why == "reference_not_computable" and paired["level"] == "full")
        return
    assert paired["level"] == "full" and "reliable_change" not in paired["notes"]
    assert min(counts.values()) >= 0 and sum(counts.values()) == paired["n"]
    _within(ref["sd"], 1e-12, SPAN)
    assert 0 < ref["alpha"] < 1
    if ref["source"] == "programme":
        assert ref["n"] >= 30 and ref["companies"] >= 3
    else:
        assert ref["source"] == "baseline" and ref["n"] >= paired["n"] and ref["companies"] is None


@st.composite
def _wave(draw: st.DrawFn, n: int) -> np.ndarray:
    values = np.array(draw(st.lists(st.integers(1, 5), min_size=6 * n, max_size=6 * n)), dtype=float).reshape(n, 6)
    for col in draw(st.lists(st.integers(0, 5), max_size=3)):
        values[:, col] = draw(st.integers(1, 5))  # a constant item
    missing = draw(st.floats(0, 0.5))
    seed = draw(st.integers(0, 2**32 - 1))
    values[np.random.default_rng(seed).random(values.shape) < missing] = np.nan
    return values


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_score_and_compare_give_only_possible_numbers(data: st.DataObject) -> None:
    n_b, n_e = data.draw(st.integers(2, 30)), data.draw(st.integers(2, 30))
    base = data.draw(_wave(n_b))
    identical = data.draw(st.booleans())
    if identical:
        # Everyone linked, every answer there, and every item of the end-line one point higher than at the
        # baseline (where it can be): each respondent's change is the same fraction.
        n_e = n_b
        base = np.clip(np.nan_to_num(base, nan=3.0), 1, 4)
        end = base.copy()
        end[:, [0, 3]] += 1
        end[:, [1, 4]] -= 1  # reverse-worded: one point lower is one point better
        end = np.clip(end, 1, 5)
        base[:, [1, 4]] = np.maximum(base[:, [1, 4]], 2)
        end[:, [1, 4]] = base[:, [1, 4]] - 1
    else:
        end = data.draw(_wave(n_e))
    links = [f"c{i}" for i in range(min(n_b, n_e))]
    linked = data.draw(st.integers(0, len(links)))
    base_links = links[:linked] + [None] * (n_b - linked)
    end_links = links[:linked] + [None] * (n_e - linked)

    for answers in (base, end):
        scored = score(Q, Answers.from_values(answers))
        _check_score(json.loads(scored.to_json()))
    reference = None
    if data.draw(st.booleans()):
        others = [data.draw(_wave(data.draw(st.integers(2, 30)))) for _ in range(data.draw(st.integers(1, 4)))]
        reference = programme_reference(Q, [Answers.from_values(a) for a in (base, *others)])
    compared = compare(
        Q,
        Answers.from_values(base),
        Answers.from_values(end),
        baseline_links=base_links,
        endline_links=end_links,
        reference=reference,
    )
    _check_compare(json.loads(compared.to_json()))
