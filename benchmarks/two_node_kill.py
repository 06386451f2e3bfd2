"""Two app nodes, one report worker and one PostgreSQL under survey load, with faults: does every survey a
respondent saw as finished end up stored exactly once, with all its answers? (issue 19)

    sudo .venv/bin/python benchmarks/two_node_kill.py [--clients 8] [--links 400] [--seconds 60]

Run as root on a machine with PostgreSQL's server programs (``initdb``, ``pg_ctl``; ``--pg-bin``): it makes a
PostgreSQL cluster of its own in a temporary folder, run as the unprivileged user ``nobody`` (PostgreSQL
refuses root), on a free port; two gunicorn nodes (separate instance folders, the same secret key) and one
``quickscan worker`` against it, with ``QUICKSCAN_JOB_QUEUE=procrastinate``. Then:

1. ``--clients`` threads each take survey links and complete them over HTTP, as a phone would (welcome,
   start, every page, skip the code, submit), sending each request to the next node in turn and, as a load
   balancer does, to the other node when one does not answer (connection refused or reset) or answers 502-504;
   ``report build --no-wait`` gives the worker every company's job meanwhile;
2. after a third of ``--seconds`` node A is killed with SIGKILL (gunicorn's master and workers, no goodbye);
3. after two thirds PostgreSQL is restarted (``pg_ctl restart -m fast``: every connection is cut);
4. at the end the database is checked: every link a client saw finished (its submit answered by a redirect
   to the thank-you page) has exactly one submitted response with all its answers, and no link has two.

It prints surveys completed, what clients saw go wrong (each failed attempt, retried), how long no request
succeeded after each fault (recovery), and the worker's jobs; exit status 1 when a finished survey is
missing, doubled or incomplete. Nothing is left running: the nodes, the worker and the cluster are stopped
and the folder removed. Not part of the test suite (it takes minutes and needs root); see
docs/operations.md, "The two-node kill test".
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from questionnaires import Registry  # noqa: E402

CSRF = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')
RETRY_STATUS = {502, 503, 504}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_nobody(*command: str) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *command]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@dataclass
class Figures:
    finished: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)  # submit sent, answer lost (node killed): maybe stored
    errors: dict[str, int] = field(default_factory=dict)
    last_ok: float = 0.0
    gaps: list[tuple[str, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1

    def ok(self) -> None:
        self.last_ok = time.monotonic()


class Client:
    """One respondent's browser, behind a round-robin balancer that tries the other node on failure."""

    def __init__(self, nodes: list[str], figures: Figures, deadline: float) -> None:
        self.nodes = nodes
        self.turn = 0
        self.figures = figures
        self.deadline = deadline
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def send(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, body, location); retried on another node until it answers or the run's deadline + 60 s."""
        body = None if data is None else urllib.parse.urlencode(data).encode()
        while True:
            node = self.nodes[self.turn % len(self.nodes)]
            self.turn += 1
            try:
                with self.opener.open(urllib.request.Request(node + path, data=body), timeout=30) as r:
                    self.figures.ok()
                    return r.status, r.read().decode(), r.headers.get("Location", "")
            except urllib.error.HTTPError as e:
                if e.code in (301, 302, 303):
                    self.figures.ok()
                    return e.code, "", e.headers.get("Location", "")
                if e.code not in RETRY_STATUS:
                    if e.code >= 500:
                        self.figures.error(f"HTTP {e.code}")
                    else:
                        self.figures.ok()
                    return e.code, e.read().decode(errors="replace"), ""
                self.figures.error(f"HTTP {e.code}")
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
                reason = getattr(e, "reason", e)
                self.figures.error(type(reason).__name__)
            if time.monotonic() > self.deadline + 60:
                raise RuntimeError(f"no node answered {path}")
            time.sleep(0.2)

    def csrf(self, path: str) -> str:
        status, body, _ = self.send(path)
        match = CSRF.search(body)
        if status != 200 or not match:
            raise RuntimeError(f"GET {path}: {status}, no form")
        return match.group(1)


def complete(client: Client, token: str, sections: list[dict[str, str]]) -> str:
    """Fill in one survey: 'finished' (redirected to the thank-you page), 'unsure' or raises."""
    base = f"/s/{token}"
    status, _, _ = client.send(f"{base}/start", {"csrf_token": client.csrf(base)})
    if status != 302:
        raise RuntimeError(f"start: {status}")
    for number, answers in enumerate(sections, start=1):
        data = {"csrf_token": client.csrf(f"{base}/{number}"), "action": "next", **answers}
        status, _, _ = client.send(f"{base}/{number}", data)
        if status != 302:
            raise RuntimeError(f"page {number}: {status}")
    client.send(f"{base}/code", {"csrf_token": client.csrf(f"{base}/code"), "action": "skip"})
    status, _, location = client.send(
        f"{base}/submit", {"csrf_token": client.csrf(f"{base}/submit"), "action": "submit"}
    )
    if status == 302 and location.endswith("/thanks"):
        return "finished"
    return "unsure"


def employee_pages(questionnaire_dir: Path) -> tuple[list[dict[str, str]], int]:
    """What every client answers, page by page (as tests/app/survey_helpers.complete), and how many answers."""
    q = Registry(str(questionnaire_dir)).get("leercultuur-mkb")
    pages = []
    for section in q.sections_for("employee"):
        answers = {}
        for eid in section.elements:
            element = q.element(eid)
            if hasattr(element, "scale"):
                answers[f"a_{eid}"] = "4"
            elif element.type == "open":
                answers[f"a_{eid}"] = "Meer tijd om te leren."
            else:
                answers[f"a_{eid}"] = element.options[0].code
        pages.append(answers)
    return pages, sum(len(p) for p in pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--links", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pg-bin", default="/usr/local/bin")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: the cluster runs as 'nobody' (runuser)")

    folder = Path(tempfile.mkdtemp(prefix="qs-kill-"))
    os.chmod(folder, 0o755)
    data = folder / "pg"
    data.mkdir()
    shutil.chown(data, "nobody")
    pg_port = free_port()
    pg_ctl = [f"{args.pg_bin}/pg_ctl", "-D", str(data), "-l", str(data / "log"), "-w"]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        subprocess.run(
            as_nobody(f"{args.pg_bin}/initdb", "-D", str(data), "-U", "postgres", "--auth=trust"),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = f"-p {pg_port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=100"
        subprocess.run(as_nobody(*pg_ctl, "-o", options, "start"), check=True, stdout=subprocess.DEVNULL)
        url = f"postgresql+psycopg://postgres@127.0.0.1:{pg_port}/postgres"
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "QUICKSCAN_DATABASE_URL": url,
            "QUICKSCAN_SECRET_KEY": "two-node-kill-test-" + os.urandom(8).hex(),
            "QUICKSCAN_JOB_QUEUE": "procrastinate",
            "QUICKSCAN_INSTANCE_PATH": str(folder / "instance-cli"),
            "QUICKSCAN_BASE_URL": "http://127.0.0.1",
        }
        cli = [sys.executable, "-m", "quickscan.cli"]

        def run_cli(*words: str) -> str:
            return subprocess.run([*cli, *words], env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout

        run_cli("init-db")
        run_cli("company", "add", "Bouwbedrijf Kill", "--region", "Twente")
        run_cli("wave", "open", "bouwbedrijf-kill", "--kind", "baseline")
        links = run_cli(
            "invite", "bouwbedrijf-kill", "--kind", "baseline", "--role", "employee", "--count", str(args.links)
        )
        tokens = [line.rsplit("/", 1)[-1] for line in links.split()]

        nodes = []
        for name in ("a", "b"):
            port = free_port()
            node_env = {
                **env,
                "QUICKSCAN_INSTANCE_PATH": str(folder / f"instance-{name}"),
                "QUICKSCAN_BIND": f"127.0.0.1:{port}",
                "QUICKSCAN_WORKERS": "2",
            }
            log = open(folder / f"node-{name}.log", "wb")  # noqa: SIM115 - closed with the folder
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "quickscan:create_app()"],
                    env=node_env,
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            nodes.append(f"http://127.0.0.1:{port}")
        worker_log = open(folder / "worker.log", "wb")  # noqa: SIM115
        processes.append(
            subprocess.Popen(
                [*cli, "worker"], env=env, cwd=ROOT, stdout=worker_log, stderr=subprocess.STDOUT, start_new_session=True
            )
        )
        for node in nodes:  # wait until both serve
            for _ in range(120):
                try:
                    with urllib.request.urlopen(node + "/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.5)
        pages, expected_answers = employee_pages(ROOT / "questionnaires")
        run_cli("report", "build", "--no-wait")

        figures = Figures(last_ok=time.monotonic())
        todo: queue.Queue[str] = queue.Queue()
        for token in tokens:
            todo.put(token)
        start = time.monotonic()
        deadline = start + args.seconds
        failures: list[str] = []

        def respondent() -> None:
            client = Client(nodes, figures, deadline)
            while time.monotonic() < deadline:
                try:
                    token = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    outcome = complete(client, token, pages)
                except RuntimeError as exc:
                    failures.append(f"{token[:8]}…: {exc}")
                    continue
                with figures.lock:
                    (figures.finished if outcome == "finished" else figures.unsure).append(token)

        threads = [threading.Thread(target=respondent) for _ in range(args.clients)]
        for thread in threads:
            thread.start()

        def recovery(fault: str, at: float) -> None:
            while figures.last_ok <= at and time.monotonic() < deadline + 60:
                time.sleep(0.05)
            figures.gaps.append((fault, figures.last_ok - at))

        time.sleep(args.seconds / 3)
        killed_at = time.monotonic()
        os.killpg(processes[0].pid, signal.SIGKILL)
        processes[0].wait()
        threading.Thread(target=recovery, args=("node A killed with SIGKILL", killed_at)).start()
        time.sleep(max(0.0, start + 2 * args.seconds / 3 - time.monotonic()))
        restart_at = time.monotonic()
        subprocess.run(as_nobody(*pg_ctl, "-m", "fast", "restart"), check=True, stdout=subprocess.DEVNULL)
        back_at = time.monotonic()
        recovery(f"PostgreSQL was back (restart took {back_at - restart_at:.1f} s)", back_at)
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - start

        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={pg_port} user=postgres dbname=postgres") as conn:
            rows = conn.execute(
                "SELECT i.token, count(DISTINCT r.pk), count(DISTINCT r.pk) FILTER (WHERE r.submitted_on IS NOT NULL),"
                " count(a.pk) FROM invitations i LEFT JOIN responses r ON r.invitation_pk = i.pk"
                " LEFT JOIN answers a ON a.response_pk = r.pk WHERE i.token = ANY(%s) GROUP BY i.token",
                (tokens,),
            ).fetchall()
            jobs = dict(
                conn.execute("SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY status").fetchall()
            )
        stored = {token: (responses, submitted, answers) for token, responses, submitted, answers in rows}
        wrong = [
            f"{t[:8]}…: responses {stored[t][0]}, submitted {stored[t][1]}, answers {stored[t][2]}/{expected_answers}"
            for t in figures.finished
            if stored.get(t, (0, 0, 0)) != (1, 1, expected_answers)
        ]
        doubled = [t for t, (responses, _, _) in stored.items() if responses > 1]
        submitted = sum(1 for _, s, _ in stored.values() if s)

        print(f"{args.clients} clients, {len(nodes)} nodes, 1 worker, {elapsed:.0f} s of load")
        print(f"surveys finished (seen by clients): {len(figures.finished)} ({len(figures.finished) / elapsed:.1f}/s)")
        print(f"submit sent, answer lost in a fault: {len(figures.unsure)}; submitted in the database: {submitted}")
        print(f"failed attempts seen by clients (each retried): {dict(sorted(figures.errors.items())) or 'none'}")
        print(f"surveys a client gave up on: {len(failures)}" + (f" (first: {failures[0]})" if failures else ""))
        for fault, gap in figures.gaps:
            print(f"{fault}: {gap:.2f} s until the next answered request")
        print(f"report jobs: {jobs}")
        good = len(figures.finished) - len(wrong)
        print(f"finished surveys stored once with all {expected_answers} answers: {good}/{len(figures.finished)}")
        print(f"links with more than one response: {len(doubled)}")
        for line in wrong[:10]:
            print("  WRONG", line)
        return 1 if wrong or doubled else 0
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        subprocess.run(
            as_nobody(*pg_ctl, "-m", "immediate", "stop"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
