"""What every ``quickscan`` subcommand shares: the app it runs in, and how a refusal reaches the user.

A service (:mod:`quickscan.programme`, :mod:`quickscan.auth`, :mod:`quickscan.dbtools`) refuses a request by
raising an error whose message is written for the user; :func:`refusals` turns it into click's one-line
``Error: …`` with exit status 1, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask, current_app

from ..auth import AccountError
from ..dbtools import DataError
from ..programme import ProgrammeError

#: Errors whose message is meant for the person at the command line.
USER_ERRORS: tuple[type[Exception], ...] = (ProgrammeError, AccountError, DataError)


def current() -> Flask:
    """The app the command runs in (inside ``with_appcontext``), as the object itself, not the proxy."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    return app


@contextmanager
def refusals() -> Iterator[None]:
    """Turn a service's refusal (:data:`USER_ERRORS`) into a one-line :class:`click.ClickException`."""
    try:
        yield
    except USER_ERRORS as exc:
        raise click.ClickException(str(exc)) from None
