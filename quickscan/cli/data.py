"""``quickscan company delete``, ``programme close``, ``retention show|apply``: data protection."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from .. import programme as setup
from .. import retention
from ..db import transaction
from ..models import Programme
from .setup import company_group


def _app():  # type: ignore[no-untyped-def]
    return current_app._get_current_object()  # type: ignore[attr-defined]


@company_group.command("delete")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def company_delete(slug: str, yes: bool) -> None:
    """Delete company SLUG with all its waves, invitations, answers and its manager accounts."""
    with transaction(_app()) as s:
        try:
            company = setup.company_by_slug(s, slug)
        except setup.SetupError as exc:
            raise click.ClickException(str(exc)) from None
        if not yes:
            click.confirm(f"Delete {company.name} and all its answers? This cannot be undone", abort=True)
        n = retention.delete_company(s, company)
    click.echo(f"{slug}: deleted, with {n} responses")


@click.group("programme")
def programme_group() -> None:
    """The programme as a whole."""


@programme_group.command("close")
@click.argument("slug", default=setup.DEFAULT_PROGRAMME)
@click.option("--on", "day", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Default: today.")
@with_appcontext
def programme_close(slug: str, day: dt.datetime | None) -> None:
    """Mark programme SLUG closed; the retention period starts counting."""
    with transaction(_app()) as s:
        found = s.scalar(select(Programme).where(Programme.slug == slug))
        if found is None:
            raise click.ClickException(f"There is no programme {slug!r}.")
        waves = retention.close_programme(s, found, day.date() if day else None)
        closed = found.closed_on
    click.echo(f"{slug}: closed on {closed.isoformat()}; {waves} open wave(s) closed, their links stop working")


@click.group("retention")
def retention_group() -> None:
    """Delete answers after the retention period (QUICKSCAN_RETENTION_DAYS)."""


@retention_group.command("show")
@with_appcontext
def retention_show() -> None:
    """What `retention apply` would delete now."""
    days = _app().config["RETENTION_DAYS"]
    with transaction(_app()) as s:
        found = retention.expired(s, days)
    if not found:
        click.echo(f"Nothing to delete (retention: {days} days after a programme closes).")
    for item in found:
        click.echo(f"{item.programme}: closed {item.closed_on.isoformat()}, {item.responses} responses to delete")


@retention_group.command("apply")
@with_appcontext
def retention_apply() -> None:
    """Delete the responses of programmes closed longer ago than the retention period."""
    days = _app().config["RETENTION_DAYS"]
    with transaction(_app()) as s:
        found = retention.apply(s, days)
    for item in found:
        click.echo(f"{item.programme}: deleted {item.responses} responses (closed {item.closed_on.isoformat()})")
    if not found:
        click.echo("Nothing to delete.")
