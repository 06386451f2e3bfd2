"""Configuration from environment variables, read when the app is created (never at import time).

=========================== =====================================================================
``QUICKSCAN_DATABASE_URL``   SQLAlchemy URL. Default: SQLite file ``quickscan.sqlite`` in the instance
                             folder. PostgreSQL: ``postgresql+psycopg://user:pass@host/db``.
``QUICKSCAN_SECRET_KEY``     Signs sessions and CSRF tokens. Default: a random key generated once and
                             kept in ``instance/secret_key``.
``QUICKSCAN_INSTANCE_PATH``  The instance folder. Default: ``instance/`` beside the package.
``QUICKSCAN_QUESTIONNAIRES`` Folder of questionnaire definitions. Default: the shipped ``questionnaires/``.
``QUICKSCAN_HTTPS``          ``1`` when served over HTTPS: cookies over HTTPS only, HSTS, https links.
                             Production requires it set: ``1``, or ``0`` to serve plain HTTP knowingly
                             (the app then warns at every start).
``QUICKSCAN_PROXIES``        Number of reverse proxies in front of the app whose X-Forwarded-* headers
                             are trusted (ProxyFix). Default 0.
``QUICKSCAN_ENV``            ``production`` makes ``QUICKSCAN_SECRET_KEY`` and ``QUICKSCAN_HTTPS`` required.
``QUICKSCAN_RETENTION_DAYS`` Days after a programme closes before its answers are deleted by
                             ``quickscan retention apply``. Default 365.
``QUICKSCAN_AUDIT_DAYS``     Days the audit trail keeps an event; older ones are deleted by
                             ``quickscan retention apply``. Default 730.
``QUICKSCAN_LOGIN_HOURS``    Hours a login lasts at most, however busy (absolute limit). Default 12.
``QUICKSCAN_IDLE_MINUTES``   Minutes without a request after which a login ends. Default 120.
``QUICKSCAN_REAUTH_MINUTES`` Minutes after typing the password in which admin actions on accounts need
                             no password again. Default 15.
``QUICKSCAN_LOGIN_LIMIT_CLIENT``
                             Password checks per minute for one client address. Default 10.
``QUICKSCAN_LOGIN_LIMIT_ALL``
                             Password checks per minute for all clients together, counted as a sixth
                             per 10 seconds. Default 30.
``QUICKSCAN_BASE_URL``       Where respondents reach the app (``https://quickscan.example.nl``): survey
                             links and QR sheets are made with it, never with the request's Host. Without
                             it, production makes no links; development uses the request's host.
``QUICKSCAN_DB_…``           Timeouts and pool sizes of the database (``DATABASE_LIMITS``), read by
                             :func:`quickscan.db_limits.from_environment`, which lists them.
``QUICKSCAN_JOB_QUEUE``      ``procrastinate``: report results are computed by ``quickscan worker``
                             processes from a queue in the (PostgreSQL) database. Unset: in the process
                             that asks (:mod:`quickscan.report_jobs`).
=========================== =====================================================================
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from questionnaires.loader import SHIPPED_DIR

from . import db_limits

SECRET_FILE = "secret_key"


def instance_path(environ: Mapping[str, str] | None = None) -> str:
    """The instance folder: ``QUICKSCAN_INSTANCE_PATH`` or ``instance/`` in the project folder."""
    environ = os.environ if environ is None else environ
    path = environ.get("QUICKSCAN_INSTANCE_PATH") or str(Path(__file__).resolve().parent.parent / "instance")
    os.makedirs(path, exist_ok=True)
    return path


def secret_key(instance: str) -> str:
    """The key kept in the instance folder; created (readable by the owner only) on first use."""
    path = Path(instance) / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key


class ConfigError(SystemExit):
    """A configuration the app refuses to start with; the message says what to set."""


def base_url(value: str | None) -> str | None:
    """``QUICKSCAN_BASE_URL`` checked: ``http(s)://host[:port]`` with no path, query or user; None when unset."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise ConfigError(
            f"Quickscan: QUICKSCAN_BASE_URL must be like https://quickscan.example.nl (no path), not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


def https_setting(value: str | None, production: bool) -> bool:
    """Whether cookies travel over HTTPS only. Production must say so either way: without HTTPS the login
    cookie crosses the network readable, and that must be a choice, never a forgotten line."""
    if value is None or not value.strip():
        if production:
            raise ConfigError(
                "Quickscan: set QUICKSCAN_HTTPS=1 when QUICKSCAN_ENV=production (cookies then travel over HTTPS "
                "only), or QUICKSCAN_HTTPS=0 to serve plain HTTP knowingly."
            )
        return False
    if value.strip().lower() in ("1", "true", "yes"):
        return True
    if value.strip().lower() in ("0", "false", "no"):
        if production:
            logging.getLogger("quickscan").warning(
                "QUICKSCAN_HTTPS=0 in production: login cookies are sent without Secure and can be read on the "
                "network. Serve the app over HTTPS and set QUICKSCAN_HTTPS=1."
            )
        return False
    raise ConfigError(f"Quickscan: QUICKSCAN_HTTPS must be 1 or 0, not {value!r}.")


def database_limits(environ: Mapping[str, str]) -> db_limits.Limits:
    """The ``QUICKSCAN_DB_…`` settings; a value that is not a number stops the start with its name."""
    try:
        return db_limits.from_environment(environ)
    except ValueError as exc:
        raise ConfigError(f"Quickscan: {exc}.") from None


def _positive(environ: Mapping[str, str], name: str, default: int) -> int:
    """A whole number of at least 1 from ``environ[name]``, or ``default`` when unset."""
    value = (environ.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(f"Quickscan: {name} must be a whole number of at least 1, not {value!r}.")
    return int(value)


def from_environment(instance: str, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The app configuration from ``environ`` (default ``os.environ``)."""
    environ = os.environ if environ is None else environ
    production = environ.get("QUICKSCAN_ENV", "").lower() == "production"
    if production and not environ.get("QUICKSCAN_SECRET_KEY"):
        raise ConfigError("Quickscan: set QUICKSCAN_SECRET_KEY (a long random string) when QUICKSCAN_ENV=production.")
    database_url = environ.get("QUICKSCAN_DATABASE_URL") or "sqlite:///" + str(Path(instance) / "quickscan.sqlite")
    https = https_setting(environ.get("QUICKSCAN_HTTPS"), production)
    return {
        "HTTPS": https,
        "PRODUCTION": production,
        "PROXIES": int(environ.get("QUICKSCAN_PROXIES") or 0),
        "RETENTION_DAYS": int(environ.get("QUICKSCAN_RETENTION_DAYS") or 365),
        "AUDIT_DAYS": int(environ.get("QUICKSCAN_AUDIT_DAYS") or 730),
        "BASE_URL": base_url(environ.get("QUICKSCAN_BASE_URL")),
        # Links per wave, employees and managers together (programme.WAVE_LINKS).
        "WAVE_LINKS": _positive(environ, "QUICKSCAN_WAVE_LINKS", 1000),
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        # Logins: limits checked on the server (login_sessions) and the login throttle (throttle).
        "LOGIN_HOURS": _positive(environ, "QUICKSCAN_LOGIN_HOURS", 12),
        "IDLE_MINUTES": _positive(environ, "QUICKSCAN_IDLE_MINUTES", 120),
        "REAUTH_MINUTES": _positive(environ, "QUICKSCAN_REAUTH_MINUTES", 15),
        "LOGIN_LIMIT_CLIENT": _positive(environ, "QUICKSCAN_LOGIN_LIMIT_CLIENT", 10),
        "LOGIN_LIMIT_ALL": _positive(environ, "QUICKSCAN_LOGIN_LIMIT_ALL", 30),
        "SECRET_KEY": environ.get("QUICKSCAN_SECRET_KEY") or secret_key(instance),
        "DATABASE_URL": database_url,
        "DATABASE_LIMITS": database_limits(environ),
        "QUESTIONNAIRE_DIR": environ.get("QUICKSCAN_QUESTIONNAIRES") or str(SHIPPED_DIR),
        "JOB_QUEUE": (environ.get("QUICKSCAN_JOB_QUEUE") or "").strip(),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Limits: a whole request body, the number of fields in one post, the size of non-file fields.
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "MAX_FORM_PARTS": 200,
        "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
    }
