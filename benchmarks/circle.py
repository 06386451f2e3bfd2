"""Benchmark of the learning circle: prints the figures that go into docs/learning-circle.md ("Speed").

    .venv/bin/python benchmarks/circle.py [--instance DIR] [--repeat 5]

On the demo programme (48 companies in 6 regions; ``quickscan demo``), for a Twente company: its circle
loaded and scored from the database (the circle's released employee answers, one query, then
``scoring.score`` per company wave and ``scoring.circle.company_view``), the band chart drawn as SVG for the
page (wide and phone), the handout's data and its PDF, and the programme's band per region. Best of
``--repeat`` runs, wall clock and CPU. The demo database is made in a temporary folder (not timed), unless
``--instance`` names an instance folder that already holds it.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from quickscan import circle_store, create_app, demo, migrate  # noqa: E402
from quickscan.db import transaction  # noqa: E402
from quickscan.models import Company, Region  # noqa: E402
from quickscan.questionnaire_store import registry  # noqa: E402
from reports.charts import PHONE, SCREEN, Chart, svg_bytes  # noqa: E402
from reports.circle import circle_parts  # noqa: E402
from reports.circle_handout import handout_pdf  # noqa: E402


def best(fn: Callable[[], Any], repeat: int) -> tuple[Any, float, float]:
    """The result and the best wall-clock and CPU seconds of ``repeat`` runs."""
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return out, min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instance", help="instance folder with the demo database (made when empty)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(args.instance) if args.instance else Path(tempfile.mkdtemp(prefix="qs-bench-circle-"))
    os.environ["QUICKSCAN_INSTANCE_PATH"] = str(folder)
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'quickscan.sqlite'}", "SECRET_KEY": "benchmark"})
    migrate.upgrade(app)
    with transaction(app) as s:
        empty = not s.scalar(select(func.count()).select_from(Company))
    if empty:
        print(f"Making the demo programme in {folder} (not timed) ...", flush=True)
        with transaction(app) as s:
            demo.create(s, registry(app).get("leercultuur-mkb", 1))
    with transaction(app) as s:
        slug = s.scalars(
            select(Company.slug).join(Region, Company.region_pk == Region.pk).where(Region.name == "Twente")
        ).first()
        programme_pk = s.scalars(select(Region.programme_pk)).first()
    assert slug is not None and programme_pk is not None
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs; company {slug}")
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")

    def company_circle():  # type: ignore[no-untyped-def]
        with transaction(app) as s:
            company = s.scalar(select(Company).where(Company.slug == slug))
            return circle_store.company_circle(s, registry(app), company)

    def handout_data():  # type: ignore[no-untyped-def]
        with transaction(app) as s:
            company = s.scalar(select(Company).where(Company.slug == slug))
            return circle_store.handout_input(s, registry(app), company, own_copy=True)

    def region_bands():  # type: ignore[no-untyped-def]
        with transaction(app) as s:
            return circle_store.programme_region_bands(s, registry(app), programme_pk)

    def charts(report: Any) -> int:
        drawn = [p for layout in (SCREEN, PHONE) for p in circle_parts(report, "nl", layout) if isinstance(p, Chart)]
        return sum(len(svg_bytes(c.figure)) for c in drawn)

    report, *_ = best(company_circle, 1)  # warm-up
    charts(report)
    rows = []
    report, wall, cpu = best(company_circle, args.repeat)
    rows.append(("circle loaded and scored", wall, cpu))
    _, wall, cpu = best(lambda: charts(report), args.repeat)
    rows.append(("band chart, wide + phone SVG", wall, cpu))
    data, wall, cpu = best(handout_data, args.repeat)
    rows.append(("handout data", wall, cpu))
    pdf, wall, cpu = best(lambda: handout_pdf(data, 1), args.repeat)
    rows.append((f"handout PDF ({len(pdf) / 1024:.0f} KB)", wall, cpu))
    _, wall, cpu = best(region_bands, args.repeat)
    rows.append(("programme: band per region (48)", wall, cpu))
    print(f"\nbest of {args.repeat}, load average {os.getloadavg()[0]:.1f}")
    print(f"   {'part':<34} {'wall clock':>10} {'CPU':>8}")
    for name, wall, cpu in rows:
        print(f"   {name:<34} {wall:>9.3f}s {cpu:>7.3f}s")


if __name__ == "__main__":
    main()
