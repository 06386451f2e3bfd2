"""The questionnaire validator: every broken definition fails with a located, clear message.

Each case starts from a deep copy of the documented example (docs/examples/small-questionnaire.json),
breaks one thing, and asserts the exact place (the JSON path, ``where``) and a key phrase of the message,
both through :func:`questionnaires.check` and through :func:`questionnaires.load_data`, whose error lines
read ``FILE: <where>: <what is wrong>``.

"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from questionnaires import Issue, Questionnaire, QuestionnaireError, check, load_data, load_file, load_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_FILE = ROOT / "docs" / "examples" / "small-questionnaire.json"
EXAMPLE_TEXT = EXAMPLE_FILE.read_text(encoding="utf-8")
EXAMPLE: dict[str, Any] = json.loads(EXAMPLE_TEXT)

Data = dict[str, Any]


def example() -> Data:
    """A fresh deep copy of the valid example, free to break."""
    return copy.deepcopy(EXAMPLE)


def line_prefix(where: str, source: str = "x.json") -> str:
    """The start of the error line for an issue at ``where`` (the whole file shows as ``(top)``)."""
    return f"{source}: {where or '(top)'}: "


def assert_issue(issues: list[Issue], where: str, phrase: str) -> None:
    """One of ``issues`` is at exactly ``where`` and its message contains ``phrase``."""
    assert all(isinstance(issue, Issue) for issue in issues)
    hits = [issue for issue in issues if issue.where == where and phrase in issue.message]
    assert hits, f"no issue at {where!r} containing {phrase!r}; got:\n" + "\n".join(map(repr, issues))


def assert_error_line(exc: QuestionnaireError, where: str, phrase: str, source: str = "x.json") -> None:
    prefix = line_prefix(where, source)
    hits = [line for line in exc.lines() if line.startswith(prefix) and phrase in line]
    assert hits, f"no line starting {prefix!r} containing {phrase!r}; got:\n" + "\n".join(exc.lines())


# --------------------------------------------------------------------------------------------------------
# The valid example


def test_the_example_is_valid() -> None:
    data = example()
    assert check(data) == []
    q = load_data(data, source="x.json")
    assert isinstance(q, Questionnaire)
    assert q.key == "voorbeeld@1"


def test_check_does_not_change_its_input() -> None:
    data = example()
    data["items"][3]["dimension"] = "nope"
    before = copy.deepcopy(data)
    assert check(data)
    assert data == before


def test_issue_prints_where_and_what() -> None:
    assert str(Issue("items[3].dimension", "dimension 'x' does not exist")) == (
        "items[3].dimension: dimension 'x' does not exist"
    )
    assert str(Issue("", "'version' is missing")) == "(top): 'version' is missing"


# --------------------------------------------------------------------------------------------------------
# Broken definitions: one mutation each, the exact place and a key phrase of the message.


def _set_question_to_item_id(d: Data) -> None:
    d["questions"][0]["id"] = "vei1"  # the department question now carries an item's id
    d["sections"][1]["elements"].remove("afdeling")


def _missing_english_text(d: Data) -> None:
    del d["items"][4]["text"]["manager"]["en"]


def _manager_text_for_employee_only_questionnaire(d: Data) -> None:
    d["roles"] = ["employee"]
    del d["intro"]["manager"]
    del d["questions"][2]["text"]["manager"]
    for i, item in enumerate(d["items"]):
        if i != 2:
            del item["text"]["manager"]


def _remove_point(value: int) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        points = d["scales"]["agree5"]["points"]
        points[:] = [p for p in points if p["value"] != value]

    return mutate


def _only_two_manager_items(d: Data) -> None:
    del d["items"][5]["text"]["manager"]  # tij3 is now asked of employees only


def _second_development_plan(d: Data) -> None:
    plan = copy.deepcopy(d["questions"][1])
    plan["id"] = "plan2"
    d["questions"].append(plan)
    d["sections"][1]["elements"].append("plan2")


def _bad_identifier(d: Data) -> None:
    d["items"][0]["id"] = "Item 1"
    d["sections"][0]["elements"][0] = "Item 1"


def _no_manager_items(d: Data) -> None:
    for item in d["items"]:
        del item["text"]["manager"]


def _empty_dimension(d: Data) -> None:
    d["dimensions"].append(
        {"id": "leeg", "name": {"nl": "Leeg", "en": "Empty"}, "description": {"nl": "Niets.", "en": "Nothing."}}
    )


def _rename_scale(d: Data) -> None:
    d["scales"] = {"Agree 5": d["scales"].pop("agree5")}


def _set(path: str, value: Any) -> Callable[[Data], None]:
    """A mutation that sets the node at a dotted path (list indices as numbers) to ``value``."""

    def mutate(d: Data) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = d
        for part in parents:
            node = node[part]
        node[last] = value

    return mutate


def _delete(path: str) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = d
        for part in parents:
            node = node[part]
        del node[last]

    return mutate


def _append(path: str, value: Any) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        node: Any = d
        for part in [int(p) if p.isdigit() else p for p in path.split(".")]:
            node = node[part]
        node.append(copy.deepcopy(value))

    return mutate


def _remove_element(section: int, element: str) -> Callable[[Data], None]:
    def mutate(d: Data) -> None:
        d["sections"][section]["elements"].remove(element)

    return mutate


DK_AGAIN = {"code": "dk", "label": {"nl": "Weet niet", "en": "Not sure"}}

# (mutation, where, key phrase of the message)
BROKEN: dict[str, tuple[Callable[[Data], None], str, str]] = {
    # references and ids
    "item-with-unknown-dimension": (
        _set("items.3.dimension", "nope"),
        "items[3].dimension",
        "dimension 'nope' does not exist",
    ),
    "item-with-unknown-scale": (_set("items.2.scale", "agree7"), "items[2].scale", "scale 'agree7' does not exist"),
    "question-id-equals-item-id": (_set_question_to_item_id, "questions[0].id", "'vei1' is also the id of an item"),
    "bad-identifier-pattern": (_bad_identifier, "items[0].id", '"Item 1" is not a valid identifier'),
    "bad-scale-name-pattern": (_rename_scale, "scales", '"Agree 5" is not a valid identifier'),
    # texts per language and role
    "missing-english-item-text-for-one-role": (
        _missing_english_text,
        "items[4].text.manager",
        "the text in language 'en' is missing",
    ),
    "missing-dutch-title": (_delete("title.nl"), "title", "the text in language 'nl' is missing"),
    "missing-english-option-label": (
        _delete("questions.0.options.0.label.en"),
        "questions[0].options[0].label",
        "the text in language 'en' is missing",
    ),
    "missing-english-section-title": (
        _delete("sections.1.title.en"),
        "sections[1].title",
        "the text in language 'en' is missing",
    ),
    "text-in-undeclared-language": (
        _set("items.0.text.employee.de", "Ich melde einen Fehler."),
        "items[0].text.employee.de",
        "language 'de' is not declared in 'languages'",
    ),
    "item-text-for-undeclared-role": (
        _manager_text_for_employee_only_questionnaire,
        "items[2].text.manager",
        "role 'manager' is not declared in 'roles'",
    ),
    "empty-text": (_set("items.0.text.employee.nl", ""), "items[0].text.employee.nl", "should be non-empty"),
    # scales
    "min-equals-max": (_set("scales.agree5.max", 1), "scales.agree5.min", "min (1) must be smaller than max (1)"),
    "min-greater-than-max": (_set("scales.agree5.min", 6), "scales.agree5.min", "min (6) must be smaller than max (5)"),
    "missing-label-for-a-point": (_remove_point(3), "scales.agree5.points", "no label for point(s) 3"),
    "point-value-outside-scale": (
        _set("scales.agree5.points.4.value", 6),
        "scales.agree5.points[4].value",
        "6 lies outside the scale 1..5",
    ),
    "two-labels-for-one-point": (
        _set("scales.agree5.points.4.value", 4),
        "scales.agree5.points",
        "point 4 has more than one label",
    ),
    "favourable-from-above-scale": (
        _set("scales.agree5.favourable_from", 7),
        "scales.agree5.favourable_from",
        "7 lies outside the scale 1..5",
    ),
    "favourable-from-below-scale": (
        _set("scales.agree5.favourable_from", 0),
        "scales.agree5.favourable_from",
        "0 lies outside the scale 1..5",
    ),
    # dimensions
    "dimension-with-two-items-for-a-role": (
        _only_two_manager_items,
        "dimensions[1]",
        "dimension 'tijd' has 2 item(s) for role 'manager'; at least 3",
    ),
    "dimension-with-no-items": (_empty_dimension, "dimensions[2]", "dimension 'leeg' has no items"),
    # sections
    "section-names-unknown-element": (
        _append("sections.0.elements", "ghost"),
        "sections[0].elements[6]",
        "'ghost' is not an item or question",
    ),
    "element-listed-twice": (
        _append("sections.1.elements", "vei2"),
        "sections[1].elements[3]",
        "'vei2' is already in an earlier place",
    ),
    "item-in-no-section": (_remove_element(0, "tij2"), "items[4]", "item 'tij2' is in no section"),
    "question-in-no-section": (
        _remove_element(1, "opmerking"),
        "questions[2]",
        "question 'opmerking' is in no section",
    ),
    "section-without-elements": (_set("sections.1.elements", []), "sections[1].elements", "should be non-empty"),
    # types and structure (JSON Schema)
    "reverse-as-string": (_set("items.1.reverse", "yes"), "items[1].reverse", "must be of type boolean"),
    "dimension-as-number": (_set("items.0.dimension", 5), "items[0].dimension", "must be of type string"),
    "missing-version": (_delete("version"), "", "'version' is missing"),
    "missing-item-text": (_delete("items.2.text"), "items[2]", "'text' is missing"),
    "unknown-top-level-key": (_set("colour", "blue"), "", "'colour' was unexpected"),
    "unknown-item-key": (_set("items.0.weight", 2), "items[0]", "'weight' was unexpected"),
    "version-zero": (_set("version", 0), "version", "less than the minimum of 1"),
    "version-as-string": (_set("version", "1"), "version", "must be of type integer"),
    "unknown-role": (_set("roles", ["employee", "boss"]), "roles[1]", '"boss" is not one of'),
    "languages-empty": (_set("languages", []), "languages", "should be non-empty"),
    "language-code-uppercase": (_set("languages", ["NL", "en"]), "languages[0]", '"NL"'),
    "language-listed-twice": (_set("languages", ["nl", "en", "nl"]), "languages", "non-unique"),
    "min-answered-share-zero": (
        _set("scoring.min_answered_share", 0),
        "scoring.min_answered_share",
        "less than or equal to the minimum of 0",
    ),
    "anonymity-threshold-one": (
        _set("scoring.anonymity_threshold", 1),
        "scoring.anonymity_threshold",
        "less than the minimum of 2",
    ),
    # questions
    "development-plan-with-wrong-option-codes": (
        _set("questions.1.options.3.code", "busy"),
        "questions[1].options",
        "needs exactly the option codes none, making, not_started",
    ),
    "development-plan-missing-an-option": (
        _delete("questions.1.options.0"),
        "questions[1].options",
        "needs exactly the option codes none, making, not_started",
    ),
    "two-development-plan-questions": (
        _second_development_plan,
        "questions[3].type",
        "only one development-plan question",
    ),
    "open-question-without-max-length": (_delete("questions.2.max_length"), "questions[2]", "'max_length' is missing"),
    "open-question-with-options": (_set("questions.2.options", []), "questions[2]", "'options' was unexpected"),
    "choice-question-without-options": (_delete("questions.0.options"), "questions[0]", "'options' is missing"),
    "unknown-question-type": (
        _set("questions.0.type", "multiple_choice"),
        "questions[0].type",
        '"multiple_choice" is not one of',
    ),
    "max-length-too-large": (
        _set("questions.2.max_length", 100000),
        "questions[2].max_length",
        "greater than the maximum of 5000",
    ),
    # roles
    "declared-role-with-no-items": (
        _no_manager_items,
        "roles",
        "role 'manager' is declared but no item is asked of it",
    ),
}


@pytest.mark.parametrize(("mutate", "where", "phrase"), list(BROKEN.values()), ids=list(BROKEN))
def test_broken_definition_is_reported_where_it_is_wrong(
    mutate: Callable[[Data], None], where: str, phrase: str
) -> None:
    data = example()
    mutate(data)
    assert data != EXAMPLE, "the mutation changed nothing"

    assert_issue(check(data), where, phrase)

    with pytest.raises(QuestionnaireError) as caught:
        load_data(data, source="x.json")
    assert caught.value.source == "x.json"
    assert_error_line(caught.value, where, phrase)
    assert str(caught.value) == "\n".join(caught.value.lines())


def test_a_definition_that_is_not_an_object() -> None:
    assert_issue(check([]), "", "must be of type object")
    with pytest.raises(QuestionnaireError) as caught:
        load_data("questionnaire", source="x.json")
    assert_error_line(caught.value, "", "must be of type object")


def test_every_problem_is_reported_not_only_the_first() -> None:
    data = example()
    data["items"][3]["dimension"] = "nope"
    data["items"][2]["scale"] = "agree7"
    data["scales"]["agree5"]["favourable_from"] = 9
    issues = check(data)
    assert_issue(issues, "items[3].dimension", "does not exist")
    assert_issue(issues, "items[2].scale", "does not exist")
    assert_issue(issues, "scales.agree5.favourable_from", "outside the scale")


# --------------------------------------------------------------------------------------------------------
# Duplicate ids. Today the issue sits on the list ("items") and names the id; the better place is the
# later duplicate entry itself ("items[1].id"), like every other located message.

DUPLICATES: dict[str, tuple[Callable[[Data], None], str, str, str]] = {
    # mutation, where today (the list), where it belongs (the later duplicate), key phrase
    "duplicate-item-id": (_set("items.1.id", "vei1"), "items", "items[1].id", "item id 'vei1' is used 2 times"),
    "duplicate-dimension-id": (
        _set("dimensions.1.id", "veiligheid"),
        "dimensions",
        "dimensions[1].id",
        "dimension id 'veiligheid' is used 2 times",
    ),
    "duplicate-non-substantive-code": (
        _append("scales.agree5.non_substantive", DK_AGAIN),
        "scales.agree5.non_substantive",
        "scales.agree5.non_substantive[1].code",
        "code 'dk' is used 2 times",
    ),
    "duplicate-option-code": (
        _set("questions.0.options.1.code", "productie"),
        "questions[0].options",
        "questions[0].options[1].code",
        "option code 'productie' is used 2 times",
    ),
    "duplicate-section-id": (
        _set("sections.1.id", "leren"),
        "sections",
        "sections[1].id",
        "section id 'leren' is used 2 times",
    ),
}


@pytest.mark.parametrize(
    ("mutate", "where", "phrase"),
    [(m, where, phrase) for m, where, _, phrase in DUPLICATES.values()],
    ids=list(DUPLICATES),
)
def test_duplicate_id_is_reported(mutate: Callable[[Data], None], where: str, phrase: str) -> None:
    data = example()
    mutate(data)
    # The message names the id, so the duplicate can be found even while the place is the whole list.
    issues = check(data)
    assert [i for i in issues if i.where.startswith(where) and phrase in i.message], issues
    with pytest.raises(QuestionnaireError) as caught:
        load_data(data, source="x.json")
    assert any(line.startswith(f"x.json: {where}") and phrase in line for line in caught.value.lines())


@pytest.mark.parametrize(
    ("mutate", "where", "phrase"),
    [(m, where, phrase) for m, _, where, phrase in DUPLICATES.values()],
    ids=list(DUPLICATES),
)
def test_duplicate_id_is_located_at_the_duplicate_entry(
    mutate: Callable[[Data], None], where: str, phrase: str
) -> None:
    data = example()
    mutate(data)
    # The message may change wording ("already used by items[0]"); it must name the id.
    value = phrase.split("'")[1]
    issues = check(data)
    assert [i for i in issues if i.where == where and repr(value) in i.message], issues


# --------------------------------------------------------------------------------------------------------
# Validator problems these tests found (fixed since: each test keeps its problem fixed).


@pytest.mark.parametrize("key", ["min", "max"])
def test_scale_bound_written_as_float_does_not_crash(key: str) -> None:
    data = example()
    data["scales"]["agree5"][key] = float(data["scales"]["agree5"][key])
    issues = check(data)  # must not raise
    if issues:
        assert_issue(issues, f"scales.agree5.{key}", "integer")
    else:
        scale = load_data(data).scales["agree5"]
        assert type(scale.min) is int and type(scale.max) is int


def test_version_written_as_float_is_rejected_or_made_integer() -> None:
    text = EXAMPLE_TEXT.replace('"version": 1,', '"version": 1.0,')
    assert text != EXAMPLE_TEXT
    try:
        q = load_text(text, source="x.json")
    except QuestionnaireError as exc:
        assert_error_line(exc, "version", "integer")
    else:
        assert type(q.version) is int
        assert q.key == "voorbeeld@1"


def test_nan_is_not_accepted() -> None:
    text = EXAMPLE_TEXT.replace('"min_answered_share": 0.6', '"min_answered_share": NaN')
    assert text != EXAMPLE_TEXT
    with pytest.raises(QuestionnaireError):
        load_text(text, source="x.json")


def test_very_long_number_is_an_error_not_a_crash() -> None:
    text = EXAMPLE_TEXT.replace('"version": 1,', '"version": ' + "1" * 5000 + ",")
    with pytest.raises(QuestionnaireError) as caught:
        load_text(text, source="x.json")
    assert caught.value.issues and all(issue.message for issue in caught.value.issues)


def test_lone_surrogate_in_a_text_is_an_error_not_a_crash() -> None:
    text = EXAMPLE_TEXT.replace('"Voorbeeldvragenlijst"', '"Voorbeeld\\ud800"')
    assert text != EXAMPLE_TEXT
    with pytest.raises(QuestionnaireError):
        load_text(text, source="x.json")
    data = example()
    data["title"]["nl"] = "Voorbeeld\ud800"
    with pytest.raises(QuestionnaireError) as caught:
        load_data(data, source="x.json")
    assert_error_line(caught.value, "title.nl", "")


def test_missing_points_are_summarised_as_ranges() -> None:
    data = example()
    data["scales"]["agree5"]["max"] = 60
    data["scales"]["agree5"]["points"].append({"value": 30, "label": {"nl": "dertig", "en": "thirty"}})
    assert_issue(check(data), "scales.agree5.points", "no label for point(s) 6..29, 31..60")


def test_a_scale_wider_than_101_points_is_refused_in_one_short_message() -> None:
    data = example()
    data["scales"]["agree5"]["max"] = 100_000
    issues = check(data)
    assert_issue(issues, "scales.agree5.max", "at most 101 points")
    assert all(len(issue.message) <= 300 for issue in issues)


def test_huge_scale_range_is_reported_quickly() -> None:
    # In a child process with a memory limit and a timeout, so the hang cannot take the test run with it.
    script = textwrap.dedent(
        f"""
        import json, resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        sys.path.insert(0, {str(ROOT)!r})
        from questionnaires import check
        data = json.loads(open({str(EXAMPLE_FILE)!r}, encoding="utf-8").read())
        data["scales"]["agree5"]["max"] = 10 ** 12
        issues = check(data)
        print(json.dumps([[i.where, i.message[:100]] for i in issues]))
        """
    )
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("check() did not finish within 20 seconds")
    assert done.returncode == 0, done.stderr[-2000:]
    issues = json.loads(done.stdout)
    assert any(where.startswith("scales.agree5") for where, _ in issues), issues


def test_deeply_nested_value_does_not_crash_check() -> None:
    value: Any = []
    for _ in range(2000):
        value = [value]
    data = example()
    data["id"] = value
    issues = check(data)
    assert_issue(issues, "id", "")


def test_suggestions_in_undeclared_language() -> None:
    data = example()
    data["dimensions"][0]["suggestions"] = {
        "nl": ["Bespreek fouten."],
        "en": ["Discuss mistakes."],
        "de": ["Fehler besprechen."],
    }
    assert_issue(check(data), "dimensions[0].suggestions.de", "language 'de' is not declared")


# --------------------------------------------------------------------------------------------------------
# Through files: parse errors with their place, unreadable files, and the file name in every line.


def write(tmp_path: Path, content: str | bytes, name: str = "broken.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def load_error(path: Path) -> QuestionnaireError:
    with pytest.raises(QuestionnaireError) as caught:
        load_file(path)
    assert caught.value.source == str(path)
    assert all(line.startswith(f"{path}: ") for line in caught.value.lines())
    return caught.value


def test_valid_file_loads(tmp_path: Path) -> None:
    q = load_file(write(tmp_path, EXAMPLE_TEXT, "ok.json"))
    assert q.key == "voorbeeld@1"


def test_file_with_byte_order_mark_loads(tmp_path: Path) -> None:
    q = load_file(write(tmp_path, EXAMPLE_TEXT.encode("utf-8-sig"), "bom.json"))
    assert q.key == "voorbeeld@1"


def test_meaning_error_in_a_file_names_the_file(tmp_path: Path) -> None:
    data = example()
    data["items"][3]["dimension"] = "nope"
    path = write(tmp_path, json.dumps(data, indent=2))
    exc = load_error(path)
    assert_error_line(exc, "items[3].dimension", "dimension 'nope' does not exist", source=str(path))


def test_missing_comma_gets_line_and_column(tmp_path: Path) -> None:
    text = '{\n  "id": "x",\n  "version": 1 "languages": ["nl"]\n}\n'
    #                     line 3: column 16 is the '"' where the comma should have been
    exc = load_error(write(tmp_path, text))
    assert [(i.where, i.message) for i in exc.issues] == [
        ("line 3, column 16", "not valid JSON: Expecting ',' delimiter")
    ]
    assert exc.lines() == [f"{tmp_path / 'broken.json'}: line 3, column 16: not valid JSON: Expecting ',' delimiter"]


def test_missing_comma_at_end_of_line_in_the_example(tmp_path: Path) -> None:
    # Line 3 of the example is '  "version": 1,'; without its comma the parser stops at line 4, column 3.
    assert EXAMPLE_TEXT.splitlines()[2] == '  "version": 1,'
    text = EXAMPLE_TEXT.replace('"version": 1,', '"version": 1', 1)
    exc = load_error(write(tmp_path, text))
    assert len(exc.issues) == 1
    assert exc.issues[0].where == "line 4, column 3"
    assert "not valid JSON" in exc.issues[0].message


def test_trailing_garbage_gets_line_and_column(tmp_path: Path) -> None:
    lines = EXAMPLE_TEXT.count("\n")
    exc = load_error(write(tmp_path, EXAMPLE_TEXT + "}\n"))
    assert exc.issues[0].where == f"line {lines + 1}, column 1"
    assert "Extra data" in exc.issues[0].message


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    text = '{\n  "id": "x",\n  "version": 1,\n  "version": 2\n}\n'
    exc = load_error(write(tmp_path, text))
    assert len(exc.issues) == 1
    assert "'version' appears twice" in exc.issues[0].message


def test_duplicate_key_in_a_nested_object_is_an_error(tmp_path: Path) -> None:
    text = EXAMPLE_TEXT.replace('"favourable_from": 4,', '"favourable_from": 4, "favourable_from": 3,')
    assert text != EXAMPLE_TEXT
    exc = load_error(write(tmp_path, text))
    assert any("'favourable_from' appears twice" in issue.message for issue in exc.issues)


def test_duplicate_key_is_located(tmp_path: Path) -> None:
    text = '{\n  "id": "x",\n  "version": 1,\n  "version": 2\n}\n'
    exc = load_error(write(tmp_path, text))
    assert exc.issues[0].where.startswith("line 4"), exc.lines()


def test_non_utf8_file(tmp_path: Path) -> None:
    # 'café' in Latin-1: the byte 0xE9 at offset 11 is not UTF-8.
    exc = load_error(write(tmp_path, b'{"id": "caf\xe9"}'))
    assert [(i.where, i.message) for i in exc.issues] == [("byte 11", "the file is not UTF-8 text")]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    exc = load_error(path)
    assert len(exc.issues) == 1
    assert "cannot read the file" in exc.issues[0].message
    assert "No such file" in exc.issues[0].message


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.json"
    folder.mkdir()
    exc = load_error(folder)
    assert "cannot read the file" in exc.issues[0].message


@pytest.mark.parametrize("content", ["", "   \n\n"], ids=["empty", "only-whitespace"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    exc = load_error(write(tmp_path, content))
    assert len(exc.issues) == 1
    assert (exc.issues[0].where, exc.issues[0].message) == ("line 1, column 1", "the file is empty")


def test_deeply_nested_json_text_is_an_error_not_a_crash() -> None:
    text = '{"id": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(QuestionnaireError) as caught:
        load_text(text, source="x.json")
    assert "nested too deeply" in caught.value.issues[0].message
