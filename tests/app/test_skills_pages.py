"""The skills matrix pages through the test client: importing a spreadsheet made with openpyxl (and one broken
in five ways, which stores nothing), the grid's levels and coverage, a person's targets, the leerbehoeften,
the export, and who may see what."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from quickscan import programme, skills_store
from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.models import Company
from quickscan.skills_models import SkillCell, SkillPerson, SkillTask

from .auth_helpers import PASSWORD, People, log_in, make_people
from .survey_helpers import csrf, make_company, store_responses

TASKS = ["Lassen *", "Zagen", "Heftruck *"]
#: Anna and Bram can weld (3, 4), only Anna can saw; nobody drives the forklift at level 3.
ROWS = [["Anna", 3, 3, 2], ["Bram", 4, 1, None], ["Cas", 0, 2, 1]]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _client(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert log_in(client, email).status_code == 302
    return client


def _import(client: FlaskClient, slug: str, name: str, data: bytes):  # type: ignore[no-untyped-def]
    page = client.get(f"/companies/{slug}/skills/setup")
    token = re.search(r'name="import-csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
    assert token
    return client.post(
        f"/companies/{slug}/skills/import",
        data={"import-csrf_token": token[1], "import-file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _counts(app: Flask) -> tuple[int, int, int]:
    with transaction(app) as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)) or 0) for m in (SkillTask, SkillPerson, SkillCell)
        )  # type: ignore[return-value]


@pytest.fixture
def people(app: Flask) -> People:
    return make_people(app)


def test_an_openpyxl_spreadsheet_is_imported_and_the_grid_shows_its_coverage(app: Flask, people: People) -> None:
    client = _client(app, "manager-a@example.nl")
    done = _import(client, people.a, "matrix.xlsx", _xlsx([["Naam", *TASKS], *ROWS]))
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/companies/{people.a}/skills")
    assert _counts(app) == (3, 3, 9)
    page = client.get(f"/companies/{people.a}/skills").get_data(as_text=True)
    assert "3 nieuwe taken, 3 nieuwe mensen" in page
    # Coverage row: Lassen 2 of 2; Zagen 1 of 2 (één persoon); Heftruck 0 of 2 (te weinig).
    cover = re.findall(r'<td class="coverage( short)?" data-task="\d+">(\d+)/(\d+)(?: <strong>([^<]+)</strong>)?', page)
    assert cover == [("", "2", "2", ""), (" short", "1", "2", "één persoon"), (" short", "0", "2", "te weinig")]
    assert "1 van de 2 kritieke taken hebben genoeg mensen" in page
    assert "Taken die maar één persoon zelfstandig kan: 1." in page
    # Versatility: Anna 2 tasks at 3+, Bram 1, Cas 0.
    assert re.findall(r'<td class="num">(\d+)</td>', page) == ["2", "1", "0"]
    with transaction(app) as s:
        critical = dict(s.execute(select(SkillTask.name, SkillTask.critical)).all())
    assert critical == {"Lassen": True, "Zagen": False, "Heftruck": True}


def test_a_spreadsheet_broken_in_five_ways_stores_nothing_and_says_where(app: Flask, people: People) -> None:
    client = _client(app, "manager-a@example.nl")
    assert _import(client, people.a, "matrix.xlsx", _xlsx([["Naam", *TASKS], *ROWS])).status_code == 302
    before = _counts(app)
    broken = [
        ["Naam", "Lassen", "Zagen", "Schilderen"],  # an unknown task: D1
        ["Anna", 3, 7, 0],  # a level of 7: C2
        ["", 2, 2, 2],  # no name: A3
        ["Dirk", 1, 1, 1],
        ["dirk", "veel", 1, 1],  # a duplicate person (B5 is no level either)
    ]
    page = _import(client, people.a, "matrix.xlsx", _xlsx(broken))
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    for said in (
        "Rij 1, kolom D: de taak ‘Schilderen’ staat niet in de matrix.",
        "Rij 2, kolom C: ‘7’ is geen niveau; gebruik 0, 1, 2, 3 of 4",
        "Rij 3, kolom A: deze rij heeft geen naam.",
        "Rij 5, kolom A: ‘dirk’ staat ook in rij 4.",
        "Rij 5, kolom B: ‘veel’ is geen niveau",
        "Er is niets ingelezen.",
    ):
        assert said in text, said
    assert _counts(app) == before
    wrong = _import(client, people.a, "matrix.pdf", b"%PDF-1.4")
    assert wrong.status_code == 400 and "Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv)." in wrong.get_data(
        as_text=True
    )
    fake = _import(client, people.a, "matrix.xlsx", b"not a zip")
    assert fake.status_code == 400 and "Dit is geen Excel-bestand" in fake.get_data(as_text=True)
    assert _counts(app) == before


def test_a_csv_with_semicolons_is_read_too(app: Flask, people: People) -> None:
    client = _client(app, "coach-a@example.nl")
    body = "Naam;Lassen *;Zagen\r\nAnna;3;4\r\nBram;;2\r\n".encode("cp1252")
    assert _import(client, people.a, "Matrix.CSV", body).status_code == 302
    assert _counts(app) == (2, 2, 4)


def test_the_grid_saves_only_changed_cells_and_refuses_tampering(app: Flask, people: People) -> None:
    client = _client(app, "manager-a@example.nl")
    _import(client, people.a, "m.xlsx", _xlsx([["Naam", *TASKS], *ROWS]))
    with transaction(app) as s:
        pk = {n: p for n, p in s.execute(select(SkillPerson.name, SkillPerson.pk))}
        tk = {n: p for n, p in s.execute(select(SkillTask.name, SkillTask.pk))}
    page = client.get(f"/companies/{people.a}/skills")
    token = csrf(page)
    seen = re.search(r'name="seen" id="skills-seen" value="([^"]*)"', page.get_data(as_text=True))
    assert seen
    cas_saw = f"l-{pk['Cas']}-{tk['Zagen']}"
    data = {"csrf_token": token, "seen": seen[1], cas_saw: "3"}
    done = client.post(f"/companies/{people.a}/skills", data=data)
    assert done.status_code == 302
    page = client.get(f"/companies/{people.a}/skills").get_data(as_text=True)
    assert "1 niveau(s) opgeslagen." in page and "Taken die maar één persoon zelfstandig kan: 0." in page
    for bad in ({cas_saw: "7"}, {f"l-{pk['Cas']}-99999": "1"}, {"seen": "x"}):
        assert client.post(f"/companies/{people.a}/skills", data={"csrf_token": token, **bad}).status_code == 400
    assert client.post(f"/companies/{people.a}/skills", data={cas_saw: "1"}).status_code == 400  # no token


def test_targets_make_training_needs_and_development_steps(app: Flask, people: People) -> None:
    client = _client(app, "coach-a@example.nl")
    _import(client, people.a, "m.xlsx", _xlsx([["Naam", *TASKS], *ROWS]))
    with transaction(app) as s:
        cas = s.scalars(select(SkillPerson).where(SkillPerson.name == "Cas")).one().pk
        tk = {n: p for n, p in s.execute(select(SkillTask.name, SkillTask.pk))}
    url = f"/companies/{people.a}/skills/people/{cas}"
    token = csrf(client.get(url))
    levels = {f"level-{t}": lv for t, lv in zip(tk.values(), ("0", "2", "1"), strict=True)}
    targets = {f"target-{t}": "" for t in tk.values()} | {f"on-{t}": "" for t in tk.values()}
    wrong = client.post(url, data={"csrf_token": token, **levels, **targets, f"on-{tk['Heftruck']}": "2026-13-40"})
    assert wrong.status_code == 400 and "Geen geldige datum" in wrong.get_data(as_text=True)
    plan = {f"target-{tk['Heftruck']}": "3", f"on-{tk['Heftruck']}": "2027-03-01", f"target-{tk['Zagen']}": "3"}
    assert client.post(url, data={"csrf_token": token, **levels, **targets, **plan}).status_code == 302
    needs = client.get(f"/companies/{people.a}/skills/needs").get_data(as_text=True)
    # Cas: Heftruck 1 -> 3 by 2027-03-01 (a step), Zagen 2 -> 3 without a date (a need, no step).
    assert needs.count('<th scope="row"><a href=') == 2 and "2027-03-01" in needs and "geen datum" in needs
    assert "1 van de 3 mensen in de matrix hebben een ontwikkelstap" in needs
    assert "(33%)" in needs


def test_the_export_reads_back_in_as_the_same_matrix(app: Flask, people: People) -> None:
    client = _client(app, "manager-a@example.nl")
    _import(client, people.a, "m.xlsx", _xlsx([["Naam", *TASKS], *ROWS]))
    xlsx = client.get(f"/companies/{people.a}/skills/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.headers["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(xlsx.data)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Naam", "Lassen *", "Zagen", "Heftruck *"]
    assert rows[1:] == [[n, *(0 if v is None else v for v in levels)] for n, *levels in ROWS]
    text = client.get(f"/companies/{people.a}/skills/export.csv").data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[2] == ["Bram", "4", "1", "0"]
    before = _counts(app)
    assert _import(client, people.a, "again.xlsx", xlsx.data).status_code == 302
    assert _counts(app) == before


def test_tasks_and_people_are_added_renamed_and_removed(app: Flask, people: People) -> None:
    client = _client(app, "manager-a@example.nl")
    url = f"/companies/{people.a}/skills/setup"
    token = re.search(
        r'name="new-task-csrf_token" type="hidden" value="([^"]+)"', client.get(url).get_data(as_text=True)
    )
    assert token
    add = {
        "new-task-csrf_token": token[1],
        "new-task-name": "Lassen",
        "new-task-minimum": "3",
        "new-task-critical": "y",
    }
    assert client.post(f"/companies/{people.a}/skills/tasks", data=add).status_code == 302
    again = client.post(f"/companies/{people.a}/skills/tasks", data=add | {"new-task-name": " lassen "})
    assert again.status_code == 400 and "Deze taak staat al in de matrix." in again.get_data(as_text=True)
    zero = client.post(
        f"/companies/{people.a}/skills/tasks", data=add | {"new-task-name": "Zagen", "new-task-minimum": "0"}
    )
    assert zero.status_code == 400 and "Het minimum is een getal van 1 tot 99." in zero.get_data(as_text=True)
    with transaction(app) as s:
        task = s.scalars(select(SkillTask)).one()
        assert (task.name, task.minimum, task.critical) == ("Lassen", 3, True)
    _import(client, people.a, "m.xlsx", _xlsx([["Naam", "Lassen"], ["Anna", 4]]))
    with transaction(app) as s:
        anna = s.scalars(select(SkillPerson)).one().pk
    remove = f"/companies/{people.a}/skills/people/{anna}/remove"
    assert "Anna uit de matrix verwijderen?" in client.get(remove).get_data(as_text=True)
    assert client.post(remove, data={"csrf_token": csrf(client.get(remove))}).status_code == 302
    assert _counts(app) == (1, 0, 0)


def test_only_the_company_s_managers_and_coach_see_the_matrix(app: Flask, people: People) -> None:
    _import(_client(app, "manager-a@example.nl"), people.a, "m.xlsx", _xlsx([["Naam", *TASKS], *ROWS]))
    for email, status in (
        ("manager-b@example.nl", 404),
        ("coach-b@example.nl", 404),
        ("admin@example.nl", 403),
    ):
        client = _client(app, email)
        for url in ("", "/needs", "/setup", "/export.csv"):
            page = client.get(f"/companies/{people.a}/skills{url}")
            assert page.status_code == status, (email, url)
            assert "Anna" not in page.get_data(as_text=True)
    assert app.test_client().get(f"/companies/{people.a}/skills").status_code == 302  # to the login


def test_the_company_page_shows_the_change_to_its_people_and_the_programme_totals_only(
    app: Flask, people: People
) -> None:
    client = _client(app, "manager-a@example.nl")
    _import(client, people.a, "m.xlsx", _xlsx([["Naam", *TASKS], *ROWS]))
    with transaction(app) as s:
        company = s.scalars(select(Company).where(Company.slug == people.a)).one()
        skills_store.take_snapshot(s, company, "baseline")
        bram = s.scalars(select(SkillPerson).where(SkillPerson.name == "Bram")).one()
        saw = s.scalars(select(SkillTask).where(SkillTask.name == "Zagen")).one()
        skills_store.set_cell(s, bram, saw, 3, None, None, "x")  # Zagen: two people now
        skills_store.take_snapshot(s, company, "endline")
    page = client.get(f"/companies/{people.a}").get_data(as_text=True)
    part = page[page.index('id="qs-skills"') :]
    assert (
        '<th scope="row">Taken die maar één persoon zelfstandig kan</th><td>0</td><td>1</td><td>0</td><td>-1</td>'
        in part
    )
    admin = _client(app, "admin@example.nl")
    assert 'id="qs-skills"' not in admin.get(f"/companies/{people.a}").get_data(as_text=True)
    programme = admin.get("/programme").get_data(as_text=True)
    assert "1 bedrijven houden een inzetbaarheidsmatrix bij" in programme
    assert (
        "Anna" not in programme and "Bram" not in programme and "Alfa" not in programme[programme.index("qs-skills") :]
    )


def test_the_development_steps_stand_beside_the_survey_s_development_plan_figure(app: Flask) -> None:
    a = make_company(app, "Gamma", employees=6, managers=0)
    store_responses(app, a.employee, a.questionnaire)  # every employee: the first option, "no plan"
    with transaction(app) as s:
        add_user(s, "manager-g@example.nl", PASSWORD, "manager", company=programme.company_by_slug(s, a.company))
    client = _client(app, "manager-g@example.nl")
    _import(client, a.company, "m.xlsx", _xlsx([["Naam", *TASKS], *ROWS]))
    needs = client.get(f"/companies/{a.company}/skills/needs").get_data(as_text=True)
    assert "In de vragenlijst zei 0% van de medewerkers een ontwikkelplan te hebben (6 antwoorden)." in needs
    assert "0 van de 3 mensen in de matrix hebben een ontwikkelstap" in needs
