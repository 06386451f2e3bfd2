"""``quickscan user add|set-password|list|delete``: accounts for managers, coaches and the programme lead."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit, programme
from ..auth import ACCOUNT_ROLES, add_user, is_locked, keep_an_admin, old_hash, set_password
from ..db import transaction
from ..models import User
from .common import current, refusals

OWN_PASSWORD_HELP = "The password is the user's own choice: do not ask for a new one at the next login."


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
@click.option("--role", type=click.Choice(ACCOUNT_ROLES), required=True)
@click.option("--company", default=None, help="The company slug of a manager.")
@click.option("--coach-of", default="", help="Comma-separated company slugs a coach guides.")
@click.option("--own-password", is_flag=True, help=OWN_PASSWORD_HELP)
@with_appcontext
def user_add(email: str, role: str, company: str | None, coach_of: str, own_password: bool) -> None:
    """Add an account for EMAIL; e.g. `echo "$PW" | quickscan user add a@b.nl --role coach --coach-of x,y`.

    The user chooses their own password at the first login, unless --own-password.
    """
    password = _read_password()
    with refusals(), transaction(current()) as s:
        own = programme.company_by_slug(s, company) if company else None
        coached = [programme.company_by_slug(s, slug.strip()) for slug in coach_of.split(",") if slug.strip()]
        user = add_user(s, email, password, role, own, coached, must_change=not own_password)
        audit.by_command_line(s, "account.created", "account", user.email, f"role {role}")
        text = f"{user.email}: {role}"
    click.echo(text)


@user_group.command("set-password")
@click.argument("email")
@click.option("--own-password", is_flag=True, help=OWN_PASSWORD_HELP)
@with_appcontext
def user_set_password(email: str, own_password: bool) -> None:
    """Give EMAIL a new password (read from standard input); their open sessions end, and they choose their
    own password at the next login unless --own-password."""
    password = _read_password()
    with refusals(), transaction(current()) as s:
        user = _find(s, email)
        set_password(user, password, must_change=not own_password)
        audit.by_command_line(s, "account.password_set", "account", user.email, "sessions ended")
    click.echo(f"{email}: password changed")


def _find(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"There is no account for {email}.")
    return user


@user_group.command("list")
@with_appcontext
def user_list() -> None:
    """Every account: e-mail, role, the companies it sees, and whether it is locked now, must choose a password,
    or still has a hash of older parameters (its wrong passwords answer faster than others' until it logs in)."""
    with transaction(current()) as s:
        users = s.scalars(select(User).order_by(User.role, User.email)).all()
        if not users:
            click.echo("No accounts yet: add one with `quickscan user add`.")
            return
        for user in users:
            if user.role == "manager":
                sees = user.company.slug if user.company else "-"
            elif user.role == "coach":
                sees = ",".join(c.slug for c in user.coached) or "-"
            else:
                sees = "all companies"
            notes = [
                "  (locked)" if is_locked(user) or is_locked(user, device=True) else "",
                "  (must choose a password)" if user.must_change_password else "",
                "  (old hash until the next login)" if old_hash(user) else "",
            ]
            click.echo(f"{user.email}\t{user.role}\t{sees}{''.join(notes)}")


@user_group.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def user_delete(email: str, yes: bool) -> None:
    """Delete the account of EMAIL (its answers data stays: respondents have no accounts)."""
    with refusals(), transaction(current()) as s:
        user = _find(s, email)
        keep_an_admin(s, user)
        if not yes:
            click.confirm(f"Delete the account {user.email}?", abort=True)
        s.delete(user)
        audit.by_command_line(s, "account.deleted", "account", user.email, f"role {user.role}")
    click.echo(f"{email.strip().lower()}: deleted")
