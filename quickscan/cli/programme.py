"""``quickscan company add|list|delete``, ``wave open|close``, ``invite``, ``revoke``, ``programme close``.

The command-line face of :mod:`quickscan.programme` (and :mod:`quickscan.retention` for deleting and
closing): the same services the admin pages use.
"""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from questionnaires import ROLES, WAVE_KINDS, parse_ref

from .. import audit, programme, retention
from ..db import transaction
from ..models import Company, Invitation, Programme, Response, Wave
from ..questionnaire_store import registry
from .common import current, refusals

DEFAULT_QUESTIONNAIRE = "leercultuur-mkb"
KIND = click.option("--kind", type=click.Choice(WAVE_KINDS), required=True)


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
    with refusals(), transaction(current()) as s:
        slug = programme.add_company(s, name, region, depts, sector, size_band).slug
        audit.by_command_line(s, "company.created", "company", slug)
    click.echo(slug)


@company_group.command("list")
@with_appcontext
def company_list() -> None:
    """Companies with their waves and response counts."""
    with transaction(current()) as s:
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


@company_group.command("delete")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def company_delete(slug: str, yes: bool) -> None:
    """Delete company SLUG with all its waves, invitations, answers and its manager accounts."""
    with refusals(), transaction(current()) as s:
        company = programme.company_by_slug(s, slug)
        if not yes:
            click.confirm(f"Delete {company.name} and all its answers? This cannot be undone", abort=True)
        n = retention.delete_company(s, company)
        audit.by_command_line(s, "company.deleted", "company", slug, f"with {n} responses")
    click.echo(f"{slug}: deleted, with {n} responses")


@click.group("wave")
def wave_group() -> None:
    """Open and close a company's baseline and end-line."""


@wave_group.command("open")
@click.argument("company")
@KIND
@click.option("--questionnaire", "ref", default=DEFAULT_QUESTIONNAIRE, show_default=True, help="ID[@VERSION]")
@with_appcontext
def wave_open(company: str, kind: str, ref: str) -> None:
    """Open the KIND wave of COMPANY (a slug)."""
    try:
        qid, version = parse_ref(ref)
        q = registry(current()).get(qid, version)
    except (ValueError, KeyError):
        raise click.ClickException(f"No questionnaire {ref!r}; see `quickscan questionnaire list`.") from None
    with refusals(), transaction(current()) as s:
        programme.open_wave(s, programme.company_by_slug(s, company), kind, q)
        audit.by_command_line(s, "wave.opened", "company", company, f"{kind} {q.key}")
    click.echo(f"{company}: {kind} open with {q.key}")


@wave_group.command("close")
@click.argument("company")
@KIND
@with_appcontext
def wave_close(company: str, kind: str) -> None:
    """Close the KIND wave of COMPANY: its links stop working."""
    with refusals(), transaction(current()) as s:
        programme.close_wave(s, programme.wave_of(s, programme.company_by_slug(s, company), kind), registry(current()))
        audit.by_command_line(s, "wave.closed", "company", company, kind)
    click.echo(f"{company}: {kind} closed")


@click.command("invite")
@click.argument("company")
@KIND
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--count", type=click.IntRange(1, 1000), required=True)
@click.option("--department", default=None)
@click.option(
    "--base-url",
    default=None,
    help="Where respondents reach the app. Default: QUICKSCAN_BASE_URL, else http://127.0.0.1:5000.",
)
@with_appcontext
def invite(company: str, kind: str, role: str, count: int, department: str | None, base_url: str | None) -> None:
    """Create COUNT single-use survey links; prints one absolute link per line. A wave holds at most
    QUICKSCAN_WAVE_LINKS links (1000 unless set), employees and managers together."""
    base_url = base_url or current().config.get("BASE_URL") or "http://127.0.0.1:5000"
    with refusals(), transaction(current()) as s:
        wave: Wave = programme.wave_of(s, programme.company_by_slug(s, company), kind)
        if not wave.is_open:
            raise programme.ProgrammeError(f"The {kind} of {company} is closed; open it first.")
        tokens = [i.token for i in programme.invite(s, wave, role, count, department, current().config["WAVE_LINKS"])]
        audit.by_command_line(s, "links.made", "company", company, f"{count} {kind} {role}")
    for token in tokens:
        click.echo(f"{base_url.rstrip('/')}/s/{token}")


@click.command("revoke")
@click.argument("link")
@with_appcontext
def revoke(link: str) -> None:
    """Revoke one survey LINK (or token): it stops working and any answers given with it are deleted."""
    with refusals(), transaction(current()) as s:
        invitation = programme.revoke(s, None, link)
        where = f"{invitation.wave.company.slug}, {invitation.wave.kind}, {invitation.role}"
        audit.by_command_line(s, "link.revoked", "company", invitation.wave.company.slug, where)  # not the token
    click.echo(f"Revoked ({where}). Give the right person a new link with `quickscan invite`.")


@click.group("programme")
def programme_group() -> None:
    """The programme as a whole."""


@programme_group.command("close")
@click.argument("slug", default=programme.DEFAULT_PROGRAMME)
@click.option("--on", "day", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Default: today.")
@with_appcontext
def programme_close(slug: str, day: dt.datetime | None) -> None:
    """Mark programme SLUG closed; the retention period starts counting."""
    with transaction(current()) as s:
        found = s.scalar(select(Programme).where(Programme.slug == slug))
        if found is None:
            raise click.ClickException(f"There is no programme {slug!r}.")
        waves = retention.close_programme(s, found, registry(current()), day.date() if day else None)
        closed = found.closed_on
        assert closed is not None  # close_programme just set it
        audit.by_command_line(
            s, "programme.closed", "programme", slug, f"on {closed.isoformat()}; {waves} waves closed"
        )
    click.echo(f"{slug}: closed on {closed.isoformat()}; {waves} open wave(s) closed, their links stop working")
