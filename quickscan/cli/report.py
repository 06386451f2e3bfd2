"""``quickscan report company|programme|build|charts``: report PDFs (and chart images) from the database.

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

from .. import reporting
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
    required=True,
    help="Folder for SLUG.pdf per company and programme.pdf.",
)
@LANG
@PROGRAMME
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Worker processes (default: one per CPU core).")
@with_appcontext
def build(out: Path, lang: str, programme_slug: str, jobs: int | None) -> None:
    """Write every company's report and the programme report into a folder, on all CPU cores."""
    app = current()
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
