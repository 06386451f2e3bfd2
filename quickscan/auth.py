"""Accounts: log in and out (Flask-Login), password hashing, throttling, and who may see which company.

Passwords are hashed with scrypt at OWASP's parameters (``HASH_METHOD``); a login with a hash made with other
parameters hashes the password again. New passwords follow :mod:`quickscan.passwords`. Before any hashing,
:mod:`quickscan.throttle` limits password checks per client and overall. After ``MAX_FAILED`` wrong passwords
an account is locked for ``LOCK_MINUTES``; while locked even the right password is refused. Each attempt is
counted with one atomic update *before* its password is checked, so parallel guesses cannot slip past the
lock. A login is a server-side session (:mod:`quickscan.login_sessions`).

The login form does not reveal who has an account (OWASP ASVS 2.2/3.x): an unknown address, a wrong
password and a locked account get the same page, status and text, after the same hashing work (an unknown
address checks a dummy hash, a locked account its own hash, whose result is then ignored).

So that a stranger who knows an e-mail address cannot lock its owner out, the lock is kept twice (OWASP's
"device cookies", :mod:`quickscan.device_cookies`): attempts that bring a valid device cookie of the account
count against a counter and lock of their own.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from functools import cache, wraps
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from flask import Blueprint, Flask, abort, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import ColumnElement, case, false, or_, select, true, update
from sqlalchemy.orm import Session, object_session
from werkzeug.security import check_password_hash, generate_password_hash
from werkzeug.wrappers import Response as HttpResponse
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from . import audit, login_sessions, passwords, throttle
from .db import separate_transaction
from .db import session as db_session
from .device_cookies import DEVICE_COOKIE, is_known_device, remember_device
from .models import CoachAssignment, Company, User
from .refusals import Refusal

#: The roles of an account (respondents have no account; their roles are ``questionnaires.ROLES``).
ACCOUNT_ROLES = ("admin", "coach", "manager")
#: Each account role in words, as the admin pages show it (translated when drawn).
ACCOUNT_ROLE_NAMES = {"admin": _l("Programmaleiding"), "coach": _l("Coach"), "manager": _l("Leidinggevende")}
MAX_FAILED = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH
#: scrypt with N=2**15, r=8, p=3: one of OWASP's equivalent scrypt settings (Password Storage Cheat Sheet:
#: N=2**17 r=8 p=1, or N=2**16 p=2, or N=2**15 p=3, …), the one with the least memory (32 MiB per check) for
#: the same work, so that a 2-core server is not short of memory when several people log in at once. A
#: stored hash made with other parameters is made again at the next login. Tests lower N for speed.
DEFAULT_HASH_METHOD = "scrypt:32768:8:3"
HASH_METHOD = DEFAULT_HASH_METHOD

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Log in om deze pagina te zien.")
#: The login's address and browser are checked by login_sessions (with the address ProxyFix trusts, not a
#: client's X-Forwarded-For), together with its time limits; Flask-Login's own check is not used.
login_manager.session_protection = None

F = TypeVar("F", bound=Callable[..., Any])


class AccountError(Refusal):
    """A user or password that cannot be set; the message says why."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@cache
def _dummy_hash(method: str) -> str:
    """A hash of no one's password, checked for an unknown address so that it costs what a known one does.
    Made on first use (100 ms of scrypt), not at import: a command that logs no one in never pays for it."""
    return generate_password_hash("not-a-password-of-anyone", method=method)


def hash_password(password: str, email: str | None = None) -> str:
    """A new password, hashed; :class:`AccountError` (in English for the command line, in the page's
    language for a page) when :func:`quickscan.passwords.weakness` refuses it."""
    reason = passwords.weakness(password, email)
    if reason is not None:
        raise AccountError(passwords.ENGLISH[reason], passwords.MESSAGES[reason])
    return generate_password_hash(password, method=HASH_METHOD)


def add_user(
    session: Session,
    email: str,
    password: str,
    role: str,
    company: Company | None = None,
    coach_of: list[Company] | None = None,
    password_hash: str | None = None,
    must_change: bool = False,
) -> User:
    """A new account (only ``flush()``es). A manager needs a company; only a coach has ``coach_of``.

    ``password_hash``, when given, is ``password`` already hashed (to create many accounts at once).
    ``must_change``: someone else chose the password, so the user must choose their own at first login.
    """
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise AccountError(f"{email!r} is not an e-mail address.", _l("%(email)s is geen e-mailadres.", email=email))
    if role not in ACCOUNT_ROLES:
        raise AccountError(
            f"A role is one of {', '.join(ACCOUNT_ROLES)}.",
            _l("Kies een rol: programmaleiding, coach of leidinggevende."),
        )
    if role == "manager" and company is None:
        raise AccountError("A manager needs --company.", _l("Een leidinggevende hoort bij een bedrijf."))
    if role != "manager" and company is not None:
        raise AccountError(
            "Only a manager belongs to one company.", _l("Alleen een leidinggevende hoort bij een bedrijf.")
        )
    if coach_of and role != "coach":
        raise AccountError("Only a coach has --coach-of.", _l("Alleen een coach begeleidt bedrijven."))
    if session.scalar(select(User).where(User.email == email)) is not None:
        raise AccountError(
            f"There is already an account for {email}.", _l("Er is al een account voor %(email)s.", email=email)
        )
    user = User(
        email=email,
        password_hash=password_hash or hash_password(password, email),
        role=role,
        company=company,
        failed_logins=0,
        session_token=secrets.token_hex(16),
        must_change_password=must_change,
    )
    user.coached = list(coach_of or [])
    session.add(user)
    session.flush()
    return user


class LastAdminError(AccountError):
    """Demoting or deleting the only admin account: nobody could then use the admin pages."""


def keep_an_admin(session: Session, user: User) -> None:
    """Refuse (:class:`LastAdminError`) when ``user`` is the only admin account, before it is demoted or deleted.

    The admin rows are locked in one order (``FOR UPDATE`` on PostgreSQL), so two admins who demote each other
    at the same moment are handled one after the other, and the second is refused.
    """
    if user.role != "admin":
        return
    admins = session.scalars(select(User.pk).where(User.role == "admin").order_by(User.pk).with_for_update()).all()
    if all(pk == user.pk for pk in admins):
        raise LastAdminError(
            f"{user.email} is the last admin account; make another account admin first.",
            _l("%(email)s is het laatste beheerdersaccount; maak eerst een ander account beheerder.", email=user.email),
        )


def set_password(user: User, password: str, must_change: bool = False) -> None:
    """New password; every existing session of the user ends. ``must_change``: someone else chose it, so the
    user is asked for their own at the next login."""
    user.password_hash = hash_password(password, user.email)
    user.session_token = secrets.token_hex(16)
    user.failed_logins, user.locked_until = 0, None
    user.device_failed_logins, user.device_locked_until = 0, None
    user.must_change_password = must_change
    db = object_session(user)
    if db is not None:
        login_sessions.end_all(db, user)


def is_locked(user: User, device: bool = False) -> bool:
    """Whether too many failed logins lock ``user`` out right now, for browsers without a device cookie
    (``device=False``) or for the user's own browsers (``device=True``)."""
    until = user.device_locked_until if device else user.locked_until
    return until is not None and until > _now()


def _count_attempt(session: Session, user: User, device: bool) -> tuple[int, dt.datetime | None] | None:
    """Count one attempt on ``user`` before its password is checked: the new ``(count, locked_until)``, or None
    when the account is locked (for these browsers: ``device``).

    One atomic UPDATE, in a transaction of its own so that it counts whatever the request's outcome: parallel
    guesses each get their own number, and the ``MAX_FAILED``-th locks the account at once (a right password
    lifts the lock again), so no more than ``MAX_FAILED`` passwords are checked per lock period.
    """
    failed = User.device_failed_logins if device else User.failed_logins
    until = User.device_locked_until if device else User.locked_until
    now = _now()
    reaching = failed + 1 >= MAX_FAILED
    statement = (
        update(User)
        .where(User.pk == user.pk, or_(until.is_(None), until <= now))
        .values(
            {
                failed: case((reaching, 0), else_=failed + 1),
                until: case((reaching, now + dt.timedelta(minutes=LOCK_MINUTES)), else_=until),
            }
        )
        .returning(failed, until)
        .execution_options(synchronize_session=False)
    )
    with separate_transaction(session) as own:
        row = own.execute(statement).first()
    session.expire(user, [failed.key, until.key])
    return None if row is None else (int(row[0]), row[1])


def old_hash(user: User) -> bool:
    """Whether ``user``'s stored hash was made with other parameters than ``HASH_METHOD`` (made again at the
    next login)."""
    return not user.password_hash.startswith(HASH_METHOD + "$")


def _rehash_if_needed(session: Session, user: User, password: str) -> None:
    """Hash the password again when its stored hash uses other parameters than ``HASH_METHOD``; ask for a new
    password when it breaks today's rules (:mod:`quickscan.passwords`; it was chosen before them)."""
    if old_hash(user):
        old = user.password_hash.partition("$")[0]
        user.password_hash = generate_password_hash(password, method=HASH_METHOD)
        audit.record(session, "account.rehashed", user, "account", user.email, f"{old} -> {HASH_METHOD}")
    if not user.must_change_password and passwords.weakness(password, user.email) is not None:
        user.must_change_password = True


def authenticate(session: Session, email: str, password: str, device: str | None = None) -> tuple[User | None, str]:
    """``(user, "ok")``, or ``(None, "locked" | "wrong")``; counts failures and locks, separately for
    attempts with a valid device cookie of the account (``device``) and for all others.

    Whatever the outcome, one hash is checked: the dummy one for an unknown address, the account's own
    otherwise (also when it is locked, result unused), so every refusal takes the same time.
    """
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        check_password_hash(_dummy_hash(HASH_METHOD), password)
        audit.record(session, "login.failed", detail="unknown address")  # what was typed is not kept
        return None, "wrong"
    known = is_known_device(user, device)
    browsers = "own browser" if known else "other browser"
    counted = _count_attempt(session, user, known)
    right = check_password_hash(user.password_hash, password)
    if counted is None:
        audit.record(session, "login.failed", None, "account", user.email, f"{browsers}, locked")
        return None, "locked"
    if not right:
        audit.record(session, "login.failed", None, "account", user.email, browsers)
        if counted[0] == 0:  # this attempt was the MAX_FAILED-th: the lock it set stays
            audit.record(session, "login.locked", None, "account", user.email, f"{browsers}s, {LOCK_MINUTES} min")
        return None, "wrong"
    if known:
        user.device_failed_logins, user.device_locked_until = 0, None
    else:
        user.failed_logins, user.locked_until = 0, None
    _rehash_if_needed(session, user, password)
    audit.record(session, "login", user, "account", user.email, browsers)
    return user, "ok"


def check_own_password(session: Session, user: User, password: str) -> str:
    """``"ok"``, ``"wrong"`` or ``"locked"`` for the password a logged-in ``user`` typed again (to change it or
    to confirm an admin action): counted and locked like a login from the user's own browser."""
    counted = _count_attempt(session, user, device=True)
    if counted is None:
        return "locked"
    if not check_password_hash(user.password_hash, password):
        audit.record(session, "login.failed", None, "account", user.email, "own browser, logged in")
        if counted[0] == 0:
            audit.record(session, "login.locked", None, "account", user.email, f"own browsers, {LOCK_MINUTES} min")
        return "wrong"
    user.device_failed_logins, user.device_locked_until = 0, None
    return "ok"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    pk, _, token = user_id.partition(":")
    if not pk.isdigit():
        return None
    user = db_session().get(User, int(pk))
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    if not login_sessions.check(db_session(), user):
        return None
    return user


def visible_companies(session: Session, user: User) -> list[Company]:
    """The companies ``user`` may see: all (admin), the assigned ones (coach), their own (manager)."""
    if user.role == "admin":
        return list(session.scalars(select(Company).order_by(Company.name)))
    if user.role == "coach":
        return list(user.coached)
    return [user.company] if user.company is not None else []


def visible_clause(user: User) -> ColumnElement[bool]:
    """The rule of :func:`visible_companies` as a condition on ``Company``, for queries that count, filter
    and page in the database."""
    if user.role == "admin":
        return true()
    if user.role == "coach":
        return Company.pk.in_(select(CoachAssignment.company_pk).where(CoachAssignment.user_pk == user.pk))
    return Company.pk == user.company_pk if user.company_pk is not None else false()


def company_or_404(user: User, slug: str) -> Company:
    """The company ``slug`` if ``user`` may see it; otherwise 404, so existence is not revealed either."""
    found = db_session().scalar(select(Company).where(Company.slug == slug, visible_clause(user)))
    if found is None:
        abort(404)
    return found


def roles_required(*roles: str) -> Callable[[F], F]:
    """Only logged-in users with one of ``roles``; others get 403 (anonymous: the login page)."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[InputRequired(), Length(max=200)])


#: A ``next`` target is printable ASCII without spaces or backslashes: browsers drop tabs and newlines from a
#: URL (``/\t/evil.example`` becomes ``//evil.example``) and read ``\\`` as ``/``, and ``\r``/``\n`` cannot go in
#: a header at all.
_PLAIN_PATH = re.compile(r"/[!-\[\]-~]*")


def _is_local_path(target: str) -> bool:
    parts = urlsplit(target)
    return (
        _PLAIN_PATH.fullmatch(target) is not None
        and not target.startswith("//")
        and not parts.scheme
        and not parts.netloc
    )


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None (then the login goes to the overview).

    The check runs on the target as given and on each percent-decoded form of it (``/%2F%2Fevil.example``,
    ``/%252F…``), so that no decoding by the redirect, a proxy or a browser turns it into another site;
    what passes is redirected to unchanged (werkzeug's ``iri_to_uri`` leaves printable ASCII as it is).
    """
    if not target:
        return None
    seen = target
    for _ in range(4):
        if not _is_local_path(seen):
            return None
        decoded = unquote(seen)
        if decoded == seen:
            return target
        seen = decoded
    return None  # encoded more than three times over: no link of ours looks like that


#: The one answer to every refused login: an unknown address, a wrong password and a locked account alike.
REFUSED = _l(
    "Inloggen lukt niet. Het e-mailadres of het wachtwoord klopt niet, of er is te vaak een verkeerd wachtwoord "
    "gebruikt. Probeer het dan over %(n)s minuten opnieuw.",
    n=LOCK_MINUTES,
)


def throttled(template: str, wait: int, **context: Any) -> HttpResponse:
    """The 429 answer of the login throttle: the same page with a plain message and ``Retry-After``."""
    message = gettext(
        "Er wordt nu te vaak geprobeerd in te loggen. Wacht %(n)s seconden en probeer het dan opnieuw.", n=wait
    )
    page = render_template(template, message=message, **context)
    return HttpResponse(page, status=429, headers={"Retry-After": str(wait)}, mimetype="text/html")


@bp.route("/login", methods=["GET", "POST"])
def login() -> HttpResponse | tuple[str, int] | str:
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.home"))
    form = LoginForm()
    message = None
    if form.validate_on_submit():
        db = db_session()
        email, device = (form.email.data or "").strip().lower(), request.cookies.get(DEVICE_COOKIE)
        owner = db.scalar(select(User).where(User.email == email))
        wait = throttle.admit(db, everyone=not (owner is not None and is_known_device(owner, device)))
        if wait:
            return throttled("auth/login.html", wait, form=form)
        user, _outcome = authenticate(db, email, form.password.data or "", device)
        if user is not None:
            login_sessions.start(db, user)
            target = safe_next(request.args.get("next")) or url_for("dashboard.home")
            if user.must_change_password:
                target = url_for("account.password")
            return remember_device(redirect(target), user)
        # Status 200, so the request boundary commits the failure count and its audit events.
        message = REFUSED
    elif request.method == "POST" and form.csrf_token.errors:
        abort(400)
    return render_template("auth/login.html", form=form, message=message), 200


@bp.post("/logout")
def logout() -> HttpResponse:
    form = FlaskForm()
    if not form.validate():
        abort(400)
    if current_user.is_authenticated:
        audit.record(db_session(), "logout", current_user._get_current_object(), "account", current_user.email)
    login_sessions.end(db_session())
    return redirect(url_for("public.index"))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.unauthorized_handler(login_sessions.unauthorized)
    app.register_blueprint(bp)
