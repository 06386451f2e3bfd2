"""A hang fails fast: the suite runs with a per-test timeout (pytest-timeout, ``[tool.pytest.ini_options]``).

Issue 24 found mutants of ``anonymity.suppress_breakdown`` that loop forever; without a timeout such a bug
hangs CI instead of failing one test.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_suite_has_a_per_test_timeout(request: pytest.FixtureRequest) -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert 60 <= int(options["timeout"]) <= 600
    assert request.config.pluginmanager.hasplugin("timeout"), "pytest-timeout is not installed"
    assert float(request.config.getini("timeout")) == float(options["timeout"])
    test_extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["test"]
    assert any(dep.startswith("pytest-timeout") for dep in test_extras)


def test_a_test_that_loops_forever_fails_within_its_timeout(tmp_path: Path) -> None:
    """A busy loop (as the looping mutants of suppress_breakdown are) fails its test after the timeout;
    the next test still runs."""
    (tmp_path / "pytest.ini").write_text("[pytest]\ntimeout_method = signal\n")
    (tmp_path / "test_hang.py").write_text(
        textwrap.dedent(
            """
            import pytest

            @pytest.mark.timeout(1)
            def test_hangs():
                while True:
                    pass

            def test_after():
                pass
            """
        )
    )
    start = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.monotonic() - start
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed, 1 passed" in run.stdout
    assert "Timeout" in run.stdout
    assert elapsed < 60
