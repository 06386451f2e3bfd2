"""``quickscan worker``: run report jobs from the queue (:mod:`quickscan.report_jobs`), on any machine that
reaches the database."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import report_jobs
from .common import current


@click.command("worker")
@click.option(
    "--concurrency",
    type=click.IntRange(1, 32),
    default=1,
    show_default=True,
    help="Jobs at once in this process (scoring holds Python's lock: start one worker per CPU core instead).",
)
@click.option("--once", is_flag=True, help="Stop when the queue is empty instead of waiting for new jobs.")
@with_appcontext
def worker(concurrency: int, once: bool) -> None:
    """Run a worker for report jobs: computes and stores report results until stopped."""
    app = current()
    if not report_jobs.queued(app):
        raise click.ClickException(
            "No job queue: set QUICKSCAN_JOB_QUEUE=procrastinate (PostgreSQL only). Without a queue, pages and "
            "`quickscan report build` compute the results themselves."
        )
    click.echo(f"Worker for queue {report_jobs.QUEUE_NAME!r}: {'until the queue is empty' if once else 'Ctrl+C stops'}")
    report_jobs.run_worker(app, concurrency, wait_for_jobs=not once)
