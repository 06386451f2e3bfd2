"""The fast QR codes of the invitation sheets are segno's symbols, drawn where the cards are (issue 23, finding 14).

No QR decoder is installed here, so the reference is segno's own matrix for the same link
(``segno.make(url, error="m", micro=False)``, what the sheets drew before, module by module): the symbol of
:func:`quickscan.qr_codes.modules`, and the one rebuilt from the rectangles in the PDF, must equal it module
for module. The speed is measured in ``benchmarks/qr_sheets.py`` (docs/performance.md), not here.
"""

from __future__ import annotations

import io
import random
import re
import secrets
import string

import numpy as np
import pytest
import segno
from pypdf import PdfReader
from reportlab.lib.units import mm

from quickscan import invitation_sheets, qr_codes

RECTS = re.compile(r"((?:\d+ \d+ \d+ 1 re )+)f")
PLACED = re.compile(r"([-\d.]+) 0 0 ([-\d.]+) ([-\d.]+) ([-\d.]+) cm\s+0 0 0 rg\s+((?:\d+ \d+ \d+ 1 re )+)f")


def _segno(url: str) -> np.ndarray:
    return np.array([list(row) for row in segno.make(url, error="m", micro=False).matrix], dtype=np.uint8)


def _links(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + "-_"
    lengths = [1, 5, 20, 43, 43, 43, 60, 100, 150, 250]
    return [
        f"https://quickscan.example.nl/s/{''.join(rng.choice(alphabet) for _ in range(rng.choice(lengths)))}"
        for _ in range(n)
    ]


@pytest.mark.parametrize("seed", range(3))
def test_the_symbol_is_segnos_for_links_of_every_length(seed: int) -> None:
    versions = set()
    for url in _links(60, seed):
        reference = _segno(url)
        got = qr_codes.modules(url)
        assert got.shape == reference.shape, url
        assert (got == reference).all(), url
        versions.add(reference.shape[0])
    assert len(versions) >= 3  # several versions (sizes), so several layouts and masks are met


def test_every_mask_is_chosen_somewhere() -> None:
    """The mask choice (the penalty rules) is what the numpy code re-does: over many links, segno picks
    each of the 8 masks, and the symbols still agree."""
    masks = set()
    for url in [f"https://quickscan.example.nl/s/{secrets.token_urlsafe(32)}" for _ in range(150)]:
        code = segno.make(url, error="m", micro=False)
        masks.add(code.mask)
        assert (qr_codes.modules(url) == _segno(url)).all(), url
    assert masks == set(range(8))


def _rebuilt(rects: str, size: int) -> np.ndarray:
    out = np.zeros((size, size), dtype=np.uint8)
    for c, r, w in re.findall(r"(\d+) (\d+) (\d+) 1 re", rects):
        out[int(r), int(c) : int(c) + int(w)] = 1
    return out


def test_the_sheet_draws_each_links_symbol_on_its_card() -> None:
    urls = [f"https://quickscan.example.nl/s/{secrets.token_urlsafe(32)}" for _ in range(11)]
    reader = PdfReader(io.BytesIO(invitation_sheets.sheet("Bakkerij", urls, "nl")))
    assert len(reader.pages) == 2  # 8 cards per page
    drawn = []
    for page in reader.pages:
        drawn += PLACED.findall(page.get_contents().get_data().decode("latin-1"))
    assert len(drawn) == len(urls)
    for (sx, sy, tx, ty, rects), url in zip(drawn, urls, strict=True):
        reference = _segno(url)
        size = reference.shape[0]
        assert (_rebuilt(rects, size) == reference).all(), url
        unit = 34 * mm / (size + 8)  # 34 mm with a quiet zone of 4 modules on each side
        assert float(sx) == pytest.approx(unit, abs=1e-3) and float(sy) == pytest.approx(-unit, abs=1e-3)
        assert 0 < float(tx) < 595 and 0 < float(ty) < 842  # on the A4 page


def test_a_sheet_of_1000_links_has_every_card_and_code() -> None:
    urls = [f"https://quickscan.example.nl/s/{secrets.token_urlsafe(32)}" for _ in range(1000)]
    pdf = invitation_sheets.sheet("Bakkerij", urls, "nl")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 125
    last = reader.pages[-1]
    assert len(RECTS.findall(last.get_contents().get_data().decode("latin-1"))) == 8
    fallback = invitation_sheets.typed(urls[-1])
    assert fallback is not None and fallback[1] in last.extract_text()
