"""Split a CSV into its header and columns; a column is its distinct cell texts and, per row, which one.

A responses file holds a handful of distinct texts per column (``1`` to ``5``, ``dk``, empty) in up to
hundreds of thousands of rows, and what costs is touching every cell in Python. A file without quotes
(what spreadsheets and survey tools write for answers) is split with numpy on its bytes: every delimiter and
line end is found at once, and each cell's bytes are packed into one integer, so equal texts get equal
numbers without a Python loop over the cells. A file with quotes, where a field may hold a delimiter or a
line break, goes through Python's ``csv`` module. Both give the same :class:`Table` (rows numbered as a
spreadsheet shows them: the header is row 1); ``tests/scoring/test_scoring_csvsplit.py`` compares them on
generated files. :mod:`scoring.csvio` decides what the texts mean.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

IdArray = npt.NDArray[np.intp]
PositionArray = npt.NDArray[np.integer[Any]]

#: Texts are encoded and decoded with this error handler, so a text holding a lone surrogate (which no
#: file read as UTF-8 has, but a ``str`` given to :func:`split` may) survives the way through bytes.
_ERRORS = "surrogatepass"
#: Cells of up to this many bytes are packed into one integer: the length in the top byte, the bytes below.
_PACKED = 7
_CHUNK = 1 << 20


class SplitError(Exception):
    """The text is not readable as CSV (a quoting error); ``row`` is where the reader stopped."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row = row


@dataclass(frozen=True, eq=False)
class Column:
    """One column: cell ``i`` (of the rows kept) is ``texts[ids[i]]``; the texts are distinct."""

    ids: IdArray
    texts: list[str]

    def cells(self) -> list[str]:
        """Every cell's text, row by row."""
        texts = self.texts
        return [texts[i] for i in self.ids.tolist()]


class Table:
    """A split file: the header cells (as written), the rows that have as many cells as the header, and
    the rows that do not (``ragged``: row number and cell count; lines without any text are left out).
    A column is made when it is first asked for: most files have columns no one reads."""

    def __init__(
        self,
        header: list[str],
        row_numbers: list[int],
        ragged: list[tuple[int, int]],
        make_column: Callable[[int], Column],
    ) -> None:
        self.header = header
        self.row_numbers = row_numbers
        self.ragged = ragged
        self._make_column = make_column
        self._columns: dict[int, Column] = {}

    @property
    def n(self) -> int:
        return len(self.row_numbers)

    def column(self, j: int) -> Column:
        """Column ``j`` (0 is the first)."""
        if j not in self._columns:
            self._columns[j] = self._make_column(j)
        return self._columns[j]


def split(text: str, delimiter: str) -> Table:
    """Split ``text`` (a whole CSV file without its byte-order mark; the first line holds the header) at
    ``delimiter``, a one-character ASCII separator. Raises :class:`SplitError` for text that is not CSV."""
    if '"' not in text and "\0" not in text:
        raw = text.encode("utf-8", _ERRORS)
        if raw.count(b"\r") == raw.count(b"\r\n"):
            return _split_bytes(raw, delimiter)
    return _split_with_csv(text, delimiter)


def split_bytes(raw: bytes, delimiter: str) -> Table:
    """:func:`split` for a file's bytes, UTF-8 (the caller has checked) without the byte-order mark."""
    # A quote may hide a delimiter or line break, and a lone CR ends a line for the csv module: its way.
    if b'"' in raw or b"\0" in raw or (b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n")):
        return _split_with_csv(raw.decode("utf-8", _ERRORS), delimiter)
    return _split_bytes(raw, delimiter)


def _split_with_csv(text: str, delimiter: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise SplitError(reader.line_num, f"not readable as CSV: {exc}") from None
    header = records[0] if records else []
    width = len(header)
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    ragged: list[tuple[int, int]] = []
    for number, row in enumerate(records[1:], start=2):  # row r of the file is records[r - 1]
        if len(row) == width:
            rows.append(row)
            row_numbers.append(number)
        elif row and not (len(row) == 1 and not row[0].strip()):  # not an empty line
            ragged.append((number, len(row)))
    cells: list[tuple[str, ...]] = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    return Table(header, row_numbers, ragged, lambda j: _distinct_texts(cells[j]))


def _distinct_texts(cells: Sequence[str]) -> Column:
    number: dict[str, int] = {}
    ids = np.fromiter((number.setdefault(cell, len(number)) for cell in cells), dtype=np.intp, count=len(cells))
    return Column(ids, list(number))


def _split_bytes(raw: bytes, delimiter: str) -> Table:
    """The numpy way, for text without quotes or lone carriage returns: every line is one record."""
    size = len(raw)
    data = np.frombuffer(raw, dtype=np.uint8)
    newlines, delimiters = _positions(data, (ord("\n"), ord(delimiter)))
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [size]))
    if b"\r" in raw:  # every CR is followed by LF: not part of the line
        ends -= (ends > starts) & (data[np.maximum(ends - 1, 0)] == ord("\r"))
    header = raw[: ends[0]].decode("utf-8", _ERRORS).split(delimiter)
    width = len(header)

    # (The bounds in the delimiters' own 32 bits: with another type numpy would convert all the delimiters.)
    bounds = np.concatenate((starts, [size + 1])).astype(delimiters.dtype)
    in_line = np.diff(np.searchsorted(delimiters, bounds))
    cells_in_line = in_line + 1
    length = ends - starts
    kept = (cells_in_line == width) & (length > 0)
    kept[0] = False  # the header
    ragged = []
    other = ~kept & (length > 0)
    other[0] = False
    for line in np.flatnonzero(other).tolist():
        count = int(cells_in_line[line])
        if count == 1 and not raw[starts[line] : ends[line]].decode("utf-8", _ERRORS).strip():
            continue  # spaces only: an empty line
        ragged.append((line + 1, count))

    lines = np.flatnonzero(kept)
    # The delimiters inside kept lines: a row of them per line, a column per gap between two cells.
    # Usually every line after the header is kept, and they are all the delimiters after the header's.
    in_kept = np.repeat(kept, in_line)
    inner = delimiters[width - 1 :] if in_kept[width - 1 :].all() else delimiters[in_kept]
    inner = inner.reshape(lines.size, width - 1)
    line_starts, line_ends = starts[lines], ends[lines]

    @lru_cache(maxsize=2)  # columns are asked for left to right: a gap ends one cell and starts the next
    def gap(j: int) -> PositionArray:
        return np.ascontiguousarray(inner[:, j])

    def column(j: int) -> Column:
        first = line_starts if j == 0 else gap(j - 1) + 1
        last = line_ends if j == width - 1 else gap(j)
        return _distinct_bytes(raw, data, first, last)

    return Table(header, (lines + 1).tolist(), ragged, column)


def _positions(data: npt.NDArray[np.uint8], values: tuple[int, ...]) -> list[PositionArray]:
    """Where each byte value occurs, as 32-bit positions (64-bit in a file of 2 GB or more); found a megabyte
    at a time, so that no array of the file's size is made but the results (page faults cost more than the
    search)."""
    dtype = np.int32 if data.size < 2**31 - 2 else np.int64
    offsets = range(0, data.size, _CHUNK)
    found: list[PositionArray] = []
    for value in values:  # counted first, so that the result is made once, at its size
        counts = [int(np.count_nonzero(data[offset : offset + _CHUNK] == value)) for offset in offsets]
        where: PositionArray = np.empty(sum(counts), dtype=dtype)
        filled = 0
        for offset, count in zip(offsets, counts, strict=True):
            where[filled : filled + count] = np.flatnonzero(data[offset : offset + _CHUNK] == value) + offset
            filled += count
        found.append(where)
    return found


def _two_bytes(raw: bytes, data: npt.NDArray[np.uint8], at: PositionArray) -> npt.NDArray[np.int32]:
    """The bytes at ``at`` and ``at + 1`` as one little-endian number, read in one pass through a view of the
    file with a stride of one byte; a byte past the end of the file is 0. Positions only grow down a column,
    so only the last cells can reach the end."""
    size = data.size
    pairs = np.ndarray((size - 1,), dtype="<u2", buffer=raw, strides=(1,))
    if at[-1] <= size - 2:
        return pairs[at].astype(np.int32)
    out = pairs[np.minimum(at, size - 2)].astype(np.int32)
    end = np.flatnonzero(at > size - 2)
    out[end] = np.where(at[end] == size - 1, data[size - 1], 0)
    return out


def _distinct_bytes(raw: bytes, data: npt.NDArray[np.uint8], first: PositionArray, last: PositionArray) -> Column:
    """The column whose cell ``i`` is ``raw[first[i]:last[i]]``."""
    n = first.size
    length = last - first
    if n == 0:
        return Column(np.empty(0, dtype=np.intp), [])
    top = data.size - 1

    def byte(k: int, where: PositionArray = first) -> npt.NDArray[np.intp]:
        """Byte ``k`` of each cell (masked by the caller where the cell is shorter). Positions only grow
        down a column, so only the last cell can reach past the end of the file: it reads the last byte."""
        at = where + k if k else where
        if at.size and at[-1] > top:
            at = np.minimum(at, top)
        return data[at].astype(np.intp)

    if int(length.max()) <= 2:
        # The length and the first two bytes (those past a shorter cell too, so that no mask is needed): a
        # key under 3 * 2**16. A table of every possible key finds those present; keys that differ only past
        # their cell's end are the same text.
        key = _two_bytes(raw, data, first) | length << 16
        present = np.zeros(3 << 16, dtype=bool)
        present[key] = True
        found = np.flatnonzero(present)
        number = np.empty(3 << 16, dtype=np.intp)
        distinct: dict[bytes, int] = {}
        number[found] = [
            distinct.setdefault((k & 0xFFFF).to_bytes(2, "little")[: k >> 16], len(distinct)) for k in found.tolist()
        ]
        return Column(number[key], [cell.decode("utf-8", _ERRORS) for cell in distinct])
    # Up to 7 bytes: packed into 64 bits with the length on top, numbered by np.unique; longer cells in Python.
    ids = np.empty(n, dtype=np.intp)
    short = length <= _PACKED
    short_first, short_length = first[short], length[short].astype(np.intp)
    packed = short_length << 56
    for k in range(int(short_length.max(initial=0))):
        packed |= (byte(k, short_first) * (short_length > k)) << (8 * k)
    unique, inverse = np.unique(packed, return_inverse=True)
    ids[short] = inverse
    texts = [
        (k & ((1 << 56) - 1)).to_bytes(_PACKED, "little")[: k >> 56].decode("utf-8", _ERRORS) for k in unique.tolist()
    ]
    longer = np.flatnonzero(~short)
    if longer.size:
        seen: dict[bytes, int] = {}
        base = len(texts)
        ids[longer] = [
            seen.setdefault(raw[a:b], base + len(seen))
            for a, b in zip(first[longer].tolist(), last[longer].tolist(), strict=True)
        ]
        texts += [cell.decode("utf-8", _ERRORS) for cell in seen]
    return Column(ids, texts)
