"""A service's refusal, told to whoever asked: in English on the command line, in the page's language on
the web.

A service (:mod:`quickscan.programme`, :mod:`quickscan.auth`) refuses a request by raising a subclass of
:class:`Refusal`. ``str(exc)`` is the English sentence the command line prints
(:func:`quickscan.cli.common.refusals`); :meth:`Refusal.on_page` is the sentence a web page shows: a lazy
Babel string with a Dutch source, translated into the page's language when it is drawn. A refusal raised by
a view itself, already in the page's language, is both.
"""

from __future__ import annotations

from flask_babel import LazyString


class Refusal(ValueError):
    """A request that cannot be carried out; ``message`` for the command line, ``shown`` for a page."""

    def __init__(self, message: str, shown: str | LazyString | None = None) -> None:
        super().__init__(message)
        self.shown = message if shown is None else shown

    def on_page(self) -> str:
        """The sentence for a web page, in the language of the request."""
        return str(self.shown)
