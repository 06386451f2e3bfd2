"""Dependencies: exact versions come from the lock files, which satisfy pyproject's floors (incl. the floors
that keep out versions with published advisories), and the advisory check fails on a known vulnerability
but only warns when the advisory data cannot be reached (issue 23, finding 13)."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]


def _advisories() -> ModuleType:
    spec = importlib.util.spec_from_file_location("advisories", ROOT / ".ci" / "advisories.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pins(lock: str) -> dict[str, Version]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {canonicalize_name(n): Version(v) for n, v in re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)$", text, re.M)}


def _requirements(extra: str | None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return [Requirement(r) for r in listed]


@pytest.mark.parametrize(("lock", "extra"), [("requirements.lock", None), ("requirements-test.lock", "test")])
def test_the_lock_pins_every_dependency_within_its_floor(lock: str, extra: str | None) -> None:
    pins = _pins(lock)
    for requirement in _requirements(extra):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock} does not pin {name}: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{lock}: {name} {pins[name]}"


def test_the_floors_keep_out_versions_with_published_advisories() -> None:
    floors = {canonicalize_name(r.name): r.specifier for r in _requirements(None)}
    for name, bad in (("gunicorn", "22.0.0"), ("pillow", "10.2.0"), ("werkzeug", "3.0.5")):
        assert not floors[name].contains(bad), name


def test_both_install_steps_use_the_locks() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -c requirements.lock -e ." in makefile
    assert "pip install --quiet -c requirements-test.lock -e '.[test]'" in makefile


def test_a_known_vulnerability_fails_the_check() -> None:
    status, lines = _advisories().decide(
        {
            "dependencies": [
                {"name": "flask", "version": "3.1.3", "vulns": []},
                {
                    "name": "gunicorn",
                    "version": "22.0.0",
                    "vulns": [{"id": "GHSA-w3h3-4rj7-4ph4", "fix_versions": ["22.0.1"]}],
                },
            ]
        }
    )
    assert status == 1
    assert lines == ["VULNERABLE gunicorn 22.0.0: GHSA-w3h3-4rj7-4ph4 (fixed in 22.0.1)"]


def test_unreachable_advisory_data_only_warns() -> None:
    skipped = {"skip_reason": "Dependency not found on PyPI and could not be audited"}
    status, lines = _advisories().decide({"dependencies": [{"name": "flask", **skipped}, {"name": "numpy", **skipped}]})
    assert status == 0
    assert lines[0].startswith("WARNING: the advisory database could not be reached for 2 of 2 dependencies (none")


def test_a_clean_report_says_how_many_were_checked() -> None:
    status, lines = _advisories().decide(
        {"dependencies": [{"name": "flask", "version": "3.1.3", "vulns": []}, {"name": "numpy", "skip_reason": "x"}]}
    )
    assert status == 0
    assert "1 of 2 checked" in lines[0]
    assert lines[-1] == "No known vulnerabilities in the 1 dependencies checked."
