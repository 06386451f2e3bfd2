"""Benchmark of the invitation sheets (QR codes): prints the figures in docs/performance.md ("Invitation sheets").

    .venv/bin/python benchmarks/qr_sheets.py [--links 100 --links 1000] [--repeat 3] [--before REV]

Times ``invitation_sheets.sheet`` for a sheet of 100 and of 1,000 survey links (target: well under a second
per 100 links; gunicorn ends a request after 30 s). The links are like real ones: the configured base URL and
a 43-character token, so each QR code is version 5 (37 x 37 modules), as in production. Each figure is the
best of ``--repeat`` runs, wall clock and CPU time of this process. The machine's load average is printed with
them: on the shared 2-core machine the wall clock follows the load, the CPU time much less.

``--before REV`` also times the sheet code of a git revision (e.g. ``--before 5d307bb``, before issue 23's
finding 14: segno's own encoder and one ``rect`` per module), on the same links, taking turns with the current
code so that both meet the same load.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quickscan import invitation_sheets  # noqa: E402

Sheet = Callable[[str, Sequence[str], str], bytes]


def links(n: int) -> list[str]:
    """``n`` survey links with random tokens as the app makes them (``secrets.token_urlsafe(32)``)."""
    return [f"https://quickscan.example.nl/s/{secrets.token_urlsafe(32)}" for _ in range(n)]


def before(rev: str) -> Sheet:
    """``sheet`` of quickscan/invitation_sheets.py at git revision ``rev`` (imported beside the current package,
    so its ``from . import short_codes`` finds today's short codes, which did not change)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:quickscan/invitation_sheets.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "invitation_sheets_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("quickscan.invitation_sheets_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sheet: Sheet = module.sheet
    return sheet


def timed(sheet: Sheet, urls: list[str]) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = sheet("Bakkerij De Korenschoof", urls, "nl")
    return time.perf_counter() - wall, time.process_time() - cpu, len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--links", type=int, action="append", help="links per sheet (repeatable; 100 and 1000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", metavar="REV", help="also time the sheet code of this git revision")
    args = parser.parse_args()
    sizes = args.links or [100, 1000]
    variants: dict[str, Sheet] = {"current": invitation_sheets.sheet}
    if args.before:
        variants[f"before ({args.before})"] = before(args.before)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for n in sizes:
        urls = links(n)
        best: dict[str, tuple[float, float, int]] = {}
        for _ in range(args.repeat):
            for name, sheet in variants.items():
                run = timed(sheet, urls)
                if name not in best or run[0] < best[name][0]:
                    best[name] = run
        for name, (wall, cpu, size) in best.items():
            print(
                f"{n:>5} links, {name:<20} wall {wall:6.2f} s ({wall / n * 100:5.2f} s per 100)"
                f"   CPU {cpu:6.2f} s ({cpu / n * 100:5.2f} s per 100)   {size / 1024:,.0f} KiB, {-(-n // 8)} pages"
            )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
