"""Access control: every route x every kind of visitor, with the status each must get.

Visitors: anonymous, an employee with a survey link (no account), the managers of companies A and B, the
coach of A, a coach not of A, and the admin. Company pages are asked for company A; a visitor who may not
see A gets 404 (not 403), so a guessed address does not even confirm that a company exists. A test below
fails when a route is added to the app without a row here.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from questionnaires.dialogue import from_questionnaire
from quickscan import dialogue_store, programme, skills_store
from quickscan.auth import add_user
from quickscan.db import transaction

from .auth_helpers import PASSWORD, log_in
from .plan_helpers import add_plan
from .survey_helpers import make_company, store_responses

VISITORS = ("anonymous", "employee", "manager_a", "manager_b", "coach_a", "coach_b", "admin")
EMAILS = {
    "manager_a": "manager-a@example.nl",
    "manager_b": "manager-b@example.nl",
    "coach_a": "coach-a@example.nl",
    "coach_b": "coach-b@example.nl",
    "admin": "admin@example.nl",
}

PUBLIC = dict.fromkeys(VISITORS, 200)
LOGGED_IN = {"anonymous": 302, "employee": 302} | dict.fromkeys(EMAILS, 200)
COMPANY_A = {
    "anonymous": 302,
    "employee": 302,
    "manager_a": 200,
    "manager_b": 404,
    "coach_a": 200,
    "coach_b": 404,
    "admin": 200,
}
COACH_OR_ADMIN_A = COMPANY_A | {"manager_a": 403, "manager_b": 403}
#: A's plan is changed by A's managers and coach; the lead reads it only (403); the rest gets 404 as for A.
PLAN_EDIT_A = COMPANY_A | {"admin": 403}
#: The same for a POST without a form token: whoever may change the plan gets as far as the token check (400).
PLAN_POST_A = PLAN_EDIT_A | {"manager_a": 400, "coach_a": 400}
ADMIN = {"anonymous": 302, "employee": 302} | dict.fromkeys(EMAILS, 403) | {"admin": 200}
#: A chart by a name no chart has: whoever may see the page gets as far as looking for it (404).
CHART_A = COMPANY_A | {"manager_a": 404, "coach_a": 404, "admin": 404}
PROGRAMME_CHART = ADMIN | {"admin": 404}
#: A's skills matrix names employees: A's managers and coach only; the lead sees totals elsewhere (403).
SKILLS_A = COMPANY_A | {"admin": 403}
#: The same for a POST without a form token: A's managers and coach get as far as the token check (400).
SKILLS_POST_A = SKILLS_A | {"manager_a": 400, "coach_a": 400}
#: A page number no page links to: whoever may see the page gets as far as reading the address (400).
LOGGED_IN_BAD_PAGE = LOGGED_IN | dict.fromkeys(EMAILS, 400)
ADMIN_BAD_PAGE = ADMIN | {"admin": 400}

#: (endpoint, method, url template, expected status per visitor). {a} = slug of A, {t} = a survey token of A,
#: {p} = the programme's slug, {f}, {x}, {s} = a focus area, an action and a step of A's plan, {g}, {c} = an open
#: dialogue session of A and its join code; {k}, {m} = a task and a person of A's skills matrix.
MATRIX = [
    ("public.index", "GET", "/", PUBLIC),
    ("public.questionnaire", "GET", "/questionnaires/leercultuur-mkb/1", PUBLIC),
    ("public.privacy", "GET", "/privacy", PUBLIC),
    ("public.health", "GET", "/health", PUBLIC),
    ("survey.enter_code", "GET", "/s/", PUBLIC),  # typing the short code of a QR card
    ("survey.welcome", "GET", "/s/{t}", PUBLIC),
    ("survey.begin", "POST", "/s/{t}/start", dict.fromkeys(VISITORS, 400)),  # no form token
    ("survey.page", "GET", "/s/{t}/1", dict.fromkeys(VISITORS, 302)),  # not started: to the welcome page
    ("survey.link_code", "GET", "/s/{t}/code", dict.fromkeys(VISITORS, 302)),
    ("survey.review", "GET", "/s/{t}/submit", dict.fromkeys(VISITORS, 302)),
    ("survey.thanks", "GET", "/s/{t}/thanks", dict.fromkeys(VISITORS, 302)),
    ("auth.login", "GET", "/login", {"anonymous": 200, "employee": 200} | dict.fromkeys(EMAILS, 302)),
    ("auth.logout", "POST", "/logout", dict.fromkeys(VISITORS, 400)),  # no form token
    ("account.password", "GET", "/account/password", LOGGED_IN),
    ("account.confirm", "GET", "/account/confirm", LOGGED_IN),
    ("dashboard.home", "GET", "/dashboard", LOGGED_IN),
    ("dashboard.home", "GET", "/dashboard?region=Oost&q=alf&page=3", LOGGED_IN),  # paged and filtered
    ("dashboard.home", "GET", "/dashboard?page=x", LOGGED_IN_BAD_PAGE),
    ("dashboard.company", "GET", "/companies/{a}", COMPANY_A),
    ("dashboard.company_pdf", "GET", "/companies/{a}/report.pdf", COMPANY_A),
    ("dashboard.company_chart", "GET", "/companies/{a}/charts/0123abcd.svg", CHART_A),
    ("dashboard.programme", "GET", "/programme", ADMIN),
    ("dashboard.programme", "GET", "/programme?region=Oost&q=B&page=3", ADMIN),
    ("dashboard.programme", "GET", "/programme?page=0", ADMIN_BAD_PAGE),
    ("dashboard.programme_pdf", "GET", "/programme/report.pdf", ADMIN),
    ("dashboard.programme_chart", "GET", "/programme/charts/0123abcd.svg", PROGRAMME_CHART),
    ("dashboard.company_export", "GET", "/companies/{a}/export.csv", COACH_OR_ADMIN_A),
    ("dashboard.programme_export", "GET", "/programme/export.csv", ADMIN),
    ("admin.index", "GET", "/admin/", ADMIN),
    ("admin.company_new", "GET", "/admin/companies/new", ADMIN),
    ("admin.company", "GET", "/admin/companies/{a}", ADMIN),
    ("admin.company_edit", "GET", "/admin/companies/{a}/edit", ADMIN),
    ("admin.company_delete", "GET", "/admin/companies/{a}/delete", ADMIN),
    ("admin.invitation_sheet", "GET", "/admin/companies/{a}/baseline/invitations.pdf", ADMIN),
    ("admin.programme_close", "GET", "/admin/programmes/{p}/close", ADMIN),
    ("admin.users", "GET", "/admin/users", ADMIN),
    ("admin.user_new", "GET", "/admin/users/new", ADMIN),
    ("admin.user_edit", "GET", "/admin/users/{u}/edit", ADMIN),
    ("admin.user_delete", "GET", "/admin/users/{u}/delete", ADMIN),
    ("plans.plan", "GET", "/companies/{a}/plan", COMPANY_A),
    ("plans.focus_add", "POST", "/companies/{a}/plan/focus", PLAN_POST_A),
    ("plans.focus_why", "POST", "/companies/{a}/plan/focus/{f}/why", PLAN_POST_A),
    ("plans.focus_remove", "GET", "/companies/{a}/plan/focus/{f}/remove", PLAN_EDIT_A),
    ("plans.focus_remove", "POST", "/companies/{a}/plan/focus/{f}/remove", PLAN_POST_A),
    ("plans.action_add", "POST", "/companies/{a}/plan/focus/{f}/actions", PLAN_POST_A),
    ("plans.suggestion_add", "POST", "/companies/{a}/plan/focus/{f}/suggestions", PLAN_POST_A),
    ("plans.action", "GET", "/companies/{a}/plan/actions/{x}", COMPANY_A),
    ("plans.action", "POST", "/companies/{a}/plan/actions/{x}", PLAN_POST_A),
    ("plans.action_remove", "GET", "/companies/{a}/plan/actions/{x}/remove", PLAN_EDIT_A),
    ("plans.action_remove", "POST", "/companies/{a}/plan/actions/{x}/remove", PLAN_POST_A),
    ("plans.step_add", "POST", "/companies/{a}/plan/actions/{x}/steps", PLAN_POST_A),
    ("plans.step_done", "POST", "/companies/{a}/plan/actions/{x}/steps/{s}", PLAN_POST_A),
    ("plans.step_remove", "POST", "/companies/{a}/plan/actions/{x}/steps/{s}/remove", PLAN_POST_A),
    ("plans.note_add", "POST", "/companies/{a}/plan/actions/{x}/notes", PLAN_POST_A),
    ("dialogue.index", "GET", "/companies/{a}/dialogue", COMPANY_A),  # the lead: only when and how many
    ("dialogue.index", "POST", "/companies/{a}/dialogue", PLAN_POST_A),
    ("dialogue.facilitate", "GET", "/companies/{a}/dialogue/{g}", PLAN_EDIT_A),
    ("dialogue.status", "GET", "/companies/{a}/dialogue/{g}/status", PLAN_EDIT_A),
    ("dialogue.reveal", "POST", "/companies/{a}/dialogue/{g}/reveal", PLAN_POST_A),
    ("dialogue.close", "POST", "/companies/{a}/dialogue/{g}/close", PLAN_POST_A),
    ("dialogue.focus", "POST", "/companies/{a}/dialogue/{g}/focus", PLAN_POST_A),
    # Not revealed yet: whoever may see it gets as far as finding no summary (404).
    (
        "dialogue.summary_pdf",
        "GET",
        "/companies/{a}/dialogue/{g}/summary.pdf",
        PLAN_EDIT_A | {"manager_a": 404, "coach_a": 404},
    ),
    ("dialogue.enter", "GET", "/d/", PUBLIC),  # a participant's phone: no account
    ("dialogue.join", "GET", "/d/{c}", PUBLIC),
    ("dialogue.join", "POST", "/d/{c}", dict.fromkeys(VISITORS, 400)),  # no form token
    ("skills.grid", "GET", "/companies/{a}/skills", SKILLS_A),
    ("skills.grid_post", "POST", "/companies/{a}/skills", SKILLS_POST_A),
    ("skills.snapshot", "POST", "/companies/{a}/skills/snapshot", SKILLS_POST_A),
    ("skills.needs", "GET", "/companies/{a}/skills/needs", SKILLS_A),
    ("skills.setup", "GET", "/companies/{a}/skills/setup", SKILLS_A),
    ("skills.task_add", "POST", "/companies/{a}/skills/tasks", SKILLS_POST_A),
    ("skills.task_edit", "POST", "/companies/{a}/skills/tasks/{k}", SKILLS_POST_A),
    ("skills.task_remove", "GET", "/companies/{a}/skills/tasks/{k}/remove", SKILLS_A),
    ("skills.task_remove", "POST", "/companies/{a}/skills/tasks/{k}/remove", SKILLS_POST_A),
    ("skills.person_add", "POST", "/companies/{a}/skills/people", SKILLS_POST_A),
    ("skills.person", "GET", "/companies/{a}/skills/people/{m}", SKILLS_A),
    ("skills.person", "POST", "/companies/{a}/skills/people/{m}", SKILLS_POST_A),
    ("skills.person_edit", "POST", "/companies/{a}/skills/people/{m}/edit", SKILLS_POST_A),
    ("skills.person_remove", "GET", "/companies/{a}/skills/people/{m}/remove", SKILLS_A),
    ("skills.person_remove", "POST", "/companies/{a}/skills/people/{m}/remove", SKILLS_POST_A),
    ("skills.upload", "POST", "/companies/{a}/skills/import", SKILLS_POST_A),
    ("skills.export", "GET", "/companies/{a}/skills/export.csv", SKILLS_A),
    ("skills.export", "GET", "/companies/{a}/skills/export.xlsx", SKILLS_A),
    # A has not consented to its learning circle: its own copy of the handout is not there for anyone (404)
    ("circles.handout", "GET", "/companies/{a}/circle/handout.pdf", CHART_A),
    ("circles.coach_handout", "GET", "/companies/{a}/circle/coach-handout.pdf", COMPANY_A | {"manager_a": 403}),
    ("circles.admin", "GET", "/admin/circles", ADMIN),
    ("circles.admin", "POST", "/admin/circles", ADMIN | {"admin": 400}),  # no form token
    ("audit_trail.index", "GET", "/admin/audit/", ADMIN),
    ("audit_trail.export", "GET", "/admin/audit/audit.csv", ADMIN),
]


@pytest.fixture
def world(app: Flask) -> dict[str, str]:
    a = make_company(app, "Alfa", employees=6, managers=1)
    b = make_company(app, "Beta", employees=1, managers=0)
    store_responses(app, a.employee[1:], a.questionnaire)
    with transaction(app) as s:
        company_a = programme.company_by_slug(s, a.company)
        company_b = programme.company_by_slug(s, b.company)
        add_user(s, EMAILS["manager_a"], PASSWORD, "manager", company=company_a)
        add_user(s, EMAILS["manager_b"], PASSWORD, "manager", company=company_b)
        add_user(s, EMAILS["coach_a"], PASSWORD, "coach", coach_of=[company_a])
        add_user(s, EMAILS["coach_b"], PASSWORD, "coach", coach_of=[company_b])
        add_user(s, EMAILS["admin"], PASSWORD, "admin")
        other = add_user(s, "someone@example.nl", PASSWORD, "coach")
        found = {"a": a.company, "t": a.employee[0], "u": str(other.pk), "p": programme.DEFAULT_PROGRAMME}
        instrument = from_questionnaire(a.questionnaire)
        dialogue = dialogue_store.start(s, company_a, instrument, None)
        found |= {"g": str(dialogue.pk), "c": dialogue.join_code}
        found["k"] = str(skills_store.add_task(s, company_a, "Lassen").pk)  # a task and a person of A's matrix
        found["m"] = str(skills_store.add_person(s, company_a, "Anna").pk)
    return found | {k: str(v) for k, v in add_plan(app, a.company).items()}


def _client(app: Flask, visitor: str, world: dict[str, str]) -> FlaskClient:
    client = app.test_client()
    if visitor == "employee":
        client.get(f"/s/{world['t']}")  # has opened their own survey link: a session, no account
    elif visitor in EMAILS:
        assert log_in(client, EMAILS[visitor]).status_code == 302
    return client


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_route_for_every_visitor(app: Flask, world: dict[str, str], visitor: str) -> None:
    client = _client(app, visitor, world)
    failures = []
    for endpoint, method, template, expected in MATRIX:
        url = template.format(**world)
        got = client.open(url, method=method).status_code
        if got != expected[visitor]:
            failures.append(f"{endpoint} {method} {url}: {got}, expected {expected[visitor]}")
    assert failures == []


def test_the_matrix_covers_every_route_of_the_app(app: Flask) -> None:
    covered = {endpoint for endpoint, *_ in MATRIX}
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert routes - covered == set(), "add the new routes to MATRIX"


def test_changing_the_id_in_a_url_never_shows_another_company(app: Flask, world: dict[str, str]) -> None:
    client = _client(app, "manager_b", world)
    for url in (
        f"/companies/{world['a']}",
        f"/companies/{world['a']}/export.csv",
        f"/companies/{world['a']}/export.xlsx",
        f"/companies/{world['a']}/plan",
        f"/companies/{world['a']}/plan/actions/{world['x']}",
        f"/companies/{world['a']}/dialogue",
        f"/companies/{world['a']}/dialogue/{world['g']}",
        f"/companies/{world['a']}/skills",
        f"/companies/{world['a']}/skills/people/{world['m']}",
        f"/companies/{world['a']}/skills/export.csv",
        f"/companies/{world['a']}/circle/handout.pdf",
        f"/companies/{world['a']}/circle/coach-handout.pdf",
    ):
        page = client.get(url)
        assert page.status_code in (403, 404)
        assert "Alfa" not in page.get_data(as_text=True)
