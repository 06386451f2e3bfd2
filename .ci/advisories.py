"""The advisory check: are any of the pinned dependencies known to be vulnerable?

Runs pip-audit over requirements-test.lock (runtime and test dependencies, exact versions) against PyPI's
advisory data and decides:

- a dependency with a known vulnerability: list it and exit 1 (CI fails: raise the floor in pyproject.toml
  and run ``make lock``);
- dependencies that could not be checked (the advisory database cannot be reached, as on a closed network):
  a loud warning naming how many, exit 0 — the check degrades, it does not block;
- otherwise: say so, exit 0.

    python .ci/advisories.py [LOCKFILE]      # `make audit` runs it; .ci/run too
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def decide(report: dict[str, Any]) -> tuple[int, list[str]]:
    """Exit status and lines to print, from pip-audit's JSON report."""
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    lines = [
        f"VULNERABLE {d['name']} {d.get('version', '')}: "
        + ", ".join(
            f"{v['id']} (fixed in {', '.join(v.get('fix_versions', [])) or 'no release yet'})" for v in d["vulns"]
        )
        for d in vulnerable
    ]
    if skipped:
        what = "none" if len(skipped) == len(deps) else f"{len(deps) - len(skipped)} of {len(deps)}"
        lines.append(
            f"WARNING: the advisory database could not be reached for {len(skipped)} of {len(deps)} "
            f"dependencies ({what} checked); run `make audit` where PyPI's advisory data is reachable."
        )
    if vulnerable:
        return 1, lines
    if len(skipped) < len(deps):
        lines.append(f"No known vulnerabilities in the {len(deps) - len(skipped)} dependencies checked.")
    return 0, lines


def main(argv: list[str]) -> int:
    lock = Path(argv[0]) if argv else ROOT / "requirements-test.lock"
    command = [
        sys.executable, "-m", "pip_audit", "--requirement", str(lock), "--no-deps", "--disable-pip",
        "--vulnerability-service", "pypi", "--format", "json", "--progress-spinner", "off",
    ]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        print(
            f"WARNING: pip-audit gave no report (exit {run.returncode}); advisories not checked:\n{run.stderr[-2000:]}"
        )
        return 0
    status, lines = decide(report)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
