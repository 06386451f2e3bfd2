"""Paging and filtering of a long list of companies (the overview, the programme page): reading the query.

A national programme has thousands of companies, so a page shows a few dozen at a time, chosen by region and
a search. The query's ``page`` is a page number from 1; anything else is a tampered address (400). A page past
the last is not an error (companies may have gone since the link was made): the page shows the last one and
says so. ``region`` and ``q`` (the search) are text; a value that fits nothing is shown as such on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from werkzeug.datastructures import MultiDict

#: Longest search text read (a company name is at most 200 characters; a letter 4).
MAX_SEARCH = 100
#: The highest page number read; beyond it the address is not one the pages make.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Filters:
    """What the reader asked for: a page number (from 1), a region (None: all) and a search ("" : none)."""

    page: int = 1
    region: str | None = None
    search: str = ""

    def args(self, **changes: object) -> dict[str, object]:
        """The query of this choice with ``changes``, without empty values (for ``url_for``)."""
        values: dict[str, object] = {"region": self.region, "q": self.search, "page": self.page}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "", 1)}


def read(args: MultiDict[str, str]) -> Filters:
    """The filters of a request's query; 400 for a page number no page links to."""
    raw = args.get("page", "1").strip() or "1"
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
        abort(400)
    region = args.get("region", "").strip() or None
    return Filters(int(raw), region, args.get("q", "").strip()[:MAX_SEARCH])


def pages(total: int, size: int) -> int:
    """How many pages ``total`` items take, ``size`` a page (at least one, empty when there are none)."""
    return max(1, -(-total // size))
