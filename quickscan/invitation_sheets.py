"""Printable invitation sheets: 8 cards per A4 page, each with one survey link as a QR code, and for whoever
cannot scan it, where to type the link's short code (:mod:`quickscan.short_codes`): ``quickscan.example.nl/s``
and ``7KQM-4RXT-2PGH``, twelve characters instead of a 67-character link.

The QR code (segno) is drawn as vector squares, so it stays sharp on any printer. Output is deterministic
(reportlab's ``invariant`` mode): the same invitations give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from . import short_codes

COLUMNS, ROWS = 2, 4
TEXTS = {
    "nl": (
        "Vragenlijst leercultuur",
        "Scan de QR-code met de camera van je telefoon.",
        "Of ga naar {address} en typ deze code:",
        "of typ deze link over:",
        "Deze link is alleen voor jou en werkt één keer. Je antwoorden zijn anoniem.",
    ),
    "en": (
        "Learning culture survey",
        "Scan the QR code with your phone's camera.",
        "Or go to {address} and type this code:",
        "or type this link:",
        "This link is for you only and works once. Your answers are anonymous.",
    ),
}


def typed(url: str) -> tuple[str, str] | None:
    """Where to type the short code of the survey link ``url``, and the code: ``("scan.example.nl/s",
    "7KQM-4RXT-2PGH")``; None when the link has none."""
    origin, _, token = url.partition("/s/")
    code = short_codes.code_of(token) if token else None
    if code is None:
        return None
    return origin.split("://", 1)[-1] + "/s", code


def _qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw the QR code of ``url`` with its lower left corner at (x, y)."""
    matrix = segno.make(url, error="m", micro=False).matrix
    modules = len(matrix) + 8  # the quiet zone of 4 modules on each side
    unit = size / modules
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                canvas.rect(x + (c + 4) * unit, y + size - (r + 5) * unit, unit, unit, stroke=0, fill=1)


def _wrap(text: str, width: int) -> list[str]:
    """Split a long link into lines of ``width`` characters (links have no spaces to break at)."""
    return [text[i : i + width] for i in range(0, len(text), width)]


def sheet(company: str, urls: Sequence[str], lang: str = "nl") -> bytes:
    """A PDF with one card per URL."""
    title, scan, type_code, type_link, note = TEXTS.get(lang, TEXTS["nl"])
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.setTitle(f"{title}: {company}")
    canvas.setAuthor("Quickscan")
    page_w, page_h = A4
    margin = 10 * mm
    card_w = (page_w - 2 * margin) / COLUMNS
    card_h = (page_h - 2 * margin) / ROWS
    per_page = COLUMNS * ROWS
    for start in range(0, max(len(urls), 1), per_page):
        for i, url in enumerate(urls[start : start + per_page]):
            col, row = i % COLUMNS, i // COLUMNS
            x = margin + col * card_w
            y = page_h - margin - (row + 1) * card_h
            canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
            canvas.setDash(3, 3)
            canvas.rect(x, y, card_w, card_h, stroke=1, fill=0)
            canvas.setDash()
            canvas.setFillColorRGB(0, 0, 0)
            canvas.setFont("Helvetica-Bold", 11)
            canvas.drawString(x + 5 * mm, y + card_h - 9 * mm, title)
            canvas.setFont("Helvetica", 9)
            canvas.drawString(x + 5 * mm, y + card_h - 14 * mm, company[:48])
            qr_size = 34 * mm
            _qr(canvas, url, x + 5 * mm, y + 6 * mm, qr_size)
            text_x = x + 5 * mm + qr_size + 3 * mm
            fallback = typed(url)
            sentence = f"{scan} {type_code.format(address=fallback[0])}" if fallback else f"{scan} {type_link}"
            canvas.setFont("Helvetica", 8)
            lines = _wrap_words(sentence, 32)
            for j, line in enumerate(lines):
                canvas.drawString(text_x, y + card_h - 21 * mm - j * 3.6 * mm, line)
            top = y + card_h - 23 * mm - len(lines) * 3.6 * mm
            if fallback:
                canvas.setFont("Courier-Bold", 12)
                canvas.drawString(text_x, top - 3 * mm, fallback[1])
            else:
                canvas.setFont("Courier", 7)
                for j, line in enumerate(_wrap(url, 30)):
                    canvas.drawString(text_x, top - j * 3.2 * mm, line)
            canvas.setFont("Helvetica-Oblique", 6.5)
            for j, line in enumerate(_wrap_words(note, 44)):
                canvas.drawString(text_x, y + 12 * mm - j * 3 * mm, line)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _wrap_words(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
