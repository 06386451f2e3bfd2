"""The shape of the house: which package may import which, small modules, names that say what they hold.

Dependencies run one way, ``quickscan → reports → scoring → questionnaires``, and only ``quickscan`` touches
HTTP and SQL. Each rule below is checked twice: statically (every import statement of every file, so a
lazy import inside a function is caught too) and by importing the pure packages in a fresh interpreter.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import ROOT

#: What each package must never import (top-level names). The web and database libraries are only for
#: ``quickscan``; the packages below it never import a package above them.
WEB_AND_DATABASE = {"flask", "flask_babel", "flask_login", "flask_wtf", "wtforms", "werkzeug", "sqlalchemy", "alembic"}
FORBIDDEN: dict[str, set[str]] = {
    "questionnaires": {"scoring", "reports", "quickscan"} | WEB_AND_DATABASE,
    "scoring": {"reports", "quickscan"} | WEB_AND_DATABASE,
    "reports": {"quickscan"} | WEB_AND_DATABASE,
    "quickscan": set(),
}
#: Modules allowed above the size limit: data catalogs (words and texts) and migrations.
SIZE_LIMIT = 450
CATALOGS = {"reports/text.py"}


def _python_files(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_file_imports_against_the_direction(package: str) -> None:
    offences = {
        str(path.relative_to(ROOT)): sorted(_imported_packages(path) & FORBIDDEN[package])
        for path in _python_files(package)
    }
    assert {file: names for file, names in offences.items() if names} == {}


def test_the_static_check_sees_a_lazy_import(tmp_path: Path) -> None:
    """The check above would notice an import hidden inside a function."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from flask import request\n    import sqlalchemy.orm\n", encoding="utf-8")
    assert _imported_packages(bad) == {"flask", "sqlalchemy"}


@pytest.mark.parametrize("package", ["questionnaires", "scoring", "reports"])
def test_pure_packages_pull_in_no_web_or_database_code_when_imported(package: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        f"bad = sorted(n for n in sys.modules if n.split('.')[0] in {sorted(FORBIDDEN[package])!r})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_no_module_is_a_god_file() -> None:
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for package in FORBIDDEN
        for path in _python_files(package)
    }
    too_big = {name: n for name, n in sizes.items() if n > SIZE_LIMIT and name not in CATALOGS}
    assert too_big == {}


def _packages(name: str) -> list[ModuleType]:
    """``name`` and its sub-packages, imported (Alembic's migration scripts are not importable on their own)."""
    package = importlib.import_module(name)
    found = [package]
    for info in pkgutil.iter_modules(package.__path__):
        if info.ispkg and info.name != "migrations":
            found += _packages(f"{name}.{info.name}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_name_shadows_a_module(package: str) -> None:
    """``import scoring.x`` must give the module ``x``: no attribute of a package has a submodule's name
    unless it is that submodule."""
    shadows = []
    for module in _packages(package):
        for info in pkgutil.iter_modules(module.__path__):
            attr = module.__dict__.get(info.name)
            if attr is not None and not isinstance(attr, ModuleType):
                shadows.append(f"{module.__name__}.{info.name}")
    assert shadows == []


def test_every_link_in_the_readme_and_docs_points_to_a_file() -> None:
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)\)", doc.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            assert (doc.parent / target).exists(), f"{doc.name} links to missing {target}"


def test_the_readme_names_every_cli_command() -> None:
    import click

    from quickscan.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    hidden = {"run", "shell", "routes"}  # Flask's own commands
    ctx = click.Context(main)
    commands = {name: main.get_command(ctx, name) for name in main.list_commands(ctx)}
    missing = [name for name in commands if name not in hidden and f"quickscan {name}" not in readme]
    assert missing == []
    subcommands = [
        f"quickscan {name} {sub}"
        for name, command in commands.items()
        if isinstance(command, click.Group)
        for sub in command.commands
    ]
    assert [line for line in subcommands if line not in readme] == []


def test_tests_mirror_the_code() -> None:
    """App tests live in tests/app/, pure-package tests beside their package's name; no test file sits loose."""
    loose = sorted(p.name for p in (ROOT / "tests").glob("test_*.py") if p.name != "test_layout.py")
    assert loose == []
    for package in ("scoring", "reports", "questionnaires"):
        for path in (ROOT / "tests" / package).glob("test_*.py"):
            assert "quickscan" not in _imported_packages(path), f"{path.name} tests the app: move it to tests/app/"


def test_the_docs_show_the_newest_schema_revision() -> None:
    """Sample output in the docs (`schema empty -> 0007`, `newest: 0007`) names the newest migration."""
    newest = max(p.name[:4] for p in (ROOT / "quickscan" / "migrations" / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    pattern = r"schema (?:empty|\d{4}) -> (\d{4})|current: (\d{4}), newest: (\d{4})|this version needs (\d{4})"
    shown = {
        f"{doc.name}: {match.group(0)}"
        for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
        for match in re.finditer(pattern, doc.read_text(encoding="utf-8"))
        if any(revision != newest for revision in match.groups() if revision)
    }
    assert shown == set()
