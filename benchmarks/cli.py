"""Benchmark of the command line: prints the figures that go into docs/performance.md ("Command line").

    .venv/bin/python benchmarks/cli.py [--rows 200000] [--repeat 7] [--quickscan COMMAND]

1. ``quickscan --help`` as a whole process, start to exit (target: under 0.5 s).
2. ``quickscan score QUESTIONNAIRE RESPONSES.csv --json`` as a whole process, against
   ``python benchmarks/score_reference.py``, a plain pandas + numpy script doing the same work on the same
   file (target: at most 1.5 times the script). The file: ``--rows`` respondents of benchmarks/scoring.py's
   data (8 dimensions of 5 items, 3 % missing, half of them "dk", an id and a department column).

Every run is a new process, the command and the script taking turns so that both meet the same load; each
figure is the best of ``--repeat`` runs, wall clock and CPU (user + system, of the process and its
children). The machine's load average is printed with the figures: on a shared machine the wall clock
follows it, the CPU time much less. Generating the file is not timed. ``--quickscan`` measures another
installation, e.g. an earlier version: ``--quickscan "env PYTHONPATH=/tmp/old python -c 'from quickscan.cli
import main; main()'"``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
HELP_TARGET = 0.5
SCORE_TARGET = 1.5


def quickscan() -> list[str]:
    """The installed ``quickscan`` script beside this Python, else ``python -m quickscan.cli``."""
    script = Path(sys.executable).parent / "quickscan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "quickscan.cli"]


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall clock and CPU seconds of one whole process, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stdout


def make_data(folder: Path, rows: int) -> tuple[Path, Path]:
    """The questionnaire and responses file of benchmarks/scoring.py, written to ``folder``."""
    spec = importlib.util.spec_from_file_location("benchmark_scoring", HERE / "scoring.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    definition = folder / "bench.json"
    definition.write_text(json.dumps(bench.definition()), encoding="utf-8")
    responses = folder / "responses.csv"
    item_ids = tuple(item["id"] for item in bench.definition()["items"])
    bench.write_csv(responses, bench.answers(rows), item_ids)
    return definition, responses


def same_numbers(command_json: str, reference_json: str) -> bool:
    """The command and the script agree on every dimension's n, mean and alpha (so they did the same work)."""
    ours = json.loads(command_json)["groups"]["all"]["dimensions"]
    theirs = json.loads(reference_json)["dimensions"]
    return ours.keys() == theirs.keys() and all(
        ours[d]["n"] == theirs[d]["n"]
        and abs(ours[d]["mean"] - theirs[d]["mean"]) < 1e-9
        and abs(ours[d]["alpha"] - theirs[d]["alpha"]) < 1e-9
        for d in ours
    )


def line(label: str, wall: float, cpu: float, extra: str = "") -> None:
    print(f"   {label:<44} {wall:6.3f} s wall, {cpu:6.3f} s CPU{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--quickscan", help="the command to measure (default: the quickscan beside this Python)")
    args = parser.parse_args()
    command = shlex.split(args.quickscan) if args.quickscan else quickscan()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    print(f"command: {' '.join(command)}; best of {args.repeat} runs, each a new process")

    help_runs = [timed([*command, "--help"]) for _ in range(args.repeat)]
    wall, cpu = min(r[0] for r in help_runs), min(r[1] for r in help_runs)
    print("\n1. quickscan --help")
    line("whole process", wall, cpu, f"  = {wall / HELP_TARGET:.2f} of the {HELP_TARGET} s target")

    folder = Path(tempfile.mkdtemp(prefix="quickscan-cli-bench-"))
    try:
        definition, responses = make_data(folder, args.rows)
        size = responses.stat().st_size / 1e6
        print(f"\n2. quickscan score against pandas + numpy, {args.rows:,} rows ({size:.1f} MB)")
        ours, theirs = [], []
        for _ in range(args.repeat):
            theirs.append(timed([sys.executable, str(HERE / "score_reference.py"), str(definition), str(responses)]))
            ours.append(timed([*command, "score", str(definition), str(responses), "--json"]))
        agree = same_numbers(ours[0][2], theirs[0][2])
    finally:
        shutil.rmtree(folder)
    ref_wall, ref_cpu = min(r[0] for r in theirs), min(r[1] for r in theirs)
    cmd_wall, cmd_cpu = min(r[0] for r in ours), min(r[1] for r in ours)
    line("pandas + numpy script (score_reference.py)", ref_wall, ref_cpu)
    line("quickscan score --json", cmd_wall, cmd_cpu)
    print(
        f"   ratio: {cmd_wall / ref_wall:.2f} by wall clock, {cmd_cpu / ref_cpu:.2f} by CPU "
        f"(target: at most {SCORE_TARGET}); same n, means and alphas: {'yes' if agree else 'NO'}"
    )
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    if not agree:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
