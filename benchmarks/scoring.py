"""Benchmark of the scoring engine: prints the figures that go into docs/performance.md.

    .venv/bin/python benchmarks/scoring.py [--respondents 1000000] [--companies 2000] [--csv-rows 100000]

1. 1,000,000 respondents x 40 items (8 dimensions of 5, two reverse-keyed items each, 3 % missing) into
   respondent dimension scores plus every dimension's alpha (target: under 1 s on 2 cores).
2. Per-company means and alphas of every dimension for 2,000 companies (target: under 2 s), on the same
   1,000,000 respondents (500 per company) and on a realistic 100,000 (50 per company).
3. ``quickscan score`` on a 100,000-respondent CSV, split into reading the file and scoring.

Generating the data is not timed. Each figure is the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402

import questionnaires  # noqa: E402
from questionnaires.model import Questionnaire  # noqa: E402
from quickscan.cli.scoring import score as score_command  # noqa: E402
from scoring import Answers, check_answers, layout, read_responses, score, score_arrays  # noqa: E402

DIMENSIONS = 8
ITEMS_PER_DIMENSION = 5
REVERSED = {1, 3}  # item positions within each dimension that are reverse-worded


def definition() -> dict[str, Any]:
    """The benchmark questionnaire as JSON data."""
    text = {"nl": "x", "en": "x"}
    items = [
        {
            "id": f"d{d}_{i}",
            "dimension": f"d{d}",
            "scale": "agree5",
            "reverse": i in REVERSED,
            "text": {"employee": text},
        }
        for d in range(DIMENSIONS)
        for i in range(ITEMS_PER_DIMENSION)
    ]
    return {
        "id": "bench",
        "version": 1,
        "languages": ["nl", "en"],
        "title": text,
        "roles": ["employee"],
        "scales": {
            "agree5": {
                "min": 1,
                "max": 5,
                "points": [{"value": v, "label": text} for v in range(1, 6)],
                "favourable_from": 4,
                "non_substantive": [{"code": "dk", "label": text}],
            }
        },
        "dimensions": [{"id": f"d{d}", "name": text, "description": text} for d in range(DIMENSIONS)],
        "items": items,
        "questions": [],
        "sections": [{"id": "s", "title": text, "elements": [it["id"] for it in items]}],
    }


def questionnaire() -> Questionnaire:
    return questionnaires.load_data(definition())


def answers(n: int, seed: int = 0) -> Answers:
    """Correlated Likert answers, reverse-worded where the definition says so, 3 % missing."""
    rng = np.random.default_rng(seed)
    k = DIMENSIONS * ITEMS_PER_DIMENSION
    values = np.empty((n, k))
    for d in range(DIMENSIONS):
        latent = rng.normal(size=n).astype(np.float64)
        for i in range(ITEMS_PER_DIMENSION):
            col = d * ITEMS_PER_DIMENSION + i
            x = np.clip(np.rint(3.2 + latent + rng.normal(scale=0.9, size=n)), 1, 5)
            values[:, col] = 6 - x if i in REVERSED else x
    values[rng.random((n, k)) < 0.03] = np.nan
    return Answers.from_values(values)


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Best wall-clock time, the CPU time of that run (all threads) and the result."""
    runs = []
    result = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    wall_s, cpu_s = min(runs)
    return wall_s, cpu_s, result


def line(label: str, wall: float, cpu: float, extra: str = "") -> None:
    print(f"   {label:<58} {wall:6.3f} s wall, {cpu:6.3f} s CPU{extra}")


def write_csv(path: Path, data: Answers, item_ids: tuple[str, ...]) -> None:
    rng = np.random.default_rng(1)
    whole = np.nan_to_num(data.values, nan=0.0).astype(np.int64).astype(str)
    cells = np.where(np.isnan(data.values), "", whole)
    dk = np.isnan(data.values) & (rng.random(data.values.shape) < 0.5)
    cells[dk] = "dk"
    departments = rng.choice(["productie", "kantoor", "werkplaats", "buitendienst"], data.n)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(",".join(["respondent", "afdeling", *item_ids]) + "\n")
        for i in range(data.n):
            fh.write(f"{i},{departments[i]}," + ",".join(cells[i]) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--csv-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    q = questionnaire()
    lay = layout(q, "employee")
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} at the start; numpy {np.__version__}")
    print(f"best of {args.repeat} runs; data generation not timed")

    n = args.respondents
    data = answers(n)
    print(f"\n1. {n:,} respondents x {lay.k} items ({DIMENSIONS} dimensions, 3 % missing)")
    for workers in (1, 2):
        wall, cpu, arrays = best(lambda w=workers: score_arrays(lay, data, workers=w), args.repeat)
        line(f"scores, descriptives and alpha of every dimension, {workers} thread(s)", wall, cpu)
    alphas = ", ".join(f"{arrays.alpha[d].alpha[0]:.3f}" for d in lay.dimension_ids)
    print(f"   (alphas: {alphas})")
    wall, cpu, _ = best(lambda: check_answers(lay, data), args.repeat)
    line("check_answers alone (score_arrays checks on the fly)", wall, cpu)

    g = args.companies
    print(f"\n2. per-company means and alphas of every dimension, {g:,} companies")
    for rows in (n, min(n, 50 * g)):
        subset = data if rows == n else data.take(np.arange(rows))
        company = np.random.default_rng(2).integers(0, g, rows)
        for workers in (1, 2):
            wall, cpu, grouped = best(
                lambda s=subset, c=company, w=workers: score_arrays(lay, s, c, g, workers=w), args.repeat
            )
            with_alpha = int(np.isfinite(grouped.alpha["d0"].alpha).sum())
            label = f"{rows:,} respondents ({rows // g} per company), {workers} thread(s)"
            line(label, wall, cpu, f"  ({with_alpha} companies with an alpha)")

    rows = args.csv_rows
    print(f"\n3. `quickscan score` on a {rows:,}-respondent CSV ({lay.k} item columns + 2 others)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "responses.csv"
        write_csv(path, data.take(np.arange(rows)), lay.item_ids)
        definition_file = Path(tmp) / "bench.json"
        definition_file.write_text(json.dumps(definition()), encoding="utf-8")
        print(f"   file size {path.stat().st_size / 1e6:.1f} MB")
        read = best(lambda: read_responses(path, q, "employee", ["afdeling"]), args.repeat)
        table = read[2]
        scored = best(lambda: score(q, table.answers, "employee"), args.repeat)
        grouped_score = best(lambda: score(q, table.answers, "employee", table.columns["afdeling"]), args.repeat)
        to_json = best(scored[2].to_json, args.repeat)
        runner = CliRunner()
        command = best(lambda: runner.invoke(score_command, [str(definition_file), str(path), "--json"]), args.repeat)
        assert command[2].exit_code == 0, command[2].output
    parts = read[0] + scored[0] + to_json[0]
    line("read and check the CSV (read_responses)", read[0], read[1], f"  = {100 * read[0] / parts:.0f} %")
    line("score() on the matrix, items included", scored[0], scored[1], f"  = {100 * scored[0] / parts:.0f} %")
    line("result.to_json()", to_json[0], to_json[1], f"  = {100 * to_json[0] / parts:.0f} %")
    line("score() with a breakdown by 4 departments", grouped_score[0], grouped_score[1])
    line("the whole command (CliRunner, --json)", command[0], command[1])


if __name__ == "__main__":
    main()
