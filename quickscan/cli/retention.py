"""``quickscan retention show|apply``: delete answers once the retention period after a programme has passed."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import audit, retention
from ..db import transaction
from .common import current


@click.group("retention")
def retention_group() -> None:
    """Delete answers after the retention period (QUICKSCAN_RETENTION_DAYS)."""


@retention_group.command("show")
@with_appcontext
def retention_show() -> None:
    """What `retention apply` would delete now."""
    days = current().config["RETENTION_DAYS"]
    with transaction(current()) as s:
        found = retention.expired(s, days)
    if not found:
        click.echo(f"Nothing to delete (retention: {days} days after a programme closes).")
    for item in found:
        click.echo(f"{item.programme}: closed {item.closed_on.isoformat()}, {item.what()} to delete")


@retention_group.command("apply")
@with_appcontext
def retention_apply() -> None:
    """Delete the responses and plans of programmes closed longer ago than the retention period."""
    days = current().config["RETENTION_DAYS"]
    with transaction(current()) as s:
        found = retention.apply(s, days)
        for item in found:
            audit.by_command_line(s, "retention.applied", "programme", item.programme, item.what())
        pruned = audit.prune(s, current().config["AUDIT_DAYS"])
    for item in found:
        click.echo(f"{item.programme}: deleted {item.what()} (closed {item.closed_on.isoformat()})")
    if not found:
        click.echo("Nothing to delete.")
    if pruned:
        click.echo(f"Audit trail: deleted {pruned} events older than {current().config['AUDIT_DAYS']} days")
