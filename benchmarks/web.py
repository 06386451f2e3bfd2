"""Web benchmark: the survey under load, as when a whole company fills it in at the same coffee break.

    .venv/bin/python benchmarks/web.py [--seconds 20] [--clients 16] [--db sqlite|postgres|both]
                                       [--workers 2] [--threads N] [--warmup 3] [--think 0]

1. A bare Flask + SQLite form handler (``benchmarks/bare_app.py``: GET a 40-question form, POST it, one row
   inserted) under gunicorn with the same settings and clients: the yardstick.
2. Quickscan under ``gunicorn 'quickscan:create_app()'`` on SQLite and on PostgreSQL, each on a fresh
   database migrated with ``quickscan init-db``, with invitations made beforehand. Every client behaves as a
   browser: for one invitation after another it GETs the welcome page, reads the CSRF token, POSTs
   "start", follows each redirect, GETs each page and POSTs answers chosen from the radio buttons on it
   (about one in ten left open, sometimes an open answer), skips the own-code step and submits.

Both servers run with the project's production settings (``gunicorn.conf.py``: workers, threads, access
log), ``--workers`` (default 2) and ``--threads`` (default: the config's) on top; the app also gets the
config's token-masking logger. By default there is no think time: 16 clients keep 2 workers busy, so
latency is mostly queueing, about clients / throughput. ``--think S`` makes each client spend S seconds
(on average) on a page before posting it, as people do: then latency is the time a request takes.

Each run has ``--warmup`` seconds that are not counted, then ``--seconds`` measured seconds; a client stops
at the end wherever it is. Printed: completed responses per second, requests per second, the median and
95th-percentile latency of a page request (every GET and POST, from connecting to the last byte), the
survey's requests per second as a ratio of the bare handler's, and where the CPU went (server, clients,
PostgreSQL, other processes: on a shared machine other work lowers every figure, the server CPU per request
the least). Afterwards the database is queried directly: the submitted responses and their answers must
equal what the clients completed (OK, else MISMATCH and exit status 1; a server error also exits 1).
Targets (issue 8, 2 cores, 16 clients): ratio >= 0.5, p95 < 100 ms, nothing lost or doubled.

PostgreSQL: the database ``--postgres-url`` names (default ``quickscan_bench`` on 127.0.0.1) is dropped and
created again at every run; never point it at a database you care about.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from queue import Empty, Queue
from types import FrameType
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
# The project before this folder: benchmarks/scoring.py and reports.py must not stand in for the packages.
sys.path.insert(0, str(ROOT))

import bare_app  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from quickscan import create_app, programme  # noqa: E402
from quickscan.db import database, transaction  # noqa: E402
from quickscan.models import Answer, Response  # noqa: E402
from quickscan.questionnaire_store import registry  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/quickscan_bench"
QUESTIONNAIRE = ("leercultuur-mkb", 1)
MANAGER_SHARE = 8  # one invitation in eight is a manager's
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
INPUT = re.compile(r"<(input|textarea)\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
OPEN_ANSWER = "Meer tijd om samen met collega's iets nieuws uit te proberen. Ook: één vaste leermiddag."


# --- a browser, without the rendering -----------------------------------------------------------------


class Stopped(Exception):
    """The measured time is over (or the run was interrupted): the client stops where it is."""


#: Set when the run is interrupted: every client stops before its next request.
INTERRUPTED = threading.Event()


class Unexpected(Exception):
    """The server answered something a browser following the survey should not get."""


@dataclass
class Page:
    status: int
    location: str
    body: str


@dataclass
class Tally:
    """What one client saw: (end time, seconds, label) per request; completions; errors."""

    requests: list[tuple[float, float, str]] = field(default_factory=list)
    completions: list[float] = field(default_factory=list)
    answers_completed: int = 0
    errors: list[str] = field(default_factory=list)


class Browser:
    """One respondent's browser: a cookie jar, a new connection per request (the same for both servers),
    each request timed and recorded in ``tally``."""

    def __init__(self, port: int, tally: Tally, stop_at: float, think: float = 0.0, seed: int = 0) -> None:
        self.port = port
        self.tally = tally
        self.stop_at = stop_at
        self.cookies: dict[str, str] = {}
        self.mean_think = think
        self.rng = random.Random(seed)

    def think(self) -> None:
        """Read the page and answer it: ``--think`` seconds on average (half to one and a half times)."""
        if self.mean_think > 0:
            pause = self.mean_think * (0.5 + self.rng.random())
            time.sleep(max(0.0, min(pause, self.stop_at - time.monotonic())))

    def request(self, method: str, path: str, label: str, form: dict[str, str] | None = None) -> Page:
        if time.monotonic() >= self.stop_at or INTERRUPTED.is_set():
            raise Stopped
        headers = {"Accept": "text/html", "Accept-Language": "nl"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        except (OSError, http.client.HTTPException) as exc:
            if INTERRUPTED.is_set():
                raise Stopped from None
            raise Unexpected(f"{method} {label}: {exc.__class__.__name__}") from None
        finally:
            connection.close()
        ended = time.monotonic()
        self.tally.requests.append((ended, ended - started, label))
        for header in answer.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        location = urlsplit(answer.getheader("Location") or "").path
        return Page(answer.status, location, data.decode("utf-8"))

    def get(self, path: str, label: str, expect: int = 200) -> Page:
        page = self.request("GET", path, label)
        if page.status != expect:
            raise Unexpected(f"GET {label}: {page.status}")
        return page

    def post(self, path: str, label: str, form: dict[str, str]) -> Page:
        page = self.request("POST", path, label, form)
        if page.status not in (302, 303):
            raise Unexpected(f"POST {label}: {page.status}")
        return page


def csrf(page: Page) -> str:
    match = CSRF.search(page.body)
    if match is None:
        raise Unexpected("no CSRF token on the page")
    return match.group(1)


def fields(page: Page) -> tuple[dict[str, list[str]], list[str]]:
    """The answer fields of a form: radio groups with their values, and text areas."""
    radios: dict[str, list[str]] = {}
    texts: list[str] = []
    for tag, attributes in INPUT.findall(page.body):
        attrs = dict(ATTRIBUTE.findall(attributes))
        name = attrs.get("name", "")
        if tag == "textarea":
            texts.append(name)
        elif attrs.get("type") == "radio":
            radios.setdefault(name, []).append(attrs["value"])
    return radios, texts


# --- what the clients do --------------------------------------------------------------------------------


def fill_in_survey(browser: Browser, token: str, rng: random.Random) -> int:
    """One respondent from welcome page to thank-you page; the number of answers given."""
    base = f"/s/{token}"
    welcome = browser.get(base, "welcome")
    browser.think()
    step = browser.post(f"{base}/start", "start", {"csrf_token": csrf(welcome)})
    given = 0
    while step.location != f"{base}/code":
        page = browser.get(step.location, "page GET")
        radios, texts = fields(page)
        form = {"csrf_token": csrf(page), "action": "next"}
        for name, values in radios.items():
            if rng.random() < 0.9:
                form[name] = rng.choice(values)
        for name in texts:
            if rng.random() < 0.3:
                form[name] = OPEN_ANSWER
        given += len(form) - 2
        browser.think()
        step = browser.post(step.location, "page POST", form)
    code = browser.get(step.location, "code GET")
    browser.think()
    step = browser.post(step.location, "code POST", {"csrf_token": csrf(code), "action": "skip"})
    review = browser.get(step.location, "submit GET")
    browser.think()
    step = browser.post(step.location, "submit POST", {"csrf_token": csrf(review), "action": "submit"})
    if step.location != f"{base}/thanks":
        raise Unexpected(f"submit led to {step.location}")
    browser.tally.completions.append(time.monotonic())
    browser.tally.answers_completed += given
    browser.get(step.location, "thanks")
    return given


def survey_client(port: int, tokens: Queue[str], stop_at: float, seed: int, think: float) -> Callable[[Tally], None]:
    def run(tally: Tally) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop_at:
            try:
                token = tokens.get_nowait()
            except Empty:
                tally.errors.append("ran out of invitations")
                return
            try:
                fill_in_survey(Browser(port, tally, stop_at, think, seed), token, rng)
            except Unexpected as exc:
                tally.errors.append(str(exc))
            except Stopped:
                return

    return run


def bare_client(port: int, stop_at: float, seed: int, think: float) -> Callable[[Tally], None]:
    def run(tally: Tally) -> None:
        rng = random.Random(seed)
        browser = Browser(port, tally, stop_at, think, seed)
        radios: dict[str, list[str]] = {}
        while True:
            try:
                page = browser.get("/", "form GET")
                # The form is the same every time: parse its 200 radio buttons once, keep the client light.
                radios = radios or fields(page)[0]
                form = {"csrf_token": csrf(page)}
                form.update({name: rng.choice(values) for name, values in radios.items() if rng.random() < 0.9})
                browser.think()
                browser.post("/", "form POST", form)
                tally.completions.append(time.monotonic())
            except Unexpected as exc:
                tally.errors.append(str(exc))
            except Stopped:
                return

    return run


@dataclass
class Cpu:
    """CPU seconds used, from /proc (Linux): the whole machine, the server, PostgreSQL, this process."""

    wall: float = 0.0
    busy: float = 0.0
    server: float = 0.0
    postgres: float = 0.0
    clients: float = 0.0

    @classmethod
    def sample(cls, server_pid: int) -> Cpu:
        tick = os.sysconf("SC_CLK_TCK")
        own = resource.getrusage(resource.RUSAGE_SELF)
        cpu = cls(wall=time.monotonic(), clients=own.ru_utime + own.ru_stime)
        try:
            fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        except OSError:
            return cpu
        cpu.busy = (sum(fields[:8]) - fields[3] - fields[4]) / tick  # all but idle and iowait
        parents: dict[int, int] = {}
        ticks: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            comm, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
            pid = int(entry.name)
            parents[pid], ticks[pid] = int(rest[1]), int(rest[11]) + int(rest[12])
            if comm == "postgres":
                cpu.postgres += ticks[pid] / tick
        tree, grown = {server_pid}, True
        while grown:
            children = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= children
            grown = bool(children)
        cpu.server = sum(ticks.get(pid, 0) for pid in tree) / tick
        return cpu

    def __sub__(self, before: Cpu) -> Cpu:
        return Cpu(*(getattr(self, f) - getattr(before, f) for f in ("wall", "busy", "server", "postgres", "clients")))

    def others(self, postgres: bool) -> float:
        """Cores used by processes that are not part of this run."""
        if not self.wall:
            return 0.0
        return max(0.0, self.busy - self.server - self.clients - (self.postgres if postgres else 0.0)) / self.wall

    def describe(self, postgres: bool) -> str:
        """Cores used on average: the server, the clients, PostgreSQL, and everything else on the machine."""
        if not self.wall or not self.busy:
            return "not measured (no /proc)"
        pg = self.postgres if postgres else 0.0
        other = max(0.0, self.busy - self.server - self.clients - pg)
        parts = [f"server {self.server / self.wall:.2f}", f"clients {self.clients / self.wall:.2f}"]
        if postgres:
            parts.append(f"PostgreSQL {pg / self.wall:.2f}")
        parts.append(f"other processes {other / self.wall:.2f}")
        return ", ".join(parts) + f" of {os.cpu_count()} cores"


@dataclass
class Result:
    name: str
    seconds: float
    tallies: list[Tally]
    window: tuple[float, float]
    cpu: Cpu
    log: Path = Path("/nonexistent")  # the server's log

    def _in_window(self, t: float) -> bool:
        return self.window[0] <= t < self.window[1]

    @property
    def latencies(self) -> list[float]:
        return [s for t in self.tallies for end, s, _ in t.requests if self._in_window(end)]

    def latencies_of(self, label: str) -> list[float]:
        return [s for t in self.tallies for end, s, lab in t.requests if lab == label and self._in_window(end)]

    @property
    def labels(self) -> list[str]:
        return list(dict.fromkeys(lab for t in self.tallies for _, _, lab in t.requests))

    def server_cpu_per_request(self, postgres: bool) -> float:
        """CPU seconds the server (and PostgreSQL) spent per request: less skewed by other work than req/s."""
        used = self.cpu.server + (self.cpu.postgres if postgres else 0.0)
        return used / max(1, len(self.latencies))

    @property
    def requests_per_second(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def completions_per_second(self) -> float:
        return sum(1 for t in self.tallies for c in t.completions if self._in_window(c)) / self.seconds

    @property
    def completed(self) -> int:
        """Every completion, warm-up included: what the database must hold."""
        return sum(len(t.completions) for t in self.tallies)

    @property
    def answers_completed(self) -> int:
        return sum(t.answers_completed for t in self.tallies)

    @property
    def errors(self) -> list[str]:
        return [e for t in self.tallies for e in t.errors]


def load(
    name: str, server: Server, clients: list[Callable[[Tally], None]], started: float, warmup: float, seconds: float
) -> Result:
    """Run the clients in threads until ``started + warmup + seconds``; count only the last ``seconds``."""
    tallies = [Tally() for _ in clients]
    threads = [
        threading.Thread(target=client, args=(tally,), daemon=True, name=f"client-{n}")
        for n, (client, tally) in enumerate(zip(clients, tallies, strict=True))
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, started + warmup - time.monotonic()))
    before = Cpu.sample(server.pid)
    try:
        for thread in threads:
            thread.join()
    except KeyboardInterrupt:
        INTERRUPTED.set()  # the clients stop quietly while the server goes down
        raise
    cpu = Cpu.sample(server.pid) - before
    window = (started + warmup, started + warmup + seconds)
    return Result(name, seconds, tallies, window, cpu)


# --- servers and databases --------------------------------------------------------------------------------


def venv_tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: run this with the project's .venv/bin/python")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    port: int
    pid: int


#: The project's production settings for gunicorn; both servers get the same ones (bar the app's own logger).
PROJECT_CONFIG = ROOT / "gunicorn.conf.py"
SHARED_SETTINGS = ("workers", "threads", "accesslog", "errorlog", "access_log_format")


def server_settings(workers: int, threads: int | None) -> dict[str, Any]:
    """The settings of ``gunicorn.conf.py`` both servers share, with ``--workers`` and ``--threads`` applied."""
    found: dict[str, Any] = {}
    if PROJECT_CONFIG.exists():
        namespace: dict[str, Any] = {"__file__": str(PROJECT_CONFIG), "__name__": "gunicorn_conf"}
        exec(compile(PROJECT_CONFIG.read_text(), str(PROJECT_CONFIG), "exec"), namespace)
        found = {k: namespace[k] for k in SHARED_SETTINGS if k in namespace}
    found["workers"] = workers
    found["threads"] = threads or found.get("threads", 1)
    return found


def describe_settings(settings: dict[str, Any]) -> str:
    access = "access log on" if settings.get("accesslog") else "no access log"
    kind = "sync workers" if settings["threads"] == 1 else f"gthread workers x {settings['threads']} threads"
    source = PROJECT_CONFIG.name if PROJECT_CONFIG.exists() else "gunicorn's defaults"
    return f"gunicorn ({source}): {settings['workers']} {kind}, {access}"


@contextmanager
def gunicorn(
    app: str, env: dict[str, str], config: Path, log: Path, ready_path: str, pythonpath: Path = ROOT
) -> Iterator[Server]:
    """Serve ``app`` with ``config`` on a free port until the block ends; stopped however the block ends."""
    port = free_port()
    command = [
        venv_tool("gunicorn"),
        "--config",
        str(config),
        "--bind",
        f"127.0.0.1:{port}",
        "--pythonpath",
        str(pythonpath),
        "--log-level",
        "warning",
        app,
    ]
    with log.open("ab") as out:  # gunicorn's log and the app's (tracebacks of server errors)
        process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                sys.exit(f"gunicorn stopped (status {process.returncode}):\n{log.read_text()[-3000:]}")
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                probe.request("GET", ready_path)
                if probe.getresponse().status < 500:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
            finally:
                probe.close()
        yield Server(port, process.pid)
    finally:
        if process.poll() is None:
            process.terminate()  # SIGTERM: gunicorn finishes the requests in progress and stops its workers
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the group holds only this gunicorn and its workers
                process.wait()


def fresh_postgres(url: str) -> None:
    """Drop and create the benchmark database (it must not be the one the tests use)."""
    target = make_url(url)
    name = target.database
    if not name or not re.fullmatch(r"\w+", name):
        sys.exit(f"--postgres-url needs a plain database name, not {name!r}")
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def invitations(env: dict[str, str], count: int, seed: int) -> list[str]:
    """A company with an open baseline and ``count`` invitations (one in eight a manager's), shuffled."""
    app = create_app({"DATABASE_URL": env["QUICKSCAN_DATABASE_URL"], "SECRET_KEY": env["QUICKSCAN_SECRET_KEY"]})
    q = registry(app).get(*QUESTIONNAIRE)
    tokens: list[str] = []
    with transaction(app) as s:
        company = programme.add_company(s, "Bakkerij De Vries", "Twente", ["bakkerij", "winkel"])
        wave = programme.open_wave(s, company, "baseline", q)
        managers = count // MANAGER_SHARE
        for role, n in (("employee", count - managers), ("manager", managers)):
            while n > 0:
                batch = min(n, 1000)
                tokens += [i.token for i in programme.invite(s, wave, role, batch)]
                n -= batch
    database(app).engine.dispose()
    random.Random(seed).shuffle(tokens)
    return tokens


@dataclass
class Stored:
    submitted: int
    answers: int
    responses: int


def stored(url: str) -> Stored:
    engine = create_engine(url)
    with engine.connect() as conn:
        done = Response.submitted_on.is_not(None)
        submitted = conn.scalar(select(func.count()).select_from(Response).where(done))
        answers = conn.scalar(select(func.count()).select_from(Answer).join(Response).where(done))
        responses = conn.scalar(select(func.count()).select_from(Response))
    engine.dispose()
    return Stored(submitted or 0, answers or 0, responses or 0)


# --- the runs ---------------------------------------------------------------------------------------------


def write_config(path: Path, settings: dict[str, Any], base: Path | None = None) -> Path:
    """A gunicorn config file: everything in ``base`` (the project's), then ``settings`` on top."""
    lines = [f"exec(compile(open({str(base)!r}).read(), {str(base)!r}, 'exec'))"] if base else []
    lines += [f"{key} = {value!r}" for key, value in settings.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def run_bare(args: argparse.Namespace, tmp: Path) -> Result:
    path = tmp / "bare.sqlite"
    bare_app.create_schema(str(path))
    env = {**os.environ, "BARE_DATABASE": str(path), "BARE_SECRET": secrets.token_hex(16)}
    config = write_config(tmp / "bare.gunicorn.conf.py", args.settings)
    with gunicorn("bare_app:create_app()", env, config, tmp / "bare.log", "/", pythonpath=HERE) as server:
        started = time.monotonic()
        stop_at = started + args.warmup + args.seconds
        clients = [bare_client(server.port, stop_at, seed, args.think) for seed in range(args.clients)]
        result = load("bare Flask + SQLite form handler", server, clients, started, args.warmup, args.seconds)
    result.log = tmp / "bare.log"
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT count(*) FROM answers").fetchone()[0]
    conn.close()
    if rows != result.completed:
        result.tallies[0].errors.append(f"bare handler stored {rows} rows for {result.completed} posts")
    return result


def run_survey(args: argparse.Namespace, kind: str, tmp: Path) -> tuple[Result, Stored]:
    instance = tmp / f"instance-{kind}"
    instance.mkdir()
    if kind == "sqlite":
        url = f"sqlite:///{instance / 'quickscan.sqlite'}"
    else:
        url = args.postgres_url
        fresh_postgres(url)
    env = {
        **os.environ,
        "QUICKSCAN_DATABASE_URL": url,
        "QUICKSCAN_INSTANCE_PATH": str(instance),
        "QUICKSCAN_SECRET_KEY": secrets.token_hex(32),
    }
    subprocess.run([venv_tool("quickscan"), "init-db"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    os.environ["QUICKSCAN_INSTANCE_PATH"] = str(instance)  # create_app in this process reads it
    tokens: Queue[str] = Queue()
    for token in invitations(env, args.invitations, seed=1):
        tokens.put(token)
    log = tmp / f"quickscan-{kind}.log"
    base = PROJECT_CONFIG if PROJECT_CONFIG.exists() else None
    config = write_config(tmp / f"quickscan-{kind}.gunicorn.conf.py", args.settings, base)
    with gunicorn("quickscan:create_app()", env, config, log, "/s/x") as server:
        started = time.monotonic()
        stop_at = started + args.warmup + args.seconds
        clients = [survey_client(server.port, tokens, stop_at, seed, args.think) for seed in range(args.clients)]
        name = f"Quickscan survey on {'SQLite' if kind == 'sqlite' else 'PostgreSQL'}"
        result = load(name, server, clients, started, args.warmup, args.seconds)
    result.log = log
    return result, stored(url)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94] if len(values) > 1 else (values[0] if values else 0.0)


def report(result: Result, bare: Result | None = None, detail: bool = True) -> None:
    lat = result.latencies
    print(f"\n{result.name}")
    if result.name.startswith("Quickscan"):
        print(f"  completed responses:  {result.completions_per_second:.1f} /s")
    else:
        print(f"  forms posted:         {result.completions_per_second:.1f} /s")
    print(f"  requests:             {result.requests_per_second:.1f} /s")
    print(f"  page latency:         median {ms(statistics.median(lat)) if lat else '-'}, p95 {ms(p95(lat))}")
    if bare is not None and bare.requests_per_second:
        print(f"  ratio to bare handler: {result.requests_per_second / bare.requests_per_second:.2f} (requests/s)")
    postgres = "PostgreSQL" in result.name
    print(f"  CPU, cores used while measuring: {result.cpu.describe(postgres)}")
    if result.cpu.server and lat:
        per_request = result.server_cpu_per_request(postgres)
        line = f"  server CPU per request: {ms(per_request)}" + (" (with PostgreSQL's)" if postgres else "")
        if bare is not None and bare.cpu.server:
            line += f"; the bare handler's is {bare.server_cpu_per_request(False) / per_request:.2f} of that"
        print(line)
    if result.cpu.others(postgres) > 0.2:
        print(f"  WARNING: other processes used {result.cpu.others(postgres):.2f} cores: these figures understate")
    if detail:
        for label in result.labels:
            values = result.latencies_of(label)
            if values:
                print(
                    f"    {label:12} {len(values):6} requests  median {ms(statistics.median(values)):>9}  "
                    f"p95 {ms(p95(values)):>9}"
                )
    errors = result.errors
    if errors:
        kinds = sorted(set(errors))
        print(f"  ERRORS: {len(errors)} ({'; '.join(kinds[:5])})")
        server_log = result.log.read_text(errors="replace").strip().splitlines() if result.log.exists() else []
        if server_log:
            print("  end of the server log:\n    " + "\n    ".join(server_log[-15:]))


def check(result: Result, db: Stored) -> bool:
    ok = db.submitted == result.completed and db.answers == result.answers_completed
    print(
        f"  stored: {db.submitted} submitted responses for {result.completed} completed submissions, "
        f"{db.answers} answers for {result.answers_completed} given ({db.responses - db.submitted} started, "
        f"not submitted when time ran out): {'OK' if ok else 'MISMATCH'}"
    )
    return ok


def _interrupt(_signum: int, _frame: FrameType | None) -> Any:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per run (default 20)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds before measuring (default 3)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=0, help="threads per worker (default: gunicorn.conf.py's)")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds a client spends on a page before posting it (default 0: no pause)",
    )
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="dropped and re-created at every run")
    parser.add_argument("--invitations", type=int, default=0, help="default: enough for 60 responses/s")
    args = parser.parse_args()
    args.invitations = args.invitations or int(60 * (args.seconds + args.warmup)) + args.clients
    args.settings = server_settings(args.workers, args.threads)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # also when started in the background, where SIGINT is ignored

    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
        f"{describe_settings(args.settings)}; {args.clients} clients"
        f"{f' thinking {args.think:g} s per page' if args.think else ', no think time'}; "
        f"{args.seconds:g} s measured after {args.warmup:g} s warm-up; "
        f"load average before: {os.getloadavg()[0]:.2f} (other work on the machine skews the figures)"
    )
    ok = True
    with tempfile.TemporaryDirectory(prefix="quickscan-bench-") as tmpdir:
        tmp = Path(tmpdir)
        bare = run_bare(args, tmp)
        report(bare)
        ok &= not bare.errors
        kinds = ("sqlite", "postgres") if args.db == "both" else (args.db,)
        survey_results = []
        for kind in kinds:
            result, db = run_survey(args, kind, tmp)
            report(result, bare)
            ok &= check(result, db) and not result.errors
            survey_results.append(result)

    print("\ntargets (issue 8):")
    if args.think:
        print("  (with --think the clients, not the server, set the pace: the ratio says nothing about speed)")
    for result in survey_results:
        ratio = result.requests_per_second / bare.requests_per_second if bare.requests_per_second else 0.0
        tail = p95(result.latencies)
        print(
            f"  {result.name}: ratio {ratio:.2f} {'>=' if ratio >= 0.5 else '<'} 0.5 "
            f"[{'met' if ratio >= 0.5 else 'MISSED'}]; p95 {ms(tail)} {'<' if tail < 0.1 else '>='} 100 ms "
            f"[{'met' if tail < 0.1 else 'MISSED'}]; lost or doubled: "
            f"{'none' if ok else 'SEE MISMATCH/ERRORS ABOVE'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\ninterrupted; servers stopped", file=sys.stderr)
        sys.exit(130)
