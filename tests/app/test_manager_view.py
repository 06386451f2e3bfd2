"""Managers among themselves (issue 15, attack 9): with two managers, manager A could compute B's answers
as ``2 * mean - own``. The company's own managers see the managers' result only from 3 managers
(``scoring.anonymity`` rule 6); the coach and the programme lead see it from 1."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from quickscan import reporting
from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.models import Company
from quickscan.questionnaire_store import registry
from scoring import anonymity
from scoring.results import GroupResult, SuppressedGroup

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import make_company, store_responses

MANAGER = "baas@example.nl"
COACH = "coach@example.nl"


def _company_with_managers(app: Flask, managers: int) -> str:
    co = make_company(app, f"Twee Bazen {managers}", employees=8, managers=managers)
    store_responses(app, co.employee[:6], co.questionnaire)
    for n, token in enumerate(co.manager):
        store_responses(app, [token], co.questionnaire, role="manager", value=str(1 + 2 * n))
    with transaction(app) as s:
        company = s.scalar(select(Company).where(Company.slug == co.company))
        add_user(s, MANAGER, PASSWORD, "manager", company=company)
        add_user(s, COACH, PASSWORD, "coach", coach_of=[company])
    return co.company


def _managers_column(page: str) -> list[str]:
    """The profile table's managers column (the cell after % favourable), as the page shows it."""
    table = page.split("Profiel: gemiddelde per thema", 2)[-1].split("</table>", 1)[0]
    return re.findall(r"<tr><th[^>]*>[^<]*</th>(?:<td[^>]*>[^<]*</td>){4}<td[^>]*>([^<]*)</td>", table)


def _page(app: Flask, who: str, slug: str) -> str:
    client = app.test_client()
    assert log_in(client, who, PASSWORD).status_code == 302
    return client.get(f"/companies/{slug}").get_data(as_text=True)


def test_two_managers_do_not_see_the_managers_result(app: Flask) -> None:
    slug = _company_with_managers(app, 2)
    with transaction(app) as s:
        for_managers = reporting.company_report(s, registry(app), slug, among_managers=True)
        for_coach = reporting.company_report(s, registry(app), slug)
    assert for_managers is not None and for_coach is not None
    assert isinstance(for_managers.waves[0].managers.groups["all"], SuppressedGroup)
    assert isinstance(for_coach.waves[0].managers.groups["all"], GroupResult)
    assert all(d.gap is None for d in for_managers.waves[0].gap.dimensions.values() if hasattr(d, "gap"))
    # on the pages: the coach reads the managers' averages (2 and 4 → 3,00 or 2,xx), the manager does not
    coach_cells = _managers_column(_page(app, COACH, slug))
    manager_cells = _managers_column(_page(app, MANAGER, slug))
    assert coach_cells and any(re.search(r"\d", c) for c in coach_cells)
    assert manager_cells and not any(re.search(r"\d", c) for c in manager_cells)
    pdf_manager = app.test_client()
    log_in(pdf_manager, MANAGER, PASSWORD)
    assert pdf_manager.get(f"/companies/{slug}/report.pdf").status_code == 200


def test_three_managers_see_their_result(app: Flask) -> None:
    slug = _company_with_managers(app, 3)
    with transaction(app) as s:
        for_managers = reporting.company_report(s, registry(app), slug, among_managers=True)
    assert for_managers is not None
    assert isinstance(for_managers.waves[0].managers.groups["all"], GroupResult)
    assert any(re.search(r"\d", c) for c in _managers_column(_page(app, MANAGER, slug)))


def test_the_rule_for_managers_among_themselves() -> None:
    assert anonymity.limit_for(None, "manager") == anonymity.MANAGER_MIN == 1
    assert anonymity.limit_for(None, "manager", among_managers=True) == anonymity.MANAGER_PEERS_MIN == 3
    assert anonymity.limit_for(None, "employee", among_managers=True) == anonymity.DEFAULT_THRESHOLD
    assert anonymity.manager_shown(2) and not anonymity.manager_shown(2, among_managers=True)
    assert anonymity.manager_shown(3, among_managers=True)
    assert anonymity.gap_shown(5, 1) and not anonymity.gap_shown(5, 2, among_managers=True)
    assert not anonymity.gap_shown(4, 3, among_managers=True)
