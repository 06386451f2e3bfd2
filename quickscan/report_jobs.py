"""Report results as jobs: computed per release by workers of a PostgreSQL job queue, stored, served from there.

A *job* computes one company's results (both readers: coach/lead and its own managers) or one programme's,
and stores them under the key of what it read (:mod:`quickscan.computed_results`). Where it runs depends on
``QUICKSCAN_JOB_QUEUE``:

* ``procrastinate`` (PostgreSQL only): jobs go into the queue of `procrastinate <https://procrastinate.readthedocs.io>`_
  (tables in our own database, made by migration 0009; no server to run beside PostgreSQL) and any number
  of ``quickscan worker`` processes, on any machine, run them. ``quickscan report build`` enqueues every
  company and programme and shows progress; a page that finds no stored results for its key computes them
  in the request, as before jobs existed, and enqueues a job so the next reader gets them stored.
* unset (the default, and always on SQLite): jobs run in the process that asks for them, at once: ``report
  build`` runs them one after the other; a page that finds nothing stored runs the job in its own request
  and serves what it stored. ``make run`` needs no extra process.

A job reads the key first and the answers after, and checks the key again before it stores: results are
stored only under the key they were computed from (a release committed in between makes the second key
differ, and nothing is stored; the next reader or ``report build`` computes them again).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from flask import Flask, current_app
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from questionnaires import Registry

from . import computed_results, report_keys, reporting
from .db import database, transaction
from .models import Company, Programme, Region
from .questionnaire_store import registry

if TYPE_CHECKING:
    import procrastinate

_EXTENSION = "quickscan.report_jobs"
#: The queue procrastinate's jobs of this app go to (a worker listens to it alone).
QUEUE_NAME = "reports"
COMPANY_TASK = "quickscan.company_results"
PROGRAMME_TASK = "quickscan.programme_results"

Kind = Literal["company", "programme"]


@dataclass(frozen=True)
class Job:
    """One job: whose results (a company's or a programme's, by pk)."""

    kind: Kind
    pk: int


def now() -> dt.datetime:
    """The moment results are computed: UTC, naive, whole seconds (as stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def compute_company(
    session: Session,
    questionnaires: Registry,
    secret: str,
    company_pk: int,
    readers: Sequence[bool] = (False, True),
) -> int:
    """Compute and store the results of company ``company_pk`` for its ``readers`` (``among_managers``: the
    coach's and lead's view, False; its own managers', True); how many were stored (0: no such company, or
    its plan changed this very second, or a release came in between)."""
    company = session.get(Company, company_pk)
    if company is None:
        return 0
    keys = {m: report_keys.company_key(session, questionnaires, company, m) for m in readers}
    entry = reporting.company_inputs(session, questionnaires, [company.slug]).get(company.slug)
    if entry is None:
        return 0
    when = now()
    stored = 0
    for among_managers in readers:
        key = keys[among_managers]
        if key is None or report_keys.company_key(session, questionnaires, company, among_managers) != key:
            continue
        report = replace(entry.gather(among_managers), computed_at=when)
        computed_results.store(
            session,
            computed_results.company_scope(company.pk, among_managers),
            key,
            report,
            secret,
            company.region.programme_pk,
            company.pk,
            when,
        )
        stored += 1
    session.flush()
    return stored


def compute_programme(session: Session, questionnaires: Registry, secret: str, programme_pk: int) -> int:
    """Compute and store the programme's results; 1 when stored, 0 when not (as :func:`compute_company`)."""
    prog = session.get(Programme, programme_pk)
    if prog is None:
        return 0
    key = report_keys.programme_key(session, questionnaires, prog.slug)
    report = reporting.programme_report(session, questionnaires, secret, prog.slug)
    if key is None or report is None or report_keys.programme_key(session, questionnaires, prog.slug) != key:
        return 0
    when = now()
    computed_results.store(
        session,
        computed_results.programme_scope(prog.pk),
        key,
        replace(report, computed_at=when),
        secret,
        prog.pk,
        None,
        when,
    )
    session.flush()
    return 1


def run(session: Session, app: Flask, job: Job, readers: Sequence[bool] = (False, True)) -> int:
    """Run ``job`` in ``session`` (the caller commits); a company's job for ``readers`` only (a page that runs
    it in its request computes the view it shows, as before jobs)."""
    secret = str(app.config["SECRET_KEY"])
    if job.kind == "company":
        return compute_company(session, registry(app), secret, job.pk, readers)
    return compute_programme(session, registry(app), secret, job.pk)


def run_in_own_transaction(app: Flask, job: Job) -> int:
    """Run ``job`` in a transaction of its own, committed when it is done (a worker's job, ``report build``)."""
    with transaction(app) as s:
        return run(s, app, job)


def all_jobs(session: Session, programme_slug: str) -> list[Job]:
    """Every job of a programme: the programme first (the longest), then each company."""
    prog = session.scalar(select(Programme).where(Programme.slug == programme_slug))
    if prog is None:
        return []
    companies = session.scalars(
        select(Company.pk).join(Region, Company.region_pk == Region.pk).where(Region.programme_pk == prog.pk)
    ).all()
    return [Job("programme", prog.pk), *(Job("company", pk) for pk in sorted(companies))]


# --- the queue -------------------------------------------------------------------------------------------


def queued(app: Flask | None = None) -> bool:
    """Whether jobs go into procrastinate's queue (else they run in the process that asks)."""
    return bool((app or current_app).config.get("JOB_QUEUE"))


def conninfo(app: Flask) -> str:
    """The app's database as a libpq connection string, for procrastinate's own connections."""
    url = database(app).engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def make_queue_app(app: Flask, connector: Any) -> procrastinate.App:
    """A procrastinate app on ``connector`` with this app's two tasks; each runs its job in its own
    transaction, with ``app``'s context."""
    import procrastinate

    queue_app = procrastinate.App(connector=connector)

    def in_context(kind: Kind) -> Callable[[int], int]:
        def task(pk: int) -> int:
            with app.app_context():
                return run_in_own_transaction(app, Job(kind, pk))

        return task

    queue_app.task(name=COMPANY_TASK, queue=QUEUE_NAME, pass_context=False)(in_context("company"))
    queue_app.task(name=PROGRAMME_TASK, queue=QUEUE_NAME, pass_context=False)(in_context("programme"))
    return queue_app


@contextmanager
def _deferring(app: Flask) -> Iterator[procrastinate.App]:
    """A procrastinate app that can defer, synchronously, on a small pool of its own (closed afterwards)."""
    from procrastinate import SyncPsycopgConnector

    queue_app = make_queue_app(app, SyncPsycopgConnector(conninfo=conninfo(app), min_size=1, max_size=2))
    with queue_app.open():
        yield queue_app


def _task_name(job: Job) -> str:
    return COMPANY_TASK if job.kind == "company" else PROGRAMME_TASK


def enqueue(app: Flask, jobs: Sequence[Job], lock: bool = False) -> list[int]:
    """Put ``jobs`` into the queue; their ids. ``lock``: skip a job whose twin still waits (a page asks
    again and again while the worker is busy; ``report build`` wants every job it asked for)."""
    from procrastinate import exceptions

    ids: list[int] = []
    with _deferring(app) as queue_app:
        for job in jobs:
            task = queue_app.tasks[_task_name(job)]
            try:
                if lock:
                    ids.append(task.configure(queueing_lock=f"{job.kind}:{job.pk}").defer(pk=job.pk))
                else:
                    ids.append(task.defer(pk=job.pk))
            except exceptions.AlreadyEnqueued:
                pass
    return ids


def progress(session: Session, ids: Sequence[int]) -> tuple[int, int]:
    """(finished, failed) of the jobs ``ids``: succeeded counts as finished, failed, cancelled and aborted as
    failed; the rest are waiting or running."""
    if not ids:
        return 0, 0
    rows = session.execute(
        text("SELECT status::text, count(*) FROM procrastinate_jobs WHERE id = ANY(:ids) GROUP BY status"),
        {"ids": list(ids)},
    ).all()
    counts = {status: int(n) for status, n in rows}
    return counts.get("succeeded", 0), sum(counts.get(s, 0) for s in ("failed", "cancelled", "aborted"))


def wait(
    app: Flask, ids: Sequence[int], step: Callable[[int, int], None], poll: float = 0.5, timeout: float | None = None
) -> tuple[int, int]:
    """Wait until every job of ``ids`` has finished or failed, calling ``step(finished, failed)`` at each
    change; (finished, failed) at the end. ``timeout``: give up after so many seconds."""
    start = time.monotonic()
    last = (-1, -1)
    while True:
        with database(app).sessions() as s:
            seen = progress(s, ids)
        if seen != last:
            step(*seen)
            last = seen
        if sum(seen) >= len(ids) or (timeout is not None and time.monotonic() - start > timeout):
            return seen
        time.sleep(poll)


def run_worker(app: Flask, concurrency: int = 1, wait_for_jobs: bool = True) -> None:
    """Run a procrastinate worker for this app's queue until it is stopped (SIGINT or SIGTERM: it finishes
    the jobs it runs first); ``wait_for_jobs=False``: stop when the queue is empty."""
    from procrastinate import PsycopgConnector

    queue_app = make_queue_app(app, PsycopgConnector(conninfo=conninfo(app), min_size=1, max_size=concurrency + 2))
    queue_app.run_worker(
        queues=[QUEUE_NAME], concurrency=concurrency, wait=wait_for_jobs, install_signal_handlers=wait_for_jobs
    )


def init_app(app: Flask) -> None:
    """Check ``JOB_QUEUE``: procrastinate needs PostgreSQL."""
    app.config.setdefault("JOB_QUEUE", "")
    queue = app.config["JOB_QUEUE"]
    if queue not in ("", "procrastinate"):
        raise RuntimeError(f"QUICKSCAN_JOB_QUEUE={queue!r}: use 'procrastinate' or leave it unset")
    if queue and database(app).engine.dialect.name != "postgresql":
        raise RuntimeError("QUICKSCAN_JOB_QUEUE=procrastinate needs a PostgreSQL database (QUICKSCAN_DATABASE_URL)")
    app.extensions[_EXTENSION] = True
