"""Whole numbers in URLs (``<int:pk>``) stop at the largest id the database can hold.

Without a bound, ``/admin/users/99999999999999999999999/edit`` reached the database, which refused the number
(PostgreSQL: integer out of range; SQLite: too large for its INTEGER) with a 500 (issue 23, finding 14). Here
the ``int`` converter of every route is werkzeug's, bounded to PostgreSQL's ``integer`` (the type of every id
column): a larger number matches no route, so the answer is the ordinary 404, as for any id that does not exist.
Registered before the blueprints, so no route needs to say so; ``tests/app/test_url_ids.py`` walks every
route with an ``int`` in its URL.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

#: The largest value of PostgreSQL's ``integer`` (SQLite's is larger), the type of the id columns.
LARGEST_ID = 2**31 - 1


class DatabaseInteger(IntegerConverter):
    """``int`` for URLs: 0 to :data:`LARGEST_ID` (or a lower ``max`` a route gives)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002 (werkzeug's name)
        kwargs["max"] = min(kwargs.get("max") or LARGEST_ID, LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Make ``<int:...>`` in every route of ``app`` mean :class:`DatabaseInteger` (before routes are added)."""
    app.url_map.converters["int"] = DatabaseInteger
