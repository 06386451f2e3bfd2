"""HTTP hardening on every response: security headers, no caching of personal pages, proxy awareness.

- ``Content-Security-Policy``: only our own origin; no inline script or style; no framing.
- ``Referrer-Policy: no-referrer``: a survey URL holds its invitation token and must never leak.
- ``Strict-Transport-Security`` when served over HTTPS (``QUICKSCAN_HTTPS=1`` or a secure request).
- ``Cache-Control: no-store`` on pages (not on static files): answers and reports stay off shared devices;
  only the report pages and their charts may say ``private`` instead (:mod:`quickscan.http_cache`).
- Behind a reverse proxy, ``QUICKSCAN_PROXIES=N`` trusts N proxies' ``X-Forwarded-*`` headers (ProxyFix).
"""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def add_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure or current_app.config.get("HTTPS"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if not request.path.startswith("/static/") and not response.cache_control.private:
        headers["Cache-Control"] = "no-store"
    return response


def refuse_nul() -> None:
    """A NUL character in the path, the query or a form field is no input of a browser: 400.

    PostgreSQL cannot store or even compare text with NUL, so it must never reach a query.
    """
    fields = [*request.args.lists(), *(request.form.lists() if request.method == "POST" else [])]
    # werkzeug may give a malformed multipart part no name (None): it cannot hold a NUL either.
    if "\x00" in request.path or any("\x00" in (k or "") or any("\x00" in v for v in vs) for k, vs in fields):
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul)
    proxies = int(app.config.get("PROXIES", 0) or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    if app.config.get("HTTPS"):
        app.config["PREFERRED_URL_SCHEME"] = "https"
    app.after_request(add_headers)
