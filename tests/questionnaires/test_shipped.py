"""The questionnaire Quickscan ships, and the example in the docs, meet the rules of issue 2."""

from __future__ import annotations

from collections import Counter

import pytest

from questionnaires import Registry, load_file
from questionnaires.model import ROLES

from ..conftest import EXAMPLE, ROOT

SHIPPED = ROOT / "questionnaires" / "leercultuur-mkb.json"


def test_the_documented_example_is_valid() -> None:
    q = load_file(EXAMPLE)
    assert q.key == "voorbeeld@1"


def test_the_example_in_the_format_doc_is_the_example_file() -> None:
    doc = (ROOT / "docs" / "questionnaire-format.md").read_text(encoding="utf-8")
    assert "examples/small-questionnaire.json" in doc


def test_every_shipped_file_loads() -> None:
    registry = Registry()
    assert registry.errors == []
    assert len(registry) >= 1


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    return load_file(SHIPPED)


def test_shipped_identity(shipped) -> None:  # type: ignore[no-untyped-def]
    assert shipped.key == "leercultuur-mkb@1"
    assert set(shipped.languages) == {"nl", "en"}
    assert set(shipped.roles) == set(ROLES)


def test_shipped_dimensions_and_items(shipped) -> None:  # type: ignore[no-untyped-def]
    assert 6 <= len(shipped.dimensions) <= 8
    for role in ROLES:
        per_dim = Counter(item.dimension for item in shipped.items_for(role))
        assert set(per_dim) == {d.id for d in shipped.dimensions}, role
        assert all(4 <= n <= 6 for n in per_dim.values()), (role, per_dim)
        assert len(shipped.items_for(role)) <= 40
    assert sum(item.reverse for item in shipped.items) >= 3


def test_shipped_scale_and_questions(shipped) -> None:  # type: ignore[no-untyped-def]
    scale = shipped.scales[shipped.items[0].scale]
    assert (scale.min, scale.max) == (1, 5)
    assert "dk" in scale.non_substantive_codes
    types = Counter(q.type for q in shipped.questions)
    assert types["development_plan"] == 1
    assert types["open"] >= 2
    assert types["single_choice"] >= 2
    plan = shipped.development_plan_question()
    assert plan is not None and "employee" in plan.roles


def test_shipped_dimensions_say_what_they_rest_on(shipped) -> None:  # type: ignore[no-untyped-def]
    assert all(d.sources for d in shipped.dimensions)
