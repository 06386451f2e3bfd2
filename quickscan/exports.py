"""Anonymised response exports (CSV and XLSX with a codebook) for coaches and the programme lead.

Every row passes the anonymity rules of :mod:`scoring.anonymity`: a (company, wave, role) group is
exported only when it reaches the limit for that role (employees: the threshold, 5; managers: 1, rule 6:
they answer for the company, not anonymously towards it), and only once its wave is closed (rule 9). Within
a group the background columns (the department of the invitation and the answers to the closed questions)
are made k-anonymous together (rule 9, :func:`scoring.anonymity.suppress_combinations`): every combination
of them that a row shows is shown by at least the limit of rows; left-out values are empty. Rows are
shuffled per group with the operating system's random source, and respondents are numbered in that order,
so neither the order nor the number says who answered first. Open comments are never exported (free text
can identify a person).

Column names are letters, digits and underscores, starting with a letter (SPSS and R accept them).
Text cells that a spreadsheet would read as a formula (starting with ``= + - @``, tab or carriage return)
are written as text: in CSV with a leading apostrophe (OWASP), in XLSX as string cells with quote prefix.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from openpyxl import Workbook
from sqlalchemy.orm import Session

from questionnaires import ROLES, Question, Questionnaire, localise
from scoring import anonymity

from . import wave_answers
from .models import Company

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Row order: unpredictable, from the operating system (not a seeded generator someone could replay).
_shuffle = secrets.SystemRandom().shuffle


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
            if wave.is_open:
                skipped.append(f"{company.name}, {wave.kind}, {role}: the wave is open; exported once it closes")
                continue
            if not anonymity.group_shown(n, limit):
                skipped.append(f"{company.name}, {wave.kind}, {role}: {n} < {limit}")
                continue
            assert group is not None
            background = _background(group, questions, limit)
            column = {item.id: j for j, item in enumerate(items[role])}
            order = list(range(n))
            _shuffle(order)
            for r in order:
                number += 1
                values = [_cell(group.answers.values[r, column[i.id]]) if i.id in column else None for i in all_items]
                department, *answers = background[r]
                rows.append(
                    [
                        number,
                        company.region.programme.slug,
                        company.region.name,
                        company.name,
                        wave.kind,
                        role,
                        department,
                        *values,
                        *answers,
                    ]
                )
    return Table(header, rows, codebook(q, lang), skipped)


def _cell(value: float) -> int | None:
    return None if np.isnan(value) else int(value)


def _background(group: wave_answers.WaveAnswers, questions: Sequence[Question], limit: int) -> list[list[str | None]]:
    """Per respondent: the invitation's department, then the answer to each of ``questions``, with what
    anonymity rule 9 leaves out emptied (:func:`scoring.anonymity.suppress_combinations`, over all of them
    jointly; it implies rule 3 per column, which exports applied on its own before).

    The columns go to the rule most useful first, so that on a tie the last is emptied: the development
    plan (the programme's KPI), then the other closed questions, then the invitation's department (mostly
    repeated by the department question).
    """
    answers = [group.plan if x.type == "development_plan" else group.choices[x.id] for x in questions]
    ranked = sorted(range(len(questions)), key=lambda k: questions[k].type != "development_plan")
    columns = [*(answers[k] for k in ranked), group.departments]
    hidden = anonymity.suppress_combinations(list(zip(*columns, strict=True)), limit)
    kept = [
        [None if h else v for v, h in zip(values, hidden[:, j].tolist(), strict=True)]
        for j, values in enumerate(columns)
    ]
    *ranked_answers, departments = kept
    by_question = {k: ranked_answers[i] for i, k in enumerate(ranked)}
    return [[departments[r], *(by_question[k][r] for k in range(len(questions)))] for r in range(group.n)]


def codebook(q: Questionnaire, lang: str) -> list[list[Any]]:
    """One row per column: name, what it is, its values."""
    rows: list[list[Any]] = [["column", "label", "dimension", "scale", "values", "reverse_keyed"]]
    rows += [
        [
            "respondent",
            "Number of the respondent in this export (not stored anywhere; rows are in random order)",
            "",
            "",
            "1..n",
            "",
        ],
        ["programme", "Programme", "", "", "text", ""],
        ["region", "Labour-market region", "", "", "text", ""],
        ["company", "Company", "", "", "text", ""],
        [
            "wave",
            "Measurement (closed waves only; an open wave is exported once it closes)",
            "",
            "",
            "baseline, endline",
            "",
        ],
        ["role", "Who answered", "", "", "employee, manager", ""],
        [
            "invitation_department",
            "Department the invitation was made for; empty when none, or left out so that no combination of "
            "background columns is rarer than the anonymity threshold (rule 9)",
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
        values += "; empty = no answer, or left out for anonymity (rule 9)"
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
