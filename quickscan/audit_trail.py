"""Blueprint ``audit_trail`` (templates ``audit_trail/``): the programme lead reads and exports the audit trail.

The events are written by :mod:`quickscan.audit`; these pages only read them, newest first.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response as HttpResponse

from . import audit
from .auth import roles_required
from .db import session as db_session

bp = Blueprint("audit_trail", __name__, url_prefix="/admin/audit")
PAGE_SIZE = 50


@bp.get("/")
@roles_required("admin")
def index() -> str:
    number = request.args.get("page", "1")
    if not number.isdigit() or len(number) > 9:
        abort(400)
    events, pages = audit.page(db_session(), int(number), PAGE_SIZE)
    return render_template(
        "audit_trail/index.html",
        events=events,
        page=min(max(1, int(number)), pages),
        pages=pages,
        days=current_app.config["AUDIT_DAYS"],
    )


@bp.get("/audit.csv")
@roles_required("admin")
def export() -> HttpResponse:
    body = audit.as_csv(db_session())
    audit.record(db_session(), "audit.exported", current_user._get_current_object(), None, None, "csv")
    response = HttpResponse(body, mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="quickscan-audit.csv"'
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
