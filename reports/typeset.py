"""The PDF's building blocks with reportlab's Platypus: fonts, styles, escaped paragraphs, chart images,
data tables and the sections without a chart. :mod:`reports.pdf` puts them together into documents.

Text reaches reportlab's paragraph markup only through :func:`paragraph`, which escapes it: a company called
``<b>`` or ``&``, or an open answer with ``<script>``, prints as typed. Table cells that fit on one line are
drawn as plain strings (never read as markup); longer ones go through :func:`paragraph` too.

Fonts are the DejaVu files matplotlib ships: the same face as in the charts, and one that covers far more of
Unicode than the PDF core fonts. Chart texts are taken out of the figure and typeset over its raster image
(:class:`ChartImage`), so they stay sharp, searchable and copyable.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
from PIL import Image
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from .charts import Chart, Overlay, Table, detach_texts, is_group_row, is_marker_row, rgb_image
from .sections import Section

FONT = "QuickscanSans"
FONT_BOLD = "QuickscanSans-Bold"
FONT_ITALIC = "QuickscanSans-Oblique"
FONT_BOLD_ITALIC = "QuickscanSans-BoldOblique"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_FONTS_LOCK = threading.Lock()

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 2.0 * cm
MARGIN_TOP = 1.8 * cm
MARGIN_BOTTOM = 2.0 * cm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
#: Resolution of the chart images in the PDF (their texts are typeset over them, so this is for the graphics).
DPI = 125.0
CELL_SIZE = 7.5
CELL_LEADING = 9.2
CELL_PADDING = 6.0
INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#BFBFBF")
HEAD_FILL = colors.HexColor("#EDEDED")
GROUP_FILL = colors.HexColor("#F6F6F6")


def register_fonts() -> None:
    """Register matplotlib's DejaVu Sans with reportlab (once): the same face as in the charts, and one that
    covers far more of Unicode than the PDF core fonts (names may be typed in any script)."""
    with _FONTS_LOCK:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        # Binary image streams: ASCII85 (the default) is pure Python here and slower than everything else.
        rl_config.useA85 = 0
        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )


def _style(
    name: str,
    size: float,
    font: str = FONT,
    leading: float | None = None,
    colour: Any = INK,
    space_before: float = 0,
    space_after: float = 0,
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=leading or size * 1.3,
        textColor=colour,
        spaceBefore=space_before,
        spaceAfter=space_after,
        alignment=TA_LEFT,
    )


STYLES = {
    "cover_title": _style("cover_title", 24, FONT_BOLD, space_after=14),
    "cover_name": _style("cover_name", 18, FONT_BOLD, space_after=8),
    "cover_line": _style("cover_line", 11, space_after=3),
    "h1": _style("h1", 14, FONT_BOLD, space_before=4, space_after=8),
    "h2": _style("h2", 11, FONT_BOLD, space_before=8, space_after=4),
    "body": _style("body", 9.5, space_after=6),
    "caption": _style("caption", 8.5, FONT_ITALIC, colour=MUTED, space_before=4, space_after=4),
    "note": _style("note", 8.5, colour=MUTED, space_after=4),
    "cell": _style("cell", CELL_SIZE, leading=CELL_LEADING),
    "cell_head": _style("cell_head", CELL_SIZE, FONT_BOLD, leading=CELL_LEADING),
    "summary_label": _style("summary_label", 9.5, FONT_BOLD),
    "summary_text": _style("summary_text", 9.5),
    "bullet": ParagraphStyle("bullet", parent=_style("bullet_base", 9.5, space_after=3), leftIndent=12, bulletIndent=2),
}


def paragraph(text: str, style: str, bullet: str | None = None) -> Paragraph:
    """A paragraph of plain text (escaped: never read as markup), optionally with a bullet."""
    plain = escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br/>")
    return Paragraph(plain, STYLES[style], bulletText=bullet)


class ChartImage(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A chart: its rasterised graphics, scaled to fit the frame, with its texts typeset over it."""

    def __init__(
        self,
        image: Image.Image,
        figure_size: tuple[float, float],
        texts: Sequence[Overlay] = (),
        max_width: float = FRAME_WIDTH,
        max_height: float = FRAME_HEIGHT - 3 * cm,
    ):
        super().__init__()
        self.image = image
        self.texts = tuple(texts)
        fig_w, fig_h = figure_size
        self.scale = min(max_width / (fig_w * 72), max_height / (fig_h * 72))
        self.width = fig_w * 72 * self.scale
        self.height = fig_h * 72 * self.scale

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.drawImage(ImageReader(self.image), 0, 0, self.width, self.height)
        for text in self.texts:
            font = (
                (FONT_BOLD_ITALIC if text.italic else FONT_BOLD)
                if text.bold
                else (FONT_ITALIC if text.italic else FONT)
            )
            size = text.size * self.scale
            pitch = size * LINE_PITCH
            lines = text.text.split("\n")
            x = text.x * 72 * self.scale
            y = text.y * 72 * self.scale
            if text.va == "bottom":
                first = y + DESCENT * size + (len(lines) - 1) * pitch
            elif text.va == "top":
                first = y - ASCENT * size
            else:  # centre: the block of lines centred on y, each line on its cap height
                first = y + (len(lines) - 1) * pitch / 2 - CAP_HEIGHT * size / 2
            canvas.setFont(font, size)
            canvas.setFillColor(colors.HexColor(text.colour))
            draw = {"left": canvas.drawString, "right": canvas.drawRightString}.get(text.ha, canvas.drawCentredString)
            for i, line in enumerate(lines):
                draw(x, first - i * pitch, line)


#: DejaVu Sans metrics (em fractions) used to place chart texts as matplotlib does.
CAP_HEIGHT = 0.73
DESCENT = 0.236
ASCENT = 0.928
LINE_PITCH = 1.2 * 1.17  # matplotlib: line spacing 1.2 times the height of "lp"


def _widths(table: Table, total: float) -> list[float]:
    """Column widths as a browser would choose them: every column at least as wide as its longest word,
    the space left shared in proportion to how much more each column's longest cell would need."""
    pad = CELL_PADDING + 1
    minimum: list[float] = []
    natural: list[float] = []
    plain = [row for row in table.rows if not is_group_row(row) and not is_marker_row(row)]
    marked = [row for row in table.rows if is_marker_row(row)]
    for i, head in enumerate(table.header):
        # A spanning cell (the suppression marker, a group heading) does not widen its own column.
        body = plain + marked if i == 0 else plain
        cells = [(head, FONT_BOLD), *((row[i], FONT) for row in body)]
        words = [pdfmetrics.stringWidth(word, font, CELL_SIZE) for cell, font in cells for word in cell.split()]
        lines = [pdfmetrics.stringWidth(cell, font, CELL_SIZE) for cell, font in cells]
        minimum.append(max(words, default=10.0) + pad)
        natural.append(max(lines, default=10.0) + pad)
    spare = total - sum(minimum)
    if spare <= 0:
        scale = total / sum(minimum)
        return [w * scale for w in minimum]
    wanted = [n - m for n, m in zip(natural, minimum, strict=True)]
    if sum(wanted) <= spare:
        extra = (spare - sum(wanted)) / len(natural)
        return [n + extra for n in natural]
    share = spare / sum(wanted)
    return [m + w * share for m, w in zip(minimum, wanted, strict=True)]


def _cell(text: str, bold: bool, width: float) -> str | Paragraph:
    """A table cell: plain text when it fits on one line (drawn as is, never read as markup, and much
    cheaper to typeset), else an escaped paragraph that wraps."""
    font = FONT_BOLD if bold else FONT
    if "\n" not in text and pdfmetrics.stringWidth(text, font, CELL_SIZE) <= width - CELL_PADDING:
        return text
    return paragraph(text, "cell_head" if bold else "cell")


def table_flowable(table: Table, width: float = FRAME_WIDTH) -> RLTable:
    """A data table: bold header row repeated on each page, thin rules, text wrapped in its cell."""
    widths = _widths(table, width)
    data: list[list[str | Paragraph]] = [[_cell(c, True, w) for c, w in zip(table.header, widths, strict=True)]]
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for number, row in enumerate(table.rows, start=1):
        if is_group_row(row):
            # A group heading (a theme above its statements): bold, across the whole row.
            data.append([_cell(row[0], True, width), *([""] * (len(row) - 1))])
            commands.append(("SPAN", (0, number), (-1, number)))
            commands.append(("BACKGROUND", (0, number), (-1, number), GROUP_FILL))
            commands.append(("FONTNAME", (0, number), (0, number), FONT_BOLD))
        elif is_marker_row(row):
            # "te weinig reacties": one cell across the row's number columns.
            data.append(
                [_cell(row[0], False, widths[0]), _cell(row[1], False, sum(widths[1:])), *([""] * (len(row) - 2))]
            )
            commands.append(("SPAN", (1, number), (-1, number)))
        else:
            data.append([_cell(c, False, w) for c, w in zip(row, widths, strict=True)])
    out = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    out.setStyle(TableStyle(commands))
    return out


def chart_flowables(chart: Chart) -> list[Flowable]:
    """Heading, image and caption kept together, then the notes and the data table."""
    texts = detach_texts(chart.figure)
    image = ChartImage(rgb_image(chart.figure, DPI), tuple(chart.figure.get_size_inches()), texts)
    # Start a new page unless the chart and its heading fit, but never ask for more than a whole page: a chart
    # taller than that would break even at the top of a fresh page and leave it blank.
    flow: list[Flowable] = [
        CondPageBreak(min(image.height + 4 * cm, FRAME_HEIGHT - 1 * cm)),
        KeepTogether([paragraph(chart.title, "h1"), image, paragraph(chart.caption, "caption")]),
    ]
    flow.extend(paragraph(note, "note") for note in chart.notes)
    flow.append(Spacer(1, 4))
    flow.append(table_flowable(chart.table))
    flow.append(Spacer(1, 14))
    return flow


def section_flowables(section: Section) -> list[Flowable]:
    """A section without a chart: heading and paragraphs, the data table and its notes, then per block its
    heading, its sentence and its list (one bulleted paragraph per item: an open answer, an idea, an action;
    escaped), kept together where they fit on a page. The link to the plan is the app's; a PDF has none."""
    flow: list[Flowable] = [CondPageBreak(5 * cm), paragraph(section.title, "h1")]
    flow.extend(paragraph(text, "body") for text in section.paragraphs)
    if section.table is not None:
        flow.append(paragraph(section.table_title, "h2"))
        flow.append(table_flowable(section.table))
        flow.append(Spacer(1, 4))
        flow.extend(paragraph(note, "note") for note in section.notes)
    for block in section.blocks:
        part = [paragraph(block.heading, "h2")]
        if block.text:
            part.append(paragraph(block.text, "body"))
        part.extend(paragraph(item, "bullet", bullet="•") for item in block.items)
        if block.note:
            part.append(paragraph(block.note, "note"))
        flow.append(KeepTogether(part))
    flow.append(Spacer(1, 14))
    return flow
