"""Check a questionnaire definition: first its structure (JSON Schema), then its meaning.

Every problem becomes an :class:`Issue` with the JSON path of the place it concerns (``items[3].dimension``)
and a sentence that says what is wrong. The meaning checks run only when the structure is sound, so they
can rely on types; they collect every problem instead of stopping at the first.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from .model import DEVELOPMENT_PLAN_CODES, ROLES

SCHEMA_FILE = "questionnaire.schema.json"
#: Deeper nesting than this is never a questionnaire (the format itself is about 6 levels deep).
MAX_DEPTH = 32
#: A scale has at most this many points between min and max (a 0-10 scale has 11).
MAX_SCALE_POINTS = 101
#: A dimension needs at least this many items for every role that answers it (alpha needs 3).
MIN_ITEMS_PER_DIMENSION = 3


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in a definition: where (a JSON path, ``""`` for the whole file) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where or '(top)'}: {self.message}"


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema shipped with the package."""
    text = resources.files("questionnaires").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def json_path(parts: Iterable[str | int]) -> str:
    """Format a path like ``items[3].text.employee.nl``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _schema_message(error: jsonschema.ValidationError) -> str:
    """A readable sentence for a schema error (jsonschema's own text, shortened for long instances)."""
    message = str(error.message)
    if error.validator == "required":
        return message.replace("is a required property", "is missing")
    if error.validator == "additionalProperties":
        return message.replace("Additional properties are not allowed", "unknown key(s)")
    if error.validator == "pattern":
        return f"{json.dumps(error.instance)[:60]} is not a valid identifier or code (pattern {error.validator_value})"
    if error.validator == "enum":
        allowed = ", ".join(json.dumps(v) for v in error.validator_value)
        return f"{json.dumps(error.instance)[:60]} is not one of {allowed}"
    if error.validator == "type":
        return f"must be of type {error.validator_value}, not {json.dumps(error.instance)[:60]}"
    return message if len(message) <= 200 else message[:197] + "..."


def _is_integer(_checker: Any, instance: Any) -> bool:
    # JSON Schema counts 1.0 as an integer; a definition must write whole numbers as such.
    return isinstance(instance, int) and not isinstance(instance, bool)


def _is_number(_checker: Any, instance: Any) -> bool:
    return isinstance(instance, int | float) and not isinstance(instance, bool) and math.isfinite(instance)


_Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"integer": _is_integer, "number": _is_number}
    ),
)


def check_values(data: Any) -> list[Issue]:
    """What no schema can say: nesting depth, and strings that are not valid Unicode text."""
    issues: list[Issue] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            # Named at its top-level key: a path of 32 steps helps nobody.
            issues.append(Issue(json_path(path[:1]), f"the JSON is nested too deeply (over {MAX_DEPTH} levels)"))
            continue
        if isinstance(value, dict):
            stack.extend((v, (*path, str(k))) for k, v in value.items())
            for key in value:
                if isinstance(key, str) and _has_surrogate(key):
                    issues.append(Issue(json_path(path), "a key contains an invalid character (a lone surrogate)"))
        elif isinstance(value, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(value))
        elif isinstance(value, str) and _has_surrogate(value):
            issues.append(Issue(json_path(path), "the text contains an invalid character (a lone surrogate)"))
    return sorted(set(issues))


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def check_structure(data: Any, against: dict[str, Any] | None = None) -> list[Issue]:
    """Check ``data`` against the JSON Schema (``against``, default the questionnaire's); one issue per
    violated rule."""
    validator = _Validator(against if against is not None else schema())
    issues: set[Issue] = set()
    for error in validator.iter_errors(data):
        # "if/then" and "allOf" wrap the useful error; report the innermost ones.
        leaves = _leaf_errors(error)
        for leaf in leaves:
            issues.add(Issue(json_path(leaf.absolute_path), _schema_message(leaf)))
    return sorted(issues)


def _leaf_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    if not error.context:
        return [error]
    out: list[jsonschema.ValidationError] = []
    for sub in error.context:
        out.extend(_leaf_errors(sub))
    return out


def check_meaning(data: dict[str, Any]) -> list[Issue]:
    """Check what a schema cannot: references, uniqueness, completeness per language and role."""
    issues: list[Issue] = []
    add = issues.append
    languages: list[str] = data["languages"]
    roles: list[str] = data["roles"]

    def texts(where: str, text: dict[str, str]) -> None:
        for lang in languages:
            if lang not in text:
                add(Issue(where, f"the text in language {lang!r} is missing"))
        for lang in text:
            if lang not in languages:
                add(Issue(f"{where}.{lang}", f"language {lang!r} is not declared in 'languages'"))

    def role_texts(where: str, text: dict[str, dict[str, str]]) -> None:
        for role, by_lang in text.items():
            if role not in roles:
                add(Issue(f"{where}.{role}", f"role {role!r} is not declared in 'roles'"))
            texts(f"{where}.{role}", by_lang)

    texts("title", data["title"])
    if "intro" in data:
        role_texts("intro", data["intro"])

    # Scales
    for scale_id, scale in data["scales"].items():
        where = f"scales.{scale_id}"
        lo, hi = scale["min"], scale["max"]
        if lo >= hi:
            add(Issue(f"{where}.min", f"min ({lo}) must be smaller than max ({hi})"))
            continue
        if hi - lo + 1 > MAX_SCALE_POINTS:
            add(Issue(f"{where}.max", f"a scale has at most {MAX_SCALE_POINTS} points; {lo}..{hi} has {hi - lo + 1}"))
            continue
        values = [p["value"] for p in scale["points"]]
        for value, count in Counter(values).items():
            if count > 1:
                add(Issue(f"{where}.points", f"point {value} has more than one label"))
        for i, value in enumerate(values):
            if not lo <= value <= hi:
                add(Issue(f"{where}.points[{i}].value", f"{value} lies outside the scale {lo}..{hi}"))
        missing = [v for v in range(lo, hi + 1) if v not in values]
        if missing:
            add(Issue(f"{where}.points", f"no label for point(s) {_ranges(missing)}"))
        for i, point in enumerate(scale["points"]):
            texts(f"{where}.points[{i}].label", point["label"])
        fav = scale["favourable_from"]
        if not lo <= fav <= hi:
            add(Issue(f"{where}.favourable_from", f"{fav} lies outside the scale {lo}..{hi}"))
        codes = [ns["code"] for ns in scale.get("non_substantive", [])]
        _duplicates(add, f"{where}.non_substantive", "code", codes, "code")
        for i, ns in enumerate(scale.get("non_substantive", [])):
            texts(f"{where}.non_substantive[{i}].label", ns["label"])

    # Ids: one namespace for dimensions, items and questions would confuse nobody, but items and
    # questions share the section namespace, so they must not collide with each other.
    dim_ids = [d["id"] for d in data["dimensions"]]
    item_ids = [it["id"] for it in data["items"]]
    question_ids = [q["id"] for q in data["questions"]]
    section_ids = [s["id"] for s in data["sections"]]
    _duplicates(add, "dimensions", "id", dim_ids, "dimension id")
    _duplicates(add, "items", "id", item_ids, "item id")
    _duplicates(add, "questions", "id", question_ids, "question id")
    _duplicates(add, "sections", "id", section_ids, "section id")
    for i, qid in enumerate(question_ids):
        if qid in item_ids:
            add(Issue(f"questions[{i}].id", f"{qid!r} is also the id of an item"))

    for i, dim in enumerate(data["dimensions"]):
        texts(f"dimensions[{i}].name", dim["name"])
        texts(f"dimensions[{i}].description", dim["description"])
        for lang in dim.get("suggestions", {}):
            if lang not in languages:
                add(Issue(f"dimensions[{i}].suggestions.{lang}", f"language {lang!r} is not declared in 'languages'"))

    # Items
    for i, item in enumerate(data["items"]):
        where = f"items[{i}]"
        if item["dimension"] not in dim_ids:
            add(Issue(f"{where}.dimension", f"dimension {item['dimension']!r} does not exist"))
        if item["scale"] not in data["scales"]:
            add(Issue(f"{where}.scale", f"scale {item['scale']!r} does not exist"))
        role_texts(f"{where}.text", item["text"])

    # Each dimension: enough items for every role that answers it; every dimension used.
    for i, dim in enumerate(data["dimensions"]):
        per_role = Counter(role for it in data["items"] if it["dimension"] == dim["id"] for role in it["text"])
        if not per_role:
            add(Issue(f"dimensions[{i}]", f"dimension {dim['id']!r} has no items"))
        for role in ROLES:
            if 0 < per_role.get(role, 0) < MIN_ITEMS_PER_DIMENSION:
                add(
                    Issue(
                        f"dimensions[{i}]",
                        f"dimension {dim['id']!r} has {per_role[role]} item(s) for role {role!r}; "
                        f"at least {MIN_ITEMS_PER_DIMENSION} are needed",
                    )
                )

    # Questions
    for i, question in enumerate(data["questions"]):
        where = f"questions[{i}]"
        role_texts(f"{where}.text", question["text"])
        options = question.get("options", [])
        _duplicates(add, f"{where}.options", "code", [o["code"] for o in options], "option code")
        for j, option in enumerate(options):
            texts(f"{where}.options[{j}].label", option["label"])
        if question["type"] == "development_plan":
            codes = [o["code"] for o in options]
            if sorted(codes) != sorted(DEVELOPMENT_PLAN_CODES):
                add(
                    Issue(
                        f"{where}.options",
                        "the development-plan question needs exactly the option codes "
                        + ", ".join(DEVELOPMENT_PLAN_CODES),
                    )
                )
    plan_questions = [i for i, q in enumerate(data["questions"]) if q["type"] == "development_plan"]
    for i in plan_questions[1:]:
        add(Issue(f"questions[{i}].type", "there can be only one development-plan question"))

    # Sections: every item and question exactly once, nothing unknown.
    known = set(item_ids) | set(question_ids)
    seen: Counter[str] = Counter()
    for i, section in enumerate(data["sections"]):
        texts(f"sections[{i}].title", section["title"])
        if "intro" in section:
            texts(f"sections[{i}].intro", section["intro"])
        for j, element in enumerate(section["elements"]):
            if element not in known:
                add(Issue(f"sections[{i}].elements[{j}]", f"{element!r} is not an item or question"))
            elif seen[element]:
                add(Issue(f"sections[{i}].elements[{j}]", f"{element!r} is already in an earlier place"))
            seen[element] += 1
    for i, item_id in enumerate(item_ids):
        if item_id not in seen:
            add(Issue(f"items[{i}]", f"item {item_id!r} is in no section"))
    for i, question_id in enumerate(question_ids):
        if question_id not in seen:
            add(Issue(f"questions[{i}]", f"question {question_id!r} is in no section"))

    # Every declared role must have something to answer.
    for declared in roles:
        if not any(declared in it["text"] for it in data["items"]):
            add(Issue("roles", f"role {declared!r} is declared but no item is asked of it"))
    return issues


def _duplicates(add: Any, where: str, key: str, values: Sequence[str], what: str) -> None:
    """Report each repeat of a value at the entry that repeats it (``items[7].id``)."""
    counts = Counter(values)
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            add(Issue(f"{where}[{i}].{key}", f"{what} {value!r} is used {counts[value]} times"))
        seen.add(value)


def _ranges(values: Sequence[int]) -> str:
    """``[1, 2, 3, 7]`` → ``"1..3, 7"``; long lists are cut short."""
    parts: list[str] = []
    start = prev = values[0]
    for v in [*values[1:], None]:
        if v is not None and v == prev + 1:
            prev = v
            continue
        parts.append(str(start) if start == prev else f"{start}..{prev}")
        if v is not None:
            start = prev = v
    text = ", ".join(parts[:10])
    return text + (f" and {len(parts) - 10} more" if len(parts) > 10 else "")


def check(data: Any) -> list[Issue]:
    """All problems in a parsed definition: structure first; meaning only if the structure is sound."""
    issues = check_values(data)
    if issues:
        return issues
    issues = check_structure(data)
    if issues:
        return issues
    return check_meaning(data)
