"""What a browser may be shown again of a survey link: only what that browser itself sent.

Managers hand out the links, so whoever holds a link is not always the person who answers with it. A survey
page therefore never reads stored answers back from the database alone. When this browser saves a page (or
its own code), the session remembers a keyed digest of exactly what it sent; a page is filled in again only
while the stored answers still match that digest. Any other browser (another device of the same respondent,
or someone else with the link) gets empty fields and a note that the answers are kept; a field it leaves
empty keeps the stored answer.

The session cookie is signed but readable, so it holds digests (HMAC with a key derived from the app's
``SECRET_KEY``), never answers and never the token. Nothing is stored in the database for this.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app, session

from .survey_forms import StoredAnswer

#: The session key, and how many links one browser remembers (a coach trying several links; the oldest goes).
KEY = "survey"
REMEMBERED_LINKS = 4
_DIGEST_HEX = 24  # 96 bits: enough to never match by chance, small enough for the cookie


def _mac(*parts: str) -> str:
    key = hmac.new(str(current_app.config["SECRET_KEY"]).encode(), b"quickscan-survey-session", hashlib.sha256)
    return hmac.new(key.digest(), "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()[:_DIGEST_HEX]


def page_digest(token: str, number: int, answers: Mapping[str, StoredAnswer]) -> str:
    """A keyed digest of one page's answers (only the answered elements, in id order)."""
    canonical = json.dumps(sorted((eid, a.value, a.code, a.text) for eid, a in answers.items()))
    return _mac("page", token, str(number), canonical)


def _code_digest(token: str, link_code: str | None) -> str:
    return _mac("code", token, link_code or "")


def _entries() -> list[dict[str, Any]]:
    entries = session.get(KEY)
    return entries if isinstance(entries, list) else []


def _entry(token: str) -> dict[str, Any] | None:
    key = _mac("link", token)
    return next((e for e in _entries() if isinstance(e, dict) and e.get("k") == key), None)


def _own(token: str) -> dict[str, Any]:
    """This browser's entry for ``token``, created (and made the most recent) when missing."""
    key = _mac("link", token)
    entries = [e for e in _entries() if isinstance(e, dict) and e.get("k") != key]
    entry = _entry(token) or {"k": key, "p": {}}
    session[KEY] = [*entries[-(REMEMBERED_LINKS - 1) :], entry]
    session.modified = True
    return entry


def knows_link(token: str) -> bool:
    """True when this browser started or resumed this link before (the welcome page says "Verder")."""
    return _entry(token) is not None


def remember_link(token: str, created: bool) -> None:
    """This browser started (``created``: made the response, so knows it has no code yet) or resumed the link."""
    entry = _own(token)
    if created:
        entry["c"] = _code_digest(token, None)


def knows_page(token: str, number: int, stored: Mapping[str, StoredAnswer]) -> bool:
    """True when ``stored`` (the page's stored answers) is exactly what this browser last sent for the page."""
    entry = _entry(token)
    return entry is not None and entry.get("p", {}).get(str(number)) == page_digest(token, number, stored)


def remember_page(token: str, number: int, sent: Mapping[str, StoredAnswer] | None) -> None:
    """Remember what this browser stored on a page; ``None``: the page now holds answers it did not see."""
    pages = _own(token).setdefault("p", {})
    if sent is None:
        pages.pop(str(number), None)
    else:
        pages[str(number)] = page_digest(token, number, sent)


def knows_pages(token: str, stored_pages: Iterable[tuple[int, Mapping[str, StoredAnswer]]]) -> bool:
    """True when this browser knows every one of the given pages (number, stored answers)."""
    return all(knows_page(token, number, stored) for number, stored in stored_pages)


def knows_code(token: str, link_code: str | None) -> bool:
    """True when the stored own code (its keyed hash, or None) is what this browser last set or skipped."""
    entry = _entry(token)
    return entry is not None and entry.get("c") == _code_digest(token, link_code)


def remember_code(token: str, link_code: str | None) -> None:
    _own(token)["c"] = _code_digest(token, link_code)


def remember_submitted(token: str) -> None:
    """This browser sent the response: only it is shown the thank-you page."""
    _own(token)["done"] = True


def submitted_here(token: str) -> bool:
    entry = _entry(token)
    return entry is not None and entry.get("done") is True
