"""Every output asks ``scoring.anonymity``, and nothing else, what to hide (issue 14: one home for each rule).

With the real rules a company of 8 employees and 2 managers shows its numbers. With the rules in
``scoring.anonymity`` turned up to a limit nobody reaches, the same company page, its PDF, the export and the
programme page show no number of any group: if an output kept a threshold of its own, it would still show them.
"""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from quickscan import programme
from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.models import Company
from quickscan.questionnaire_store import registry
from scoring import anonymity
from scoring.anonymity import thresholds

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import make_company, store_responses

COACH = "coach@example.nl"
ADMIN = "admin@example.nl"
#: A mean or share as the reports print it: "3,40", "3.40", "45%".
NUMBER = re.compile(r"\b\d[,.]\d\d\b|\b\d+ ?%")
UNREACHABLE = 10_000


def _company(app: Flask) -> str:
    co = make_company(app, "Regels Overal", employees=8, managers=2)
    store_responses(app, co.employee, co.questionnaire)
    store_responses(app, co.manager, co.questionnaire, role="manager")
    with transaction(app) as s:
        company = s.scalar(select(Company).where(Company.slug == co.company))
        add_user(s, COACH, PASSWORD, "coach", coach_of=[company])
        add_user(s, ADMIN, PASSWORD, "admin")
        programme.close_wave(s, programme.wave_of(s, company, "baseline"), registry(app))
    return co.company


def _outputs(app: Flask, slug: str) -> dict[str, str]:
    coach, admin = app.test_client(), app.test_client()
    assert log_in(coach, COACH, PASSWORD).status_code == 302
    assert log_in(admin, ADMIN, PASSWORD).status_code == 302
    page = coach.get(f"/companies/{slug}").get_data(as_text=True)
    report = page.split('<div class="report">', 1)[-1]
    pdf = coach.get(f"/companies/{slug}/report.pdf").data
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    export = coach.get(f"/companies/{slug}/export.csv").data.decode("utf-8-sig")
    programme_page = admin.get("/programme").get_data(as_text=True)
    return {"page": report, "pdf": pdf_text, "export": export, "programme": programme_page}


def _profile_numbers(text: str) -> list[str]:
    """The numbers in the profile section (means, shares) of a page or PDF text."""
    section = text.split("Profiel: gemiddelde per thema", 1)[-1].split("Leidinggevenden en medewerkers", 1)[0]
    words = re.sub(r"95 ?%", "", re.sub(r"<[^>]+>", " ", section))  # "95%-interval" is a column name
    return NUMBER.findall(words)


def test_with_the_real_rules_the_numbers_are_shown(app: Flask) -> None:
    out = _outputs(app, _company(app))
    assert _profile_numbers(out["page"]) and _profile_numbers(out["pdf"])
    assert len(out["export"].strip().splitlines()) == 1 + 8 + 2


@pytest.mark.parametrize("rule", ["threshold", "limit_for"])
def test_with_the_rules_turned_up_no_output_shows_a_number(
    app: Flask, monkeypatch: pytest.MonkeyPatch, rule: str
) -> None:
    slug = _company(app)
    real_limit_for = anonymity.limit_for

    def turn_up(name: str, value: object) -> None:
        # in the façade, which outputs call, and in the rule's home, which the other rules call
        monkeypatch.setattr(anonymity, name, value)
        monkeypatch.setattr(thresholds, name, value)

    if rule == "threshold":
        turn_up("threshold", lambda questionnaire=None: UNREACHABLE)
        turn_up("MANAGER_MIN", UNREACHABLE)
        turn_up("MANAGER_PEERS_MIN", UNREACHABLE)
    else:
        turn_up("limit_for", lambda *a, **k: UNREACHABLE + 0 * real_limit_for(*a, **k))
        turn_up("threshold", lambda questionnaire=None: UNREACHABLE)
    out = _outputs(app, slug)
    assert _profile_numbers(out["page"]) == []
    assert _profile_numbers(out["pdf"]) == []
    assert out["export"].strip().splitlines()[1:] == []  # the header only
    assert "Regels Overal" not in out["programme"]
