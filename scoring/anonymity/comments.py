"""Rule 4 of :mod:`scoring.anonymity`: open comments only from :data:`COMMENTS_MIN` respondents in a group,
sorted so that their order tells nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from .thresholds import DEFAULT_THRESHOLD

#: Open comments of a group are shown only from this many respondents.
COMMENTS_MIN = 10


def comments_min(limit: int = DEFAULT_THRESHOLD) -> int:
    """The n from which open comments are shown: 10, or the group threshold if that is higher."""
    return max(COMMENTS_MIN, limit)


def comments_allowed(n_respondents: int, limit: int = DEFAULT_THRESHOLD) -> bool:
    """Rule 4: may the open comments of a group of ``n_respondents`` be shown?"""
    return n_respondents >= comments_min(limit)


def visible_comments(
    comments: Sequence[str | None], n_respondents: int, limit: int = DEFAULT_THRESHOLD
) -> list[str] | None:
    """The non-empty comments of a group, or None when rule 4 hides them.

    Sorted alphabetically (ignoring case, then by code point, so the order is fixed), never in the order
    of the responses, which could tell who wrote what.
    """
    if not comments_allowed(n_respondents, limit):
        return None
    return sorted((c.strip() for c in comments if c is not None and c.strip()), key=lambda c: (c.casefold(), c))
