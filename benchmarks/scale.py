"""Benchmark at national scale: prints the figures of docs/performance.md ("Op landelijke schaal").

    .venv/bin/python benchmarks/scale.py [--factor 10 --factor 40] [--repeat 3]

For a programme 10 and 40 times the demo (480 and 1,920 companies in 35 labour-market regions, made by
``benchmarks/demo_db.py`` in bulk and kept in the temporary folder between runs), through the app (Flask's
test client, in this process, SQLite), as the programme lead:

* the **programme page** (``/programme``) *cold*: the first load after a release (the report cache emptied:
  load, score, draw, render) and *warm*: served from the cache by a new session (200, not a 304), and its
  second page of companies and one region's companies, warm;
* the **overview** (``/dashboard``): every company's response progress and plan follow-up, a page of them;
* a **company page** (``/companies/<slug>``), cold and warm;

with the HTML's size (uncompressed). Wall clock, best of ``--repeat`` (cold: once; it is what a release
costs); the machine's load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The project before this folder: benchmarks/reports.py must not stand in for the reports package.
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import select  # noqa: E402

from benchmarks.demo_db import scaled_app  # noqa: E402
from quickscan import demo, report_cache  # noqa: E402
from quickscan.db import transaction  # noqa: E402
from quickscan.models import Company, Region  # noqa: E402

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
#: Targets (seconds): the programme page from the cache, the overview.
TARGETS = {"programme warm": 1.0, "dashboard": 0.3}


def log_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = CSRF.search(page)
    assert token is not None
    done = client.post("/login", data={"csrf_token": token.group(1), "email": email, "password": demo.DEMO_PASSWORD})
    assert done.status_code == 302, done.status_code
    return client


def wall(fn: Callable[[], int], repeat: int, before: Callable[[], object] | None = None) -> tuple[float, int]:
    """The least wall-clock seconds of ``repeat`` runs of ``fn`` and the size it returned."""
    best, size = float("inf"), 0
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        size = fn()
        best = min(best, time.perf_counter() - start)
    return best, size


def measure(factor: int, repeat: int, only: str = "") -> list[tuple[str, float, int]]:
    app, folder = scaled_app(factor)
    with transaction(app) as s:
        n = len(s.scalars(select(Company.pk)).all())
        slug = s.scalars(select(Company.slug).order_by(Company.pk).offset(n - 2)).first()
        region = s.scalars(select(Region.slug).order_by(Region.name)).first()
    print(f"\n{factor}x: {n} companies ({folder}), load average {os.getloadavg()[0]:.1f}", flush=True)
    cache = report_cache.of(app)
    admin = log_in(app, demo.ADMIN_EMAIL)

    def get(client: FlaskClient, path: str) -> Callable[[], int]:
        def fetch() -> int:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return len(response.get_data())

        return fetch

    out = []
    views = [
        ("programme cold", "/programme", 1, cache.clear),
        ("programme warm", "/programme", repeat, None),
        ("programme page 2 warm", "/programme?page=2", repeat, None),
        ("programme one region warm", f"/programme?region={region}", repeat, None),
        ("dashboard", "/dashboard", repeat, None),
        ("dashboard page 2", "/dashboard?page=2", repeat, None),
        ("company page cold", f"/companies/{slug}", 1, cache.clear),
        ("company page warm", f"/companies/{slug}", repeat, None),
    ]
    for label, path, times, before in [v for v in views if only in v[0]]:
        # warm: a new session each time, so no 304 from the browser's copy
        client = admin if before is not None else log_in(app, demo.ADMIN_EMAIL)
        seconds, size = wall(get(client, path), times, before)
        out.append((label, seconds, size))
        target = TARGETS.get(label)
        goal = f" (target < {target * 1000:.0f} ms)" if target else ""
        print(f"  {label:<28} {seconds * 1000:>9.0f} ms {size / 1000:>9.0f} KB{goal}", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factor", type=int, action="append", help="times the demo (default: 10 and 40)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="only the views whose label holds this (e.g. dashboard)")
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.1f}; wall clock, best of {args.repeat}")
    for factor in args.factor or [10, 40]:
        measure(factor, args.repeat, args.only)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
