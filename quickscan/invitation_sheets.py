"""Printable invitation sheets: 8 cards per A4 page, each with one survey link as a QR code, and for whoever
cannot scan it, where to type the link's short code (:mod:`quickscan.short_codes`): ``quickscan.example.nl/s``
and ``7KQM-4RXT-2PGH``, twelve characters instead of a 67-character link.

The QR code (segno's symbol, computed fast by :mod:`quickscan.qr_codes`) is drawn as one vector path, so it
stays sharp on any printer. What every card shares (its border, title, company, instructions and note) is
drawn once as a PDF form and placed on each card; only the QR code and the short code differ. A sheet of
1,000 links takes about a second (docs/performance.md, ``benchmarks/qr_sheets.py``). Output is
deterministic (reportlab's ``invariant`` mode): the same invitations give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from . import qr_codes, short_codes

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


def _qr(canvas: Canvas, matrix: qr_codes.Modules, x: float, y: float, size: float) -> None:
    """Draw the QR code ``matrix`` with its lower left corner at (x, y): one path of its dark modules."""
    modules = len(matrix) + 8  # the quiet zone of 4 modules on each side
    unit = size / modules
    canvas.saveState()
    canvas.transform(unit, 0, 0, -unit, x + 4 * unit, y + size - 4 * unit)  # module units, first row on top
    canvas.setFillColorRGB(0, 0, 0)
    canvas.addLiteral(qr_codes.pdf_path(matrix))
    canvas.restoreState()


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
    qr_size = 34 * mm
    text_x = 5 * mm + qr_size + 3 * mm
    fallbacks = [typed(url) for url in urls]
    symbols = qr_codes.modules_of_many(urls)
    forms: dict[str | None, str] = {}  # the address to type the code at (None: no code) -> the card's form

    def card_form(address: str | None) -> None:
        """Draw the form with everything a card shows but its QR code and code or link (before any page:
        reportlab makes a form of what was drawn since the last page)."""
        name = f"card{len(forms)}"
        canvas.beginForm(name, lowerx=0, lowery=0, upperx=card_w, uppery=card_h)
        canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
        canvas.setDash(3, 3)
        canvas.rect(0, 0, card_w, card_h, stroke=1, fill=0)
        canvas.setDash()
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont("Helvetica-Bold", 11)
        canvas.drawString(5 * mm, card_h - 9 * mm, title)
        canvas.setFont("Helvetica", 9)
        canvas.drawString(5 * mm, card_h - 14 * mm, company[:48])
        sentence = f"{scan} {type_code.format(address=address)}" if address is not None else f"{scan} {type_link}"
        canvas.setFont("Helvetica", 8)
        for j, line in enumerate(_wrap_words(sentence, 32)):
            canvas.drawString(text_x, card_h - 21 * mm - j * 3.6 * mm, line)
        canvas.setFont("Helvetica-Oblique", 6.5)
        for j, line in enumerate(_wrap_words(note, 44)):
            canvas.drawString(text_x, 12 * mm - j * 3 * mm, line)
        canvas.endForm()
        forms[address] = name

    for fallback in fallbacks:
        if (fallback[0] if fallback else None) not in forms:
            card_form(fallback[0] if fallback else None)
    for start in range(0, max(len(urls), 1), per_page):
        for i, url in enumerate(urls[start : start + per_page]):
            col, row = i % COLUMNS, i // COLUMNS
            x = margin + col * card_w
            y = page_h - margin - (row + 1) * card_h
            fallback = fallbacks[start + i]
            address = fallback[0] if fallback else None
            sentence = f"{scan} {type_code.format(address=address)}" if fallback else f"{scan} {type_link}"
            canvas.saveState()
            canvas.translate(x, y)
            canvas.doForm(forms[address])
            canvas.restoreState()
            _qr(canvas, symbols[start + i], x + 5 * mm, y + 6 * mm, qr_size)
            top = y + card_h - 23 * mm - len(_wrap_words(sentence, 32)) * 3.6 * mm
            canvas.setFillColorRGB(0, 0, 0)
            if fallback:
                canvas.setFont("Courier-Bold", 12)
                canvas.drawString(x + text_x, top - 3 * mm, fallback[1])
            else:
                canvas.setFont("Courier", 7)
                for j, line in enumerate(_wrap(url, 30)):
                    canvas.drawString(x + text_x, top - j * 3.2 * mm, line)
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
