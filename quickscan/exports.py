"""Anonymised response exports (CSV and XLSX with a codebook) for coaches and the programme lead.

Every row passes the anonymity rules of :mod:`scoring.anonymity`: a (company, wave, role) group is
exported only when it reaches the limit for that role (employees: the threshold, 5; managers: 1, rule 6:
they answer for the company, not anonymously towards it), and the department of the invitation and the
answers to background questions are given only for categories the breakdown rules allow (complementary
suppression); hidden ones are left empty. Open comments
are never exported (free text can identify a person). Respondents are numbered per export, not by id.

Column names are letters, digits and underscores, starting with a letter (SPSS and R accept them).
Text cells that a spreadsheet would read as a formula (starting with ``= + - @``, tab or carriage return)
are written as text: in CSV with a leading apostrophe (OWASP), in XLSX as string cells with quote prefix.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from openpyxl import Workbook
from sqlalchemy.orm import Session

from questionnaires import ROLES, Questionnaire, localise
from scoring import anonymity

from . import wave_answers
from .models import Company

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def column_name(name: str) -> str:
    """A column name SPSS and R accept: ``[A-Za-z][A-Za-z0-9_]*``, at most 64 characters."""
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not cleaned or not cleaned[0].isalpha():
        cleaned = "v_" + cleaned
    return cleaned[:64]


def safe_text(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


@dataclass
class Table:
    header: list[str]
    rows: list[list[Any]]
    codebook: list[list[Any]]
    skipped: list[str]  # groups left out, with the reason, for the person exporting


def build(session: Session, q: Questionnaire, companies: Sequence[Company], lang: str = "nl") -> Table:
    """The anonymised responses of ``companies`` (all waves using ``q``), with their codebook."""
    waves = [
        w for c in companies for w in c.waves if (w.questionnaire_id, w.questionnaire_version) == (q.id, q.version)
    ]
    data = wave_answers.load(session, q, waves, ROLES)
    items = {role: q.items_for(role) for role in ROLES}
    all_items = [item for item in q.items if item.roles]
    questions = [x for x in q.questions if x.type != "open"]
    header = [
        "respondent",
        "programme",
        "region",
        "company",
        "wave",
        "role",
        "invitation_department",
        *[column_name(i.id) for i in all_items],
        *[column_name(x.id) for x in questions],
    ]
    rows: list[list[Any]] = []
    skipped: list[str] = []
    number = 0
    for wave in waves:
        company: Company = wave.company
        for role in ROLES:
            group = data.get((wave.pk, role))
            n = group.n if group else 0
            limit = anonymity.limit_for(q, role)
            if n == 0:
                continue
            if not anonymity.group_shown(n, limit):
                skipped.append(f"{company.name}, {wave.kind}, {role}: {n} < {limit}")
                continue
            assert group is not None
            departments = _shown_categories(group.departments, limit)
            extra = {
                x.id: _shown_categories(group.plan if x.type == "development_plan" else group.choices[x.id], limit)
                for x in questions
            }
            column = {item.id: j for j, item in enumerate(items[role])}
            for r in range(n):
                number += 1
                values = [_cell(group.answers.values[r, column[i.id]]) if i.id in column else None for i in all_items]
                rows.append(
                    [
                        number,
                        company.region.programme.slug,
                        company.region.name,
                        company.name,
                        wave.kind,
                        role,
                        departments[r],
                        *values,
                        *[extra[x.id][r] for x in questions],
                    ]
                )
    return Table(header, rows, codebook(q, lang), skipped)


def _cell(value: float) -> int | None:
    return None if np.isnan(value) else int(value)


def _shown_categories(categories: Sequence[str | None], limit: int) -> list[str | None]:
    """Each respondent's category (department, answer to a closed question), emptied where anonymity rule 3
    hides it (:func:`scoring.anonymity.suppress_categories`)."""
    hidden = anonymity.suppress_categories(categories, limit).tolist()
    return [None if hide else category for category, hide in zip(categories, hidden, strict=True)]


def codebook(q: Questionnaire, lang: str) -> list[list[Any]]:
    """One row per column: name, what it is, its values."""
    rows: list[list[Any]] = [["column", "label", "dimension", "scale", "values", "reverse_keyed"]]
    rows += [
        ["respondent", "Number of the respondent in this export (not stored anywhere)", "", "", "1..n", ""],
        ["programme", "Programme", "", "", "text", ""],
        ["region", "Labour-market region", "", "", "text", ""],
        ["company", "Company", "", "", "text", ""],
        ["wave", "Measurement", "", "", "baseline, endline", ""],
        ["role", "Who answered", "", "", "employee, manager", ""],
        [
            "invitation_department",
            "Department the invitation was made for; empty when none or hidden by the anonymity rules",
            "",
            "",
            "text",
            "",
        ],
    ]
    for item in q.items:
        if not item.roles:
            continue
        scale = q.scales[item.scale]
        role = "employee" if "employee" in item.text else item.roles[0]
        points = "; ".join(f"{p.value} = {localise(p.label, lang)}" for p in scale.points)
        ns = ", ".join(localise(x.label, lang) for x in scale.non_substantive)
        values = points + (f"; empty = no answer or {ns}" if ns else "; empty = no answer")
        rows.append(
            [
                column_name(item.id),
                localise(item.text[role], lang),
                localise(q.dimension(item.dimension).name, lang),
                scale.id,
                values,
                "yes (score = min + max - answer)" if item.reverse else "no",
            ]
        )
    for question in q.questions:
        if question.type == "open":
            continue
        role = "employee" if "employee" in question.text else question.roles[0]
        values = "; ".join(f"{o.code} = {localise(o.label, lang)}" for o in question.options)
        rows.append([column_name(question.id), localise(question.text[role], lang), "", "", values, ""])
    return rows


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow(["" if v is None else safe_text(v) if isinstance(v, str) else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "responses"
    _write(sheet, [table.header, *table.rows])
    _write(workbook.create_sheet("codebook"), table.codebook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write(sheet: Any, rows: Iterable[Sequence[Any]]) -> None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                # openpyxl reads "=…" as a formula; a string cell with quote prefix stays text everywhere.
                cell.data_type = "s"
                if value.startswith(FORMULA_START):
                    cell.quotePrefix = True
