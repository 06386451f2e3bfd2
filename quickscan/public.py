"""Public pages: the start page and a read-only preview of each questionnaire."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, render_template, request

from questionnaires import ROLES, localise

from .db import database, session
from .i18n import request_language
from .questionnaire_store import registry, snapshot_status

bp = Blueprint("public", __name__)


@bp.get("/")
def index() -> str:
    questionnaires = list(registry())
    return render_template("public/index.html", questionnaires=questionnaires, localise=localise)


@bp.get("/questionnaires/<qid>/<int:version>")
def questionnaire(qid: str, version: int) -> str:
    try:
        q = registry().get(qid, version)
    except KeyError:
        abort(404)
    lang = request.args.get("lang", q.languages[0])
    role = request.args.get("role", q.roles[0])
    if lang not in q.languages or role not in ROLES or role not in q.roles:
        abort(404)
    return render_template(
        "public/questionnaire.html",
        q=q,
        lang=lang,
        role=role,
        status=snapshot_status(session(), q),
        t=lambda text: localise(text, lang),
    )


@bp.get("/privacy")
def privacy() -> str:
    lang = request_language()
    return render_template(f"public/privacy_{lang}.html", retention_days=current_app.config["RETENTION_DAYS"])


@bp.get("/health")
def health() -> tuple[dict[str, str], int]:
    """For a load balancer: 200 when this node can reach its database (``SELECT 1``), else 503 with a short
    reason, so the balancer sends no more requests here. Open to all; it names no address or account."""
    problem = database().ping()
    if problem:
        current_app.logger.warning("/health: %s", problem)
        return {"status": "unavailable", "database": problem}, 503
    return {"status": "ok"}, 200


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
