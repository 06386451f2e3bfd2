"""scoring/ is a pure core: importing all of it pulls in neither Flask nor SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import importlib, pkgutil, sys
import scoring
names = [m.name for m in pkgutil.walk_packages(scoring.__path__, "scoring.")]
for name in names:
    importlib.import_module(name)
assert len(names) >= 10, names
bad = sorted(m for m in sys.modules if m.split(".")[0] in {"flask", "sqlalchemy", "quickscan", "reports"})
assert not bad, bad
print("ok", len(names))
"""


def test_scoring_imports_no_web_or_database_code():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_no_name_in_scoring_shadows_one_of_its_modules():
    """``import scoring.<module>`` gives that module: no re-exported function carries a module's name."""
    import importlib
    import pkgutil

    import scoring

    for info in pkgutil.iter_modules(scoring.__path__):
        module = importlib.import_module(f"scoring.{info.name}")
        assert getattr(scoring, info.name) is module, info.name
