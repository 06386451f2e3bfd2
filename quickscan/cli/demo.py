"""``quickscan demo`` and ``quickscan welcome``: the demo programme, and the links to try that `make run`
prints before the server starts."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import demo_results, skills_store
from ..db import transaction
from ..demo import DEMO_PASSWORD
from ..dialogue_models import DialogueSession
from ..models import Company, Invitation, Plan, Response, User, Wave
from ..questionnaire_store import registry
from .common import current
from .programme import DEFAULT_QUESTIONNAIRE


@click.command("demo")
@click.option("--seed", default=2026, show_default=True, type=int)
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when the database already has data.")
@with_appcontext
def create_demo(seed: int, if_empty: bool) -> None:
    """Create the demo programme: 6 regions x 8 companies, coaches, managers, two waves of answers."""
    from .. import demo as demo_data

    app = current()
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
    computed = demo_results.store(app, demo_data.REGIONS[0])
    click.echo(f"Results of the {computed} companies in {demo_data.REGIONS[0]} computed and stored (report jobs).")
    click.echo(
        f"Log in with password {demo_data.DEMO_PASSWORD!r} as: "
        + ", ".join(f"{email} ({role})" for role, email in summary.logins)
    )


def link_base(host: str, port: int) -> str:
    """The address a browser on this machine uses for a server listening on ``host:port``."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"  # listening everywhere: this machine is reached on its loopback address
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def print_links(base: str) -> None:
    """The start page, an unused employee link of an open wave, the login page and the demo accounts."""
    base = base.rstrip("/")
    with transaction(current()) as s:
        token = s.scalar(
            select(Invitation.token)
            .join(Wave)
            .outerjoin(Response)
            .where(Wave.is_open.is_(True), Invitation.role == "employee", Response.pk.is_(None))
            .order_by(Invitation.pk)
            .limit(1)
        )
        demo_users = {
            role: s.scalar(
                select(User.email)
                .where(User.role == role, User.email.like("%@demo.quickscan.nl"))
                .order_by(User.pk)
                .limit(1)
            )
            for role in ("manager", "coach", "admin")
        }
        has_accounts = s.scalar(select(User.pk).limit(1)) is not None
        manager_company = s.scalar(
            select(Company.slug)
            .join(User, User.company_pk == Company.pk)
            .where(User.email == demo_users["manager"])
            .limit(1)
        )
        company_pages = [] if manager_company is None else _company_pages(s, manager_company)
    click.echo(f"  {base}/                 the start page")
    if token:
        click.echo(f"  {base}/s/{token}   fill in the survey as an employee")
    click.echo(f"  {base}/login            log in as a manager, coach or the programme lead:")
    if any(demo_users.values()):
        for role, email in demo_users.items():
            if email:
                click.echo(f"      {role:8} {email}   password: {DEMO_PASSWORD}")
    elif has_accounts:
        click.echo("      with your account")
    else:
        click.echo("      (no accounts yet: `quickscan user add EMAIL --role admin`)")
    if company_pages:
        click.echo("  and then, as that manager or the coach:")
        for path, what in company_pages:
            click.echo(f"  {base}{path}   {what}")
        click.echo(f"  {base}/programme   the programme as a whole, as the programme lead")


def _company_pages(s: Session, slug: str) -> list[tuple[str, str]]:
    """The demo manager's company's pages that have something to show: results, plan, dialogue, skills."""
    company = s.scalars(select(Company).where(Company.slug == slug)).one()
    pages = [(f"/companies/{slug}", "the company's results, beside its learning circle")]
    if s.scalar(select(Plan.pk).where(Plan.company_pk == company.pk).limit(1)) is not None:
        pages.append((f"/companies/{slug}/plan", "its plan of approach"))
    if s.scalar(select(DialogueSession.pk).where(DialogueSession.company_pk == company.pk).limit(1)) is not None:
        pages.append((f"/companies/{slug}/dialogue", "its dialogue sessions"))
    if skills_store.has_matrix(s, company):
        pages.append((f"/companies/{slug}/skills", "its skills matrix (inzetbaarheidsmatrix)"))
    return pages


@click.command("welcome")
@click.option("--host", default="127.0.0.1", show_default=True, help="The host `quickscan serve` listens on.")
@click.option("--port", default=5000, show_default=True, type=int, help="The port `quickscan serve` listens on.")
@click.option("--base-url", default=None, help="Where the app is reached. Default: QUICKSCAN_BASE_URL, else HOST:PORT.")
@with_appcontext
def welcome(host: str, port: int, base_url: str | None) -> None:
    """Print the links to try in a browser: the start page, a survey link and the demo logins.

    `quickscan serve --welcome` prints them as the server starts; this command prints them for a server
    that runs (or will run) elsewhere, on HOST:PORT or at --base-url.
    """
    base = base_url or current().config.get("BASE_URL") or link_base(host, port)
    click.echo("\nLinks to try in a browser (while the server runs: `quickscan serve`):")
    print_links(base)
    click.echo("")
