"""Result objects of the scoring engine: frozen dataclasses that convert to JSON.

``base`` holds what every result shares; ``scores`` the results of one wave, ``changes`` baseline vs
end-line, ``gaps`` managers vs employees. Import them from :mod:`scoring.results`.

Conventions (the same in every class):

* a number that cannot be computed or may not be shown is ``None`` (``null`` in JSON), never NaN;
  :func:`num` turns NaN and infinities into None and numpy scalars into plain floats;
* percentages (% favourable, rates, KPI shares) are on 0..100; a change in % favourable is in points;
* a suppressed result is its own class (``SuppressedGroup``, ``SuppressedDimension`` ...) that has no
  fields for numbers at all; its JSON form keeps the keys of the shown form, with ``null`` values, so a
  reader of the JSON finds the same shape either way. The shown class names its JSON keys once
  (:class:`Shown`); the suppressed twin (:class:`Suppressed`) derives its JSON from them;
* results are addressable by dimension id (``result.groups["all"].dimensions["veiligheid"]``).

``to_dict()`` gives plain dicts/lists/str/int/float/bool/None; ``to_json()`` dumps them with
``allow_nan=False``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np

from ..anonymity import SUPPRESSED, Level

JsonDict = dict[str, Any]

# Why a number is missing or was changed: the values of a result's ``notes`` (JSON key -> note).
#: Every linked respondent changed by the same amount: the SD of the changes is 0, so no d_z, no interval.
NOTE_IDENTICAL_CHANGES = "identical_changes"
#: Alpha cannot be computed from these answers (too few in common, no variance, an invalid covariance matrix).
NOTE_NOT_COMPUTABLE = "not_computable"
#: Alpha is below 0: the statements do not form one scale here; no interval is given.
NOTE_NO_SCALE = "no_scale"
#: No reliable change: no programme reference, and this company's baseline gives no SD above 0 or no alpha
#: between 0 and 1 (its statements form no scale there, or alpha is not computable).
NOTE_REFERENCE_NOT_COMPUTABLE = "reference_not_computable"
#: The interval was cut at what is possible (a mean at the scale's bounds, a difference at ±(max - min)).
NOTE_CLIPPED = "clipped"


def num(x: float | np.floating[Any] | None) -> float | None:
    """A plain float, or None for None, NaN and infinities."""
    if x is None:
        return None
    value = float(x)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @staticmethod
    def make(low: float | np.floating[Any] | None, high: float | np.floating[Any] | None) -> Interval | None:
        """An interval, or None when either end is missing or not finite."""
        lo, hi = num(low), num(high)
        if lo is None or hi is None:
            return None
        return Interval(lo, hi)

    @staticmethod
    def bounded(
        low: float | np.floating[Any] | None,
        high: float | np.floating[Any] | None,
        lowest: float,
        highest: float,
        notes: dict[str, str],
        key: str,
    ) -> Interval | None:
        """:meth:`make`, cut at what is possible (``[lowest, highest]``); a cut is noted as
        ``notes[key] = NOTE_CLIPPED``."""
        interval = Interval.make(low, high)
        if interval is None:
            return None
        interval, cut = interval.within(lowest, highest)
        if cut:
            notes[key] = NOTE_CLIPPED
        return interval

    def within(self, lowest: float, highest: float) -> tuple[Interval, bool]:
        """The interval cut at ``[lowest, highest]``, and whether anything was cut."""
        low, high = max(self.low, lowest), min(self.high, highest)
        return Interval(low, high), (low, high) != (self.low, self.high)

    def to_list(self) -> list[float]:
        return [self.low, self.high]


def plain(value: Any) -> Any:
    """``value`` as plain JSON data: floats through :func:`num`, intervals as ``[low, high]``, results
    through their ``to_dict``, mappings with string keys; None, bool, int and str as they are."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | np.floating):
        return num(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, Interval):
        return value.to_list()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"no JSON form for {type(value).__name__}")


class JsonResult:
    def to_dict(self) -> JsonDict:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def to_json(self, indent: int | None = 2) -> str:
        """JSON text; raises ValueError should a NaN ever slip through."""
        return json.dumps(self.to_dict(), allow_nan=False, ensure_ascii=False, indent=indent)


class Shown(JsonResult):
    """A result the anonymity rules could have hidden, shown: its JSON form is :attr:`json_keys` in that
    order, each the :func:`plain` value of the attribute of that name (:meth:`_json_value`).

    Its :class:`Suppressed` twin takes the same keys from here, so the two shapes cannot drift apart.
    """

    #: The keys of the JSON form, in order.
    json_keys: ClassVar[tuple[str, ...]]
    #: Keys of optional parts, left out of the JSON when None (in the suppressed twin: always).
    optional_keys: ClassVar[frozenset[str]] = frozenset()
    #: Keys of collections that a suppressed twin gives as ``{}`` rather than ``null``.
    empty_keys: ClassVar[frozenset[str]] = frozenset()

    def _json_value(self, key: str) -> Any:
        """The value behind JSON key ``key``: by default the attribute of that name."""
        return getattr(self, key)

    def to_dict(self) -> JsonDict:
        out: JsonDict = {}
        for key in self.json_keys:
            value = self._json_value(key)
            if value is not None or key not in self.optional_keys:
                out[key] = plain(value)
        return out


class Suppressed(JsonResult):
    """A result hidden by the anonymity rules: the JSON keys of its shown twin (:attr:`shown`) with
    ``"suppressed": true``, ``"level": "suppressed"``, the ``reason`` after the level, the few counts the
    twin carries (its fields of the same name, or :meth:`_json_value`) and ``null`` (or ``{}``) for the rest."""

    #: The class of the shown form.
    shown: ClassVar[type[Shown]]
    reason: str
    suppressed: Literal[True]

    @property
    def level(self) -> Level:
        return SUPPRESSED

    def _json_value(self, key: str) -> Any:
        """What the twin knows for JSON key ``key``: its attribute of that name, else None."""
        return getattr(self, key, None)

    def to_dict(self) -> JsonDict:
        shown = self.shown
        out: JsonDict = {}
        for key in shown.json_keys:
            value = self._json_value(key)
            if value is None and key in shown.optional_keys:
                continue
            out[key] = {} if value is None and key in shown.empty_keys else plain(value)
            if key == "level":
                out["reason"] = self.reason
        return out


# ---------------------------------------------------------------------------------------------------
# Development-plan KPI
