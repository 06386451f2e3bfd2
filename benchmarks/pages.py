"""Benchmark of the report pages: prints the figures that go into docs/performance.md ("Report pages").

    .venv/bin/python benchmarks/pages.py [--instance DIR] [--repeat 5] [--slug SLUG]

On the demo programme (``quickscan demo``), through the app (Flask's test client, in this process), for the
company page (as a coach and as the company's manager) and the programme page (as the programme lead):

* **bytes of the first view**: the page, every chart it links and the stylesheet, as a browser that accepts
  gzip receives them (headers counted too): on a wide screen (the charts' ``<img>``) and on a phone (their
  ``<source>`` for narrow screens), and the wide view uncompressed;
* **bytes of a repeat view**: the page asked again with its ``ETag`` (a ``304``), the stylesheet likewise;
  the charts are not asked again (``immutable``);
* **server CPU per view**: cold (the cache emptied: load, score, draw, render), the charts' requests of a
  cold view (both layouts, as when another worker process drew the page), a view from the cache by a new
  session (200), and a repeat view (304). CPU time of this
  process (``time.process_time``), best of ``--repeat``; the load average is printed beside the figures.

The demo database is made in a temporary folder (not timed), unless ``--instance`` names one that holds it.
"""

from __future__ import annotations

import argparse
import gzip
import os
import pickle
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from werkzeug.test import TestResponse  # noqa: E402

from benchmarks.demo_db import demo_app  # noqa: E402
from quickscan import demo, report_cache, report_pages  # noqa: E402

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
#: A chart for a wide screen (``<img src>``) and for a phone (``<source srcset>``): a browser fetches one.
WIDE = re.compile(r'<img src="(/[^"]+/charts/[0-9a-f]+\.svg)"')
NARROW = re.compile(r'srcset="(/[^"]+/charts/[0-9a-f]+\.svg)"')
STYLESHEET = re.compile(r'href="(/static/[^"]+\.css)"')
GOALS = {"company": (150_000, 20_000, 0.050), "programme": (300_000, 20_000, 0.200)}


def sent(response: TestResponse) -> int:
    """Bytes on the wire, about: the status line and headers as HTTP/1.1 writes them, and the body."""
    head = len(f"HTTP/1.1 {response.status}\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in response.headers.items())
    return head + 2 + len(response.get_data())


def log_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = CSRF.search(page)
    assert token is not None
    done = client.post("/login", data={"csrf_token": token.group(1), "email": email, "password": demo.DEMO_PASSWORD})
    assert done.status_code == 302, done.status_code
    return client


def cpu(fn: Callable[[], object], repeat: int, before: Callable[[], object] | None = None) -> float:
    """The least CPU seconds of ``repeat`` runs of ``fn`` (``before`` runs untimed before each)."""
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def folder_cache(app: Flask, repeat: int) -> dict[str, float]:
    """The alternative to the in-memory cache: a rendered page (fragment and charts) pickled into a file of
    the instance folder and read back, as a cache folder shared by the worker processes would."""
    held = [v for v, _ in report_cache.of(app)._items.values() if isinstance(v, report_pages.Rendered)]
    if not held:
        return {}
    entry = max(held, key=lambda r: r.size)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "entry.pickle"
        write = cpu(lambda: path.write_bytes(pickle.dumps(entry)), repeat)
        read = cpu(lambda: pickle.loads(path.read_bytes()), repeat)
        memory = cpu(lambda: report_cache.of(app).get(("absent",)), repeat)
    return {"folder_write": write, "folder_read": read, "memory_get": memory, "entry_bytes": entry.size}


def measure(app: Flask, email: str, path: str, repeat: int) -> dict[str, float]:
    gz = {"Accept-Encoding": "gzip"}
    cache = report_cache.of(app)
    client = log_in(app, email)
    cache.clear()
    first = client.get(path, headers=gz)
    assert first.status_code == 200, first.status_code
    body = gzip.decompress(first.get_data()).decode()
    charts = sorted(set(WIDE.findall(body)))
    phone = sorted(set(NARROW.findall(body)))
    styles = STYLESHEET.findall(body)
    fetched = [client.get(url, headers=gz) for url in charts + styles]
    plain = [client.get(url) for url in [path, *charts, *styles]]
    out: dict[str, float] = {
        "charts": len(charts),
        "first_gzip": sent(first) + sum(sent(r) for r in fetched),
        "first_phone": sent(first) + sum(sent(client.get(url, headers=gz)) for url in phone + styles),
        "first_plain": sum(sent(r) for r in plain),
        "page_gzip": sent(first),
    }
    tag = first.headers["ETag"]
    again = client.get(path, headers=gz | {"If-None-Match": tag})
    assert again.status_code == 304, again.status_code
    css_tags = [r.headers.get("ETag") for r in fetched[len(charts) :]]
    css_again = [
        client.get(url, headers=gz | {"If-None-Match": t or ""}) for url, t in zip(styles, css_tags, strict=True)
    ]
    out["repeat"] = sent(again) + sum(sent(r) for r in css_again)

    def cold_page() -> None:
        assert client.get(path, headers=gz).status_code == 200

    def cold_charts() -> None:
        for url in charts + phone:
            assert client.get(url, headers=gz).status_code == 200

    out["cpu_cold"] = cpu(cold_page, repeat, cache.clear)
    # the charts of a page drawn by another worker process: each process draws the page once more
    out["cpu_charts_cold"] = cpu(cold_charts, repeat, cache.clear)
    cold_page()
    new_session = log_in(app, email)
    out["cpu_cached"] = cpu(lambda: new_session.get(path, headers=gz), repeat)
    out["cpu_304"] = cpu(lambda: client.get(path, headers=gz | {"If-None-Match": tag}), repeat)
    out.update(folder_cache(app, repeat))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instance", help="instance folder with the demo database (made when empty)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--slug", default="bouwbedrijf-koster", help="the company of the company page")
    args = parser.parse_args()
    app = demo_app(Path(args.instance) if args.instance else None, prefix="qs-bench-pages-")
    manager = f"manager-{args.slug}@demo.quickscan.nl"
    views = [
        ("company", "company page, coach of the region", "coach-twente@demo.quickscan.nl", f"/companies/{args.slug}"),
        ("company", "company page, its manager", manager, f"/companies/{args.slug}"),
        ("programme", "programme page, programme lead", "admin@demo.quickscan.nl", "/programme"),
    ]
    print(f"load average at the start: {os.getloadavg()[0]:.1f}; best of {args.repeat}; gzip")
    header = (
        "| view | charts | first view (gzip) | on a phone | goal | ratio | uncompressed | repeat view | goal | ratio "
        "| CPU cold | charts' CPU cold | CPU from the cache (200) | CPU 304 | goal | ratio |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    folders: list[str] = []
    for kind, label, email, path in views:
        m = measure(app, email, path, args.repeat)
        first_goal, repeat_goal, cpu_goal = GOALS[kind]
        worst = max(m["cpu_cached"], m["cpu_304"])
        print(
            f"| {label} | {m['charts']:.0f} | {m['first_gzip'] / 1000:.1f} KB | {m['first_phone'] / 1000:.1f} KB "
            f"| < {first_goal / 1000:.0f} KB | {max(m['first_gzip'], m['first_phone']) / first_goal:.2f} "
            f"| {m['first_plain'] / 1000:.0f} KB "
            f"| {m['repeat'] / 1000:.1f} KB | < {repeat_goal / 1000:.0f} KB | {m['repeat'] / repeat_goal:.2f} "
            f"| {m['cpu_cold'] * 1000:.0f} ms | {m['cpu_charts_cold'] * 1000:.0f} ms "
            f"| {m['cpu_cached'] * 1000:.1f} ms | {m['cpu_304'] * 1000:.1f} ms | < {cpu_goal * 1000:.0f} ms "
            f"| {worst / cpu_goal:.2f} |",
            flush=True,
        )
        if "folder_read" in m:
            folders.append(
                f"{label}: a rendered page of {m['entry_bytes'] / 1000:.0f} KB from a cache folder: write "
                f"{m['folder_write'] * 1000:.2f} ms, read {m['folder_read'] * 1000:.2f} ms of CPU; from memory "
                f"{m['memory_get'] * 1e6:.1f} µs"
            )
    print("\n".join(folders))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
