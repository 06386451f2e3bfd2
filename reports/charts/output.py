"""A figure out of the report: SVG and PNG bytes, an RGB image for the PDF, and its texts as overlays.

Deterministic output: every function renders inside :func:`reports.charts.drawing.style` (fixed SVG hash
salt, no date in the metadata), so the same data gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from PIL import Image

from .drawing import style

SVG_METADATA = {"Date": None, "Creator": "Quickscan reports", "Format": None, "Type": None}


def svg_bytes(fig: Figure) -> bytes:
    """The figure as SVG; the same figure gives the same bytes (fixed hash salt, no date)."""
    buf = io.BytesIO()
    with style():
        fig.savefig(buf, format="svg", metadata=SVG_METADATA)
    return buf.getvalue()


def rgb_image(fig: Figure, dpi: float = 150.0) -> Image.Image:
    """The figure rasterised (Agg) as an RGB image, for the PDF."""
    with style():
        old = fig.get_dpi()
        fig.set_dpi(dpi)
        try:
            canvas = FigureCanvasAgg(fig)
            canvas.draw()  # type: ignore[no-untyped-call]
            width, height = canvas.get_width_height()
            rgba = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
            image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
            return image.convert("RGB")
        finally:
            fig.set_dpi(old)


def png_bytes(fig: Figure, dpi: float = 100.0) -> bytes:
    """The figure as PNG without a software or date entry (for the documentation)."""
    buf = io.BytesIO()
    with style():
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


@dataclass(frozen=True)
class Overlay:
    """A text of a chart, to be typeset over its image (positions in inches from the bottom left)."""

    x: float
    y: float
    text: str
    size: float
    ha: str
    va: str
    bold: bool
    italic: bool
    colour: str


def detach_texts(fig: Figure) -> tuple[Overlay, ...]:
    """Take the texts placed in the axes (labels, values, suppression markers) out of the figure and return
    them with their places, for the PDF to typeset as text over the image: sharper, searchable, and far
    cheaper than rasterising every glyph. Tick labels, legends and titles stay in the image."""
    out = []
    with style():
        for ax in fig.axes:
            for text in ax.texts:
                if not text.get_visible() or not text.get_text():
                    continue
                x, y = text.get_transform().transform(text.get_unitless_position())
                weight = text.get_fontweight()
                out.append(
                    Overlay(
                        x=float(x) / fig.dpi,
                        y=float(y) / fig.dpi,
                        text=text.get_text(),
                        size=float(text.get_fontsize()),
                        ha=str(text.get_horizontalalignment()),
                        va=str(text.get_verticalalignment()),
                        bold=weight == "bold" or (isinstance(weight, int | float) and weight >= 600),
                        italic=text.get_fontstyle() == "italic",
                        colour=to_hex(text.get_color()),
                    )
                )
                text.set_visible(False)
    return tuple(out)
