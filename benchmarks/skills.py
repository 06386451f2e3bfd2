"""Benchmark of the skills matrix: prints the figures that go into docs/performance.md ("Skills matrix").

    .venv/bin/python benchmarks/skills.py [--repeat 5]

In a fresh SQLite database in a temporary folder (not timed): two companies with a manager each; the first
reads in a 25 x 15 matrix, the second a 200 x 40 one (the largest a matrix may be). Through the app (Flask's
test client, in this process), per size: reading the spreadsheet in (check and store), the grid page, one
cell saved (as the page's script posts it), the leerbehoeften page, and the Excel export; and the figures
alone (``scoring.skills.figures``). CPU time of this process (``time.process_time``), best of ``--repeat``
(the import once per size: a second import of the same file stores nothing new); the grid page's bytes.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from quickscan import create_app, migrate, programme, skills_store  # noqa: E402
from quickscan.auth import add_user  # noqa: E402
from quickscan.db import transaction  # noqa: E402
from scoring import skills  # noqa: E402

PASSWORD = "benchmark benchmark benchmark"
CSRF = re.compile(r'name="(?:import-)?csrf_token" type="hidden" value="([^"]+)"')


def _workbook(people: int, tasks: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Naam", *(f"Taak {j + 1}" + (" *" if j % 5 == 0 else "") for j in range(tasks))])
    for i in range(people):
        sheet.append([f"Persoon {i + 1:03d}", *(int(v) for v in rng.integers(0, 5, tasks))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times) * 1000


def _token(client: FlaskClient, url: str) -> str:
    found = CSRF.search(client.get(url).get_data(as_text=True))
    assert found is not None
    return found.group(1)


def _measure(app: Flask, n: int, people: int, tasks: int, slug: str, repeat: int) -> str:
    """One size's row of the table."""
    client = app.test_client()
    token = _token(client, "/login")
    client.post("/login", data={"csrf_token": token, "email": f"manager-{n}@example.nl", "password": PASSWORD})
    base = f"/companies/{slug}/skills"
    data = _workbook(people, tasks, n)
    token = _token(client, f"{base}/setup")
    start = time.process_time()
    done = client.post(
        f"{base}/import",
        data={"import-csrf_token": token, "import-file": (io.BytesIO(data), "m.xlsx")},
        content_type="multipart/form-data",
    )
    imported = (time.process_time() - start) * 1000
    assert done.status_code == 302, done.status_code
    page = client.get(base).get_data()
    grid = _best(repeat, lambda: client.get(base))
    with transaction(app) as s:
        company = programme.company_by_slug(s, slug)
        person, task = skills_store.people(s, company)[0], skills_store.tasks(s, company)[0]
        matrix = skills_store.grid(s, company).matrix
    token = _token(client, base)
    levels = iter(range(10**6))

    def save_one() -> None:
        level = next(levels) % 5
        seen = f"{person.pk}.{task.pk}.{(level + 4) % 5}"
        client.post(base, data={"csrf_token": token, "seen": seen, f"l-{person.pk}-{task.pk}": str(level)})

    one = _best(repeat, save_one)
    needs = _best(repeat, lambda: client.get(f"{base}/needs"))
    export = _best(repeat, lambda: client.get(f"{base}/export.xlsx"))
    alone = _best(repeat, lambda: skills.figures(matrix))
    return (
        f"| {people} x {tasks} | {imported:.0f} | {grid:.0f} | {len(page) / 1024:.0f} kB | {one:.0f} "
        f"| {needs:.0f} | {export:.0f} | {alone:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="qs-bench-skills-"))
    os.environ["QUICKSCAN_INSTANCE_PATH"] = str(folder)
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'quickscan.sqlite'}", "SECRET_KEY": "benchmark"})
    migrate.upgrade(app)
    sizes = [(25, 15), (200, 40)]
    slugs = []
    with transaction(app) as s:
        for n, (people, tasks) in enumerate(sizes):
            company = programme.add_company(s, f"Bedrijf {people}x{tasks}", "Twente")
            add_user(s, f"manager-{n}@example.nl", PASSWORD, "manager", company=company)
            slugs.append(company.slug)
    print(f"load average at the start: {os.getloadavg()[0]:.1f}; best of {args.repeat}; CPU ms")
    print(
        "| matrix | import (once) | grid page | its bytes | one cell saved | leerbehoeften | Excel export "
        "| figures alone |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n, ((people, tasks), slug) in enumerate(zip(sizes, slugs, strict=True)):
        print(_measure(app, n, people, tasks, slug, args.repeat))


if __name__ == "__main__":
    main()
