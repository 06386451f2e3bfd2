"""Anonymity over time (issue 15, rule 8): results come from releases, never from the live set.

Each test plays the manager (or coach) who knows who just submitted, and compares what they can obtain
before and after: the company page, its PDF and the export. Participation counts ("6 van 14 ingevuld")
and the wave's state (open, closed) may move with one response or a click; nothing else may.
"""

from __future__ import annotations

import io
import random
import re

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import func, select

from quickscan import programme, releases
from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.models import Company, Invitation, Release, Response, Wave
from quickscan.questionnaire_store import registry
from scoring import anonymity

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import complete, make_company, store_responses

MANAGER = "baas@example.nl"
COACH = "coach@example.nl"

#: The participation section of the company page (may stay live): the table and what waits for release.
PARTICIPATION = re.compile(r'<section class="participation">.*?</section>', re.S)
PDF_PARTICIPATION = re.compile(r"\d+ (?:van|of) \d+ \(\d+%\)")
#: The wave's period ("open sinds 3 maart 2026", "3 maart 2026 – 24 maart 2026"): its state, not its answers.
PERIOD = re.compile(r"open (?:sinds|since) \d+ \w+ \d{4}|\d+ \w+ \d{4} – \d+ \w+ \d{4}")
CSRF = re.compile(r'name="csrf_token"[^>]*value="[^"]*"|value="[^"]*" name="csrf_token"')


def _people(app: Flask, slug: str) -> None:
    with transaction(app) as s:
        company = s.scalar(select(Company).where(Company.slug == slug))
        add_user(s, MANAGER, PASSWORD, "manager", company=company)
        add_user(s, COACH, PASSWORD, "coach", coach_of=[company])


def _outputs(app: Flask, slug: str) -> dict[str, bytes]:
    """What the manager and the coach can obtain of the company, with the live participation table and the
    form tokens taken out."""
    out: dict[str, bytes] = {}
    for who in (MANAGER, COACH):
        client = app.test_client()
        assert log_in(client, who, PASSWORD).status_code == 302
        for lang in ("nl", "en"):
            page = client.get(f"/companies/{slug}?lang={lang}").get_data(as_text=True)
            out[f"{who} page {lang}"] = PERIOD.sub("", CSRF.sub("", PARTICIPATION.sub("", page))).encode()
        out[f"{who} pdf"] = _pdf_without_participation(client.get(f"/companies/{slug}/report.pdf?lang=nl").data)
        if who == COACH:
            out["export csv"] = _rows_in_any_order(client.get(f"/companies/{slug}/export.csv").data)
    return out


def _rows_in_any_order(csv_bytes: bytes) -> bytes:
    """An export's rows without their number, sorted: exports come in random order (rule 9)."""
    header, *rows = csv_bytes.decode("utf-8-sig").splitlines()
    return "\n".join([header, *sorted(row.split(",", 1)[-1] for row in rows)]).encode()


def _pdf_without_participation(pdf: bytes) -> bytes:
    """The PDF's text with its participation figures ("6 van 14 (43%)") taken out."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return PERIOD.sub("", PDF_PARTICIPATION.sub("", text)).encode()


def _page(app: Flask, who: str, slug: str, lang: str = "nl") -> str:
    client = app.test_client()
    assert log_in(client, who, PASSWORD).status_code == 302
    return client.get(f"/companies/{slug}?lang={lang}").get_data(as_text=True)


def _close(app: Flask, slug: str, kind: str = "baseline") -> None:
    with transaction(app) as s:
        wave = programme.wave_of(s, programme.company_by_slug(s, slug), kind)
        programme.close_wave(s, wave, registry(app))


def _reopen(app: Flask, slug: str, kind: str = "baseline") -> None:
    with transaction(app) as s:
        wave = programme.wave_of(s, programme.company_by_slug(s, slug), kind)
        wave.is_open, wave.closed_on = True, None


def _released(app: Flask) -> int:
    with transaction(app) as s:
        return len(s.scalars(select(Response.pk).where(Response.release_pk.is_not(None))).all())


def _only_the_open_wave_left_the_export(
    changed: set[str], previous: dict[str, bytes], current: dict[str, bytes]
) -> bool:
    """An open wave is not exported: reopening takes the wave's rows out of the export as a whole, and
    closing (without a new release) puts the same rows back. That is no step of one person."""
    if changed != {"export csv"}:
        return False
    rows_before = previous["export csv"].count(b"\n")
    rows_now = current["export csv"].count(b"\n")
    return rows_before == 0 or rows_now == 0


def _released_by_role(app: Flask) -> dict[str, int]:
    with transaction(app) as s:
        rows = s.execute(
            select(Invitation.role, func.count(Response.pk))
            .join(Response, Response.invitation_pk == Invitation.pk)
            .where(Response.release_pk.is_not(None))
            .group_by(Invitation.role)
        ).all()
    return {"employee": 0, "manager": 0} | {role: int(n) for role, n in rows}


def test_live_results_do_not_move_with_one_submission(app: Flask) -> None:
    """Attack 1: the page at "5 van 14", a known person submits, the page at "6 van 14"."""
    co = make_company(app, "Metaal Vijf", employees=14, managers=1)
    _people(app, co.company)
    store_responses(app, co.employee[:5], co.questionnaire, release=False)
    before = _outputs(app, co.company)
    store_responses(app, co.employee[5:6], co.questionnaire, value="1", release=False)
    after = _outputs(app, co.company)
    assert before == after
    manager_page = app.test_client()
    log_in(manager_page, MANAGER, PASSWORD)
    page = manager_page.get(f"/companies/{co.company}").get_data(as_text=True)
    assert "6 van 14 ingevuld" in page  # participation stays live
    assert "De uitkomsten van de nulmeting komen vrij als de meting is afgesloten." in page


def test_closing_releases_and_a_later_single_response_waits(app: Flask) -> None:
    """Attacks 1-3 after a release: reopening, one more response and closing again changes nothing."""
    co = make_company(app, "Metaal Tien", employees=14, managers=1)
    _people(app, co.company)
    client = app.test_client()
    for token in co.employee[:10]:
        complete(app.test_client(), token, co.questionnaire, open_answers={"going_well": f"tekst {token[:6]}"})
    complete(client, co.manager[0], co.questionnaire, role="manager")
    _close(app, co.company)
    assert _released(app) == 11
    released = _outputs(app, co.company)
    assert b"Wat mensen schreven" in released[f"{MANAGER} page nl"]
    _reopen(app, co.company)
    complete(
        app.test_client(), co.employee[10], co.questionnaire, value="1", open_answers={"going_well": "mijn eigen zin"}
    )
    _close(app, co.company)
    assert _released(app) == 11  # one new employee: below the threshold, it waits
    assert _outputs(app, co.company) == released
    page = _page(app, MANAGER, co.company)
    assert "Nog niet meegeteld in de uitkomsten: 1 ingevulde vragenlijsten van de nulmeting." in page
    assert "zodra er minstens 5 nieuwe zijn" in page
    assert b"mijn eigen zin" not in b"".join(released.values())


def test_a_release_of_at_least_the_threshold_is_made(app: Flask) -> None:
    co = make_company(app, "Metaal Groot", employees=20, managers=1)
    store_responses(app, co.employee[:6], co.questionnaire, release=False)
    _close(app, co.company)
    _reopen(app, co.company)
    store_responses(app, co.employee[6:10], co.questionnaire, release=False)
    _close(app, co.company)
    assert _released(app) == 6
    _reopen(app, co.company)
    store_responses(app, co.employee[10:11], co.questionnaire, release=False)
    _close(app, co.company)
    assert _released(app) == 11  # 5 new employees waited together: now released
    with transaction(app) as s:
        made = s.scalars(select(Release).order_by(Release.number)).all()
        assert [(r.number, r.responses) for r in made] == [(1, 6), (2, 5)]


def test_first_end_line_submission_changes_nothing_but_participation(app: Flask) -> None:
    """Attack 10: the first end-line response (with a reused link code) tells the manager nothing."""
    co = make_company(app, "Metaal Eind", employees=8, managers=1)
    _people(app, co.company)
    store_responses(app, co.employee[:6], co.questionnaire, release=False)
    _close(app, co.company)
    q = co.questionnaire
    with transaction(app) as s:
        end = programme.open_wave(s, programme.company_by_slug(s, co.company), "endline", q)
        tokens = [i.token for i in programme.invite(s, end, "employee", 8)]
    before = _outputs(app, co.company)
    store_responses(app, tokens[:1], q, release=False)
    assert _outputs(app, co.company) == before


def test_the_rule_for_a_later_release() -> None:
    # every group gains none or at least its limit
    assert anonymity.release_allowed([5, 0], [10, 3], [5, 5])
    assert not anonymity.release_allowed([4], [10], [5])
    # a group that showed nothing yet (fewer than its limit released) may gain any number
    assert anonymity.release_allowed([1], [4], [5])
    assert anonymity.release_allowed([3], [0], [5])  # the first release
    # managers (limit 1): one new manager is a step of the limit
    assert anonymity.release_allowed([1], [2], [1])
    # a questionnaire's own threshold
    assert not anonymity.release_allowed([6], [9], [7])
    assert anonymity.release_allowed([7], [9], [7])
    with pytest.raises(ValueError):
        anonymity.release_allowed([1, 2], [1], [5, 5])


def test_a_department_that_gains_one_holds_the_release_back(app: Flask) -> None:
    """Five new employees, but one of them in a department already shown: the department would move by one."""
    q = registry(app).get("leercultuur-mkb", 1)
    with transaction(app) as s:
        company = programme.add_company(s, "Bakkerij Afdeling", "Twente", ["bakkerij", "winkel"])
        wave = programme.open_wave(s, company, "baseline", q)
        bakery = [i.token for i in programme.invite(s, wave, "employee", 10, "bakkerij")]
        shop = [i.token for i in programme.invite(s, wave, "employee", 10, "winkel")]
        slug = company.slug
    store_responses(app, bakery[:5] + shop[:5], q, release=False)
    _close(app, slug)
    _reopen(app, slug)
    store_responses(app, bakery[5:9] + shop[5:6], q, release=False)  # 5 new: 4 bakery, 1 shop
    with transaction(app) as s:
        wave = s.scalars(select(Wave)).one()
        found = releases.pending(s, wave)
        assert dict(zip(found.groups, found.new, strict=True))[("employee", "winkel")] == 1
    _close(app, slug)
    assert _released(app) == 10


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_two_snapshots_differ_by_nothing_or_by_the_threshold(app: Flask, seed: int) -> None:
    """The property: for a random sequence of submissions, closes and reopenings, two consecutive snapshots
    of every output a manager or coach can obtain are equal, or the released employees grew by at least the
    threshold (or were below it before, when nothing was shown)."""
    rng = random.Random(seed)
    co = make_company(app, f"Willekeurig {seed}", employees=30, managers=3)
    _people(app, co.company)
    limit = anonymity.threshold(co.questionnaire)
    employees, managers = list(co.employee), list(co.manager)
    is_open = True
    previous = _outputs(app, co.company)
    released_before = _released_by_role(app)
    for _ in range(7):
        step = rng.choice(["submit", "submit", "close" if is_open else "reopen"])
        if step == "submit" and is_open and employees:
            take = [employees.pop() for _ in range(min(len(employees), rng.randint(1, 4)))]
            store_responses(app, take, co.questionnaire, value=str(rng.randint(1, 5)), release=False)
            if managers and rng.random() < 0.3:
                store_responses(app, [managers.pop()], co.questionnaire, role="manager", release=False)
        elif step == "close" and is_open:
            _close(app, co.company)
            is_open = False
        elif step == "reopen" and not is_open:
            _reopen(app, co.company)
            is_open = True
        current = _outputs(app, co.company)
        released_now = _released_by_role(app)
        changed = {key for key in current if current[key] != previous.get(key)}
        if changed and not _only_the_open_wave_left_the_export(changed, previous, current):
            employees_grew = released_now["employee"] - released_before["employee"]
            managers_grew = released_now["manager"] - released_before["manager"]
            assert (
                employees_grew >= limit
                or released_before["employee"] < limit
                or (employees_grew == 0 and managers_grew >= anonymity.MANAGER_MIN)
            ), (step, released_before, released_now)
        previous, released_before = current, released_now


def test_deleting_a_released_response_on_request_withholds_the_results(app: Flask) -> None:
    """Attack 6: the lead compares the page before and after revoking the link of a person who asked for
    deletion. The results do not come back without that person: they are withheld until a new release."""
    co = make_company(app, "Metaal Intrekken", employees=20, managers=1)
    _people(app, co.company)
    store_responses(app, co.employee[:8], co.questionnaire, release=False)
    _close(app, co.company)
    before = _outputs(app, co.company)
    with transaction(app) as s:
        programme.revoke(s, None, co.employee[3])
    after = _outputs(app, co.company)
    page = _page(app, MANAGER, co.company)
    assert "zijn teruggetrokken omdat iemand vroeg om zijn antwoorden te verwijderen" in page
    assert after != before
    # nothing of the wave is shown: no theme averages, and the export has no rows
    assert "te weinig reacties" in page or "nog geen uitkomsten" in page
    assert after["export csv"].count(b"\n") <= 1
    # the results come back with a release of at least the threshold new responses
    _reopen(app, co.company)
    store_responses(app, co.employee[8:12], co.questionnaire, release=False)
    _close(app, co.company)
    assert "teruggetrokken" in _page(app, MANAGER, co.company)  # 4 new: still withheld
    _reopen(app, co.company)
    store_responses(app, co.employee[12:13], co.questionnaire, release=False)
    _close(app, co.company)
    back = _page(app, MANAGER, co.company)
    assert "teruggetrokken" not in back and _released(app) == 12


def test_revoking_an_unreleased_response_changes_no_result(app: Flask) -> None:
    co = make_company(app, "Metaal Open", employees=20, managers=1)
    _people(app, co.company)
    store_responses(app, co.employee[:8], co.questionnaire, release=False)
    _close(app, co.company)
    _reopen(app, co.company)
    store_responses(app, co.employee[8:9], co.questionnaire, release=False)
    before = _outputs(app, co.company)
    with transaction(app) as s:
        programme.revoke(s, None, co.employee[8])
    assert _outputs(app, co.company) == before
    assert "teruggetrokken" not in _page(app, MANAGER, co.company)


def _set_link_codes(app: Flask, tokens: list[str], codes: list[str]) -> None:
    """Give the responses of ``tokens`` these (already hashed) link codes, as the own-code page would."""
    with transaction(app) as s:
        for token, code in zip(tokens, codes, strict=True):
            response = s.scalar(select(Response).join(Response.invitation).where(Invitation.token == token))
            assert response is not None
            response.link_code = code


def test_one_more_linked_pair_at_the_end_line_changes_nothing(app: Flask) -> None:
    """Attack 4: linked pairs 10 → 11 would give the newcomer's change, hence their baseline scores."""
    co = make_company(app, "Metaal Gekoppeld", employees=16, managers=1)
    _people(app, co.company)
    q = co.questionnaire
    store_responses(app, co.employee[:14], q, release=False)
    _set_link_codes(app, co.employee[:14], [f"hash-{i}" for i in range(14)])
    _close(app, co.company)
    with transaction(app) as s:
        end = programme.open_wave(s, programme.company_by_slug(s, co.company), "endline", q)
        tokens = [i.token for i in programme.invite(s, end, "employee", 16)]
    store_responses(app, tokens[:12], q, value="4", release=False)
    _set_link_codes(app, tokens[:12], [f"hash-{i}" for i in range(10)] + ["other-a", "other-b"])
    _close(app, co.company, "endline")
    released = _outputs(app, co.company)
    assert b"10 medewerkers koppelden hun antwoorden" in released[f"{MANAGER} page nl"]
    _reopen(app, co.company, "endline")
    store_responses(app, tokens[12:13], q, value="1", release=False)
    _set_link_codes(app, tokens[12:13], ["hash-10"])  # the eleventh pair
    _close(app, co.company, "endline")
    assert _outputs(app, co.company) == released
