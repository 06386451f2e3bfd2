"""``quickscan user add|set-password``: accounts for managers, coaches and the programme lead."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from .. import programme as setup
from ..auth import ROLES, AccountError, add_user, set_password
from ..db import transaction
from ..models import User


def _read_password() -> str:
    """From the terminal (asked twice, not shown) or, when piped, the first line of standard input."""
    if sys.stdin.isatty():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\r\n")


@click.group("user")
def user_group() -> None:
    """Accounts (the password is read from standard input)."""


@user_group.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--company", default=None, help="The company slug of a manager.")
@click.option("--coach-of", default="", help="Comma-separated company slugs a coach guides.")
@with_appcontext
def user_add(email: str, role: str, company: str | None, coach_of: str) -> None:
    """Add an account for EMAIL; e.g. `echo "$PW" | quickscan user add a@b.nl --role coach --coach-of x,y`."""
    password = _read_password()
    try:
        with transaction(current_app._get_current_object()) as s:  # type: ignore[attr-defined]
            own = setup.company_by_slug(s, company) if company else None
            coached = [setup.company_by_slug(s, slug.strip()) for slug in coach_of.split(",") if slug.strip()]
            user = add_user(s, email, password, role, own, coached)
            text = f"{user.email}: {role}"
    except (AccountError, setup.SetupError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(text)


@user_group.command("set-password")
@click.argument("email")
@with_appcontext
def user_set_password(email: str) -> None:
    """Give EMAIL a new password (read from standard input); their open sessions end."""
    password = _read_password()
    try:
        with transaction(current_app._get_current_object()) as s:  # type: ignore[attr-defined]
            user = s.scalar(select(User).where(User.email == email.strip().lower()))
            if user is None:
                raise AccountError(f"There is no account for {email}.")
            set_password(user, password)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{email}: password changed")
