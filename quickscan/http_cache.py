"""HTTP caching of the report pages and their charts; everything else stays ``no-store``.

* A report page (company, programme) answers with an ``ETag`` of its body and ``Cache-Control: private,
  no-cache``: the browser keeps it, asks again every time, and gets ``304 Not Modified`` (no body) while
  the page is unchanged. The body holds the live participation too, so the tag follows it.
* A chart (``…/charts/<hash>.svg``) never changes under its name: ``private, max-age=31536000, immutable``.
* ``private`` keeps both out of shared caches (proxies); :func:`quickscan.security.add_headers` gives every
  other page ``no-store``, the survey above all.

A form's CSRF token is signed with the time (Flask-WTF), so it differs from one response to the next and
expires after ``WTF_CSRF_TIME_LIMIT``. Where a page holds one (a logout button), the tag is taken of the
body without it, plus the half hour it was made in: a page kept by the browser then holds a token at most
half an hour old, and logging out from it keeps working.
"""

from __future__ import annotations

import hashlib
import time

from flask import Response, g, make_response, request

#: Seconds a page with a CSRF token keeps its tag (well within Flask-WTF's default limit of an hour).
TOKEN_WINDOW = 1800
IMMUTABLE = "private, max-age=31536000, immutable"
REVALIDATE = "private, no-cache"


def page_tag(body: str) -> str:
    """The ``ETag`` of a page: a hash of its body, the CSRF token (if any) left out and its half hour in."""
    token = g.get("csrf_token")
    basis = body
    if isinstance(token, str) and token and token in body:
        basis = body.replace(token, "") + f"|{int(time.time() // TOKEN_WINDOW)}"
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


def _matches(tag: str) -> str | None:
    """The tag the browser holds for this body, if it holds one: ours, or ours with the compression's suffix
    (Flask-Compress tags a compressed body ``"<tag>:gzip"``)."""
    for held in request.if_none_match.as_set():
        if held == tag or held.startswith(tag + ":"):
            return held
    return None


def revalidated(body: str) -> Response:
    """A page the browser keeps but asks for again each time: ``304`` without a body while it is unchanged."""
    tag = page_tag(body)
    held = _matches(tag)
    response = make_response("" if held else body, 304 if held else 200)
    response.set_etag(held or tag)
    response.headers["Cache-Control"] = REVALIDATE
    return response


def immutable(data: bytes, mimetype: str) -> Response:
    """A resource whose address changes with its content (a chart named by its hash)."""
    response = make_response(data)
    response.mimetype = mimetype
    response.headers["Cache-Control"] = IMMUTABLE
    return response
