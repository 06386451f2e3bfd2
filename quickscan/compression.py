"""Compression of text responses by the app, for a server without a proxy that compresses (Flask-Compress).

Behind nginx, its ``gzip`` does the same and this changes nothing that matters (docs/deployment.md). Only the
pages and resources listed in :data:`ENDPOINTS` are compressed: the report pages, their charts and the
stylesheet, which hold the bulk of the bytes and no secret an attacker could probe by the size of a
compressed response (BREACH). Pages with a form token and input from the request (the survey, the login)
are left as they are.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_compress import Compress

ENDPOINTS = frozenset(
    {"dashboard.company", "dashboard.company_chart", "dashboard.programme", "dashboard.programme_chart", "static"}
)
MIMETYPES = ["text/html", "text/css", "image/svg+xml"]

compress = Compress()


def _compress(response: Response) -> Response:
    if request.endpoint not in ENDPOINTS:
        return response
    if response.is_streamed and response.status_code == 200:
        # A static file is streamed from the open file; Flask-Compress would wrap the stream and leave the
        # file unclosed. Read it (a small stylesheet) into the response, which closes the file with it.
        response.direct_passthrough = False
        response.make_sequence()
    return compress.after_request(response)


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_REGISTER", False)
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    compress.init_app(app)
    app.after_request(_compress)
