"""Read a responses CSV into an answers matrix; every bad cell is reported with its row and column.

The file has a header row. The columns named by the item ids of the role hold the answers: a point of
the item's scale (``4``; ``4.0`` and ``4,0`` are read as 4), empty for a blank, or the code of a
non-substantive option (``dk``, in any case). A column named by the id of the development-plan question
holds its option codes (empty for no answer). Other columns are ignored unless asked for by name
(``extra_columns``, e.g. the ``--group-by`` column); their cells come back as text, stripped.

The separator is a comma, or a semicolon when the header has semicolons and no commas (Dutch Excel), or
a tab likewise. The file must be UTF-8 (a byte-order mark is fine). Rows are numbered as a spreadsheet
shows them: the header is row 1, the first respondent row 2. Entirely empty lines are skipped.

Nothing is returned unless the whole file is valid: :class:`CsvError` lists the problems found (the first
:data:`MAX_PROBLEMS`, in file order) and is the only exception this module raises for bad content.
"""

from __future__ import annotations

import codecs
import gc
import math
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from questionnaires.model import DEVELOPMENT_PLAN_CODES, Questionnaire, Role, Scale

from .csvsplit import SplitError, Table, split, split_bytes
from .matrix import NO_CODE, Answers, layout

#: At most this many problems are listed; the last line then says how many more there are.
MAX_PROBLEMS = 20

_BOM = codecs.BOM_UTF8
_CHUNK = 1 << 20
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?", re.ASCII)


@dataclass(frozen=True, order=True)
class CsvProblem:
    """One problem: ``row`` (header = 1; None for the whole file), ``column`` (header name or None)."""

    row: int
    column_index: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row > 0:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class CsvError(Exception):
    """A responses file that cannot be used; :meth:`lines` gives ``FILE: row R, column C: what`` lines."""

    def __init__(self, source: str, problems: Sequence[CsvProblem], more: int = 0) -> None:
        self.source = source
        self.problems = list(problems)
        self.more = more
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        out = [f"{self.source}: {problem}" for problem in self.problems]
        if self.more:
            out.append(f"{self.source}: ... and {self.more} more problem(s)")
        return out


@dataclass(frozen=True, eq=False)
class ResponseTable:
    """A valid responses file: the answers matrix for the role and the other columns asked for."""

    answers: Answers
    #: The columns named in ``extra_columns``, as stripped text, one entry per respondent.
    columns: dict[str, list[str]]
    #: The development-plan answers (option code or None), when the file has that column.
    development_plan: list[str | None] | None
    header: tuple[str, ...]

    @property
    def n(self) -> int:
        return self.answers.n


def _delimiter(first_line: str) -> str:
    if "," not in first_line:
        if ";" in first_line:
            return ";"
        if "\t" in first_line:
            return "\t"
    return ","


class _Tokens:
    """Turns the cell texts of one item column into (value, code), caching per distinct text."""

    def __init__(self, scale: Scale) -> None:
        self.scale = scale
        self.points = {p.value for p in scale.points}
        self.codes = {code.casefold(): i for i, code in enumerate(scale.non_substantive_codes)}

    def parse(self, cell: str) -> tuple[float, int] | str:
        """(value, code) or a message saying what is wrong."""
        text = cell.strip()
        if not text:
            return (math.nan, NO_CODE)
        folded = text.casefold()
        if folded in self.codes:
            return (math.nan, self.codes[folded])
        allowed = f"a whole number from {self.scale.min} to {self.scale.max}"
        if self.codes:
            allowed += ", " + " or ".join(repr(c) for c in self.scale.non_substantive_codes)
        allowed += " or empty"
        shown = text if len(text) <= 40 else text[:37] + "..."
        if not _NUMBER.fullmatch(text):
            return f"{shown!r} is not an answer: expected {allowed}"
        value = float(text.replace(",", "."))
        if value != math.floor(value) or int(value) not in self.points:
            return f"{shown!r} is not on the scale: expected {allowed}"
        return (value, NO_CODE)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: parsing creates a list per row and a tuple per column, and the
    collector would scan them again and again (it halves the time of a 100,000-row file)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_responses(
    text: str,
    source: str,
    questionnaire: Questionnaire,
    role: Role,
    extra_columns: Sequence[str] = (),
) -> ResponseTable:
    """Parse the text of a responses CSV (see the module docstring)."""
    text = text.removeprefix("\ufeff")
    first_line = text[: text.find("\n")] if "\n" in text else text
    with _gc_paused():
        return _parse(lambda delimiter: split(text, delimiter), first_line, source, questionnaire, role, extra_columns)


def _parse(
    split_at: Callable[[str], Table],
    first_line: str,
    source: str,
    questionnaire: Questionnaire,
    role: Role,
    extra_columns: Sequence[str],
) -> ResponseTable:
    """The file's table (``split_at(delimiter)``) checked and turned into answers."""
    lay = layout(questionnaire, role)
    problems: list[CsvProblem] = []
    if not first_line.strip():
        raise CsvError(source, [CsvProblem(1, -1, None, "the file is empty or has no header row")])
    try:
        table = split_at(_delimiter(first_line))
    except SplitError as exc:
        raise CsvError(source, [CsvProblem(exc.row, -1, None, str(exc))]) from None
    header = [h.strip() for h in table.header]
    width = len(header)
    for number, cells in table.ragged:
        problems.append(CsvProblem(number, -1, None, f"has {cells} cells; the header has {width}"))
    row_numbers = table.row_numbers

    position: dict[str, int] = {}
    for j, name in enumerate(header):
        if name in position and (name in lay.item_ids or name in extra_columns):
            problems.append(CsvProblem(1, j, name, "this column name appears more than once"))
        position.setdefault(name, j)
    missing_items = [item_id for item_id in lay.item_ids if item_id not in position]
    if missing_items:
        problems.append(CsvProblem(1, -1, None, f"the header lacks the item column(s) {', '.join(missing_items)}"))
    for name in extra_columns:
        if name not in position:
            problems.append(CsvProblem(1, -1, None, f"there is no column {name!r}"))
    if problems and any(p.row == 1 for p in problems):
        problems.sort()
        raise CsvError(source, problems[:MAX_PROBLEMS], max(0, len(problems) - MAX_PROBLEMS))

    n = table.n
    values = np.empty((n, lay.k), dtype=np.float64, order="F")
    codes = np.empty((n, lay.k), dtype=np.int8, order="F")
    more = 0
    for col, (item_id, scale) in enumerate(zip(lay.item_ids, lay.scales, strict=True)):
        j = position[item_id]
        column = table.column(j)
        tokens = _Tokens(scale)
        # Parse each distinct text once; every cell then takes its text's value in one numpy pass.
        parsed_values: list[float] = []
        parsed_codes: list[int] = []
        bad = False
        for number, text in enumerate(column.texts):
            result = tokens.parse(text)
            if isinstance(result, str):
                bad = True
                rows = np.flatnonzero(column.ids == number)
                problems.append(CsvProblem(row_numbers[rows[0]], j, item_id, result))
                more += rows.size - 1
                result = (math.nan, NO_CODE)
            parsed_values.append(result[0])
            parsed_codes.append(result[1])
        if not bad:
            np.take(np.asarray(parsed_values, dtype=np.float64), column.ids, out=values[:, col])
            np.take(np.asarray(parsed_codes, dtype=np.int8), column.ids, out=codes[:, col])

    plan: list[str | None] | None = None
    question = questionnaire.development_plan_question()
    if question is not None and question.id in position and role in question.text:
        j = position[question.id]
        known = {code.casefold(): code for code in DEVELOPMENT_PLAN_CODES}
        plan = []
        for index, cell in enumerate(table.column(j).cells()):
            value = cell.strip()
            if not value:
                plan.append(None)
            elif value.casefold() in known:
                plan.append(known[value.casefold()])
            else:
                plan.append(None)
                shown = value if len(value) <= 40 else value[:37] + "..."
                problems.append(
                    CsvProblem(
                        row_numbers[index],
                        j,
                        question.id,
                        f"{shown!r} is not a development-plan option: expected "
                        f"{', '.join(DEVELOPMENT_PLAN_CODES)} or empty",
                    )
                )

    if problems:
        problems.sort()
        shown_problems = problems[:MAX_PROBLEMS]
        raise CsvError(source, shown_problems, more + len(problems) - len(shown_problems))
    extras = {name: [c.strip() for c in table.column(position[name]).cells()] for name in extra_columns}
    return ResponseTable(Answers(values, codes), extras, plan, tuple(header))


def read_responses(
    path: str | Path, questionnaire: Questionnaire, role: Role, extra_columns: Sequence[str] = ()
) -> ResponseTable:
    """Read and parse a responses CSV file; any problem raises :class:`CsvError`."""
    source = str(path)
    try:
        with open(path, "rb") as fh:
            if fh.read(len(_BOM)) != _BOM:
                fh.seek(0)
            raw = fh.read()
    except OSError as exc:
        raise CsvError(source, [CsvProblem(0, -1, None, f"cannot read the file: {exc.strerror}")]) from None
    if not _is_utf8(raw):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            message = f"byte {exc.start}: the file is not UTF-8 text (save it as 'CSV UTF-8')"
            raise CsvError(source, [CsvProblem(0, -1, None, message)]) from None
    newline = raw.find(b"\n")
    first_line = (raw if newline < 0 else raw[:newline]).decode("utf-8")
    with _gc_paused():
        return _parse(
            lambda delimiter: split_bytes(raw, delimiter), first_line, source, questionnaire, role, extra_columns
        )


def _is_utf8(raw: bytes) -> bool:
    """Whether ``raw`` decodes as UTF-8; a megabyte at a time, so that no copy of the whole file is made."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    try:
        for offset in range(0, len(raw), _CHUNK):
            decoder.decode(view[offset : offset + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
