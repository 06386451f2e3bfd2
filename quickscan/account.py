"""Blueprint ``account`` (``/account/…``): what every logged-in user does with their own account.

- ``/account/password``: choose a new password (the current one, the new one twice). Every other login of
  the account ends; this browser stays logged in with a new session. When the programme lead or the command
  line set the password (``must_change_password``), every page sends the user here first.
- ``/account/confirm``: type the password again before an admin action on accounts
  (:func:`quickscan.login_sessions.recent_password_required`), then back to that action.

Typed passwords count like logins from the user's own browser (lock after ``MAX_FAILED``) and go through the
login throttle (per client) before any hashing.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as HttpResponse
from wtforms import PasswordField
from wtforms.validators import EqualTo, InputRequired, Length

from . import audit, login_sessions, passwords, throttle
from .auth import LOCK_MINUTES, check_own_password, safe_next, set_password, throttled
from .db import session as db_session
from .device_cookies import remember_device
from .models import User

bp = Blueprint("account", __name__, url_prefix="/account")
#: What a user who must choose a password first may still open.
OPEN_BEFORE_NEW_PASSWORD = {"account.password", "auth.logout", "static"}


class PasswordChangeForm(FlaskForm):
    current = PasswordField(
        _l("Je huidige wachtwoord"),
        validators=[InputRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[InputRequired(), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
    )
    repeat = PasswordField(
        _l("Nieuw wachtwoord nog een keer"),
        validators=[InputRequired(), EqualTo("new", message=_l("Je typte twee verschillende nieuwe wachtwoorden."))],
        render_kw={"autocomplete": "new-password"},
    )


class ConfirmForm(FlaskForm):
    password = PasswordField(
        _l("Je wachtwoord"),
        validators=[InputRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


def _typed_password(user: User, password: str) -> tuple[int, str | None]:
    """Check the password a logged-in user typed: ``(seconds to wait, 0 unless throttled; why it is refused,
    None when it is the user's)``."""
    wait = throttle.admit(db_session(), everyone=False)
    if wait:
        return wait, None
    outcome = check_own_password(db_session(), user, password)
    if outcome == "locked":
        return 0, _("Te vaak een verkeerd wachtwoord. Probeer het over %(n)s minuten opnieuw.", n=LOCK_MINUTES)
    if outcome == "wrong":
        return 0, _("Dit is niet je wachtwoord.")
    return 0, None


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> HttpResponse | str:
    user: User = current_user._get_current_object()
    form = PasswordChangeForm()
    if form.validate_on_submit():
        new = form.new.data or ""
        reason = passwords.weakness(new, user.email)
        if reason is not None:
            form.new.errors = [passwords.MESSAGES[reason]]
        elif new == form.current.data:
            form.new.errors = [_("Kies een ander wachtwoord dan je huidige.")]
        else:
            wait, refused = _typed_password(user, form.current.data or "")
            if wait:
                return throttled("account/password.html", wait, **_page(form, user))
            if refused is not None:
                form.current.errors = [refused]
            else:
                required = user.must_change_password
                set_password(user, new)  # every login of the account ends, this one too ...
                login_sessions.start(db_session(), user)  # ... so this browser gets a new one
                detail = "own, asked at first login" if required else "own"
                audit.record(db_session(), "account.password_changed", user, "account", user.email, detail)
                flash(_("Je wachtwoord is gewijzigd. Op andere apparaten ben je uitgelogd."))
                return remember_device(redirect(url_for("dashboard.home")), user)
    elif request.method == "POST" and form.csrf_token.errors:
        abort(400)
    return render_template("account/password.html", **_page(form, user))


def _page(form: PasswordChangeForm, user: User) -> dict[str, object]:
    return {"form": form, "required": user.must_change_password, "min_length": passwords.MIN_LENGTH}


@bp.route("/confirm", methods=["GET", "POST"])
@login_required
def confirm() -> HttpResponse | str:
    form = ConfirmForm()
    message = None
    if form.validate_on_submit():
        wait, refused = _typed_password(current_user._get_current_object(), form.password.data or "")
        if wait:
            return throttled("account/confirm.html", wait, form=form)
        if refused is None:
            login_sessions.password_typed(db_session())
            return redirect(safe_next(request.args.get("next")) or url_for("dashboard.home"))
        message = refused
    elif request.method == "POST" and form.csrf_token.errors:
        abort(400)
    return render_template("account/confirm.html", form=form, message=message)


def _new_password_first() -> HttpResponse | None:
    """Before every request: a user whose password someone else set sees only the page to choose their own."""
    if request.endpoint in OPEN_BEFORE_NEW_PASSWORD:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("account.password"))
    return None


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.before_request(_new_password_first)
