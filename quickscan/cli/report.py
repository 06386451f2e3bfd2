"""``quickscan report company|programme|build|charts``: report PDFs (and chart images) from the database.

``build`` computes and stores every company's and the programme's results as jobs (:mod:`quickscan.report_jobs`:
into the queue and watched until done, or run here without a queue); ``build --out DIR`` writes PDFs instead,
as described next.

The database is read once in this process (:mod:`quickscan.reporting`); scoring, drawing and typesetting
run on every CPU core in ``build``: worker processes get plain inputs (answers matrices and metadata,
:class:`reports.company.CompanyInput`) and return PDF bytes, which this process writes.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from reports.charts import company_charts, png_bytes, programme_charts, svg_bytes
from reports.company import CompanyInput
from reports.pdf import company_pdf, programme_pdf, register_fonts
from reports.programme import ProgrammeInput
from reports.text import LANGUAGES, check_lang

from .. import report_jobs, reporting
from ..db import transaction
from ..programme import DEFAULT_PROGRAMME
from ..questionnaire_store import registry
from .common import current

LANG = click.option(
    "--lang", type=click.Choice(LANGUAGES), default="nl", show_default=True, help="Language of the report."
)
PROGRAMME = click.option(
    "--programme", "programme_slug", default=DEFAULT_PROGRAMME, show_default=True, help="The programme (by slug)."
)
#: File name of the programme report in ``report build``'s folder (company reports are ``SLUG.pdf``).
PROGRAMME_FILE = "programme.pdf"


def _secret(app: Flask) -> str:
    """The key of the anonymised company order: the app's secret key (stable per installation)."""
    return str(app.config["SECRET_KEY"])


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@click.group("report")
def report_group() -> None:
    """Company and programme reports (PDF)."""


@report_group.command("company")
@click.argument("slug")
@LANG
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The PDF to write.")
@with_appcontext
def company(slug: str, lang: str, out: Path) -> None:
    """Write the report of company SLUG as a PDF."""
    app = current()
    with transaction(app) as s:
        data = reporting.company_report(s, registry(app), slug)
    if data is None:
        raise click.ClickException(f"No company {slug!r}; see `quickscan company list`.")
    _write(out, company_pdf(data, lang))
    click.echo(f"{out}")


@report_group.command("programme")
@LANG
@PROGRAMME
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The PDF to write.")
@with_appcontext
def programme(lang: str, programme_slug: str, out: Path) -> None:
    """Write the programme report (companies anonymised) as a PDF."""
    app = current()
    with transaction(app) as s:
        data = reporting.programme_report(s, registry(app), _secret(app), programme_slug)
    if data is None:
        raise click.ClickException(f"No programme {programme_slug!r}.")
    _write(out, programme_pdf(data, lang))
    click.echo(f"{out}")


def _worker_start() -> None:
    """Start of a worker process: load the fonts once, then exempt everything loaded so far (modules,
    matplotlib's and reportlab's state) from garbage collection, which otherwise walks it again and again
    while figures are made (about a sixth of the time)."""
    register_fonts()
    gc.collect()
    gc.freeze()


def _render_company(data: CompanyInput, lang: str) -> bytes:
    """In a worker: score one company (scoring engine) and typeset its PDF."""
    return company_pdf(data.gather(), lang)


def _render_programme(data: ProgrammeInput, lang: str) -> bytes:
    """In a worker: compare every company and region, and typeset the programme PDF."""
    return programme_pdf(data.gather(), lang)


@report_group.command("build")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Instead: write SLUG.pdf per company and programme.pdf into this folder, on this machine's cores.",
)
@LANG
@PROGRAMME
@click.option(
    "--jobs", type=click.IntRange(1, 256), default=None, help="With --out: processes (default: one per CPU core)."
)
@click.option("--no-wait", is_flag=True, help="Enqueue the jobs and return (with a job queue).")
@with_appcontext
def build(out: Path | None, lang: str, programme_slug: str, jobs: int | None, no_wait: bool) -> None:
    """Compute and store every company's results and the programme's (as jobs), showing progress; with --out,
    write the PDFs into a folder instead."""
    app = current()
    if out is None:
        _store_results(app, programme_slug, no_wait)
        return
    with transaction(app) as s:
        companies, prog = reporting.all_inputs(s, registry(app), _secret(app), programme_slug)
    out.mkdir(parents=True, exist_ok=True)
    tasks: list[tuple[Path, Callable[..., bytes], CompanyInput | ProgrammeInput]] = []
    if prog is not None:
        tasks.append((out / PROGRAMME_FILE, _render_programme, prog))  # the longest job first
    tasks.extend((out / f"{slug}.pdf", _render_company, data) for slug, data in sorted(companies.items()))
    workers = jobs or os.cpu_count() or 1
    with click.progressbar(length=len(tasks), label="Reports", show_pos=True) as bar:
        if workers == 1:
            for path, render, data in tasks:
                _write(path, render(data, lang))
                bar.update(1)
        else:
            # "spawn": the workers start clean (no copy of this process's database connections or threads).
            with ProcessPoolExecutor(
                max_workers=min(workers, len(tasks)) or 1, mp_context=get_context("spawn"), initializer=_worker_start
            ) as pool:
                futures: dict[Future[bytes], Path] = {
                    pool.submit(render, data, lang): path for path, render, data in tasks
                }
                for future in as_completed(futures):
                    _write(futures[future], future.result())
                    bar.update(1)
    click.echo(f"{len(companies)} company report(s){' and the programme report' if prog else ''} in {out}")


def _store_results(app: Flask, programme_slug: str, no_wait: bool) -> None:
    """The jobs of every company and the programme (:mod:`quickscan.report_jobs`): into the queue, watched
    until done unless ``no_wait``; without a queue, run here one after the other."""
    with transaction(app) as s:
        todo = report_jobs.all_jobs(s, programme_slug)
    if not todo:
        raise click.ClickException(f"No programme {programme_slug!r}.")
    if not report_jobs.queued(app):
        with click.progressbar(length=len(todo), label="Results", show_pos=True) as here:
            for job in todo:
                report_jobs.run_in_own_transaction(app, job)
                here.update(1)
        click.echo(f"Stored the results of {len(todo) - 1} companies and the programme (computed here: no job queue).")
        return
    ids = report_jobs.enqueue(app, todo)
    click.echo(f"{len(ids)} job(s) in the queue {report_jobs.QUEUE_NAME!r}; `quickscan worker` runs them.")
    if no_wait:
        return

    def step(finished: int, failed: int) -> None:  # a line per change: readable in a terminal and in a log
        click.echo(f"done {finished}/{len(ids)}" + (f", failed {failed}" if failed else ""))

    finished, failed = report_jobs.wait(app, ids, step)
    if failed:
        raise click.ClickException(f"{failed} of {len(ids)} job(s) failed; the worker's log says why.")
    click.echo(f"Stored the results of {len(todo) - 1} companies and the programme.")


@report_group.command("charts")
@click.argument("slug", required=False)
@LANG
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder for one image per chart."
)
@click.option("--format", "fmt", type=click.Choice(["svg", "png"]), default="svg", show_default=True)
@click.option(
    "--programme",
    "programme_slug",
    default=None,
    help="Draw the charts of this programme's report instead of a company's.",
)
@with_appcontext
def charts(slug: str | None, lang: str, out: Path, fmt: str, programme_slug: str | None) -> None:
    """Write the charts of company SLUG (or of a programme) as images, for slides or the documentation."""
    app = current()
    language = check_lang(lang)
    with transaction(app) as s:
        if programme_slug is not None:
            prog = reporting.programme_report(s, registry(app), _secret(app), programme_slug)
            if prog is None:
                raise click.ClickException(f"No programme {programme_slug!r}.")
            drawn = programme_charts(prog, language)
        else:
            if slug is None:
                raise click.UsageError("Give a company SLUG or --programme.")
            data = reporting.company_report(s, registry(app), slug)
            if data is None:
                raise click.ClickException(f"No company {slug!r}; see `quickscan company list`.")
            drawn = company_charts(data, language)
    for chart in drawn:
        path = out / f"{chart.key}.{fmt}"
        _write(path, svg_bytes(chart.figure) if fmt == "svg" else png_bytes(chart.figure))
        click.echo(str(path))
