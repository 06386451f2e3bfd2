"""The ``quickscan`` command starts at once: each command imports what it needs (issue 18).

Timing is for benchmarks/cli.py; these tests check the cause instead, which does not depend on the load of
the machine: which modules a whole ``quickscan`` process has imported when it ends. (``-X importtime``
would not do: it leaves out modules imported through ``importlib``, as the group and scipy import theirs.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from quickscan.cli import COMMANDS, load, main

from ..conftest import EXAMPLE, ROOT

#: What no command that reads only files may import: the web app, the database and the drawing libraries.
WEB_DATABASE_DRAWING = {"flask", "werkzeug", "jinja2", "sqlalchemy", "alembic", "matplotlib", "reportlab"}
#: Runs ``python -m quickscan.cli ARGS`` and, however it ends, lists the modules it imported on stderr.
PROBE = """
import runpy, sys
try:
    runpy.run_module("quickscan.cli", run_name="__main__", alter_sys=True)
finally:
    print("--- modules", *sorted(sys.modules), sep="\\n", file=sys.stderr)
"""


def imported(*args: str) -> tuple[set[str], str]:
    """The modules a whole ``quickscan ARGS`` process imported, and what it printed on stdout."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return set(result.stderr.split("--- modules\n", 1)[1].split()), result.stdout


def top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def test_the_probe_sees_what_the_command_imported() -> None:
    names, out = imported("--version")
    assert out.startswith("quickscan, version")
    assert "click.core" in names and "quickscan.cli" in names and "importlib.metadata" in names


def test_help_imports_click_and_nothing_of_the_app() -> None:
    names, out = imported("--help")
    assert "score" in out and "welcome" in out
    assert top_level(names) & (WEB_DATABASE_DRAWING | {"numpy", "scipy", "jsonschema"}) == set()
    assert sorted(n for n in names if n.startswith("quickscan.")) == ["quickscan.cli"]


def test_score_loads_no_web_app_no_drawing_and_no_scipy_stats(tmp_path: Path) -> None:
    responses = tmp_path / "answers.csv"
    responses.write_text("vei1,vei2,vei3,tij1,tij2,tij3\n4,2,5,4,2,dk\n2,4,1,,3,2\n", encoding="utf-8")
    names, out = imported("score", str(EXAMPLE), str(responses), "--json")
    assert '"n": 2' in out
    assert top_level(names) & WEB_DATABASE_DRAWING == set()
    assert "scipy.stats" not in names  # 0.5 s of start-up; scoring needs scipy.special
    assert not any(n.startswith("quickscan.") and n not in {"quickscan.cli", "quickscan.cli.scoring"} for n in names)


def test_a_questionnaire_check_loads_no_web_app() -> None:
    names, _ = imported("questionnaire", "validate", str(EXAMPLE))
    assert top_level(names) & WEB_DATABASE_DRAWING == set()


def test_a_command_shows_its_own_help_without_the_others() -> None:
    names, out = imported("user", "--help")
    assert "set-password" in out
    assert "quickscan.cli.users" in names and "quickscan.cli.report" not in names and "matplotlib" not in names


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_summary_in_the_list_is_the_commands_own(name: str) -> None:
    command = load(name)
    assert command.name == name
    assert COMMANDS[name].summary == command.get_short_help_str(limit=1000)


def test_help_lists_every_command_with_its_summary() -> None:
    result = CliRunner().invoke(main, ["--help"], terminal_width=200)
    out = result.output
    assert result.exit_code == 0, result.exception
    for name, entry in COMMANDS.items():
        assert f"  {name} " in out and entry.summary in out


def test_an_app_command_finds_the_app_without_a_test_runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as `quickscan`, not through Flask's test runner: the group hands the app factory to the command."""
    monkeypatch.setenv("QUICKSCAN_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUICKSCAN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    runner = CliRunner()
    created = runner.invoke(main, ["init-db"])
    assert created.exit_code == 0, created.output
    listed = runner.invoke(main, ["user", "list"])
    assert listed.exit_code == 0 and "No accounts yet" in listed.output


def test_an_unknown_command_is_refused_as_before() -> None:
    result = CliRunner().invoke(main, ["scroe"])
    assert result.exit_code == 2 and "No such command 'scroe'" in result.output


def test_every_command_is_a_click_command() -> None:
    ctx = click.Context(main)
    assert all(isinstance(main.get_command(ctx, name), click.Command) for name in main.list_commands(ctx))
