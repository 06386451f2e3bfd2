"""Interface translations (Flask-Babel). Page texts are written in Dutch; ``translations/`` holds English.

The language of a request: what the survey chose (``g.lang``), else ``?lang=``, else the session, else Dutch.
Questionnaire texts do not go through Babel: they come from the JSON in the chosen language.
"""

from __future__ import annotations

from flask import Flask, g, request, session
from flask_babel import Babel

LANGUAGES = ("nl", "en")


def select_locale() -> str:
    for candidate in (g.get("lang"), request.args.get("lang"), session.get("lang")):
        if candidate in LANGUAGES:
            return str(candidate)
    return "nl"


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "nl")
    Babel(app, locale_selector=select_locale)
