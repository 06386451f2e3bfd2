"""Device cookies (OWASP's defence against locking someone out of their own account).

A stranger who knows an e-mail address and guesses wrong ``MAX_FAILED`` times locks the account, but only
for browsers that never logged in to it: a successful login leaves a signed *device cookie* in that browser
(``qs_device``, ``DEVICE_DAYS`` days, sent only to the login page), and attempts that bring a valid one of
the account count against a counter and lock of their own (:func:`quickscan.auth.authenticate`). A device
cookie names the account and a digest of its session token, so it stops counting when the password changes;
a new password chosen on the account page leaves a new one.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response as HttpResponse

from .models import User

DEVICE_COOKIE = "qs_device"
DEVICE_DAYS = 90


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="quickscan-device-cookie")


def _device_digest(user: User) -> str:
    return hashlib.sha256(user.session_token.encode("ascii")).hexdigest()[:32]


def device_cookie(user: User) -> str:
    """The signed value of a device cookie for ``user`` (set after a successful login)."""
    return str(_device_serializer().dumps([user.pk, _device_digest(user)]))


def is_known_device(user: User, cookie: str | None) -> bool:
    """Whether ``cookie`` is a valid device cookie of ``user``: signed by us, at most ``DEVICE_DAYS`` old, made
    since the last password change."""
    if not cookie:
        return False
    try:
        pk, digest = _device_serializer().loads(cookie, max_age=DEVICE_DAYS * 24 * 3600)
    except (BadSignature, ValueError, TypeError):
        return False
    return pk == user.pk and isinstance(digest, str) and secrets.compare_digest(digest, _device_digest(user))


def remember_device(response: HttpResponse, user: User) -> HttpResponse:
    """Leave a device cookie for ``user`` in this browser (after a login or a new password)."""
    response.set_cookie(
        DEVICE_COOKIE,
        device_cookie(user),
        max_age=DEVICE_DAYS * 24 * 3600,
        path=url_for("auth.login"),
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
    return response
