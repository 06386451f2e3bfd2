"""QR codes for invitation sheets, fast enough for a sheet of 1,000 links (issue 23, finding 14).

:func:`modules` gives the same symbol as ``segno.make(url, error="m", micro=False)``: the same version,
error level (raised when it fits, as segno does), data mask and modules. segno encodes the data and adds the
format information; what took 80 % of its time is done here with numpy: placing the codewords (the order of
the modules depends only on the version, so it is computed once per version) and choosing the data mask
(segno applies each of the 8 masks and scores it module by module in Python; here each mask is one array
operation and the penalty rules N1, N2 and N4 are array sums, scored exactly as segno scores them).
``tests/app/test_invitation_sheets.py`` compares the result with segno's own matrix for many links.

:func:`pdf_path` turns the modules into one compact PDF path (a rectangle per horizontal run of dark
modules, in whole module units), instead of one ``canvas.rect`` per module.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from segno import encoder as _segno_encoder

Modules = npt.NDArray[np.uint8]
#: Symbols whose masks are scored together: about 20 MB of arrays for version 5, whatever the sheet's size.
CHUNK = 100
#: segno's encoder functions (internal to segno, untyped); the tests compare the result with ``segno.make``.
encoder: Any = _segno_encoder


def modules(url: str) -> Modules:
    """The modules of the QR code of ``url`` (1 = dark), without the quiet zone: segno's symbol for
    ``segno.make(url, error="m", micro=False)``."""
    return modules_of_many([url])[0]


def modules_of_many(urls: Sequence[str]) -> list[Modules]:
    """:func:`modules` of each of ``urls``, the masks of all symbols of one version chosen together (a
    sheet's links have one length, so one version: a few array operations for the whole sheet)."""
    encoded = [_codewords(url) for url in urls]
    out: list[Modules | None] = [None] * len(urls)
    for version in {version for version, _, _ in encoded}:
        which = [k for k, (v, _, _) in enumerate(encoded) if v == version]
        functions, rows, cols, data, masks = _layout(version)
        matrices = np.repeat(functions[np.newaxis], len(which), axis=0)
        for n, k in enumerate(which):
            bits = encoded[k][2]
            matrices[n, rows[: bits.size], cols[: bits.size]] = bits
        chosen = np.concatenate(
            [_best_masks(matrices[i : i + CHUNK], data, masks) for i in range(0, len(which), CHUNK)]
        )
        for n, k in enumerate(which):
            masked = matrices[n] ^ (masks[chosen[n]] & data)
            symbol = tuple(bytearray(row.tobytes()) for row in masked)
            encoder.add_format_info(symbol, version, encoded[k][1], chosen[n])
            encoder.add_version_info(symbol, version)
            out[k] = np.frombuffer(b"".join(symbol), dtype=np.uint8).reshape(masked.shape).copy()
    return [m for m in out if m is not None]


def _codewords(url: str) -> tuple[int, int, npt.NDArray[np.uint8]]:
    """segno's version, error level (raised when it fits) and final message bits for ``url``."""
    segments = encoder.prepare_data(url, None, None)
    version = encoder.find_version(segments, encoder.consts.ERROR_LEVEL_M, eci=False, micro=False)
    error = encoder.boost_error_level(version, encoder.consts.ERROR_LEVEL_M, segments, False)
    buff = encoder.Buffer()
    ver_range = encoder.version_range(version)
    for segment in segments:
        encoder.write_segment(buff, segment, None, ver_range, False)
    capacity = encoder.consts.SYMBOL_CAPACITY[version][error]
    encoder.write_terminator(buff, capacity, None, len(buff))
    encoder.write_padding_bits(buff, version, len(buff))
    encoder.write_pad_codewords(buff, version, capacity, len(buff))
    bits = np.frombuffer(bytes(encoder.make_final_message(version, error, buff)), dtype=np.uint8)
    return version, error, bits


@lru_cache(maxsize=8)
def _layout(
    version: int,
) -> tuple[Modules, npt.NDArray[np.intp], npt.NDArray[np.intp], Modules, Modules]:
    """For a QR code ``version``: the function patterns (0x2 where data goes), the rows and columns of the
    data modules in the order the bits are placed (segno's ``add_codewords``), the data region (1 where a
    mask applies) and the 8 mask patterns."""
    size = encoder.calc_matrix_size(version)
    blank = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(blank, size, size)
    encoder.add_alignment_patterns(blank, size, size)
    functions = np.array([list(row) for row in blank], dtype=np.uint8)
    order: list[tuple[int, int]] = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(size):
            for z in range(2):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = (size - 1 - vertical) if upwards else vertical
                if functions[i, j] == 0x2:
                    order.append((i, j))
    rows = np.array([i for i, _ in order], dtype=np.intp)
    cols = np.array([j for _, j in order], dtype=np.intp)
    region = functions > 0x1
    region[-8, 8] = False  # the dark module
    i, j = np.indices((size, size))
    masks = np.array([np.vectorize(fn)(i, j) for fn in encoder.get_data_mask_functions(False)], dtype=np.uint8).reshape(
        8, size, size
    )
    return functions, rows, cols, region.astype(np.uint8), masks


def _best_masks(matrices: Modules, data: Modules, masks: Modules) -> npt.NDArray[np.intp]:
    """For each of ``matrices`` (symbols of one version, before masking), the data mask with the lowest
    penalty (the first on a tie), as segno's ``find_and_apply_best_mask`` chooses it: before the format
    information is added (its modules are 0). All symbols x 8 masks are scored at once; the rows and the
    columns of each are its lines."""
    candidates = matrices[:, np.newaxis] ^ (masks & data)[np.newaxis]  # (symbols, 8, size, size)
    n, k, size, _ = candidates.shape
    flat = candidates.reshape(n * k, size, size)
    lines = np.concatenate([flat, flat.transpose(0, 2, 1)], axis=1)  # (symbols * 8, 2 * size, size)
    score = _n1(lines) + _n2(flat) + _n3(lines) + _n4(flat)
    return np.asarray(np.argmin(score.reshape(n, k), axis=1), dtype=np.intp)  # argmin: the first on a tie


def _n1(lines: Modules) -> npt.NDArray[np.int64]:
    """N1 per symbol: each run of 5 or more modules of one colour in a line costs its length minus 2.

    Counted without finding the runs: a run of length L >= 5 holds L - 4 windows of 5 equal modules, one
    of which starts where the run starts, so the cost L - 2 is (windows of 5) + 2 x (those at a run's start).
    """
    same = lines[:, :, 1:] == lines[:, :, :-1]  # same[..., t]: module t + 1 has the colour of module t
    five = same[:, :, :-3] & same[:, :, 1:-2] & same[:, :, 2:-1] & same[:, :, 3:]  # modules i..i+4 alike
    starts = five[:, :, 1:] & ~same[:, :, : five.shape[2] - 1]  # ... and module i - 1 differs
    per_symbol = five.sum(axis=(1, 2), dtype=np.int64) + 2 * five[:, :, 0].sum(axis=1, dtype=np.int64)
    return np.asarray(per_symbol + 2 * starts.sum(axis=(1, 2), dtype=np.int64), dtype=np.int64)


def _n2(symbols: Modules) -> npt.NDArray[np.int64]:
    """N2 per symbol: 3 for each 2 x 2 block of one colour."""
    m = symbols
    corner = m[:, 1:, 1:]
    same = (corner == m[:, 1:, :-1]) & (corner == m[:, :-1, 1:]) & (corner == m[:, :-1, :-1])
    return np.asarray(3 * same.sum(axis=(1, 2)), dtype=np.int64)


def _n3(lines: Modules) -> npt.NDArray[np.int64]:
    """N3 per symbol: 40 for each 1:1:3:1:1 pattern in a line at either end of it or with 4 light modules
    on a side, found as segno finds them (``bytes.find`` from the left; after a counted pattern the search
    resumes behind it, else 4 modules on, so a pattern overlapping a counted one is skipped). Patterns are
    few, so they are judged where they are found."""
    n_symbols, n_lines, size = lines.shape
    width = size - 6
    dark = lines.astype(np.bool_)
    found = dark[:, :, 0:width] & dark[:, :, 2 : 2 + width] & dark[:, :, 3 : 3 + width]
    found &= dark[:, :, 4 : 4 + width] & dark[:, :, 6 : 6 + width]
    found &= ~dark[:, :, 1 : 1 + width] & ~dark[:, :, 5 : 5 + width]
    sym, line, pos = np.nonzero(found)  # in order: by symbol, line, then position
    sums = np.zeros((n_symbols, n_lines, size + 1), dtype=np.int32)
    np.cumsum(dark, axis=2, out=sums[:, :, 1:])
    before = sums[sym, line, pos] - sums[sym, line, np.maximum(pos - 4, 0)]
    after = sums[sym, line, np.minimum(pos + 11, size)] - sums[sym, line, pos + 7]
    counts = (pos == 0) | (pos == size - 7) | (before == 0) | (after == 0)
    # A pattern within 6 modules of the previous one in its line may be skipped (segno resumes 7 behind a
    # counted one, 4 behind another): those few are followed one by one, the rest count as found.
    close = np.zeros(pos.size, dtype=np.bool_)
    close[1:] = (sym[1:] == sym[:-1]) & (line[1:] == line[:-1]) & (pos[1:] - pos[:-1] < 7)
    counted = counts.copy()
    resume = -1
    for k in np.flatnonzero(close | np.roll(close, -1)).tolist():
        if not close[k]:
            resume = -1  # the first of a close group is always reached
        if pos[k] < resume:
            counted[k] = False
            continue
        resume = int(pos[k]) + (7 if counts[k] else 4)
    return 40 * np.bincount(sym[counted], minlength=n_symbols).astype(np.int64)


def _n4(symbols: Modules) -> npt.NDArray[np.int64]:
    """N4 per symbol: 10 for each full 5 % that the share of dark modules differs from 50 % (the same
    float operations as segno's, in float64 like Python's)."""
    size = symbols.shape[1]
    percent = symbols.sum(axis=(1, 2), dtype=np.int64).astype(np.float64) / (size**2)
    return np.asarray(10 * np.floor(np.abs(percent * 100 - 50) / 5), dtype=np.int64)


def pdf_path(matrix: Modules) -> str:
    """PDF operators that fill the dark modules of ``matrix``, one rectangle per horizontal run, in module
    units with the first row at the top (draw it with a transform that maps a module to its size)."""
    size = matrix.shape[1]
    padded = np.zeros((matrix.shape[0], size + 2), dtype=np.int8)
    padded[:, 1:-1] = matrix
    edges = np.diff(padded, axis=1)
    r_start, c_start = np.nonzero(edges == 1)
    _, c_end = np.nonzero(edges == -1)  # row-major, so the ends pair with the starts
    parts = [
        f"{c} {r} {e - c} 1 re" for r, c, e in zip(r_start.tolist(), c_start.tolist(), c_end.tolist(), strict=True)
    ]
    return " ".join(parts) + " f"
