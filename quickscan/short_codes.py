"""A short code for every survey link, for the person who cannot scan the QR code on their card.

The code is the first 60 bits of the link's token written in Crockford's base 32: twelve characters from
``0-9`` and ``A-Z`` without ``I``, ``L``, ``O`` and ``U``, printed as ``7KQM-4RXT-2PGH``. Typed in at
``/s/`` it leads to the link. It is derived, not stored: ``code_of(token)`` gives it and a lookup compares it
with the first ten characters of every token (a scan of the invitations, a few milliseconds for the
thousands a programme has). :func:`quickscan.programme.invite` draws again the rare new token whose first ten
characters another token has, so a code belongs to one link.

Typing is forgiving: case, spaces and hyphens do not matter, ``O`` is read as ``0`` and ``I``/``L`` as ``1``.
Guessing is not: 2**60 codes for a few thousand links, and the page takes
:data:`quickscan.throttle.CODE_LIMIT` codes a minute from one client (counted like login attempts, under a
keyed digest of the address).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Invitation

#: Crockford's base 32: the digits and the letters without I, L, O and U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: The characters of a token (URL-safe base 64).
TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#: A code stands for this many characters at the start of a token (6 bits each: 60 bits, 12 code characters).
PREFIX = 10
LENGTH = 12
_READ_AS = {"O": "0", "I": "1", "L": "1"}


def code_of(token: str) -> str | None:
    """The short code of ``token`` (``"7KQM-4RXT-2PGH"``); None for a token that does not start with ten
    URL-safe base-64 characters (every token Quickscan makes does)."""
    head = token[:PREFIX]
    if len(head) < PREFIX or any(c not in TOKEN_ALPHABET for c in head):
        return None
    value = 0
    for c in head:
        value = value << 6 | TOKEN_ALPHABET.index(c)
    plain = "".join(ALPHABET[value >> (5 * i) & 31] for i in reversed(range(LENGTH)))
    return f"{plain[:4]}-{plain[4:8]}-{plain[8:]}"


def token_prefix(code: str) -> str | None:
    """The first ten characters of the token whose code was typed as ``code``; None when it cannot be a code."""
    plain = "".join(_READ_AS.get(c, c) for c in code.upper() if c not in " -.")
    if len(plain) != LENGTH or any(c not in ALPHABET for c in plain):
        return None
    value = 0
    for c in plain:
        value = value << 5 | ALPHABET.index(c)
    return "".join(TOKEN_ALPHABET[value >> (6 * i) & 63] for i in reversed(range(PREFIX)))


def find_token(session: Session, code: str) -> str | None:
    """The token of the one invitation with this code, or None (no such code, or not a code)."""
    prefix = token_prefix(code)
    if prefix is None:
        return None
    tokens = session.scalars(select(Invitation.token).where(func.substr(Invitation.token, 1, PREFIX) == prefix)).all()
    matching = [t for t in tokens if t.startswith(prefix)]  # substr compares as the database collates
    return matching[0] if len(matching) == 1 else None


def taken_prefixes(session: Session, tokens: list[str]) -> set[str]:
    """Which of the first ten characters of ``tokens`` another invitation's token starts with."""
    prefixes = {t[:PREFIX] for t in tokens}
    found = session.scalars(
        select(Invitation.token).where(
            func.substr(Invitation.token, 1, PREFIX).in_(prefixes), Invitation.token.not_in(tokens)
        )
    )
    return {t[:PREFIX] for t in found if t[:PREFIX] in prefixes}
