"""Fixtures for the scoring tests: the small example questionnaire and a builder for made-up ones."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import questionnaires
from questionnaires.model import Questionnaire

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "small-questionnaire.json"


@pytest.fixture(scope="session")
def example() -> Questionnaire:
    """2 dimensions x 3 items (vei2 and tij2 reverse), agree5 with "dk", a development-plan question."""
    return questionnaires.load_file(EXAMPLE)


def build_definition(
    dims: dict[str, Sequence[bool]],
    *,
    scale: tuple[int, int] = (1, 5),
    favourable_from: int = 4,
    non_substantive: Sequence[str] = ("dk",),
    threshold: int = 5,
    share: float = 0.6,
    manager_items: bool = True,
) -> dict[str, Any]:
    """A valid definition: per dimension id the reverse flags of its items (items ``<dim>_<i>``)."""
    lo, hi = scale
    text = {"nl": "x", "en": "x"}
    items = []
    for dim_id, flags in dims.items():
        for i, reverse in enumerate(flags):
            roles = {"employee": text, "manager": text} if manager_items else {"employee": text}
            items.append({"id": f"{dim_id}_{i}", "dimension": dim_id, "scale": "s", "reverse": reverse, "text": roles})
    plan_options = [{"code": c, "label": text} for c in ("none", "making", "not_started", "working")]
    return {
        "id": "test",
        "version": 1,
        "languages": ["nl", "en"],
        "title": text,
        "roles": ["employee", "manager"] if manager_items else ["employee"],
        "scales": {
            "s": {
                "min": lo,
                "max": hi,
                "points": [{"value": v, "label": text} for v in range(lo, hi + 1)],
                "favourable_from": favourable_from,
                "non_substantive": [{"code": c, "label": text} for c in non_substantive],
            }
        },
        "dimensions": [{"id": d, "name": {"nl": d, "en": d}, "description": text} for d in dims],
        "items": items,
        "questions": [{"id": "plan", "type": "development_plan", "text": {"employee": text}, "options": plan_options}],
        "sections": [{"id": "all", "title": text, "elements": [it["id"] for it in items] + ["plan"]}],
        "scoring": {"min_answered_share": share, "anonymity_threshold": threshold},
    }


@pytest.fixture(scope="session")
def definition() -> Callable[..., dict[str, Any]]:
    """``definition(dims, **options)``: a fresh definition dict to alter before loading."""
    return build_definition


@pytest.fixture(scope="session")
def make_questionnaire() -> Callable[..., Questionnaire]:
    def make(dims: dict[str, Sequence[bool]], **kwargs: Any) -> Questionnaire:
        return questionnaires.load_data(build_definition(dims, **kwargs))

    return make


def _likert(rng: np.random.Generator, n: int, k: int, missing: float = 0.0, lo: int = 1, hi: int = 5) -> np.ndarray:
    """Correlated Likert answers (one latent trait), with a share of NaN."""
    latent = rng.normal(size=(n, 1))
    raw = (lo + hi) / 2 + latent + rng.normal(scale=0.9, size=(n, k))
    values = np.clip(np.round(raw), lo, hi)
    values[rng.random((n, k)) < missing] = np.nan
    return values


@pytest.fixture(scope="session")
def likert() -> Callable[..., np.ndarray]:
    """``likert(rng, n, k, missing=0.0, lo=1, hi=5)``: correlated Likert answers with NaN."""
    return _likert
