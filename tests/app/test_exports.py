"""Anonymised exports: only groups at or above the threshold, departments through the breakdown rules,
column names SPSS and R accept, and no spreadsheet formulas from typed-in names."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask import Flask
from openpyxl import load_workbook

from quickscan import programme
from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.questionnaire_store import registry

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import store_responses

NAME = '=HYPERLINK("http://evil.example","klik")'


@pytest.fixture
def company(app: Flask) -> str:
    """8 employees in '@bakkerij', 6 in 'winkel', 1 without department, 2 managers; a tiny end-line."""
    q = registry(app).get("leercultuur-mkb")
    with transaction(app) as s:
        c = programme.add_company(s, NAME, "Twente", ["@bakkerij", "winkel"])
        base = programme.open_wave(s, c, "baseline", q)
        tokens = (
            [i.token for i in programme.invite(s, base, "employee", 8, "@bakkerij")]
            + [i.token for i in programme.invite(s, base, "employee", 6, "winkel")]
            + [i.token for i in programme.invite(s, base, "employee", 1)]
        )
        managers = [i.token for i in programme.invite(s, base, "manager", 2)]
        end = programme.open_wave(s, c, "endline", q)
        small = [i.token for i in programme.invite(s, end, "employee", 3)]
        other = programme.add_company(s, "Ander Bedrijf", "Twente")
        add_user(s, "coach@example.nl", PASSWORD, "coach", coach_of=[c])
        add_user(s, "other-coach@example.nl", PASSWORD, "coach", coach_of=[other])
        add_user(s, "admin@example.nl", PASSWORD, "admin")
        add_user(s, "manager@example.nl", PASSWORD, "manager", company=c)
        slug = c.slug
    store_responses(app, tokens + small, q)
    store_responses(app, managers, q, role="manager", value="5")
    return slug


def _get(app: Flask, email: str, url: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    log_in(client, email)
    return client.get(url)


def test_csv_export_has_only_groups_at_or_above_the_threshold(app: Flask, company: str) -> None:
    page = _get(app, "coach@example.nl", f"/companies/{company}/export.csv")
    assert page.status_code == 200
    assert page.headers["Content-Disposition"] == f'attachment; filename="quickscan-{company}.csv"'
    text = page.data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    # 15 employees + 2 managers at baseline; the end-line's 3 employees are below 5 and left out.
    assert len(rows) == 17
    assert {r["wave"] for r in rows} == {"baseline"}
    assert sum(r["role"] == "manager" for r in rows) == 2
    assert [r["respondent"] for r in rows] == [str(i) for i in range(1, 18)]
    # Departments: the 1 without and then the smallest shown ('winkel', 6) are hidden; '@bakkerij' shown.
    departments = [r["invitation_department"] for r in rows if r["role"] == "employee"]
    assert departments.count("'@bakkerij") == 8 and set(departments) == {"'@bakkerij", ""}
    # Typed-in names cannot become formulas.
    assert {r["company"] for r in rows} == {"'" + NAME}
    # Column names SPSS and R accept.
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,63}", name) for name in rows[0])
    # No open comments in an export.
    assert "going_well" not in rows[0] and "would_help" not in rows[0]
    # Values on the scale or empty.
    item_columns = [c for c in rows[0] if re.fullmatch(r"[a-z]{2}\d", c)]
    assert len(item_columns) == 35
    assert {r[c] for r in rows for c in item_columns} <= {"", "1", "2", "3", "4", "5"}


def test_xlsx_export_has_text_cells_and_a_codebook(app: Flask, company: str) -> None:
    page = _get(app, "admin@example.nl", f"/companies/{company}/export.xlsx")
    assert page.status_code == 200
    book = load_workbook(io.BytesIO(page.data))
    sheet = book["responses"]
    header = [c.value for c in sheet[1]]
    company_col = header.index("company") + 1
    cell = sheet.cell(row=2, column=company_col)
    assert cell.value == NAME and cell.data_type == "s" and cell.quotePrefix
    assert sheet.max_row == 18
    codebook = {row[0].value: row for row in book["codebook"].iter_rows(min_row=2)}
    assert codebook["ps2"][5].value.startswith("yes")  # a reverse-worded item
    assert codebook["ps1"][5].value == "no"
    assert "1 = Helemaal oneens" in codebook["ps1"][4].value and "Weet ik niet" in codebook["ps1"][4].value
    assert codebook["development_plan"][4].value.startswith("none = ")


@pytest.mark.parametrize(
    ("email", "status"),
    [("manager@example.nl", 403), ("other-coach@example.nl", 404), (None, 302)],
)
def test_only_the_companys_coach_and_the_admin_may_export(app: Flask, company: str, email, status) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    if email:
        log_in(client, email)
    assert client.get(f"/companies/{company}/export.csv").status_code == status


def test_programme_export_is_for_the_admin_only(app: Flask, company: str) -> None:
    assert _get(app, "coach@example.nl", "/programme/export.csv").status_code == 403
    page = _get(app, "admin@example.nl", "/programme/export.csv")
    assert page.status_code == 200
    assert len(list(csv.DictReader(io.StringIO(page.data.decode("utf-8-sig"))))) == 17
    assert _get(app, "admin@example.nl", "/programme/export.pdf").status_code == 404
