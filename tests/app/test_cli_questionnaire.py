"""`quickscan questionnaire validate|list|show`, as a user at a terminal sees them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quickscan.cli import main

from ..conftest import EXAMPLE, ROOT

SHIPPED = ROOT / "questionnaires" / "leercultuur-mkb.json"


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


def test_validate_a_good_file_prints_a_summary_and_exits_0(cli: CliRunner) -> None:
    result = cli.invoke(main, ["questionnaire", "validate", str(EXAMPLE), str(SHIPPED)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{EXAMPLE}: ok: voorbeeld@1, 2 dimensions, 6 items for employee, 6 items for manager"
    assert lines[1].startswith(f"{SHIPPED}: ok: leercultuur-mkb@1, ")


def test_validate_prints_one_located_line_per_problem_and_exits_1(cli: CliRunner, tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["items"][3]["dimension"] = "nergens"
    data["scales"]["agree5"]["favourable_from"] = 9
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = cli.invoke(main, ["questionnaire", "validate", str(bad), str(EXAMPLE)])
    assert result.exit_code == 1
    assert f"{bad}: items[3].dimension: dimension 'nergens' does not exist" in result.stderr
    assert f"{bad}: scales.agree5.favourable_from: 9 lies outside the scale 1..5" in result.stderr
    assert f"{EXAMPLE}: ok:" in result.stdout  # the good file is still reported
    assert "Traceback" not in result.output


def test_validate_malformed_json_names_line_and_column(cli: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{\n  "id": "x",\n  "version" 1\n}\n', encoding="utf-8")
    result = cli.invoke(main, ["questionnaire", "validate", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{bad}: line 3, column 13: not valid JSON: Expecting ':' delimiter"


def test_validate_a_missing_file(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(main, ["questionnaire", "validate", str(tmp_path / "nope.json")])
    assert result.exit_code == 1
    assert "cannot read the file" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_list_shows_the_shipped_questionnaire(cli: CliRunner) -> None:
    result = cli.invoke(main, ["questionnaire", "list"])
    assert result.exit_code == 0
    assert result.output.startswith("leercultuur-mkb@1")


def test_list_reports_files_that_do_not_load(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.json").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    monkeypatch.setenv("QUICKSCAN_QUESTIONNAIRES", str(tmp_path))
    result = cli.invoke(main, ["questionnaire", "list"])
    assert result.exit_code == 0
    assert "voorbeeld@1" in result.stdout
    assert f"not loaded: {tmp_path / 'bad.json'}" in result.stderr


def test_show_in_english_for_managers(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "voorbeeld.json").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("QUICKSCAN_QUESTIONNAIRES", str(tmp_path))
    result = cli.invoke(main, ["questionnaire", "show", "voorbeeld@1", "--lang", "en", "--role", "manager"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Example questionnaire  [voorbeeld@1, manager, en]")
    assert "Employees dare to report mistakes." in out
    assert "Whoever makes a mistake here gets the blame." in out and "(reversed)" in out
    # The employee-only questions are not shown to managers; the shared open question is.
    assert "Which department" not in out
    assert "Anything else you want to say?" in out


def test_show_employee_lists_the_options_of_questions(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "voorbeeld.json").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("QUICKSCAN_QUESTIONNAIRES", str(tmp_path))
    out = cli.invoke(main, ["questionnaire", "show", "voorbeeld"]).output
    assert "Ik durf een fout te melden." in out
    assert "- Ja, en ik werk eraan" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "no questionnaire 'nope'"),
        (["leercultuur-mkb@x"], "must be a whole number"),
        (["leercultuur-mkb@1", "--lang", "fr"], "has languages nl, en"),
        (["leercultuur-mkb@1", "--role", "coach"], "is not one of"),
    ],
)
def test_show_with_a_bad_argument_says_what_is_wrong(cli: CliRunner, args: list[str], message: str) -> None:
    result = cli.invoke(main, ["questionnaire", "show", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
