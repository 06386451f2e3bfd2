"""A questionnaire's own threshold reaches every output (issue 24).

The app is pointed at a folder holding the shipped questionnaire under another id with
``scoring.anonymity_threshold`` 7. A company with 6 employees shows no number on its page, its PDF or in its
export; with 7 it does. Its one manager is shown to the coach (rule 6: managers from 1, whatever the
employees' threshold).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from questionnaires.loader import SHIPPED_DIR
from quickscan import create_app, programme
from quickscan.auth import add_user
from quickscan.db import database, transaction
from quickscan.models import Company
from quickscan.questionnaire_store import registry

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import store_responses

COACH = "coach@example.nl"
QUESTIONNAIRE = "leercultuur-zeven"
#: A mean or share as the reports print it: "3,40", "3.40", "45%".
NUMBER = re.compile(r"\b\d[,.]\d\d\b|\b\d+ ?%")


@pytest.fixture
def app7(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app with only the threshold-7 questionnaire in its questionnaire folder."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    data = json.loads((SHIPPED_DIR / "leercultuur-mkb.json").read_text(encoding="utf-8"))
    data["id"] = QUESTIONNAIRE
    data["scoring"]["anonymity_threshold"] = 7
    (folder / f"{QUESTIONNAIRE}.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("QUICKSCAN_INSTANCE_PATH", str(tmp_path / "instance"))
    application = create_app(
        {"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret", "QUESTIONNAIRE_DIR": str(folder)}
    )
    assert registry(application).get(QUESTIONNAIRE, 1).scoring.anonymity_threshold == 7
    yield application
    database(application).engine.dispose()


def _company(app: Flask, employees: int) -> str:
    q = registry(app).get(QUESTIONNAIRE, 1)
    with transaction(app) as s:
        company = programme.add_company(s, f"Zeven {employees}", "Twente", ["metaal"])
        wave = programme.open_wave(s, company, "baseline", q)
        emp = [i.token for i in programme.invite(s, wave, "employee", employees)]
        man = [i.token for i in programme.invite(s, wave, "manager", 1)]
        slug = company.slug
    store_responses(app, emp, q)
    store_responses(app, man, q, role="manager")
    with transaction(app) as s:
        company = s.scalar(select(Company).where(Company.slug == slug))
        add_user(s, COACH, PASSWORD, "coach", coach_of=[company])
        programme.close_wave(s, programme.wave_of(s, company, "baseline"), registry(app))
    return slug


def _profile(text: str) -> tuple[str, list[str]]:
    """The profile section (means per theme) of a page or PDF text, and the numbers (means, shares) in it."""
    part = text.split("Profiel: gemiddelde per thema", 1)[-1].split("Leidinggevenden en medewerkers", 1)[0]
    words = re.sub(r"\s+", " ", re.sub(r"95 ?%", "", re.sub(r"<[^>]+>", " ", part)))  # "95%-interval": a column
    return words, NUMBER.findall(words)


@pytest.mark.parametrize(("employees", "shown"), [(6, False), (7, True)])
def test_company_page_pdf_and_export_follow_the_questionnaires_threshold(
    app7: Flask, employees: int, shown: bool
) -> None:
    slug = _company(app7, employees)
    themes = len(registry(app7).get(QUESTIONNAIRE, 1).dimensions)
    coach = app7.test_client()
    assert log_in(coach, COACH, PASSWORD).status_code == 302
    page = coach.get(f"/companies/{slug}")
    assert page.status_code == 200
    report = page.get_data(as_text=True).split('<div class="report">', 1)[-1]
    pdf = coach.get(f"/companies/{slug}/report.pdf").data
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for text in (report, pdf_text):
        words, numbers = _profile(text)
        if shown:
            assert "minder dan 7" not in words
            assert len(numbers) > themes  # employees' mean and % favourable beside the manager's mean
        else:
            assert words.count("te weinig reacties (minder dan 7)") >= themes  # table (and chart)
            assert len(numbers) == themes  # the one manager's mean per theme, shown to the coach (rule 6)
    export = coach.get(f"/companies/{slug}/export.csv").data.decode("utf-8-sig").strip().splitlines()
    employee_rows = [row for row in export[1:] if "manager" not in row]
    assert len(employee_rows) == (employees if shown else 0)
    assert len(export) - 1 - len(employee_rows) == 1  # the manager's row (rule 6: from 1 manager)
