"""Interface translations (Flask-Babel) and the one rule for the language of a request.

Page texts are written in Dutch; ``translations/`` holds English. Questionnaire texts do not go through
Babel: they come from the JSON in the chosen language. Every view asks :func:`request_language`.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask, g, request, session
from flask_babel import Babel

from reports.text import LANGUAGES, Lang

__all__ = ["LANGUAGES", "Lang", "init_app", "request_language"]


def request_language(offered: Sequence[str] = LANGUAGES, fallback: str | None = None) -> str:
    """The language of this request, one of ``offered``: ``?lang=`` (remembered in the session), else the
    session's choice, else ``fallback`` (e.g. the language a respondent started in), else the first offered.

    The choice is kept in ``g.lang`` for the rest of the request (Babel's locale follows it when it is an
    interface language).
    """
    wanted = request.args.get("lang")
    if wanted in offered:
        session["lang"] = wanted
        chosen = str(wanted)
    else:
        chosen = next((str(c) for c in (session.get("lang"), fallback) if c in offered), offered[0])
    g.lang = chosen
    return chosen


def _locale() -> str:
    """Babel's locale: the language a view chose, when it is an interface language; else the request's."""
    chosen = g.get("lang")
    return str(chosen) if chosen in LANGUAGES else request_language()


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "nl")
    Babel(app, locale_selector=_locale)
