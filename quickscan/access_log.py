"""Logs without survey tokens or short codes: ``/s/<token>/…`` is written as ``/s/<masked>/…``, in every line.

The invitation token is the only key to a survey; a log line must never hold it. One rule, :func:`mask`,
and one filter, :data:`TOKEN_FILTER`, applied to the message, the traceback and the stack of a log record:

- the app's own log (Flask's ``Exception on /s/…/6 [POST]`` for every 500, and our warnings), by
  :func:`init_app`, which also covers the development server's logger ``werkzeug``;
- gunicorn's access and error logs, through :class:`GunicornLogger` (``gunicorn.conf.py`` sets it);
- the development server's request lines (``quickscan serve``), through :class:`MaskingRequestHandler`.

SQL parameters, which hold tokens and answers, never reach an error message at all (``hide_parameters`` in
:mod:`quickscan.db_limits`).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask
from gunicorn.glogging import Logger
from werkzeug.serving import WSGIRequestHandler

TOKEN_IN_PATH = re.compile(r"/s/[^/?#\s\"'<>]+")
MASK = "/s/<masked>"
#: A token on its own (a message that quotes one): 43 URL-safe characters, as ``secrets.token_urlsafe(32)``
#: makes them, with a capital or a digit among them (so a long snake_case name in a traceback stays readable).
BARE_TOKEN = re.compile(r"(?<![A-Za-z0-9_-])(?=[a-z_-]*[A-Z0-9])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")


#: A short code of a QR card (:mod:`quickscan.short_codes`: ``7KQM-4RXT-2PGH``), which leads to the link too.
_CROCKFORD = "[0-9A-HJKMNP-TV-Z]{4}"
SHORT_CODE = re.compile(rf"(?<![0-9A-Za-z]){_CROCKFORD}-{_CROCKFORD}-{_CROCKFORD}(?![0-9A-Za-z])")


def mask(text: str) -> str:
    """``GET /s/Ab3…/2 HTTP/1.1`` → ``GET /s/<masked>/2 HTTP/1.1``; a bare token or short code becomes
    ``<masked>``."""
    return SHORT_CODE.sub("<masked>", BARE_TOKEN.sub("<masked>", TOKEN_IN_PATH.sub(MASK, text)))


class TokenFilter(logging.Filter):
    """Masks a record's message, traceback and stack before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit: logging reports that itself, on emit
            return True
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


#: One instance, so adding it again (every ``create_app`` in the tests) adds nothing.
TOKEN_FILTER = TokenFilter()


def init_app(app: Flask) -> None:
    """Mask tokens in the app's log and in the development server's (``werkzeug``)."""
    app.logger.addFilter(TOKEN_FILTER)
    logging.getLogger("werkzeug").addFilter(TOKEN_FILTER)


class GunicornLogger(Logger):
    """gunicorn's logger with every URL part of an access-log line masked, and every line of both logs
    passed through :data:`TOKEN_FILTER` (gunicorn logs the request path when a request fails)."""

    def __init__(self, cfg: Any) -> None:
        super().__init__(cfg)
        self.error_log.addFilter(TOKEN_FILTER)
        self.access_log.addFilter(TOKEN_FILTER)

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask(atoms[key])
        atoms["q"] = atoms.get("q", "")
        return atoms


class MaskingRequestHandler(WSGIRequestHandler):
    """The development server's request log, with survey tokens masked."""

    def log(self, type: str, message: str, *args: Any) -> None:
        super().log(type, mask(message), *(mask(a) if isinstance(a, str) else a for a in args))
