"""Property tests: whatever JSON or text comes in, the validator answers with issues, never with a crash.

The runs are derandomized (the same examples on every run) so that CI is stable and a failure can be
reproduced; raise ``max_examples`` locally for a deeper search.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires import Issue, Questionnaire, QuestionnaireError, check, load_data, load_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_TEXT = (ROOT / "docs" / "examples" / "small-questionnaire.json").read_text(encoding="utf-8")
EXAMPLE: dict[str, Any] = json.loads(EXAMPLE_TEXT)

FAST = settings(max_examples=200, deadline=None, derandomize=True, database=None)

Path_ = tuple[str | int, ...]

# --------------------------------------------------------------------------------------------------------
# Strategies

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=25,
)
#: Objects with the top-level keys of a definition (so the schema looks deeper), with arbitrary values.
TOP_KEYS = [
    "id",
    "version",
    "languages",
    "title",
    "roles",
    "scales",
    "dimensions",
    "items",
    "questions",
    "sections",
    "scoring",
    "intro",
    "estimated_minutes",
]
shaped = st.fixed_dictionaries({}, optional={key: json_values for key in TOP_KEYS})


def all_paths(node: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every node's path in a JSON value, the root (``()``) first."""
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(all_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(all_paths(value, (*prefix, index)))
    return out


def get(node: Any, path: Path_) -> Any:
    for part in path:
        node = node[part]
    return node


def all_strings(node: Any) -> list[str]:
    return [v for p in all_paths(node) if isinstance(v := get(node, p), str)] + [
        key for p in all_paths(node) if isinstance(v := get(node, p), dict) for key in v
    ]


EXAMPLE_STRINGS = sorted(set(all_strings(EXAMPLE)))
EXAMPLE_INTS = sorted({v for p in all_paths(EXAMPLE) if type(v := get(EXAMPLE, p)) is int})


@st.composite
def mutated_example(draw: st.DrawFn, kinds: tuple[str, ...]) -> Any:
    """The example with one to four random edits.

    ``replace`` puts arbitrary JSON at a random node; ``delete`` drops a key or list entry; ``duplicate``
    repeats a list entry; ``add_key`` adds an arbitrary key; ``swap_string`` puts another string of the
    example in place of a string (ids that collide or refer to nothing, texts in the wrong place);
    ``nudge_int`` moves an integer a little; ``int_to_float`` writes an integer as the equal float.
    The last three mostly keep the structure sound, so the meaning checks run.
    """
    data = copy.deepcopy(EXAMPLE)
    for _ in range(draw(st.integers(1, 4))):
        paths = all_paths(data)
        kind = draw(st.sampled_from(kinds))
        if kind == "replace":
            path = draw(st.sampled_from(paths))
            value = draw(json_values)
            if not path:
                return value
            get(data, path[:-1])[path[-1]] = value
        elif kind == "delete":
            inner = [p for p in paths if p]
            if not inner:
                continue
            path = draw(st.sampled_from(inner))
            del get(data, path[:-1])[path[-1]]
        elif kind == "duplicate":
            lists = [p for p in paths if isinstance(get(data, p), list) and get(data, p)]
            if not lists:
                continue
            target = get(data, draw(st.sampled_from(lists)))
            target.append(copy.deepcopy(draw(st.sampled_from(target))))
        elif kind == "add_key":
            dicts = [p for p in paths if isinstance(get(data, p), dict)]
            if not dicts:
                continue
            target = get(data, draw(st.sampled_from(dicts)))
            target[draw(st.text(max_size=10) | st.sampled_from(EXAMPLE_STRINGS))] = draw(json_values)
        elif kind == "swap_string":
            strings = [p for p in paths if p and isinstance(get(data, p), str)]
            if not strings:
                continue
            path = draw(st.sampled_from(strings))
            get(data, path[:-1])[path[-1]] = draw(st.sampled_from(EXAMPLE_STRINGS))
        elif kind == "nudge_int":
            ints = [p for p in paths if p and type(get(data, p)) is int]
            if not ints:
                continue
            path = draw(st.sampled_from(ints))
            get(data, path[:-1])[path[-1]] += draw(st.integers(-6, 6))
        elif kind == "int_to_float":
            ints = [p for p in paths if p and type(get(data, p)) is int]
            if not ints:
                continue
            path = draw(st.sampled_from(ints))
            get(data, path[:-1])[path[-1]] = float(get(data, path))
    return data


SOUND_EDITS = ("replace", "delete", "duplicate", "add_key", "swap_string", "nudge_int")


# --------------------------------------------------------------------------------------------------------
# Helpers for the properties


def resolves(data: Any, where: str) -> bool:
    """Whether ``where`` (a path like ``items[3].text.nl``, ``""`` for the root) names a node in ``data``.

    Keys may themselves contain dots or brackets, so every key that fits is tried.
    """
    if where == "":
        return True

    def walk(node: Any, rest: str, first: bool) -> bool:
        if rest == "":
            return True
        if rest.startswith("["):
            match = re.match(r"\[(\d+)\]", rest)
            index = int(match.group(1)) if match else -1
            if match and isinstance(node, list) and index < len(node) and walk(node[index], rest[match.end() :], False):
                return True
        if not isinstance(node, dict):
            return False
        if not first:
            if not rest.startswith("."):
                return False
            rest = rest[1:]
        return any(
            rest.startswith(key)
            and (len(rest) == len(key) or rest[len(key)] in ".[")
            and walk(node[key], rest[len(key) :], False)
            for key in node
        )

    return walk(data, where, True)


def assert_sound_issues(data: Any, issues: Any) -> None:
    assert isinstance(issues, list)
    for issue in issues:
        assert isinstance(issue, Issue)
        assert isinstance(issue.where, str) and isinstance(issue.message, str)
        assert issue.message.strip(), issue
        assert resolves(data, issue.where), f"{issue.where!r} is not a place in the definition"


def assert_loads_or_fails_cleanly(data: Any, issues: list[Issue]) -> None:
    try:
        q = load_data(data, source="fuzz.json")
    except QuestionnaireError as exc:
        assert issues, "load_data refused a definition that check() passed"
        assert exc.issues == issues
        assert all(line.startswith("fuzz.json: ") for line in exc.lines())
    else:
        assert issues == [], "load_data accepted a definition that check() refused"
        assert isinstance(q, Questionnaire)


# --------------------------------------------------------------------------------------------------------
# (1) arbitrary JSON


@FAST
@given(json_values | shaped)
def test_arbitrary_json_gives_issues_never_an_exception(data: Any) -> None:
    issues = check(data)
    assert issues, "arbitrary JSON cannot be a valid definition"
    assert_sound_issues(data, issues)
    with pytest.raises(QuestionnaireError) as caught:
        load_data(data, source="fuzz.json")
    assert caught.value.issues == issues


# --------------------------------------------------------------------------------------------------------
# (2) mutations of the valid example


@FAST
@given(mutated_example(SOUND_EDITS))
def test_mutated_example_gives_issues_or_loads(data: Any) -> None:
    before = copy.deepcopy(data)
    issues = check(data)
    assert data == before, "check() changed its input"
    assert_sound_issues(data, issues)
    assert_loads_or_fails_cleanly(data, issues)


@FAST
@given(mutated_example(("int_to_float", "nudge_int", "swap_string")))
def test_integers_written_as_floats_give_issues_or_load(data: Any) -> None:
    issues = check(data)
    assert_sound_issues(data, issues)
    assert_loads_or_fails_cleanly(data, issues)


# --------------------------------------------------------------------------------------------------------
# (3) arbitrary text

JSONISH = st.text(alphabet='{}[]":,.-+0123456789eEtruefalsnl \n\t\\/abc', max_size=60)


@st.composite
def damaged_example_text(draw: st.DrawFn) -> str:
    """The example's text with a slice cut out and/or some characters put in."""
    text = EXAMPLE_TEXT
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 40)))
    insert = draw(st.text(max_size=5) | JSONISH)
    return text[:start] + insert + text[end:]


@FAST
@given(st.text() | JSONISH | damaged_example_text() | json_values.map(json.dumps))
def test_load_text_raises_only_questionnaire_error(text: str) -> None:
    try:
        q = load_text(text, source="fuzz.json")
    except QuestionnaireError as exc:
        assert exc.issues
        assert all(line.startswith("fuzz.json: ") for line in exc.lines())
    else:
        assert isinstance(q, Questionnaire)
