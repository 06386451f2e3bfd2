"""Benchmark of the reports: prints the figures that go into docs/performance.md ("Reports").

    .venv/bin/python benchmarks/reports.py [--instance DIR] [--repeat 5] [--jobs 2]

On the demo programme (48 companies in 6 regions, baseline and end-line; ``quickscan demo``):

1. One company's report PDF, as ``quickscan report company SLUG`` makes it: loading and scoring its data
   from the database, then drawing and typesetting (target: under 1 s). Also the HTML fragment of the
   company page. Best of ``--repeat`` runs, each part timed on its own, wall clock and CPU.
2. Every company's report plus the programme report, as ``quickscan report build --jobs 2`` makes them
   (target: under 30 s on 2 cores), through the command itself.

The demo database is made in a temporary folder (not timed), unless ``--instance`` names an instance folder
that already holds it. The machine's load average is printed with the figures: on a shared machine the
wall clock follows it.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
# The project before this folder: benchmarks/scoring.py must not stand in for the scoring package.
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from benchmarks.demo_db import demo_app  # noqa: E402
from quickscan.cli.report import report_group  # noqa: E402
from quickscan.db import transaction  # noqa: E402
from quickscan.models import Company  # noqa: E402
from quickscan.questionnaire_store import registry  # noqa: E402
from quickscan.reporting import company_report  # noqa: E402
from reports.html import company_fragment  # noqa: E402
from reports.pdf import company_pdf  # noqa: E402

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    """The result, the wall-clock seconds and the CPU seconds of this process."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instance", help="instance folder with the demo database (made when empty)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--slug", default=None, help="the company of figure 1 (default: the first with both waves)")
    args = parser.parse_args()

    app = demo_app(Path(args.instance) if args.instance else None, prefix="qs-bench-reports-")
    with transaction(app) as s:
        companies = s.scalars(select(Company).order_by(Company.slug)).all()
        slug = args.slug or next(c.slug for c in companies if len(c.waves) == 2)
        n_companies = len(companies)

    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {n_companies} companies; company: {slug}")
    print(f"load average at the start: {load()}")

    def load_data():  # type: ignore[no-untyped-def]
        with transaction(app) as s:
            return company_report(s, registry(app), slug)

    rows: dict[str, list[tuple[float, float]]] = {"load and score": [], "PDF": [], "HTML fragment": [], "total": []}
    company_pdf(load_data(), "nl")  # warm-up: imports, fonts, caches
    size = 0
    for _ in range(args.repeat):
        data, wall_l, cpu_l = timed(load_data)
        pdf, wall_p, cpu_p = timed(lambda: company_pdf(data, "nl"))  # noqa: B023
        _, wall_h, cpu_h = timed(lambda: company_fragment(data, "nl"))  # noqa: B023
        size = len(pdf)
        rows["load and score"].append((wall_l, cpu_l))
        rows["PDF"].append((wall_p, cpu_p))
        rows["HTML fragment"].append((wall_h, cpu_h))
        rows["total"].append((wall_l + wall_p, cpu_l + cpu_p))

    print(f"\n1. One company report (best of {args.repeat}; PDF {size / 1024:.0f} KB), load average {load()}")
    print(f"   {'part':<32} {'wall clock':>10} {'CPU':>8}")
    for name, values in rows.items():
        wall = min(v[0] for v in values)
        cpu = min(v[1] for v in values)
        label = "load + PDF (target < 1 s)" if name == "total" else name
        print(f"   {label:<32} {wall:>9.2f}s {cpu:>7.2f}s")

    out = Path(tempfile.mkdtemp(prefix="qs-bench-build-"))
    runner = app.test_cli_runner()
    start_load = load()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result, wall_b, cpu_b = timed(
        lambda: runner.invoke(report_group, ["build", "--out", str(out), "--jobs", str(args.jobs)])
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_workers = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    if result.exit_code != 0:
        print(result.output)
        raise SystemExit(f"build failed with exit code {result.exit_code}")
    written = sorted(out.iterdir())
    total_kb = sum(p.stat().st_size for p in written) / 1024
    print(
        f"\n2. quickscan report build --jobs {args.jobs}: {len(written)} PDFs ({total_kb / 1024:.1f} MB), "
        f"load average {start_load} -> {load()}"
    )
    print(f"   wall clock {wall_b:.1f} s (target < 30 s)")
    print(
        f"   CPU: parent (database) {cpu_b:.1f} s, workers {cpu_workers:.1f} s; "
        f"all CPU over {args.jobs} cores: {(cpu_b + cpu_workers) / args.jobs:.1f} s "
        "(about the wall clock of an idle machine)"
    )


if __name__ == "__main__":
    main()
