"""A small cache of rendered report parts, one per app: least recently used out first, bounded in bytes.

It holds what :mod:`quickscan.report_pages` renders (HTML fragments, chart SVGs, PDFs) under keys made by
:mod:`quickscan.report_keys`, which change whenever what a report shows may change; so nothing here expires
by time, and an entry whose key is no longer asked for simply ages out.

The cache lives in the process. A server with several worker processes (gunicorn's ``workers``) or several
machines renders a page once per process that serves it; the entries are gone at a restart and never touch
the disk, so a deletion on request or by retention leaves no copy of a result behind in a file.
``REPORT_CACHE_BYTES`` (default 64 MB) bounds it: keep it above a few MB (the demo's programme page with its
charts is 0.8 MB, and a page larger than the whole cache is not kept, so its charts would be drawn again for
every chart asked). 0 turns it off: every view draws, and the charts go into the page as ``data:`` URLs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

DEFAULT_BYTES = 64 * 1024 * 1024
_EXTENSION = "quickscan.report_cache"


@dataclass
class Stats:
    hits: int = 0
    misses: int = 0
    evicted: int = 0


class Lru:
    """A thread-safe mapping bounded by the total ``size`` of its values, least recently used out first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.stats = Stats()
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.stats.misses += 1
                return None
            self._items.move_to_end(key)
            self.stats.hits += 1
            return found[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        """Keep ``value`` (of about ``size`` bytes); a value larger than the whole cache is not kept."""
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped
                self.stats.evicted += 1

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    @property
    def size(self) -> int:
        """The bytes held."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)


def of(app: Flask | None = None) -> Lru:
    """The app's cache."""
    found = (app or current_app).extensions[_EXTENSION]
    assert isinstance(found, Lru)
    return found


def init_app(app: Flask) -> None:
    app.config.setdefault("REPORT_CACHE_BYTES", DEFAULT_BYTES)
    app.extensions[_EXTENSION] = Lru(int(app.config["REPORT_CACHE_BYTES"]))
