"""The end-line welcome page tells employees what the company worked on ("you said, we did"): the titles of the
actions the manager marked shareable, done ones first, at most three; nothing else of the plan, and nothing at
the baseline."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quickscan import plan_store, programme, response_store
from quickscan.db import transaction
from quickscan.models import Company
from quickscan.questionnaire_store import registry

from .plan_fixtures import add_plan
from .survey_helpers import make_company

HEADING_NL = "Wat er is gedaan sinds de vorige vragenlijst"
HEADING_EN = "What has been done since the last survey"
PLAN = {
    "psych_safety": [
        ("Elke maand één fout bespreken", "done", True),
        ("Gesprek met de ondernemingsraad", "done", False),  # not shareable: never shown
        ("Een vertrouwenspersoon aanwijzen", "stopped", True),  # stopped: not "what we did"
        ("Intervisie voor leidinggevenden", "planned", True),  # planned: only when there is room
    ],
    "time_to_learn": [
        ("Het laatste uur van de vrijdag is voor leren", "in_progress", True),
        ("Leertijd noteren in de urenregistratie", "done", True),
    ],
}


def _waves(app: Flask, plan: dict | None = PLAN) -> tuple[str, str]:  # type: ignore[type-arg]
    """A company with a baseline and an end-line, both open, and ``plan``: an employee link of each."""
    setup = make_company(app, "Bouw Terug", employees=2)
    q = registry(app).get("leercultuur-mkb", 1)
    with transaction(app) as s:
        company = s.scalars(select(Company).where(Company.slug == setup.company)).one()
        end = programme.open_wave(s, company, "endline", q)
        end_token = programme.invite(s, end, "employee", 1)[0].token
    if plan is not None:
        add_plan(app, setup.company, plan)
    return setup.employee[0], end_token


def _page(client: FlaskClient, token: str, lang: str = "nl") -> str:
    page = client.get(f"/s/{token}?lang={lang}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_end_line_welcome_says_what_was_done_first(app: Flask, client: FlaskClient) -> None:
    _, end = _waves(app)
    html = _page(client, end)
    assert HEADING_NL in html
    shown = html.split(HEADING_NL, 1)[1].split("</section>", 1)[0]
    items = [line.strip() for line in shown.split("<li>")[1:]]
    assert [item.split("</li>")[0] for item in items] == [
        "Klaar: Elke maand één fout bespreken",
        "Klaar: Leertijd noteren in de urenregistratie",
        "Bezig: Het laatste uur van de vrijdag is voor leren",
    ]
    # What the manager did not share, what was stopped, and what did not fit: not on the page.
    for hidden in ("Gesprek met de ondernemingsraad", "Een vertrouwenspersoon aanwijzen", "Intervisie"):
        assert hidden not in html
    # Nor anything else of the plan: the focus area's reason.
    assert "Laagste score" not in html


def test_planned_actions_fill_the_room_that_is_left(app: Flask, client: FlaskClient) -> None:
    plan = {"reflection": [("Verbeterbord bij de koffie", "planned", True), ("Terugkijken na een klus", "done", True)]}
    _, end = _waves(app, plan)
    html = _page(client, end)
    assert html.index("Klaar: Terugkijken na een klus") < html.index("Gepland: Verbeterbord bij de koffie")


def test_the_baseline_welcome_says_nothing_of_the_plan(app: Flask, client: FlaskClient) -> None:
    base, _ = _waves(app)
    html = _page(client, base)
    assert HEADING_NL not in html and "Elke maand één fout bespreken" not in html


def test_nothing_shareable_means_no_section(app: Flask, client: FlaskClient) -> None:
    _, end = _waves(app, {"leadership": [("Meewerken op de vloer", "done", False)]})
    html = _page(client, end)
    assert HEADING_NL not in html and "Meewerken op de vloer" not in html
    _, other = _waves(app, None)  # a company without a plan
    assert HEADING_NL not in _page(client, other)


def test_another_companys_plan_is_not_shown(app: Flask, client: FlaskClient) -> None:
    _waves(app)  # Bouw Terug, with the plan
    lone = make_company(app, "Zorg Elders", employees=1, kind="endline")
    assert HEADING_NL not in _page(client, lone.employee[0])


def test_in_english_and_escaped(app: Flask, client: FlaskClient) -> None:
    _, end = _waves(app, {"ownership": [("<script>alert(1)</script> & {{7*7}}", "in_progress", True)]})
    html = _page(client, end, "en")
    assert HEADING_EN in html and "In progress: &lt;script&gt;alert(1)&lt;/script&gt; &amp; {{7*7}}" in html
    assert "<script>alert(1)" not in html


def test_the_store_gives_titles_and_statuses_only(app: Flask) -> None:
    base, end = _waves(app)
    with transaction(app) as s:
        end_link = response_store.find_invitation(s, end)
        base_link = response_store.find_invitation(s, base)
        assert end_link is not None and base_link is not None
        shared = plan_store.shared_actions(s, end_link.wave_pk, limit=10)
        assert plan_store.shared_actions(s, base_link.wave_pk) == []
    assert [(a.status, a.title) for a in shared] == [
        ("done", "Elke maand één fout bespreken"),
        ("done", "Leertijd noteren in de urenregistratie"),
        ("in_progress", "Het laatste uur van de vrijdag is voor leren"),
        ("planned", "Intervisie voor leidinggevenden"),
    ]
