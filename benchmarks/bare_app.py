"""A bare Flask + SQLite form handler: the yardstick ``benchmarks/web.py`` holds the survey against.

``GET /`` renders one 40-question form (five radio buttons per question) with a CSRF-like hidden token;
``POST /`` checks the token and every answer, inserts one row with the 40 answers and redirects back to the
form. No ORM, no sessions, no translations: one ``sqlite3`` connection per request, as in the Flask
tutorial, with the same SQLite settings as Quickscan (WAL, ``synchronous=NORMAL``, 30 s busy timeout).

    BARE_DATABASE=/tmp/bare.sqlite BARE_SECRET=… gunicorn --pythonpath benchmarks 'bare_app:create_app()'

The table is made by :func:`create_schema` before the server starts (``benchmarks/web.py`` does it).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3

from flask import Flask, abort, g, redirect, render_template, request
from jinja2 import DictLoader
from werkzeug.wrappers import Response as HttpResponse

QUESTIONS = 40
OPTIONS = ("1", "2", "3", "4", "5")
FIELDS = tuple(f"q{n}" for n in range(1, QUESTIONS + 1))

FORM = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Vragenlijst</title></head>
<body>
<form method="post">
<input name="csrf_token" type="hidden" value="{{ token }}">
{% for name in fields %}
<fieldset>
<legend>Vraag {{ loop.index }}: hoe vaak leer je iets nieuws van een collega?</legend>
{% for value in options %}
<input id="{{ name }}-{{ value }}" name="{{ name }}" type="radio" value="{{ value }}">\
<label for="{{ name }}-{{ value }}">Antwoord {{ value }}</label>
{% endfor %}
</fieldset>
{% endfor %}
<button type="submit">Versturen</button>
</form>
</body>
</html>
"""


def create_schema(path: str) -> None:
    """The one table: a row per posted form, a column per question (NULL when not answered)."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        columns = ", ".join(f"{name} INTEGER" for name in FIELDS)
        connection.execute(f"CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY, {columns})")
    connection.close()


def _sign(secret: bytes, nonce: str) -> str:
    return hmac.new(secret, nonce.encode("ascii"), hashlib.sha256).hexdigest()


def create_app(database: str | None = None) -> Flask:
    """The app; the database file comes from ``database`` or ``BARE_DATABASE``, the token key from
    ``BARE_SECRET`` (the same in every worker, so a form served by one worker can be posted to another)."""
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"form.html": FORM})  # compiled once, cached like any template file
    path = database or os.environ.get("BARE_DATABASE", "bare.sqlite")
    secret = os.environ.get("BARE_SECRET", "bare-benchmark").encode("utf-8")

    def db() -> sqlite3.Connection:
        if "db" not in g:
            g.db = sqlite3.connect(path, timeout=30)
            g.db.execute("PRAGMA synchronous=NORMAL")
        connection: sqlite3.Connection = g.db
        return connection

    @app.teardown_appcontext
    def close(_exc: BaseException | None) -> None:
        connection = g.pop("db", None)
        if connection is not None:
            connection.close()

    @app.get("/")
    def form() -> str:
        nonce = secrets.token_urlsafe(16)
        token = f"{nonce}.{_sign(secret, nonce)}"
        return render_template("form.html", token=token, fields=FIELDS, options=OPTIONS)

    @app.post("/")
    def store() -> HttpResponse:
        nonce, _, signature = request.form.get("csrf_token", "").partition(".")
        if not nonce or not hmac.compare_digest(signature, _sign(secret, nonce)):
            abort(400)
        values = []
        for name in FIELDS:
            value = request.form.get(name)
            if value is not None and value not in OPTIONS:
                abort(400)
            values.append(int(value) if value else None)
        connection = db()
        placeholders = ", ".join("?" for _ in FIELDS)
        connection.execute(f"INSERT INTO answers ({', '.join(FIELDS)}) VALUES ({placeholders})", values)
        connection.commit()
        return redirect("/")

    return app
