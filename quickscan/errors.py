"""Friendly error pages: every HTTP error and every unexpected exception gets a readable page, never a traceback."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from .db_limits import unavailable

#: Seconds a client (or nginx, or a balancer) is asked to wait after a 503 because the database could not serve.
RETRY_AFTER = 30

#: Plain-language explanations per status; anything else falls back to the generic text.
MESSAGES = {
    400: (_l("Er klopt iets niet"), _l("Wat je verstuurde kunnen we niet verwerken. Ga terug en probeer het opnieuw.")),
    403: (_l("Geen toegang"), _l("Je hebt geen toegang tot deze pagina.")),
    404: (_l("Niet gevonden"), _l("Deze pagina bestaat niet (meer). Controleer de link.")),
    405: (_l("Dat kan hier niet"), _l("Deze pagina kan niet op deze manier worden gebruikt.")),
    410: (_l("Niet meer beschikbaar"), _l("Deze pagina is niet meer beschikbaar.")),
    413: (_l("Te veel gegevens"), _l("Wat je verstuurde is te groot.")),
    429: (_l("Even wachten"), _l("Te veel pogingen. Probeer het over een paar minuten opnieuw.")),
    503: (
        _l("Tijdelijk niet beschikbaar"),
        _l("Deze vragenlijst is tijdelijk niet beschikbaar. Probeer het later nog eens."),
    ),
}
#: Explanations for a specific reason, given as the ``description`` of ``abort(code, description=…)``.
REASONS = {
    # A used link, a closed wave and a revoked link look the same from outside: whoever holds someone else's
    # link must not learn whether that person sent their answers (docs/survey.md, "Refusals").
    "unusable": (
        _l("Deze link is niet (meer) te gebruiken"),
        _l(
            "Heb je de vragenlijst ingevuld? Dan zijn je antwoorden bewaard. "
            "Heb je een vraag? Stel die aan wie je de link gaf."
        ),
    ),
    "database": (
        _l("Tijdelijk niet beschikbaar"),
        _l("Het is even te druk, of er is een storing. Probeer het over een minuut opnieuw."),
    ),
}
GENERIC = (_l("Er ging iets mis"), _l("Er ging iets mis aan onze kant. Probeer het later nog eens."))


def render_error(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    title, text = REASONS.get(str(error.description)) or MESSAGES.get(code, GENERIC)
    return render_template("error.html", code=code, title=title, text=text), code


def database_unavailable(error: DBAPIError | PoolTimeout) -> tuple[str, int, dict[str, str]]:
    """503 with ``Retry-After`` when the database cannot serve now (a timeout, no connection: see
    :func:`quickscan.db_limits.unavailable`), logged as one warning line; any other database error is a bug
    and goes on to the 500 handler with its traceback."""
    reason = unavailable(error)
    if reason is None:
        raise error
    current_app.logger.warning("503 on %s %s: %s", request.method, request.path, reason)
    code = 503
    title, text = REASONS["database"]
    page = render_template("error.html", code=code, title=title, text=text)
    return page, code, {"Retry-After": str(RETRY_AFTER)}


def init_app(app: Flask) -> None:
    # An unexpected exception reaches this handler as an InternalServerError after Flask has logged it
    # (outside testing, where it propagates so the test shows the traceback).
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(DBAPIError, database_unavailable)
    app.register_error_handler(PoolTimeout, database_unavailable)
