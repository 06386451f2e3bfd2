"""What every chart builder returns, and what the builders read and write besides drawing.

A :class:`Chart` is the figure with its title, caption and alt text, and its data as a :class:`Table` (the
text alternative shown under the chart on screen and in the PDF): the same numbers the figure draws,
formatted for the language. The helpers here look up what a chart shows in the questionnaire and the
report, and format the table's cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

from questionnaires.model import Questionnaire, localise
from scoring import anonymity
from scoring.results import NOTE_CLIPPED, DimensionStats, GroupResult, Interval

from ..company import WaveResults
from ..text import Lang, interval, t


@dataclass(frozen=True)
class Table:
    """A chart's data as text: a header row and body rows, all cells formatted strings."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def is_group_row(row: Sequence[str]) -> bool:
    """A heading row of a table (a theme above its statements): only the first cell has text."""
    return len(row) > 1 and not any(row[1:])


def is_marker_row(row: Sequence[str]) -> bool:
    """A row whose numbers are replaced by one text (the suppression marker): only the first two cells have
    text, so the second may span the rest."""
    return len(row) > 2 and bool(row[1]) and not any(row[2:])


@dataclass(frozen=True, eq=False)
class Chart:
    """A figure with its words and its data table."""

    key: str
    title: str
    caption: str
    alt: str
    figure: Figure
    table: Table
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------------
# what a chart reads from the questionnaire and the report


def dimension_ids(q: Questionnaire) -> list[str]:
    """The dimensions employees answer, in questionnaire order."""
    return [d.id for d in q.dimensions if q.dimension_items(d.id, "employee")]


def dimension_name(q: Questionnaire, dim_id: str, lang: Lang) -> str:
    """The dimension's name in ``lang``; its id when ``q`` has no such dimension (a plan of approach may name
    one of an earlier version of the questionnaire)."""
    try:
        return localise(q.dimension(dim_id).name, lang)
    except KeyError:
        return dim_id


def scale_bounds(q: Questionnaire) -> tuple[int, int]:
    """The lowest and highest point of the employees' scales: the x range of the means."""
    scales = [q.scales[item.scale] for item in q.items_for("employee")]
    return min(s.min for s in scales), max(s.max for s in scales)


def wave_dimension(wave: WaveResults | None, dim_id: str) -> DimensionStats | None:
    """The employees' shown result on one dimension in ``wave``, or None."""
    if wave is None:
        return None
    total = wave.employee_total
    if not isinstance(total, GroupResult):
        return None
    dim = total.dimensions.get(dim_id)
    return dim if isinstance(dim, DimensionStats) else None


# ---------------------------------------------------------------------------------------------------
# table cells


def drawn(value: float, digits: int = 2) -> float:
    """``value`` as its table cell prints it (``digits`` decimals: means, differences, g and their
    intervals), to draw: a chart carries no more precision than its table. (An SVG keeps a bar's exact
    length; a reader could otherwise take from the picture what the rounded table does not give.)"""
    return float(f"{value:.{digits}f}")


def drawn_percent(value: float) -> float:
    """A percentage as its table cell prints it (whole points, :func:`reports.text.percent`), to draw."""
    return drawn(value, 0)


def ci_text(ci: Interval | None, lang: Lang, digits: int = 2) -> str:
    """An interval as a cell, empty when there is none (fewer than 10 responses)."""
    return "" if ci is None else interval(ci.low, ci.high, lang, digits)


def level_text(lvl: str, lang: Lang) -> str:
    """The anonymity level of a shown result in words: indicative or full."""
    return t("level_indicative", lang) if lvl == "indicative" else t("level_full", lang)


def indicative_note(lang: Lang, threshold: int) -> str:
    """The note under a chart with indicative results: from how many responses a result is shown, and
    from how many with intervals (:func:`scoring.anonymity.statistics_min`)."""
    stats_min = anonymity.statistics_min(threshold)
    return t("indicative_note", lang, low=threshold, high=stats_min - 1, high_plus=stats_min)


def table_rows(rows: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Rows as the tuples a :class:`Table` holds."""
    return tuple(tuple(r) for r in rows)


def clipped(*results: Any) -> bool:
    """Whether any of ``results`` (results with ``notes``, or None) has an interval cut at what is possible
    (:data:`scoring.results.NOTE_CLIPPED`): its table then gets :func:`clipped_note`."""
    return any(NOTE_CLIPPED in getattr(r, "notes", {}).values() for r in results)


def clipped_note(lang: Lang) -> str:
    """The note under a table where an interval was cut at the scale's bounds or the largest difference."""
    return t("clipped_note", lang)
