"""Anonymised exports: only closed waves and groups at or above the threshold, background columns
k-anonymous together (rule 9), rows in random order, column names SPSS and R accept, and no spreadsheet
formulas from typed-in names."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask import Flask
from openpyxl import load_workbook

from questionnaires import Questionnaire
from quickscan import programme
from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.questionnaire_store import registry
from quickscan.survey_forms import StoredAnswer

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
    _close(app, slug)
    return slug


def _close(app: Flask, slug: str) -> None:
    """Close every wave of the company: only closed waves are exported (rule 9)."""
    with transaction(app) as s:
        for wave in programme.company_by_slug(s, slug).waves:
            programme.close_wave(s, wave, registry(app))


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


BACKGROUND = ("invitation_department", "department", "years_employed", "development_plan")


def _submit(app: Flask, q: Questionnaire, token: str, choices: dict[str, str], values: dict[str, int]) -> None:
    """One employee's response with the given closed answers and item values (3 where not given)."""
    from quickscan import response_store

    with transaction(app) as s:
        link = response_store.find_invitation(s, token)
        assert link is not None
        response = response_store.start(s, link, "nl")
        for number, section in enumerate(q.sections_for("employee"), start=1):
            page: dict[str, StoredAnswer | None] = {}
            for eid in section.elements:
                element = q.element(eid)
                if hasattr(element, "scale"):
                    page[eid] = StoredAnswer(value=values.get(eid, 3))
                elif element.type != "open":
                    page[eid] = StoredAnswer(code=choices.get(eid, element.options[0].code))
            response_store.save_page(s, response.pk, number, page)
        assert response_store.submit(s, response.pk)


def _csv_rows(app: Flask, slug: str) -> list[dict[str, str]]:
    page = _get(app, "coach@example.nl", f"/companies/{slug}/export.csv")
    assert page.status_code == 200
    return list(csv.DictReader(io.StringIO(page.data.decode("utf-8-sig"))))


def _company(app: Flask, departments: list[str]) -> tuple[Questionnaire, str, int]:
    q = registry(app).get("leercultuur-mkb")
    with transaction(app) as s:
        c = programme.add_company(s, "Metaal Oost", "Twente", departments)
        wave = programme.open_wave(s, c, "baseline", q)
        add_user(s, "coach@example.nl", PASSWORD, "coach", coach_of=[c])
        return q, c.slug, wave.pk


def _invite(app: Flask, wave_pk: int, count: int, department: str | None = None) -> list[str]:
    from quickscan.models import Wave

    with transaction(app) as s:
        return [i.token for i in programme.invite(s, s.get(Wave, wave_pk), "employee", count, department)]


def test_attack_7_no_row_carries_a_unique_combination_of_background_values(app: Flask) -> None:
    """Issue 15, attack 7: kantoor (6) and 10+ years (7) each pass rule 3 on their own, but the one in
    kantoor with 10+ years is one person: their row would be their whole answer vector."""
    q, slug, wave_pk = _company(app, ["kantoor", "werkplaats"])
    kantoor, werkplaats = _invite(app, wave_pk, 6, "kantoor"), _invite(app, wave_pk, 6, "werkplaats")
    for token in kantoor[:5]:
        _submit(app, q, token, {"department": "office", "years_employed": "y1_5"}, {})
    _submit(app, q, kantoor[5], {"department": "office", "years_employed": "y10_plus"}, {"ps1": 1, "ps2": 5})
    for token in werkplaats:
        _submit(app, q, token, {"department": "production", "years_employed": "y10_plus"}, {})
    _close(app, slug)

    rows = _csv_rows(app, slug)
    assert len(rows) == 12
    assert not [r for r in rows if r["invitation_department"] == "kantoor" and r["years_employed"] == "y10_plus"]
    assert not [r for r in rows if r["department"] == "office" and r["years_employed"] == "y10_plus"]
    # whatever a reader knows of someone's background, at least 5 rows agree with it: every combination
    # of background cells, an empty cell counted as a value, is shown by 5 rows or more
    combinations = [tuple(r[c] for c in BACKGROUND) for r in rows]
    assert min(combinations.count(c) for c in combinations) >= 5
    # what was not rare stays: the six of werkplaats keep all their background
    assert combinations.count(("werkplaats", "production", "y10_plus", "none")) == 6


def _fingerprint(row: dict[str, str], items: list[str]) -> int:
    a, b, c = (int(row[i]) - 1 for i in items)
    return a + 5 * b + 25 * c


def test_rows_are_in_random_order_and_numbered_in_that_order(app: Flask) -> None:
    """Issue 15, attack 7: the row order must not follow the order in which people answered."""
    q, slug, wave_pk = _company(app, [])
    items = [item.id for item in q.items_for("employee")[:3]]
    for k, token in enumerate(_invite(app, wave_pk, 32)):  # submitted in this order, each recognisable
        _submit(app, q, token, {}, dict(zip(items, (1 + k % 5, 1 + (k // 5) % 5, 1 + k // 25), strict=True)))
    _close(app, slug)

    first, second = _csv_rows(app, slug), _csv_rows(app, slug)
    order = [_fingerprint(r, items) for r in first]
    assert sorted(order) == list(range(32))
    assert order != list(range(32))  # not the order of submission (chance 1 in 32!)
    assert [_fingerprint(r, items) for r in second] != order  # a new order per export
    assert [r["respondent"] for r in first] == [str(i) for i in range(1, 33)]  # numbers follow the rows


def test_an_open_wave_is_not_exported(app: Flask) -> None:
    q, slug, wave_pk = _company(app, [])
    store_responses(app, _invite(app, wave_pk, 6), q)
    assert _csv_rows(app, slug) == []
    _close(app, slug)
    assert len(_csv_rows(app, slug)) == 6
