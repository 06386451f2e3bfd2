"""Logins as sessions that the server keeps, checks and ends (OWASP ASVS V3).

A login is a row in ``login_sessions``. The browser's session cookie (signed, ends when the browser closes)
holds a random token for it, of which the row keeps only the SHA-256 digest, and a keyed digest of the
browser's address and User-Agent. On every request of a logged-in user the server checks:

1. **the row exists**: logging out deletes it, and a new password deletes every row of the account, so a
   copy of the cookie is worthless afterwards;
2. **the absolute limit**: the login is younger than ``QUICKSCAN_LOGIN_HOURS`` (default 12), however busy;
3. **the idle limit**: the last request was less than ``QUICKSCAN_IDLE_MINUTES`` ago (default 120). The
   row's ``seen_at`` is written at most once a minute;
4. **the same browser**: the address and User-Agent are those of the login. A cookie copied elsewhere ends
   the login for both copies.

A failed check deletes the row, records ``session.ended`` with the reason in the audit trail, and sends the
visitor to the login page. Logging in starts from an empty cookie session (only the language choice is
kept) with a new token, so nothing planted in a session before the login survives it.

**A recent password**: admin actions that change accounts ask for the password again when it was last typed
in this login more than ``QUICKSCAN_REAUTH_MINUTES`` ago (default 15): :func:`recent_password_required`.
The timestamps are the server's, in the row, never the cookie's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_url, login_user, logout_user
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as HttpResponse

from . import audit
from .db import separate_transaction
from .models import LoginSession, User

DEFAULT_LOGIN_HOURS = 12
DEFAULT_IDLE_MINUTES = 120
DEFAULT_REAUTH_MINUTES = 15
#: ``seen_at`` is written when it is at least this old: one write a minute per login, not one per request.
SEEN_EVERY = dt.timedelta(minutes=1)
TOKEN_KEY = "_login"
BROWSER_KEY = "_browser"
KEPT_AT_LOGIN = ("lang",)
ENDED = _l("Je bent uitgelogd: je was te lang ingelogd of deed een tijd niets. Log opnieuw in.")
PLEASE_LOG_IN = _l("Log in om deze pagina te zien.")

F = TypeVar("F", bound=Callable[..., Any])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _limits() -> tuple[dt.timedelta, dt.timedelta]:
    config = current_app.config
    return (
        dt.timedelta(hours=float(config.get("LOGIN_HOURS", DEFAULT_LOGIN_HOURS))),
        dt.timedelta(minutes=float(config.get("IDLE_MINUTES", DEFAULT_IDLE_MINUTES))),
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _browser() -> str:
    """A keyed digest of this request's address and User-Agent (the cookie can be read; the address is not
    in it)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    seen = f"{request.remote_addr}|{request.headers.get('User-Agent', '')}".encode()
    return hmac.new(secret, b"browser|" + seen, hashlib.sha256).hexdigest()[:32]


def start(db: Session, user: User) -> None:
    """Log ``user`` in on this browser: an empty session with a new token and a new row (``flush()``es).

    Rows of any account that are past a limit are deleted here too, so the table holds live logins only.
    """
    kept = {key: session[key] for key in KEPT_AT_LOGIN if key in session}
    session.clear()
    session.update(kept)
    now = _now()
    longest, idle = _limits()
    db.execute(
        delete(LoginSession).where(or_(LoginSession.started_at < now - longest, LoginSession.seen_at < now - idle))
    )
    token = secrets.token_urlsafe(32)
    db.add(LoginSession(user_pk=user.pk, token_digest=_digest(token), started_at=now, seen_at=now, password_at=now))
    db.flush()
    login_user(user)
    session[TOKEN_KEY] = token
    session[BROWSER_KEY] = _browser()


def _ended(db: Session, row: LoginSession | None, user: User, reason: str) -> bool:
    """End the login of this browser for ``reason``: the row goes, the event is recorded (in a transaction of
    their own: the request that noticed may end in an error), and the login page will say why."""
    with separate_transaction(db) as own:
        if row is not None:
            own.execute(delete(LoginSession).where(LoginSession.pk == row.pk))
        audit.record(own, "session.ended", user, "account", user.email, reason)
    for key in (TOKEN_KEY, BROWSER_KEY, "_user_id", "_fresh", "_id"):  # ours and Flask-Login's
        session.pop(key, None)
    g.login_ended = True
    return False


def check(db: Session, user: User) -> bool:
    """Whether this request belongs to a live login of ``user`` (the four checks of the module docstring).

    Called by the user loader, before the request writes anything. A login that fails a check ends.
    """
    token = session.get(TOKEN_KEY)
    if not isinstance(token, str):
        return False  # a cookie without a login token (made before this version): log in again
    row = db.scalar(select(LoginSession).where(LoginSession.token_digest == _digest(token)))
    if row is None or row.user_pk != user.pk:
        return False  # logged out, or a new password: the row is gone already
    now = _now()
    longest, idle = _limits()
    if not secrets.compare_digest(str(session.get(BROWSER_KEY, "")), _browser()):
        return _ended(db, row, user, "another address or browser")
    if now - row.started_at > longest:
        return _ended(db, row, user, f"logged in longer than {longest}")
    if now - row.seen_at > idle:
        return _ended(db, row, user, f"idle longer than {idle}")
    if now - row.seen_at >= SEEN_EVERY:
        with separate_transaction(db) as own:
            own.execute(update(LoginSession).where(LoginSession.pk == row.pk).values(seen_at=now))
    g.login_session = row
    return True


def end(db: Session) -> None:
    """Log out this browser: its row is deleted, so the cookie (and any copy of it) no longer logs in."""
    token = session.get(TOKEN_KEY)
    if isinstance(token, str):
        db.execute(delete(LoginSession).where(LoginSession.token_digest == _digest(token)))
    logout_user()
    kept = {key: session[key] for key in KEPT_AT_LOGIN if key in session}
    session.clear()
    session.update(kept)


def end_all(db: Session, user: User) -> None:
    """Delete every login of ``user`` (a new password). The changed session token would refuse them anyway."""
    db.execute(delete(LoginSession).where(LoginSession.user_pk == user.pk))


def password_is_recent() -> bool:
    """Whether the password was typed in this login less than ``QUICKSCAN_REAUTH_MINUTES`` ago."""
    row: LoginSession | None = g.get("login_session")
    minutes = float(current_app.config.get("REAUTH_MINUTES", DEFAULT_REAUTH_MINUTES))
    return row is not None and _now() - row.password_at <= dt.timedelta(minutes=minutes)


def password_typed(db: Session) -> None:
    """Note that the password was just typed again in this login (the confirmation page)."""
    row: LoginSession | None = g.get("login_session")
    if row is not None:
        db.execute(update(LoginSession).where(LoginSession.pk == row.pk).values(password_at=_now()))


def recent_password_required(view: F) -> F:
    """Only when the password was typed recently in this login; otherwise to the confirmation page first, which
    comes back here. Put it below ``roles_required``, so others are refused before they are asked."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not password_is_recent():
            here = request.path + (
                f"?{request.query_string.decode('ascii', 'replace')}" if request.query_string else ""
            )
            return redirect(url_for("account.confirm", next=here))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def unauthorized() -> HttpResponse:
    """Flask-Login's answer to a visitor who must log in: the login page, which comes back here afterwards,
    saying why when a login just ended."""
    flash(ENDED if g.get("login_ended") else PLEASE_LOG_IN, "message")
    return redirect(login_url("auth.login", next_url=request.url))
