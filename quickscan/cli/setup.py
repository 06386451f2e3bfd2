"""``quickscan init-db``, ``company add|list``, ``wave open|close``, ``invite``, ``serve``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from questionnaires import parse_ref

from .. import programme as setup
from ..db import transaction
from ..models import Company, Invitation, Response, Wave
from ..questionnaire_store import registry
from .db import upgrade

DEFAULT_QUESTIONNAIRE = "leercultuur-mkb"


def _app():  # type: ignore[no-untyped-def]
    return current_app._get_current_object()  # type: ignore[attr-defined]


@click.command("init-db")
@click.pass_context
def init_db(ctx: click.Context) -> None:
    """Create the database or migrate it to the newest schema (same as `db upgrade`)."""
    ctx.invoke(upgrade)


@click.group("company")
def company_group() -> None:
    """Companies taking part."""


@company_group.command("add")
@click.argument("name")
@click.option("--region", required=True, help="Labour-market region, e.g. 'Twente'.")
@click.option("--departments", default="", help="Comma-separated department names.")
@click.option("--sector", default=None)
@click.option("--size", "size_band", default=None, help="Size band, e.g. 20-49.")
@with_appcontext
def company_add(name: str, region: str, departments: str, sector: str | None, size_band: str | None) -> None:
    """Add company NAME; prints its slug (used in the other commands)."""
    depts = [d for d in departments.split(",") if d.strip()]
    try:
        with transaction(_app()) as s:
            company = setup.add_company(s, name, region, depts, sector, size_band)
            slug = company.slug
    except setup.SetupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(slug)


@company_group.command("list")
@with_appcontext
def company_list() -> None:
    """Companies with their waves and response counts."""
    with transaction(_app()) as s:
        companies = s.scalars(select(Company).order_by(Company.slug)).all()
        if not companies:
            click.echo("No companies yet; add one with `quickscan company add NAME --region REGION`.")
        for c in companies:
            waves = []
            for w in c.waves:
                invited = s.scalar(select(func.count()).select_from(Invitation).where(Invitation.wave_pk == w.pk))
                done = s.scalar(
                    select(func.count())
                    .select_from(Response)
                    .join(Invitation)
                    .where(Invitation.wave_pk == w.pk, Response.submitted_on.is_not(None))
                )
                state = "open" if w.is_open else "closed"
                waves.append(f"{w.kind} {state} {done}/{invited}")
            click.echo(f"{c.slug:30} {c.name} ({c.region.name}){'  ' + '; '.join(waves) if waves else ''}")


@click.group("wave")
def wave_group() -> None:
    """Open and close a company's baseline and end-line."""


KIND = click.option("--kind", type=click.Choice(setup.WAVE_KINDS), required=True)


@wave_group.command("open")
@click.argument("company")
@KIND
@click.option("--questionnaire", "ref", default=DEFAULT_QUESTIONNAIRE, show_default=True, help="ID[@VERSION]")
@with_appcontext
def wave_open(company: str, kind: str, ref: str) -> None:
    """Open the KIND wave of COMPANY (a slug)."""
    try:
        qid, version = parse_ref(ref)
        q = registry(_app()).get(qid, version)
    except (ValueError, KeyError):
        raise click.ClickException(f"No questionnaire {ref!r}; see `quickscan questionnaire list`.") from None
    try:
        with transaction(_app()) as s:
            setup.open_wave(s, setup.company_by_slug(s, company), kind, q)
    except setup.SetupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{company}: {kind} open with {q.key}")


@wave_group.command("close")
@click.argument("company")
@KIND
@with_appcontext
def wave_close(company: str, kind: str) -> None:
    """Close the KIND wave of COMPANY: its links stop working."""
    try:
        with transaction(_app()) as s:
            setup.close_wave(s, setup.wave_of(s, setup.company_by_slug(s, company), kind))
    except setup.SetupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{company}: {kind} closed")


@click.command("invite")
@click.argument("company")
@KIND
@click.option("--role", type=click.Choice(["employee", "manager"]), required=True)
@click.option("--count", type=click.IntRange(1, 1000), required=True)
@click.option("--department", default=None)
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
@with_appcontext
def invite(company: str, kind: str, role: str, count: int, department: str | None, base_url: str) -> None:
    """Create COUNT single-use survey links; prints one absolute link per line."""
    try:
        with transaction(_app()) as s:
            wave: Wave = setup.wave_of(s, setup.company_by_slug(s, company), kind)
            if not wave.is_open:
                raise setup.SetupError(f"The {kind} of {company} is closed; open it first.")
            tokens = [i.token for i in setup.invite(s, wave, role, count, department)]
    except setup.SetupError as exc:
        raise click.ClickException(str(exc)) from None
    for token in tokens:
        click.echo(f"{base_url.rstrip('/')}/s/{token}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Serve the app with the development server (use gunicorn in production)."""
    from werkzeug.serving import run_simple

    from .. import migrate
    from ..access_log import MaskingRequestHandler

    problem = migrate.schema_problem(_app())
    if problem:
        raise click.ClickException(problem)
    run_simple(host, port, _app(), threaded=True, request_handler=MaskingRequestHandler)


@click.command("demo")
@click.option("--seed", default=2026, show_default=True, type=int)
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when the database already has data.")
@with_appcontext
def demo(seed: int, if_empty: bool) -> None:
    """Create the demo programme: 6 regions x 8 companies, coaches, managers, two waves of answers."""
    from .. import demo as demo_data

    app = _app()
    q = registry(app).get(DEFAULT_QUESTIONNAIRE)
    with transaction(app) as s:
        if not demo_data.is_empty(s):
            if if_empty:
                click.echo("The database already has data: no demo loaded.")
                return
            raise click.ClickException("The database already has companies or accounts; the demo needs an empty one.")
        with click.progressbar(length=48, label="Demo programme") as bar:
            summary = demo_data.create(s, q, seed, progress=lambda done, total: bar.update(1))
    click.echo(f"{summary.companies} companies, {summary.responses} responses, {summary.answers} answers.")
    click.echo(
        f"Log in with password {demo_data.DEMO_PASSWORD!r} as: "
        + ", ".join(f"{email} ({role})" for role, email in summary.logins)
    )


@click.command("revoke")
@click.argument("link")
@with_appcontext
def revoke(link: str) -> None:
    """Revoke one survey LINK (or token): it stops working and any answers given with it are deleted."""
    try:
        with transaction(_app()) as s:
            invitation = setup.revoke(s, None, link)
            where = f"{invitation.wave.company.slug}, {invitation.wave.kind}, {invitation.role}"
    except setup.SetupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Revoked ({where}). Give the right person a new link with `quickscan invite`.")
