"""``quickscan welcome``: what `make run` prints before the server starts: the links to try."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ..db import transaction
from ..demo import DEMO_PASSWORD
from ..models import Invitation, Response, User, Wave


@click.command("welcome")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
@with_appcontext
def welcome(base_url: str) -> None:
    """Print the links to try in a browser: a survey link and the demo logins."""
    base = base_url.rstrip("/")
    with transaction(current_app._get_current_object()) as s:  # type: ignore[attr-defined]
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
    click.echo("\nQuickscan is starting. Open in your browser:")
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
    click.echo("Stop the server with Ctrl+C.\n")
