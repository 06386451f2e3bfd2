"""Drawing on a report figure: the palette, the settings, and the helpers every chart builder uses.

Figures are created and rendered inside :func:`style` (a lock plus ``matplotlib.rc_context``) so that
reports rendered in threads of one server do not step on each other's settings. Axes are placed by margins
in inches (:func:`place_axes`), row labels are plain texts (:func:`ylabels`) and bars one collection per
colour (:func:`hbars`): a fixed layout that is cheaper and steadier than a layout engine.
"""

from __future__ import annotations

import textwrap
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
GREY = "#8C8C8C"
LIGHT_GREY = "#D9D9D9"
NEUTRAL = "#BDBDBD"
EMPLOYEE_COLOUR = OKABE_ITO["blue"]
MANAGER_COLOUR = OKABE_ITO["vermillion"]
BASELINE_COLOUR = OKABE_ITO["orange"]
ENDLINE_COLOUR = OKABE_ITO["blue"]
WITH_PLAN_COLOUR = OKABE_ITO["blue"]
WORKING_COLOUR = OKABE_ITO["bluish_green"]
REGION_COLOUR = OKABE_ITO["vermillion"]

#: Width of a report figure in inches (fits A4 with 2 cm margins at 100 %).
WIDTH = 6.7

#: matplotlib settings for every report figure. ``svg.hashsalt`` makes the SVG ids fixed. SVG text stays
#: text (``svg.fonttype: none``): a third of the bytes of glyph paths, real text a browser scales and a reader
#: can select, in DejaVu Sans where the reader has it, else a narrower sans-serif (labels are wrapped for
#: DejaVu Sans, one of the widest, so they fit in the others too).
RC: dict[Any, Any] = {
    "svg.hashsalt": "quickscan-reports",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Verdana", "Arial", "Helvetica"],
    "font.size": 8.5,
    "axes.titlesize": 9.5,
    "axes.labelsize": 8.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "xtick.color": "#444444",
    "ytick.color": "#222222",
    "text.parse_math": False,
    "hatch.color": "#FFFFFF",
    "hatch.linewidth": 1.0,
    # No font hinting: glyphs keep their shapes at the low resolutions of the PDF images, and render faster.
    "text.hinting": "no_hinting",
}

_LOCK = threading.RLock()


@contextmanager
def style() -> Iterator[None]:
    """Report settings for creating and rendering figures, one thread at a time.

    Missing-glyph warnings (a region name in a script DejaVu Sans lacks) are not errors for a report.
    """
    with _LOCK, matplotlib.rc_context(RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        yield


#: Left margin (inches) for dimension names wrapped to 26 characters on two lines.
NAME_MARGIN = 1.85


@dataclass(frozen=True)
class Layout:
    """How a chart is laid out for where it is read. Each builder draws in inches and points; a layout scales
    its label margins, characters per label line and row heights, sets the figure's width and the smallest
    font, and may leave out what the chart's table right under it says anyway (``compact``).

    A chart's text is ``min_font`` points at least; an SVG of ``width`` inches shown at its own size (the
    app's stylesheet never enlarges it) shows 1 pt as 4/3 CSS px, so 8.5 pt is 11.3 CSS px.
    """

    width: float = WIDTH
    margin: float = 1.0
    chars: float = 1.0
    lines: int = 0
    rows: float = 1.0
    min_font: float = 0.0
    compact: bool = False

    def wrap(self, text: str, width: int, max_lines: int = 3) -> str:
        """:func:`wrap` for this layout: ``width`` characters and ``max_lines`` as drawn for print."""
        return wrap(text, max(8, round(width * self.chars)), max_lines + self.lines)


#: The PDF: 6.7 inches (A4 with 2 cm margins at 100 %), fonts from 6.5 pt.
PRINT = Layout()
#: A wide screen: the print layout with no text under 8.5 pt (11.3 CSS px at its own size, 643 px wide).
SCREEN = Layout(chars=0.88, rows=1.1, min_font=8.5)
#: A phone: 3.3 inches (317 CSS px, the content width of a 360 px screen), no text under 8.5 pt (11.3 px),
#: labels on narrower margins and more lines, taller rows, and what the table says anyway left out.
PHONE = Layout(width=3.3, margin=0.68, chars=0.55, lines=1, rows=1.35, min_font=8.5, compact=True)


def floor_fonts(fig: Figure, size: float) -> None:
    """No text of ``fig`` smaller than ``size`` points (tick labels, legends and titles included)."""
    if size <= 0:
        return
    for ax in fig.axes:
        ax.tick_params(labelsize=size)
    for text in fig.findobj(Text):
        if isinstance(text, Text) and float(text.get_fontsize()) < size:
            text.set_fontsize(size)


def wrap(text: str, width: int, max_lines: int = 3) -> str:
    """Wrap ``text`` for a tick label; longer text is cut with an ellipsis (the table has it in full)."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
    return "\n".join(lines)


def place_axes(fig: Figure, left: float, right: float, top: float, bottom: float, width: float | None = None) -> Axes:
    """Axes placed by margins in inches (a fixed layout: cheaper and steadier than a layout engine).
    ``width`` in inches overrides ``right``."""
    fig_w, fig_h = fig.get_size_inches()
    w = width if width is not None else fig_w - left - right
    return fig.add_axes((left / fig_w, bottom / fig_h, w / fig_w, (fig_h - top - bottom) / fig_h))


def put_marker(ax: Axes, x: float, y: float, text: str, fontsize: float = 7.5) -> None:
    """The suppression (or "no data") words at ``(x, y)`` in data coordinates."""
    ax.text(x, y, text, va="center", ha="left", fontsize=fontsize, color="#555555", style="italic", gid="suppressed")


def ylabels(
    ax: Axes,
    ys: Sequence[float],
    labels: Sequence[str],
    fontsize: float = 8.0,
    bold: Sequence[bool] | None = None,
    pad: float = 0.06,
    left: float | None = None,
) -> None:
    """Row labels left of the axes, as plain texts (``ha="right"`` at ``pad`` inches from the axes, or
    ``ha="left"`` at ``left`` inches from it): unlike tick labels, their places are known before drawing,
    so the PDF can typeset them itself (:func:`detach_texts`)."""
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    offset = ScaledTranslation(-(left if left is not None else pad), 0, fig.dpi_scale_trans)
    transform = blended_transform_factory(ax.transAxes, ax.transData) + offset
    ax.set_yticks([])  # no tick objects: they cost more to make than the labels
    for i, (y, label) in enumerate(zip(ys, labels, strict=True)):
        if label:
            ax.text(
                0,
                y,
                label,
                transform=transform,
                ha="left" if left is not None else "right",
                va="center",
                fontsize=fontsize,
                fontweight="bold" if bold is not None and bold[i] else "normal",
                clip_on=False,
                gid="label",
            )


def draw_whiskers(
    ax: Axes,
    ys: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    colour: str,
    cap: float = 0.1,
    width: float = 1.0,
) -> None:
    """Interval whiskers with end caps, drawn in three calls for all rows at once."""
    if not ys:
        return
    ax.hlines(ys, lows, highs, colors=colour, linewidth=width, zorder=2)
    ymin = [y - cap for y in ys]
    ymax = [y + cap for y in ys]
    ax.vlines(lows, ymin, ymax, colors=colour, linewidth=width, zorder=2)
    ax.vlines(highs, ymin, ymax, colors=colour, linewidth=width, zorder=2)


def hbars(
    ax: Axes,
    ys: Sequence[float],
    lefts: Sequence[float],
    widths: Sequence[float],
    height: float,
    colour: str,
    edge: str | None = None,
    hatch: str | None = None,
    gid: str | None = None,
) -> PolyCollection:
    """Horizontal bars as one collection (``barh`` makes a patch per bar, which costs far more to draw).

    Bar ``i`` spans ``lefts[i]`` to ``lefts[i] + widths[i]`` around ``ys[i]``; tests read them back from
    the collection's paths. The axes' limits are set by the caller.
    """
    half = height / 2.0
    verts = [
        [(x, y - half), (x + w, y - half), (x + w, y + half), (x, y + half)]
        for y, x, w in zip(ys, lefts, widths, strict=True)
    ]
    bars = PolyCollection(
        verts, facecolors=colour, edgecolors=edge or colour, linewidths=0.5 if edge else 0.3, hatch=hatch, zorder=2
    )
    bars.set_gid(gid)
    ax.add_collection(bars, autolim=False)
    return bars


def x_grid(ax: Axes) -> None:
    """Faint vertical grid lines behind the data, and no y ticks (rows are labelled by :func:`ylabels`)."""
    ax.grid(axis="x", color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
