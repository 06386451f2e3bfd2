"""The skills matrix as a spreadsheet: importing the one a company already keeps, and exporting it.

The shape (docs/skills-matrix.md): the first row holds the task names from the second column on; each row
below holds a person's name (or initials) in the first column and their level 0-4 per task (empty is 0).
A task name ending in ``*`` is a critical task (only when the import creates the tasks). Excel (.xlsx, the
first sheet) or CSV (comma or semicolon, UTF-8 or Windows-1252).

An import is checked whole before anything is stored, and every problem is named with its row and column
(:class:`ImportProblem`); the import then either stores all of it or nothing (the request's one
transaction). When the matrix has no tasks yet, the first row creates them; otherwise each column must be a
task of the matrix (an unknown task is a problem: add it on the set-up page first). People in the file that
the matrix does not hold are added; people it holds get the levels of the file for its columns.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from scoring import skills

from .exports import FORMULA_START, safe_text
from .models import Company
from .skills_models import SkillCell
from .skills_store import MAX_PEOPLE, MAX_TASKS, NAME_LENGTH, Grid, add_person, add_task, cells, now, people, tasks

#: Larger files are no company's matrix (a 200 x 40 matrix as CSV is about 20 kB).
MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class ImportProblem:
    """One problem of an import: where (row 1 is the header; column "A" is the names) and what, in words."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("rij %(n)s", n=self.row))
        if self.column is not None:
            where.append(_("kolom %(c)s", c=self.column))
        said = ", ".join(where)
        return (said[:1].upper() + said[1:] + ": " if where else "") + self.message


class ImportRefused(ValueError):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Imported:
    tasks_added: int
    people_added: int
    cells: int


def read_rows(filename: str, data: bytes) -> list[list[Any]]:
    """The rows of an uploaded file, as cell values; ImportRefused for a file that is no spreadsheet of ours."""
    name = filename.lower()
    if len(data) > MAX_BYTES:
        raise ImportRefused([ImportProblem(None, None, _("Het bestand is te groot (hoogstens 2 MB)."))])
    if name.endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise ImportRefused(
                [ImportProblem(None, None, _("Dit is geen Excel-bestand (.xlsx) dat te lezen is."))]
            ) from None
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        if "\x00" in text:
            raise ImportRefused([ImportProblem(None, None, _("Dit is geen CSV-bestand met tekst."))])
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    raise ImportRefused([ImportProblem(None, None, _("Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv)."))])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:  # our own export's formula guard
        text = text[1:]
    return text


def _level(value: Any) -> int | None:
    """The level in a cell: 0-4 (empty is 0); None when it is no level."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value in skills.LEVELS else None


@dataclass(frozen=True)
class Plan:
    """What an import will do, checked whole: the tasks (name, critical) by column, the people's levels."""

    new_tasks: list[tuple[str, bool]]
    columns: list[str]
    rows: list[tuple[str, list[int]]]


def check(rows: Sequence[Sequence[Any]], existing_tasks: Sequence[str], existing_people: int) -> Plan:
    """Check an import against the matrix as it is; every problem at once, or the plan."""
    problems: list[ImportProblem] = []
    kept = [(number, list(r)) for number, r in enumerate(rows, start=1) if any(_text(v) for v in r)]
    if not kept:
        raise ImportRefused([ImportProblem(None, None, _("Het bestand is leeg."))])
    top, header = kept[0]
    while header and not _text(header[-1]):
        header.pop()
    known = {t.casefold(): t for t in existing_tasks}
    columns: list[str] = []
    new_tasks: list[tuple[str, bool]] = []
    seen: dict[str, int] = {}
    for index, value in enumerate(header[1:], start=2):
        letter = get_column_letter(index)
        name = _text(value)
        critical = name.endswith("*")
        name = name.rstrip("*").strip()
        if not name:
            problems.append(ImportProblem(top, letter, _("deze kolom heeft geen taaknaam.")))
        elif len(name) > NAME_LENGTH:
            problems.append(ImportProblem(top, letter, _("een taaknaam is hoogstens 100 tekens lang.")))
        elif name.casefold() in seen:
            first = get_column_letter(seen[name.casefold()])
            problems.append(ImportProblem(top, letter, _("de taak ‘%(t)s’ staat ook in kolom %(c)s.", t=name, c=first)))
        elif known and name.casefold() not in known:
            problems.append(
                ImportProblem(
                    top,
                    letter,
                    _("de taak ‘%(t)s’ staat niet in de matrix. Voeg hem eerst toe, of verbeter de naam.", t=name),
                )
            )
        else:
            seen[name.casefold()] = index
            if not known:
                new_tasks.append((name, critical))
        columns.append(known.get(name.casefold(), name))
    if not columns:
        problems.append(ImportProblem(top, None, _("de eerste rij noemt geen taken (vanaf kolom B).")))
    if len(existing_tasks) + len(new_tasks) > MAX_TASKS:
        problems.append(ImportProblem(top, None, _("een matrix heeft hoogstens %(n)s taken.", n=MAX_TASKS)))
    people_rows: list[tuple[str, list[int]]] = []
    names: dict[str, int] = {}
    for number, row in kept[1:]:
        name = _text(row[0]) if row else ""
        if not name:
            problems.append(ImportProblem(number, "A", _("deze rij heeft geen naam.")))
        elif len(name) > NAME_LENGTH:
            problems.append(ImportProblem(number, "A", _("een naam is hoogstens 100 tekens lang.")))
        elif name.casefold() in names:
            problems.append(
                ImportProblem(number, "A", _("‘%(name)s’ staat ook in rij %(n)s.", name=name, n=names[name.casefold()]))
            )
        else:
            names[name.casefold()] = number
        levels = []
        for index in range(len(columns)):
            value = row[index + 1] if index + 1 < len(row) else None
            level = _level(value)
            if level is None:
                problems.append(
                    ImportProblem(
                        number,
                        get_column_letter(index + 2),
                        _("‘%(v)s’ is geen niveau; gebruik 0, 1, 2, 3 of 4 (leeg is 0).", v=_text(value)),
                    )
                )
                level = 0
            levels.append(level)
        extra = [v for v in row[len(columns) + 1 :] if _text(v)]
        if extra:
            problems.append(
                ImportProblem(number, get_column_letter(len(columns) + 2), _("deze rij heeft meer kolommen dan taken."))
            )
        people_rows.append((name, levels))
    if existing_people + len(names) > MAX_PEOPLE:
        problems.append(ImportProblem(None, None, _("een matrix heeft hoogstens %(n)s mensen.", n=MAX_PEOPLE)))
    if problems:
        raise ImportRefused(problems)
    return Plan(new_tasks, columns, people_rows)


def apply(session: Session, company: Company, plan: Plan, by: str) -> Imported:
    """Store a checked import (only ``flush()``es; the request commits it whole). The levels were checked by
    :func:`check`; targets and dates of existing cells are kept."""
    for name, critical in plan.new_tasks:
        add_task(session, company, name, critical=critical)
    by_name = {t.name.casefold(): t for t in tasks(session, company)}
    persons = {p.name.casefold(): p for p in people(session, company)}
    found = cells(session, company)
    at = now()
    added = changed = 0
    for name, levels in plan.rows:
        person = persons.get(name.casefold())
        if person is None:
            person = add_person(session, company, name)
            persons[name.casefold()] = person
            added += 1
        for column, level in zip(plan.columns, levels, strict=True):
            task = by_name[column.casefold()]
            cell = found.get((person.pk, task.pk))
            if cell is None:
                session.add(SkillCell(person_pk=person.pk, task_pk=task.pk, level=level, changed_at=at, changed_by=by))
            elif cell.level != level:
                cell.level, cell.changed_at, cell.changed_by = level, at, by
            else:
                continue
            changed += 1
    session.flush()
    return Imported(len(plan.new_tasks), added, changed)


def import_file(session: Session, company: Company, filename: str, data: bytes, by: str) -> Imported:
    rows = read_rows(filename, data)
    plan = check(rows, [t.name for t in tasks(session, company)], len(people(session, company)))
    return apply(session, company, plan, by)


# --- export ------------------------------------------------------------------------------------------


def export_rows(grid: Grid) -> list[list[Any]]:
    """The matrix in the import's shape (critical tasks marked with ``*``), every person, levels 0-4."""
    header: list[Any] = [_("Naam")] + [t.name + (" *" if t.critical else "") for t in grid.tasks]
    return [header] + [[p.name] + [grid.level(p, t) for t in grid.tasks] for p in grid.people]


def to_csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_text(v) if isinstance(v, str) else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Inzetbaarheidsmatrix")[:31]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
                if value.startswith(FORMULA_START):
                    cell.quotePrefix = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
