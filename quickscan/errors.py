"""Friendly error pages: every HTTP error and every unexpected exception gets a readable page, never a traceback."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

#: Plain-Dutch explanations per status; anything else falls back to the generic text.
MESSAGES = {
    400: ("Er klopt iets niet", "Wat u verstuurde kunnen we niet verwerken. Ga terug en probeer het opnieuw."),
    403: ("Geen toegang", "U heeft geen toegang tot deze pagina."),
    404: ("Niet gevonden", "Deze pagina bestaat niet (meer). Controleer de link."),
    405: ("Dat kan hier niet", "Deze pagina kan niet op deze manier worden gebruikt."),
    410: ("Niet meer beschikbaar", "Deze pagina is niet meer beschikbaar."),
    413: ("Te veel gegevens", "Wat u verstuurde is te groot."),
    429: ("Even wachten", "Te veel pogingen. Probeer het over een paar minuten opnieuw."),
}
GENERIC = ("Er ging iets mis", "Er ging iets mis aan onze kant. Probeer het later nog eens.")


def render_error(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    title, text = MESSAGES.get(code, GENERIC)
    return render_template("error.html", code=code, title=title, text=text), code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        app.logger.exception("Unhandled exception", exc_info=error)
        return render_error(InternalServerError())
