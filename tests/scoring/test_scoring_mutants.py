"""The mutants of ``make mutate`` (benchmarks/mutate.py) still fit the code: a cheap check for every CI run.

``make mutate`` itself is too slow for CI. Without this test, a change to a scoring module could leave a mutant
whose snippet no longer occurs, and the next ``make mutate`` would stop on it instead of measuring; and a mutant
that is no valid Python would count as killed by any test.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _mutate() -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location("mutate", ROOT / "benchmarks" / "mutate.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["mutate"] = module  # dataclasses look their module up while the class is made
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
        sys.modules.pop("mutate", None)


def test_every_mutant_changes_one_place_of_its_module() -> None:
    mutate = _mutate()
    names = [m.name for m in mutate.MUTANTS]
    assert len(names) == len(set(names))
    for mutant in mutate.MUTANTS:
        text = (ROOT / mutant.module).read_text()
        assert text.count(mutant.old) == 1, f"{mutant.name}: update its snippet in benchmarks/ to the new code"
        assert mutant.new != mutant.old
        compile(text.replace(mutant.old, mutant.new), mutant.module, "exec")  # a mutant that fails to import is no test
    assert set(mutate.EQUIVALENT) <= set(names)
    assert {m.module for m in mutate.MUTANTS} == set(mutate.FLOORS)
