"""Through the app: employees fill in the survey, the manager opens the company page and sees what they wrote,
from 10 responses and not before."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from questionnaires import Questionnaire
from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.models import Company

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import complete, make_company, release_pending

MANAGER = "baas@example.nl"


def _fill(client: FlaskClient, token: str, q: Questionnaire, going_well: str) -> None:
    """Answer every statement with 4 (choices: the first option), write ``going_well``, skip the code, submit."""
    done = complete(client, token, q, open_answers={"going_well": going_well})
    assert done.status_code == 302, done.status_code


def _page(app: Flask, slug: str, lang: str) -> str:
    client = app.test_client()
    assert log_in(client, MANAGER, PASSWORD).status_code == 302
    page = client.get(f"/companies/{slug}?lang={lang}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_manager_sees_the_comments_from_ten_responses(app: Flask) -> None:
    co = make_company(app, "Metaal Test", employees=10, managers=0)
    with transaction(app) as s:
        company = s.scalar(select(Company).where(Company.slug == co.company))
        add_user(s, MANAGER, PASSWORD, "manager", company=company)
    written = [f"Antwoord nummer {chr(ord('Z') - i)}" for i in range(9)]  # Z, Y, ... R: response order reversed
    written[4] = "<script>alert(1)</script> & meer"
    for token, text in zip(co.employee[:9], written, strict=True):
        _fill(app.test_client(), token, co.questionnaire, text)
    release_pending(app)

    nine = _page(app, co.company, "nl")
    assert "Wat mensen schreven" in nine and "open antwoorden worden getoond vanaf 10 reacties" in nine
    assert "Antwoord nummer" not in nine and "alert(1)" not in nine

    _fill(app.test_client(), co.employee[9], co.questionnaire, "  aandacht voor leren  ")
    release_pending(app)
    ten = _page(app, co.company, "nl")
    assert "open antwoorden worden getoond vanaf 10 reacties" not in ten
    items = [
        f"<li>{t}</li>"
        for t in [
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer",
            "aandacht voor leren",
            *sorted(t for t in written if t.startswith("Antwoord")),
        ]
    ]
    positions = [ten.index(item) for item in items]
    assert positions == sorted(positions)  # alphabetical, not in the order they were sent
    assert "<script>alert(1)" not in ten
    # the second open question: nobody wrote anything
    assert "Niemand schreef hier iets." in ten

    english = _page(app, co.company, "en")
    assert "What people wrote" in english and "<li>aandacht voor leren</li>" in english
    assert "open answers are shown from 10 responses" not in english
