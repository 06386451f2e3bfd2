"""The shape of the house: the pure packages never pull in Flask or SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.mark.parametrize("package", ["questionnaires", "scoring", "reports"])
def test_pure_packages_import_no_web_or_database_code(package: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in {'flask', 'sqlalchemy', 'werkzeug', 'quickscan'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_every_link_in_the_readme_and_docs_points_to_a_file() -> None:
    import re

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
    missing = [name for name in main.commands if name not in hidden and f"quickscan {name}" not in readme]
    assert missing == []
    subcommands = [
        f"quickscan {name} {sub}"
        for name, command in main.commands.items()
        if isinstance(command, click.Group)
        for sub in command.commands
    ]
    assert [line for line in subcommands if line not in readme] == []
