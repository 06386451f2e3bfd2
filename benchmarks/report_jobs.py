"""Benchmark of report jobs: prints the figures that go into docs/performance.md ("Report jobs").

    .venv/bin/python benchmarks/report_jobs.py [--scale 1] [--database-url URL --reset]

On the demo programme (48 companies; ``--scale 10``: 480 companies in 60 regions, the demo's answer model
with more regions) it measures:

1. ``quickscan report build`` without a queue: every company's job (both readers) and the programme's, one
   after the other in this process: companies per second, and the programme job on its own.
2. With ``--database-url`` (PostgreSQL, an empty database of its own: ``--reset`` empties it first): the
   same jobs through procrastinate's queue and **one** worker (``run_worker`` until the queue is empty):
   companies per second per worker, queue overhead included.
3. A programme page's results read from the store (``computed_results.load``: one row, unpickled) against
   computing them in the request.

The database is made in a temporary folder (SQLite) or in the given PostgreSQL database; making it is not
timed. The load average is printed with the figures: on a shared machine the wall clock follows it.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from sqlalchemy import create_engine, delete, func, select, text  # noqa: E402

from quickscan import computed_results, create_app, demo, migrate, report_jobs, reporting  # noqa: E402
from quickscan.db import database, transaction  # noqa: E402
from quickscan.models import Company, ComputedResult, Programme  # noqa: E402
from quickscan.programme import DEFAULT_PROGRAMME  # noqa: E402
from quickscan.questionnaire_store import registry  # noqa: E402
from quickscan.report_keys import programme_key  # noqa: E402

SECRET = "benchmark"


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def make(app: Flask, scale: int) -> int:
    """The demo programme, ``scale`` times as many regions (not timed); its number of companies."""
    regions = tuple(demo.REGIONS) + tuple(f"Regio {i}" for i in range(6 * (scale - 1)))
    # more companies than the demo has family names: number the names
    names = tuple(f"{name} {i}" for i in range(scale) for name in demo.FAMILY_NAMES)
    demo.FAMILY_NAMES = names  # type: ignore[misc]
    q = registry(app).get("leercultuur-mkb", 1)
    with transaction(app) as s:
        demo.create(s, q, regions=regions)
    with transaction(app) as s:
        return int(s.scalar(select(func.count()).select_from(Company)) or 0)


def forget(app: Flask) -> None:
    with transaction(app) as s:
        s.execute(delete(ComputedResult))


def in_process(app: Flask) -> tuple[float, float, int]:
    """(seconds for every company job, seconds for the programme job, companies)."""
    with transaction(app) as s:
        jobs = report_jobs.all_jobs(s, DEFAULT_PROGRAMME)
    companies = [j for j in jobs if j.kind == "company"]
    start = time.perf_counter()
    for job in companies:
        report_jobs.run_in_own_transaction(app, job)
    company_seconds = time.perf_counter() - start
    start = time.perf_counter()
    report_jobs.run_in_own_transaction(app, jobs[0])
    return company_seconds, time.perf_counter() - start, len(companies)


def queued(app: Flask) -> tuple[float, float, int]:
    """(seconds for one worker to run every company job, to run the programme job, companies)."""
    app.config["JOB_QUEUE"] = "procrastinate"
    with transaction(app) as s:
        jobs = report_jobs.all_jobs(s, DEFAULT_PROGRAMME)
    companies = [j for j in jobs if j.kind == "company"]
    report_jobs.enqueue(app, companies)
    start = time.perf_counter()
    report_jobs.run_worker(app, wait_for_jobs=False)
    company_seconds = time.perf_counter() - start
    report_jobs.enqueue(app, jobs[:1])
    start = time.perf_counter()
    report_jobs.run_worker(app, wait_for_jobs=False)
    return company_seconds, time.perf_counter() - start, len(companies)


def programme_page_results(app: Flask) -> tuple[float, float]:
    """(seconds to read the stored programme results, seconds to compute them), best of 3."""
    with transaction(app) as s:
        prog = s.scalar(select(Programme.pk).where(Programme.slug == DEFAULT_PROGRAMME))
    assert prog is not None
    stored, computed = [], []
    for _ in range(3):
        start = time.perf_counter()
        with transaction(app) as s:
            key = programme_key(s, registry(app))
            found = computed_results.load(s, computed_results.programme_scope(prog), key or "", SECRET)
        stored.append(time.perf_counter() - start)
        assert found is not None, "the programme's results were not stored"
        start = time.perf_counter()
        with transaction(app) as s:
            reporting.programme_report(s, registry(app), SECRET)
        computed.append(time.perf_counter() - start)
    return min(stored), min(computed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1, help="programme size: 48 x SCALE companies")
    parser.add_argument("--database-url", help="an empty PostgreSQL database of its own (measures the queue too)")
    parser.add_argument("--reset", action="store_true", help="empty that database first (DROP SCHEMA public)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="qs-bench-jobs-"))
    os.environ["QUICKSCAN_INSTANCE_PATH"] = str(folder)
    url = args.database_url or f"sqlite:///{folder / 'quickscan.sqlite'}"
    if args.database_url and args.reset:
        engine = create_engine(args.database_url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
    migrate.upgrade(app)
    print(f"Making a programme of {48 * args.scale} companies (not timed) ...", flush=True)
    start = time.perf_counter()
    n = make(app, args.scale)
    print(f"made in {time.perf_counter() - start:.0f} s")
    dialect = database(app).engine.dialect.name
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {dialect}, {n} companies")

    with app.app_context():
        forget(app)
        print(f"\n1. report build without a queue (this process), load average {load()}")
        seconds, programme_seconds, companies = in_process(app)
        print(f"   {companies} company jobs (2 readers each): {seconds:.1f} s = {companies / seconds:.2f} companies/s")
        print(f"   the programme job: {programme_seconds:.1f} s")
        stored, computed = programme_page_results(app)
        print(f"\n3. the programme's results: from the store {stored * 1000:.0f} ms, computed {computed:.2f} s")
        if dialect == "postgresql":
            forget(app)
            print(f"\n2. through the queue, one worker, load average {load()}")
            seconds, programme_seconds, companies = queued(app)
            print(f"   {companies} company jobs: {seconds:.1f} s = {companies / seconds:.2f} companies/s per worker")
            print(f"   the programme job: {programme_seconds:.1f} s")
        print(f"\nload average at the end: {load()}")


if __name__ == "__main__":
    main()
