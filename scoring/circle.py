"""The learning circle (leerkring): a company's dimension means beside its circle's band. This module is
the only place the circle's rules live; their thresholds come from :mod:`scoring.anonymity`.

The input is plain: per company of the circle whether it consents, and per wave its released employee
respondents and its dimension means as its own page shows them (a hidden dimension: ``None``). Out come
frozen dataclasses; :mod:`reports.circle` draws them and reads them in words.

1. **Who counts.** A company counts in a dimension's band of a wave only when it consents (set by the
   programme lead), has released results of at least the group threshold (:func:`scoring.anonymity.threshold`,
   5) of employee respondents in that wave, and its own page shows that dimension (rule 1 of
   :mod:`scoring.anonymity` per dimension). A company that does not count is left out *before* anything is
   computed, so it moves no number (``tests/scoring/test_scoring_circle.py`` proves it over random data).
   For a change, a company counts when it counts in both waves.
2. **Enough companies.** A band needs at least :data:`MIN_COMPANIES` (5) counted companies, else it reads
   "te weinig bedrijven om te vergelijken" (reason :data:`REASON_TOO_FEW_COMPANIES`). Five is the floor the
   US antitrust "safety zone" for information exchange uses between firms.
3. **No single company at an end.** With five companies the lowest and the highest mean of a plain range
   *are* two companies' own means, and a circle of seven that meets three times knows who tends to be where.
   The band therefore shows the **median** and the **middle range**: from the *second lowest* to the
   *second highest* company mean. The lowest and the highest company are never a number on the band; every
   end point has a company beyond it. (The median of an odd number of companies is the middle company's
   mean, which singles no one out.)
4. **Position in words, never a rank.** The company's mean against the *others* of the circle (the
   counted companies without itself): above the upper tertile of their means (``numpy.quantile`` at 2/3,
   linear interpolation) is "bij de bovenste groep", below the lower tertile (1/3) "bij de onderste groep",
   anything between, both tertiles included, "bij de middelste groep". Only for a company that counts in the
   dimension, and only beside a shown band.
5. **Who sees the circle.** Reciprocity: only a company that consents sees its circle's bands (a company
   that keeps its own numbers out does not read the others'). A consenting company below the threshold sees
   the bands without its own mean (it has none to show).
6. **The handout's dots** (:func:`handout_dots`): for the meeting, one dot per counted company (rule 1) in
   each dimension with at least :data:`MIN_COMPANIES` of them (rule 2), its mean rounded to
   :data:`DOT_DIGITS` decimal: no more precision than the conversation needs. Rule 3 cannot hold for dots (each
   dot *is* a company); what protects them is consent, the floor of five, and rule 7.
7. **Letters afresh** (:func:`handout_letters`): each handout letters the companies at random from its own
   seed (a new one per handout), so a letter on one handout says nothing about a letter on another, and
   the letters follow neither names nor order. The same companies and seed give the same letters.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .anonymity import DEFAULT_THRESHOLD

#: A band needs at least this many counted companies (rule 2).
MIN_COMPANIES = 5
#: The handout's dots are rounded to this many decimals (rule 6).
DOT_DIGITS = 1
#: The handout's letters: no I, O or Q, which are read as 1, 0 or O (rule 7).
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"

REASON_TOO_FEW_COMPANIES = "too_few_companies"
REASON_NO_CONSENT = "no_consent"

Position = Literal["top", "middle", "bottom"]


@dataclass(frozen=True)
class CompanyWave:
    """One company's employees in one wave, as its own page shows them: the released respondents ``n``
    and per dimension its mean (``None`` when the page hides the dimension) and how many scored it."""

    n: int
    means: Mapping[str, float | None]
    scored: Mapping[str, int] = field(default_factory=dict)

    def shown_mean(self, dimension_id: str, limit: int) -> float | None:
        """The dimension's mean when rule 1 lets it count (the wave and the dimension reach ``limit``)."""
        mean = self.means.get(dimension_id)
        if mean is None or self.n < limit or not np.isfinite(mean):
            return None
        if self.scored.get(dimension_id, self.n) < limit:
            return None
        return float(mean)


@dataclass(frozen=True)
class Member:
    """One company of a circle. ``key`` is opaque (the app passes the company's pk as text)."""

    key: str
    consent: bool
    baseline: CompanyWave | None = None
    endline: CompanyWave | None = None

    def wave(self, kind: str) -> CompanyWave | None:
        return self.baseline if kind == "baseline" else self.endline


@dataclass(frozen=True)
class Band:
    """The circle's band in one dimension: the median and the middle range (second lowest to second
    highest) of ``n_companies`` counted companies' means (or changes)."""

    dimension_id: str
    n_companies: int
    median: float
    low: float
    high: float
    shown: Literal[True] = True


@dataclass(frozen=True)
class NoBand:
    """No band: too few companies count (rule 2)."""

    dimension_id: str
    n_companies: int
    reason: str = REASON_TOO_FEW_COMPANIES
    shown: Literal[False] = False


AnyBand = Band | NoBand


def band(dimension_id: str, values: Sequence[float]) -> AnyBand:
    """Rules 2 and 3 on the counted companies' ``values``: the median and the middle range, or no band."""
    n = len(values)
    if n < MIN_COMPANIES:
        return NoBand(dimension_id, n)
    ordered = np.sort(np.asarray(values, dtype=np.float64))
    return Band(dimension_id, n, float(np.median(ordered)), float(ordered[1]), float(ordered[-2]))


def position(own: float, others: Sequence[float]) -> Position:
    """Rule 4: where ``own`` stands among the ``others``' means, by their tertiles."""
    if not others:
        raise ValueError("a position needs other companies")
    lower, upper = np.quantile(np.asarray(others, dtype=np.float64), [1 / 3, 2 / 3])
    if own > upper:
        return "top"
    if own < lower:
        return "bottom"
    return "middle"


def counted(members: Sequence[Member], kind: str, dimension_id: str, limit: int) -> dict[str, float]:
    """Rule 1: per counted company (by key) its mean in ``dimension_id`` in the wave ``kind``."""
    out: dict[str, float] = {}
    for member in members:
        wave = member.wave(kind)
        if not member.consent or wave is None:
            continue
        mean = wave.shown_mean(dimension_id, limit)
        if mean is not None:
            out[member.key] = mean
    return out


def counted_changes(members: Sequence[Member], dimension_id: str, limit: int) -> dict[str, float]:
    """Rule 1 for a change: per company counted in both waves, end-line mean minus baseline mean."""
    base = counted(members, "baseline", dimension_id, limit)
    end = counted(members, "endline", dimension_id, limit)
    return {key: end[key] - base[key] for key in base if key in end}


def bands(
    members: Sequence[Member], kind: str, dimension_ids: Sequence[str], limit: int = DEFAULT_THRESHOLD
) -> dict[str, AnyBand]:
    """The circle's band per dimension in the wave ``kind`` (rules 1 to 3)."""
    return {d: band(d, list(counted(members, kind, d, limit).values())) for d in dimension_ids}


def change_bands(
    members: Sequence[Member], dimension_ids: Sequence[str], limit: int = DEFAULT_THRESHOLD
) -> dict[str, AnyBand]:
    """The band of the companies' changes (end-line minus baseline) per dimension (rules 1 to 3)."""
    return {d: band(d, list(counted_changes(members, d, limit).values())) for d in dimension_ids}


@dataclass(frozen=True)
class DimensionView:
    """One dimension of a company against its circle: its mean (None: it does not count), the band, its
    position (only beside a shown band, for a company that counts); at the end-line also its change and the
    band of the circle's changes."""

    dimension_id: str
    own: float | None
    band: AnyBand
    position: Position | None
    own_change: float | None = None
    changes: AnyBand | None = None


@dataclass(frozen=True)
class CircleView:
    """A company against its circle in the wave ``kind`` (its latest with results), per dimension."""

    circle: str
    kind: str
    dimensions: tuple[DimensionView, ...]
    shown: Literal[True] = True


@dataclass(frozen=True)
class NoCircleView:
    """The company does not see its circle (rule 5): it does not consent."""

    circle: str
    reason: str = REASON_NO_CONSENT
    shown: Literal[False] = False


def company_view(
    circle: str,
    members: Sequence[Member],
    own_key: str,
    kind: str,
    dimension_ids: Sequence[str],
    limit: int = DEFAULT_THRESHOLD,
) -> CircleView | NoCircleView:
    """The company ``own_key`` against its circle ``members`` (it among them) in the wave ``kind``; at the
    end-line with its change beside the circle's changes."""
    own_member = next((m for m in members if m.key == own_key), None)
    if own_member is None or not own_member.consent:
        return NoCircleView(circle)
    views = []
    for dim_id in dimension_ids:
        values = counted(members, kind, dim_id, limit)
        dim_band = band(dim_id, list(values.values()))
        own = values.get(own_key)
        where: Position | None = None
        if own is not None and isinstance(dim_band, Band):
            where = position(own, [v for k, v in values.items() if k != own_key])
        own_change: float | None = None
        changes: AnyBand | None = None
        if kind == "endline":
            moved = counted_changes(members, dim_id, limit)
            changes = band(dim_id, list(moved.values()))
            own_change = moved.get(own_key)
        views.append(DimensionView(dim_id, own, dim_band, where, own_change, changes))
    return CircleView(circle, kind, tuple(views))


def handout_dots(
    members: Sequence[Member], kind: str, dimension_ids: Sequence[str], limit: int = DEFAULT_THRESHOLD
) -> dict[str, dict[str, float] | NoBand]:
    """Rule 6: per dimension the counted companies' means (by key), rounded to :data:`DOT_DIGITS`, or
    :class:`NoBand` when fewer than :data:`MIN_COMPANIES` count."""
    out: dict[str, dict[str, float] | NoBand] = {}
    for dim_id in dimension_ids:
        values = counted(members, kind, dim_id, limit)
        out[dim_id] = (
            NoBand(dim_id, len(values))
            if len(values) < MIN_COMPANIES
            else {key: round(value, DOT_DIGITS) for key, value in values.items()}
        )
    return out


def handout_letters(keys: Sequence[str], seed: int) -> dict[str, str]:
    """Rule 7: a letter per company key, drawn at random from ``seed`` (the keys' order does not matter)."""
    unique = sorted(set(keys))
    if len(unique) > len(LETTERS):
        raise ValueError(f"a handout letters at most {len(LETTERS)} companies")
    drawn = random.Random(seed).sample(LETTERS, len(unique))
    return dict(zip(unique, drawn, strict=True))
