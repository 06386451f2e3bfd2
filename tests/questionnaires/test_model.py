"""The typed model built from the documented example, and the registry of a folder of definitions."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from questionnaires import (
    Item,
    Question,
    Questionnaire,
    QuestionnaireError,
    Registry,
    Scale,
    load_data,
    load_text,
    parse_ref,
)
from questionnaires.model import ScalePoint

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_FILE = ROOT / "docs" / "examples" / "small-questionnaire.json"
SCHEMA_FILE = ROOT / "questionnaires" / "questionnaire.schema.json"
EXAMPLE: dict[str, Any] = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))


def example() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE)


@pytest.fixture
def q() -> Questionnaire:
    """The example plus an employee-only item (tij4) and the open question in a section of its own.

    Sections then are: leren (6 items for both roles + tij4 for employees), over-u (two employee-only
    questions) and opmerkingen (the open question, for both roles).
    """
    data = example()
    data["items"].append(
        {
            "id": "tij4",
            "dimension": "tijd",
            "scale": "agree5",
            "reverse": False,
            "text": {"employee": {"nl": "Ik leer van mijn collega's.", "en": "I learn from my colleagues."}},
        }
    )
    data["sections"][0]["elements"].insert(5, "tij4")
    data["sections"][1]["elements"].remove("opmerking")
    data["sections"].append(
        {"id": "opmerkingen", "title": {"nl": "Opmerkingen", "en": "Comments"}, "elements": ["opmerking"]}
    )
    return load_data(data)


def ids(elements: Any) -> list[str]:
    return [e.id for e in elements]


def test_identity_and_defaults() -> None:
    data = example()
    del data["scoring"]
    plain = load_data(data)
    assert plain.key == "voorbeeld@1"
    assert plain.languages == ("nl", "en")
    assert plain.roles == ("employee", "manager")
    assert plain.estimated_minutes == 3
    assert plain.scoring.min_answered_share == 0.6
    assert plain.scoring.anonymity_threshold == 5


def test_scoring_rules_are_read() -> None:
    data = example()
    data["scoring"] = {"min_answered_share": 0.75, "anonymity_threshold": 7}
    rules = load_data(data).scoring
    assert (rules.min_answered_share, rules.anonymity_threshold) == (0.75, 7)


def test_items_for_role(q: Questionnaire) -> None:
    assert ids(q.items_for("employee")) == ["vei1", "vei2", "vei3", "tij1", "tij2", "tij3", "tij4"]
    assert ids(q.items_for("manager")) == ["vei1", "vei2", "vei3", "tij1", "tij2", "tij3"]
    tij4 = q.element("tij4")
    assert tij4.roles == ("employee",)
    assert q.element("vei1").roles == ("employee", "manager")


def test_item_fields(q: Questionnaire) -> None:
    vei2 = q.element("vei2")
    assert isinstance(vei2, Item)
    assert vei2.dimension == "veiligheid"
    assert vei2.scale == "agree5"
    assert vei2.reverse is True
    assert q.items[0].id == "vei1" and q.items[0].reverse is False
    assert vei2.text["manager"]["en"] == "Whoever makes a mistake here gets the blame."


def test_questions_for_role(q: Questionnaire) -> None:
    assert ids(q.questions_for("employee")) == ["afdeling", "ontwikkelplan", "opmerking"]
    assert ids(q.questions_for("manager")) == ["opmerking"]
    plan = q.development_plan_question()
    assert plan is not None and plan.id == "ontwikkelplan"
    assert [o.code for o in plan.options] == ["none", "making", "not_started", "working"]
    opmerking = q.element("opmerking")
    assert isinstance(opmerking, Question)
    assert opmerking.type == "open" and opmerking.max_length == 500


def test_no_development_plan_question() -> None:
    data = example()
    del data["questions"][1]
    data["sections"][1]["elements"].remove("ontwikkelplan")
    assert load_data(data).development_plan_question() is None


def test_sections_for_employee_keeps_everything(q: Questionnaire) -> None:
    sections = q.sections_for("employee")
    assert ids(sections) == ["leren", "over-u", "opmerkingen"]
    assert sections[0].elements == ("vei1", "vei2", "vei3", "tij1", "tij2", "tij4", "tij3")
    assert sections[1].elements == ("afdeling", "ontwikkelplan")


def test_sections_for_manager_leaves_out_employee_only_elements_and_empty_sections(q: Questionnaire) -> None:
    sections = q.sections_for("manager")
    # over-u holds only employee questions, so the manager does not see that page at all
    assert ids(sections) == ["leren", "opmerkingen"]
    assert sections[0].elements == ("vei1", "vei2", "vei3", "tij1", "tij2", "tij3")
    assert sections[0].title == {"nl": "Leren in het werk", "en": "Learning at work"}
    assert sections[1].elements == ("opmerking",)
    # the full definition is untouched
    assert ids(q.sections) == ["leren", "over-u", "opmerkingen"]
    assert "tij4" in q.sections[0].elements


def test_dimension_items(q: Questionnaire) -> None:
    assert ids(q.dimension_items("tijd")) == ["tij1", "tij2", "tij3", "tij4"]
    assert ids(q.dimension_items("tijd", "employee")) == ["tij1", "tij2", "tij3", "tij4"]
    assert ids(q.dimension_items("tijd", "manager")) == ["tij1", "tij2", "tij3"]
    assert ids(q.dimension_items("veiligheid", "manager")) == ["vei1", "vei2", "vei3"]
    assert q.dimension_items("nope") == ()


def test_dimension_lookup(q: Questionnaire) -> None:
    dim = q.dimension("veiligheid")
    assert dim.name["en"] == "Safe to learn"
    assert dim.sources == ("Edmondson (1999), team psychological safety",)
    with pytest.raises(KeyError):
        q.dimension("nope")
    with pytest.raises(KeyError):
        q.element("nope")


def test_scale_from_the_example(q: Questionnaire) -> None:
    scale = q.scales["agree5"]
    assert (scale.min, scale.max, scale.favourable_from) == (1, 5, 4)
    assert [p.value for p in scale.points] == [1, 2, 3, 4, 5]
    assert scale.points[0].label["nl"] == "Helemaal oneens"
    assert scale.non_substantive_codes == ("dk",)
    assert [scale.reverse(x) for x in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]


def test_points_are_sorted_by_value() -> None:
    data = example()
    data["scales"]["agree5"]["points"].reverse()
    assert [p.value for p in load_data(data).scales["agree5"].points] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("lo", "hi", "value", "expected"),
    [(1, 5, 1, 5), (1, 5, 4, 2), (1, 5, 3, 3), (1, 5, 4.5, 1.5), (0, 10, 3, 7), (0, 10, 10, 0), (-2, 2, -1, 1)],
)
def test_scale_reverse_is_min_plus_max_minus_value(lo: int, hi: int, value: float, expected: float) -> None:
    points = tuple(ScalePoint(v, {"en": str(v)}) for v in range(lo, hi + 1))
    scale = Scale(id="s", min=lo, max=hi, points=points, favourable_from=hi)
    assert scale.reverse(value) == expected
    assert scale.reverse(scale.reverse(value)) == value


# --------------------------------------------------------------------------------------------------------
# Fingerprint: layout does not count, content does.


def _reorder(value: Any) -> Any:
    """The same JSON with every object's keys in reverse order."""
    if isinstance(value, dict):
        return {k: _reorder(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reorder(v) for v in value]
    return value


def test_fingerprint_ignores_whitespace_and_key_order() -> None:
    original = load_text(EXAMPLE_FILE.read_text(encoding="utf-8"))
    compact = load_text(json.dumps(EXAMPLE, separators=(",", ":")))
    reordered_text = json.dumps(_reorder(EXAMPLE), indent=7)
    assert reordered_text.index('"scoring"') < reordered_text.index('"id"')
    reordered = load_text(reordered_text)
    assert len(original.fingerprint) == 64
    int(original.fingerprint, 16)
    assert original.fingerprint == compact.fingerprint == reordered.fingerprint


def test_fingerprint_changes_with_a_text() -> None:
    data = example()
    data["items"][0]["text"]["employee"]["en"] = "I dare to report an error."
    assert load_data(data).fingerprint != load_data(example()).fingerprint


def test_fingerprint_changes_with_list_order() -> None:
    data = example()
    data["sections"][0]["elements"].reverse()
    assert load_data(data).fingerprint != load_data(example()).fingerprint


# --------------------------------------------------------------------------------------------------------
# Registry over a folder


def version_of(version: int, title_en: str = "Example questionnaire") -> str:
    data = example()
    data["version"] = version
    data["title"]["en"] = title_en
    return json.dumps(data, indent=2)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "voorbeeld-v1.json").write_text(version_of(1, "First"), encoding="utf-8")
    (tmp_path / "voorbeeld-v2.json").write_text(version_of(2, "Second"), encoding="utf-8")
    return tmp_path


def test_registry_latest_and_by_version(folder: Path) -> None:
    registry = Registry(folder)
    assert registry.errors == []
    assert len(registry) == 2
    assert [q.key for q in registry] == ["voorbeeld@1", "voorbeeld@2"]
    assert registry.get("voorbeeld").version == 2
    assert registry.get("voorbeeld").title["en"] == "Second"
    assert registry.get("voorbeeld", 1).title["en"] == "First"
    assert registry.resolve("voorbeeld@1").title["en"] == "First"
    assert registry.resolve("voorbeeld").version == 2
    with pytest.raises(KeyError):
        registry.get("voorbeeld", 3)
    with pytest.raises(KeyError):
        registry.get("nope")
    with pytest.raises(KeyError):
        registry.resolve("nope@1")


def test_registry_collects_an_invalid_file_with_its_name(folder: Path) -> None:
    data = example()
    data["id"] = "kapot"
    data["items"][3]["dimension"] = "nope"
    (folder / "kapot.json").write_text(json.dumps(data), encoding="utf-8")
    (folder / "halfjson.json").write_text('{"id": "half"', encoding="utf-8")
    registry = Registry(folder)
    assert len(registry) == 2
    assert sorted(Path(e.source).name for e in registry.errors) == ["halfjson.json", "kapot.json"]
    kapot = next(e for e in registry.errors if e.source.endswith("kapot.json"))
    assert isinstance(kapot, QuestionnaireError)
    assert any(
        line == f"{folder / 'kapot.json'}: items[3].dimension: dimension 'nope' does not exist"
        for line in kapot.lines()
    )
    with pytest.raises(KeyError):
        registry.get("kapot")


def test_registry_skips_the_schema_and_other_files(folder: Path) -> None:
    shutil.copyfile(SCHEMA_FILE, folder / "questionnaire.schema.json")
    (folder / "README.md").write_text("# not a questionnaire\n", encoding="utf-8")
    registry = Registry(folder)
    assert registry.errors == []
    assert len(registry) == 2


def test_registry_reports_a_duplicate_id_and_version(folder: Path) -> None:
    (folder / "zz-copy.json").write_text(version_of(1, "Copy"), encoding="utf-8")
    registry = Registry(folder)
    assert len(registry) == 2
    assert [Path(e.source).name for e in registry.errors] == ["zz-copy.json"]
    assert "voorbeeld@1" in registry.errors[0].lines()[0]
    # the first file (in name order) wins
    assert registry.get("voorbeeld", 1).title["en"] == "First"


def test_registry_duplicate_names_the_other_file(folder: Path) -> None:
    (folder / "zz-copy.json").write_text(version_of(1, "Copy"), encoding="utf-8")
    registry = Registry(folder)
    assert "voorbeeld-v1.json" in registry.errors[0].lines()[0]


def test_empty_folder(tmp_path: Path) -> None:
    registry = Registry(tmp_path)
    assert len(registry) == 0
    assert list(registry) == []
    assert registry.errors == []


# --------------------------------------------------------------------------------------------------------
# References id[@version]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("voorbeeld", ("voorbeeld", None)),
        ("voorbeeld@1", ("voorbeeld", 1)),
        ("leercultuur-mkb@12", ("leercultuur-mkb", 12)),
    ],
)
def test_parse_ref(ref: str, expected: tuple[str, int | None]) -> None:
    assert parse_ref(ref) == expected


@pytest.mark.parametrize("ref", ["x@abc", "x@1.0", "x@-1", "x@ 1", "x@1@2"])
def test_parse_ref_rejects_a_bad_version(ref: str) -> None:
    with pytest.raises(ValueError, match="whole number"):
        parse_ref(ref)


@pytest.mark.parametrize("ref", ["x@", "@1"])
def test_parse_ref_rejects_an_empty_part(ref: str) -> None:
    with pytest.raises(ValueError):
        parse_ref(ref)
