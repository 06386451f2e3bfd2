"""Access logs without survey tokens: ``/s/<token>/…`` is written as ``/s/<masked>/…``.

The invitation token is the only key to a survey; a log line must never hold it. Both servers use the
same rule: gunicorn through :class:`GunicornLogger` (``gunicorn.conf.py`` sets it), and the development
server (``quickscan serve``) through :class:`MaskingRequestHandler`.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger
from werkzeug.serving import WSGIRequestHandler

TOKEN_IN_PATH = re.compile(r"/s/[^/?#\s\"]+")
MASK = "/s/<masked>"


def mask(text: str) -> str:
    """``GET /s/Ab3…/2 HTTP/1.1`` → ``GET /s/<masked>/2 HTTP/1.1``."""
    return TOKEN_IN_PATH.sub(MASK, text)


class GunicornLogger(Logger):
    """gunicorn's logger with every URL part of an access-log line masked."""

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
