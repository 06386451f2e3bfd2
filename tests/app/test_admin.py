"""The programme lead's pages: companies, waves, invitations and sheets, accounts; confirm before delete."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quickscan.auth import add_user
from quickscan.db import transaction
from quickscan.models import Company, Invitation, Response, User, Wave

from .auth_helpers import PASSWORD, log_in
from .survey_helpers import csrf, make_company, store_responses


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    with transaction(app) as s:
        add_user(s, "admin@example.nl", PASSWORD, "admin")
    client = app.test_client()
    log_in(client, "admin@example.nl")
    return client


def _count(app: Flask, model) -> int:  # type: ignore[no-untyped-def]
    with transaction(app) as s:
        return int(s.scalar(select(func.count()).select_from(model)))


def test_add_a_company_open_a_wave_invite_and_print(app: Flask, admin: FlaskClient) -> None:
    form = admin.get("/admin/companies/new")
    assert 'list="regions"' in form.get_data(as_text=True)
    made = admin.post(
        "/admin/companies/new",
        data={
            "csrf_token": csrf(form),
            "name": "Installatie <b>Oost</b>",
            "region": "Twente",
            "sector": "installatie",
            "size_band": "20-49",
            "departments": "monteurs\nkantoor\n",
        },
    )
    assert made.status_code == 302 and made.location.endswith("/admin/companies/installatie-b-oost-b")
    page = admin.get(made.location)
    html = page.get_data(as_text=True)
    assert "Installatie &lt;b&gt;Oost&lt;/b&gt;" in html and "<b>Oost</b>" not in html
    assert "Bedrijf Installatie &lt;b&gt;Oost&lt;/b&gt; toegevoegd." in html
    opened = admin.post(
        made.location,
        data={
            "wave-csrf_token": csrf(page),
            "action": "open",
            "wave-kind": "baseline",
            "wave-questionnaire": "leercultuur-mkb@1",
        },
    )
    assert opened.status_code == 302
    page = admin.get(made.location)
    invited = admin.post(
        made.location,
        data={
            "invite-csrf_token": csrf(page),
            "action": "invite",
            "invite-kind": "baseline",
            "invite-role": "employee",
            "invite-count": "3",
            "invite-department": "monteurs",
        },
    )
    html = invited.get_data(as_text=True)
    links = re.findall(r"<code>(http://localhost/s/[A-Za-z0-9_-]+)</code>", html)
    assert len(links) == 3 and "3 links gemaakt." in html
    with transaction(app) as s:
        assert {i.department for i in s.scalars(select(Invitation))} == {"monteurs"}
    sheet = admin.get("/admin/companies/installatie-b-oost-b/baseline/invitations.pdf?role=employee")
    assert sheet.status_code == 200 and sheet.mimetype == "application/pdf" and sheet.data.startswith(b"%PDF")
    assert admin.get("/admin/companies/installatie-b-oost-b/endline/invitations.pdf").status_code == 404


def test_invalid_company_form_shows_errors_tied_to_fields(admin: FlaskClient) -> None:
    form = admin.get("/admin/companies/new")
    page = admin.post("/admin/companies/new", data={"csrf_token": csrf(form), "name": "", "region": ""})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="name-error"' in html and 'aria-describedby="name-error"' in html and 'aria-invalid="true"' in html


def test_inviting_for_a_closed_wave_is_refused_with_a_message(app: Flask, admin: FlaskClient) -> None:
    co = make_company(app, employees=1, managers=0)
    url = f"/admin/companies/{co.company}"
    page = admin.get(url)
    admin.post(url, data={"csrf_token": csrf(page), "action": "close", "kind": "baseline"})
    page = admin.get(url)
    assert "Gesloten" in page.get_data(as_text=True)
    result = admin.post(
        url,
        data={
            "invite-csrf_token": csrf(page),
            "action": "invite",
            "invite-kind": "baseline",
            "invite-role": "employee",
            "invite-count": "2",
        },
    )
    assert "Deze meting is gesloten" in result.get_data(as_text=True)
    assert _count(app, Invitation) == 1


def test_deleting_a_company_asks_first_then_removes_all_its_answers(app: Flask, admin: FlaskClient) -> None:
    co = make_company(app, employees=2, managers=1)
    store_responses(app, co.employee, co.questionnaire)
    confirm = admin.get(f"/admin/companies/{co.company}/delete")
    html = confirm.get_data(as_text=True)
    assert "verwijderen?" in html and "alle 2 antwoorden" in html
    assert _count(app, Company) == 1  # nothing happened yet
    done = admin.post(f"/admin/companies/{co.company}/delete", data={"csrf_token": csrf(confirm)})
    assert done.status_code == 302
    for model in (Company, Wave, Invitation, Response):
        assert _count(app, model) == 0
    assert admin.post(f"/admin/companies/{co.company}/delete", data={"csrf_token": csrf(confirm)}).status_code == 404


def test_accounts_can_be_added_edited_and_deleted(app: Flask, admin: FlaskClient) -> None:
    co = make_company(app, employees=1, managers=0)
    form = admin.get("/admin/users/new")
    made = admin.post(
        "/admin/users/new",
        data={
            "csrf_token": csrf(form),
            "email": "Coach@Example.nl",
            "role": "coach",
            "coach_of": [co.company],
            "password": PASSWORD,
        },
    )
    assert made.status_code == 302
    with transaction(app) as s:
        coach = s.scalar(select(User).where(User.email == "coach@example.nl"))
        assert coach is not None and [c.slug for c in coach.coached] == [co.company]
        pk = coach.pk
    short = admin.post(
        "/admin/users/new",
        data={"csrf_token": csrf(form), "email": "x@example.nl", "role": "admin", "password": "kort"},
    )
    assert "minstens 12 tekens" in short.get_data(as_text=True)
    edit = admin.get(f"/admin/users/{pk}/edit")
    admin.post(
        f"/admin/users/{pk}/edit",
        data={"csrf_token": csrf(edit), "email": "coach@example.nl", "role": "manager", "company": co.company},
    )
    with transaction(app) as s:
        user = s.get(User, pk)
        assert user.role == "manager" and user.company.slug == co.company and user.coached == []
    confirm = admin.get(f"/admin/users/{pk}/delete")
    assert "verwijderen?" in confirm.get_data(as_text=True)
    admin.post(f"/admin/users/{pk}/delete", data={"csrf_token": csrf(confirm)})
    assert _count(app, User) == 1


@pytest.mark.parametrize("who", ["coach", "manager"])
def test_admin_pages_are_for_the_admin_only(app: Flask, who: str) -> None:
    co = make_company(app, employees=1, managers=0)
    with transaction(app) as s:
        company = s.scalar(select(Company))
        add_user(
            s,
            f"{who}@example.nl",
            PASSWORD,
            who,
            company=company if who == "manager" else None,
            coach_of=[company] if who == "coach" else None,
        )
    client = app.test_client()
    log_in(client, f"{who}@example.nl")
    for url in (
        "/admin/",
        "/admin/companies/new",
        f"/admin/companies/{co.company}",
        "/admin/users",
        f"/admin/companies/{co.company}/delete",
        f"/admin/companies/{co.company}/baseline/invitations.pdf",
    ):
        assert client.get(url).status_code == 403, url
    anonymous = app.test_client()
    assert anonymous.get("/admin/").status_code == 302


def test_closing_the_programme_asks_first_then_closes_its_waves_and_starts_retention(
    app: Flask, admin: FlaskClient
) -> None:
    import datetime as dt

    from quickscan.models import Programme

    co = make_company(app, employees=2, managers=0)
    index = admin.get("/admin/").get_data(as_text=True)
    assert "Het programma loopt." in index and "Programma afsluiten" in index

    ask = admin.get("/admin/programmes/programma/close")
    page = ask.get_data(as_text=True)
    assert ask.status_code == 200 and "Programma afsluiten?" in page
    deletion = dt.date.today() + dt.timedelta(days=app.config["RETENTION_DAYS"] + 1)
    assert "Alle metingen die nog open staan (1)" in page
    assert f"vanaf {deletion.day} " in page and str(deletion.year) in page
    assert admin.post("/admin/programmes/programma/close", data={}).status_code == 400  # no form token
    with transaction(app) as s:
        assert s.scalars(select(Programme)).one().closed_on is None

    done = admin.post("/admin/programmes/programma/close", data={"csrf_token": csrf(ask)}, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "is afgesloten; 1 open metingen zijn gesloten" in text
    assert "Afgesloten op" in text and "Programma afsluiten" not in text
    with transaction(app) as s:
        assert s.scalars(select(Programme)).one().closed_on == dt.date.today()
        assert not any(w.is_open for w in s.scalars(select(Wave)))
    assert app.test_client().get(f"/s/{co.employee[0]}").status_code == 410  # the links stop working
    again = admin.get("/admin/programmes/programma/close", follow_redirects=True)
    assert "is al afgesloten" in again.get_data(as_text=True)
    assert admin.get("/admin/programmes/nope/close").status_code == 404
