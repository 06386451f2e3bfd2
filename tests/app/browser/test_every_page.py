"""Every page a visitor can reach, in a real browser on a 360 px phone and a 1280 px screen: nothing sticks out
sideways (the document is no wider than the window) and axe-core finds no violation (issue 18).

The pages come from the app's routes: each GET route is walked here (``PAGES``, or the survey's screens that
the employee walks in order) or named in ``NOT_WALKED`` with the reason. A test fails when a route is neither,
so a new page cannot be forgotten. Every visitor walks what they can reach: anonymous (the public pages and
the login), an employee (the survey), the manager of a company with a baseline and an end-line, the manager of
a company with a baseline only (who first chooses their own password), their coach and the programme lead.
``<details>`` are opened first, so what is folded away is checked too. Chart text size is checked by the
charts' own test; here a chart only must not make its page wider than the window.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import select

from questionnaires.dialogue import from_questionnaire
from quickscan import audit, demo, dialogue_store, programme, skills_store
from quickscan.auth import add_user, set_password
from quickscan.db import transaction
from quickscan.dialogue_models import DialogueSession
from quickscan.models import Company, FocusArea, Plan, PlanAction, User
from quickscan.questionnaire_store import registry

from ..auth_helpers import PASSWORD
from ..plan_helpers import EMAILS as PLAN_EMAILS
from ..plan_helpers import answer, make_world
from ..survey_helpers import make_company

#: Width of the window and whether it is a phone (touch, the page's viewport meta obeyed).
WIDTHS = {360: True, 1280: False}

MANAGER, MANAGER_B, COACH, ADMIN = "manager", "manager_b", "coach", "admin"
VISITORS = ("anonymous", "employee", MANAGER, MANAGER_B, COACH, ADMIN)

#: (endpoint, address, who walks it). {a}: a company with a baseline and an end-line and a plan (manager: its
#: manager), {b}: a company with a baseline only and no plan yet (manager_b: its manager); {f}, {x}: a focus
#: area and an action of {a}'s plan; {p}: the programme; {u}: another account; {e}, {g}: a company with a finished
#: demo dialogue session and that session; {o}, {c}: an open session of {a} and its join code; {k}, {m}: a task
#: and a person of {a}'s skills matrix.
PAGES: list[tuple[str, str, tuple[str, ...]]] = [
    ("public.index", "/", ("anonymous",)),
    ("public.privacy", "/privacy", ("anonymous",)),
    ("public.privacy", "/privacy?lang=en", ("anonymous",)),
    ("public.questionnaire", "/questionnaires/leercultuur-mkb/1", ("anonymous",)),
    ("public.questionnaire", "/questionnaires/leercultuur-mkb/1?role=manager&lang=en", ("anonymous",)),
    ("auth.login", "/login", ("anonymous",)),
    ("survey.enter_code", "/s/", ("employee",)),
    ("dashboard.home", "/dashboard", (MANAGER, MANAGER_B, COACH, ADMIN)),
    ("dashboard.company", "/companies/{a}", (MANAGER, COACH, ADMIN)),
    ("dashboard.company", "/companies/{a}?lang=en", (COACH,)),
    ("dashboard.company", "/companies/{b}", (MANAGER_B, COACH, ADMIN)),
    ("dashboard.programme", "/programme", (ADMIN,)),
    ("dashboard.programme", "/programme?lang=en", (ADMIN,)),
    ("dashboard.programme", "/programme?region=Nergens&q=9", (ADMIN,)),  # the filter's errors shown
    ("dashboard.home", "/dashboard?region=Twente&q=bouw", (ADMIN,)),
    ("plans.plan", "/companies/{a}/plan", (MANAGER, COACH, ADMIN)),
    ("plans.plan", "/companies/{a}/plan?shareable=1", (MANAGER,)),
    ("plans.plan", "/companies/{b}/plan", (MANAGER_B, COACH)),
    ("plans.action", "/companies/{a}/plan/actions/{x}", (MANAGER, COACH, ADMIN)),
    ("plans.action_remove", "/companies/{a}/plan/actions/{x}/remove", (MANAGER, COACH)),
    ("plans.focus_remove", "/companies/{a}/plan/focus/{f}/remove", (MANAGER, COACH)),
    ("skills.grid", "/companies/{a}/skills", (MANAGER, COACH)),
    ("skills.grid", "/companies/{a}/skills?critical=1&q=a&lang=en", (COACH,)),
    ("skills.needs", "/companies/{a}/skills/needs", (MANAGER, COACH)),
    ("skills.setup", "/companies/{a}/skills/setup", (MANAGER, COACH)),
    ("skills.person", "/companies/{a}/skills/people/{m}", (MANAGER, COACH)),
    ("skills.person_remove", "/companies/{a}/skills/people/{m}/remove", (MANAGER,)),
    ("skills.task_remove", "/companies/{a}/skills/tasks/{k}/remove", (COACH,)),
    ("admin.index", "/admin/", (ADMIN,)),
    ("admin.company", "/admin/companies/{a}", (ADMIN,)),
    ("admin.company", "/admin/companies/{b}", (ADMIN,)),
    ("admin.company_new", "/admin/companies/new", (ADMIN,)),
    ("admin.company_edit", "/admin/companies/{a}/edit", (ADMIN,)),
    ("admin.company_delete", "/admin/companies/{a}/delete", (ADMIN,)),
    ("admin.programme_close", "/admin/programmes/{p}/close", (ADMIN,)),
    ("admin.users", "/admin/users", (ADMIN,)),
    ("admin.user_new", "/admin/users/new", (ADMIN,)),
    ("admin.user_edit", "/admin/users/{u}/edit", (ADMIN,)),
    ("admin.user_delete", "/admin/users/{u}/delete", (ADMIN,)),
    ("audit_trail.index", "/admin/audit/", (ADMIN,)),
    ("dialogue.index", "/companies/{e}/dialogue", (COACH, ADMIN)),
    ("dialogue.index", "/companies/{a}/dialogue", (MANAGER,)),
    ("dialogue.facilitate", "/companies/{e}/dialogue/{g}", (COACH,)),
    ("dialogue.facilitate", "/companies/{e}/dialogue/{g}?rank=divided&lang=en", (COACH,)),
    ("dialogue.facilitate", "/companies/{a}/dialogue/{o}", (MANAGER,)),
    ("dialogue.enter", "/d/", ("employee",)),
    ("dialogue.join", "/d/{c}", ("employee",)),
    ("circles.admin", "/admin/circles", (ADMIN,)),
    ("account.password", "/account/password", (MANAGER, ADMIN)),
    ("account.confirm", "/account/confirm", (ADMIN,)),
]

#: The survey's screens, walked by the employee in order (each needs the one before): see _walk_survey.
SURVEY = ("survey.welcome", "survey.page", "survey.link_code", "survey.review", "survey.thanks")

#: GET routes that are not pages, with the reason.
NOT_WALKED = {
    "static": "the stylesheet",
    "public.health": "JSON for a load balancer",
    "dashboard.company_pdf": "a PDF download",
    "dashboard.programme_pdf": "a PDF download",
    "dashboard.company_chart": "a chart image of the company page (its text: test_chart_text.py)",
    "dashboard.programme_chart": "a chart image of the programme page (its text: test_chart_text.py)",
    "dashboard.company_export": "a CSV or Excel download",
    "dashboard.programme_export": "a CSV or Excel download",
    "admin.invitation_sheet": "a PDF download",
    "audit_trail.export": "a CSV download",
    "dialogue.status": "JSON for the facilitator page's script",
    "dialogue.summary_pdf": "a PDF download",
    "skills.export": "a CSV or Excel download",
    "circles.handout": "a PDF download",
    "circles.coach_handout": "a PDF download",
}


def test_every_get_route_is_walked_or_excluded_with_a_reason(app: Flask) -> None:
    gets = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())}
    walked = {endpoint for endpoint, _, _ in PAGES} | set(SURVEY)
    assert gets - walked - set(NOT_WALKED) == set(), "walk the new pages in PAGES, or say in NOT_WALKED why not"
    assert set(NOT_WALKED) <= gets and not set(NOT_WALKED) & walked, "NOT_WALKED names a route that is not there"
    assert set(SURVEY) <= gets


def test_each_walked_address_is_the_route_it_says(app: Flask) -> None:
    adapter = app.url_map.bind("localhost")
    names = {"a": "alfa", "b": "beta", "f": "1", "x": "2", "p": "programma", "u": "3", "e": "e", "g": "4", "o": "5"}
    names |= {"c": "ABCD2345", "k": "6", "m": "7"}
    for endpoint, url, who in PAGES:
        assert adapter.match(url.format(**names).split("?")[0], method="GET")[0] == endpoint, url
        assert who and set(who) <= set(VISITORS), url


@dataclass
class World:
    urls: dict[str, str]  # the values of {a}, {b}, ...
    emails: dict[str, str]  # visitor -> e-mail address (password: PASSWORD)
    tokens: list[str]  # unused survey links of {b}
    questionnaire_pages: int


def _world(app: Flask) -> World:
    """One region of the demo (eight companies with both waves, plans) and a company with a baseline only."""
    q = registry(app).get("leercultuur-mkb")
    with transaction(app) as s:
        demo.create(s, q, seed=5, regions=("Twente",))
    b = make_company(app, "Bakkerij Beta", employees=10, managers=1)
    answer(app, b.employee[:8], b.questionnaire, values={"development": 2, "ownership": 3})
    answer(app, b.manager, b.questionnaire, "manager")
    with transaction(app) as s:
        action = s.scalars(select(PlanAction).order_by(PlanAction.pk)).first()
        assert action is not None
        focus = s.get(FocusArea, action.focus_area_pk)
        assert focus is not None
        plan = s.get(Plan, focus.plan_pk)
        assert plan is not None
        a = s.get(Company, plan.company_pk)
        assert a is not None
        company_b = programme.company_by_slug(s, b.company)
        coach = s.scalars(select(User).where(User.role == "coach")).one()
        coach.coached = [*coach.coached, company_b]
        add_user(s, "manager-b@example.nl", PASSWORD, "manager", company=company_b)
        emails = {
            MANAGER: s.scalars(select(User.email).where(User.company_pk == a.pk)).one(),
            MANAGER_B: "manager-b@example.nl",
            COACH: coach.email,
            ADMIN: demo.ADMIN_EMAIL,
        }
        audit.record(
            s,
            "user.edit",
            object_kind="user",
            object_id=coach.pk,
            detail="role=coach; coach_of=" + ",".join(c.slug for c in coach.coached),
            actor_email="programmaleiding.regio-twente.met-een-lang-adres@opleidingsfonds-voorbeeld.nl",
        )
        urls = {"a": a.slug, "b": b.company, "f": str(focus.pk), "x": str(action.pk), "p": programme.DEFAULT_PROGRAMME}
        urls["u"] = str(coach.pk)
        # A finished demo session (revealed, closed) of a company the coach guides; an open one of {a}.
        held = s.scalars(select(DialogueSession).order_by(DialogueSession.pk)).first()
        assert held is not None
        urls |= {"e": s.get(Company, held.company_pk).slug, "g": str(held.pk)}  # type: ignore[union-attr]
        manager_a = s.scalars(select(User).where(User.company_pk == a.pk)).first()
        opened = dialogue_store.start(s, a, from_questionnaire(q), manager_a)
        urls |= {"o": str(opened.pk), "c": opened.join_code}
        if not skills_store.has_matrix(s, a):  # the demo keeps matrices for its first companies
            skills_store.add_person(s, a, "Anna")
            skills_store.add_task(s, a, "Lassen")
        urls["k"] = str(skills_store.tasks(s, a)[0].pk)
        urls["m"] = str(skills_store.people(s, a)[0].pk)
    return World(urls, emails, b.employee[8:], len(q.sections_for("employee")))


@pytest.fixture
def world(app: Flask) -> World:
    return _world(app)


def _log_in(page, base: str, email: str, lands: str = "**/dashboard") -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login?lang=nl")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(demo.DEMO_PASSWORD if email.endswith("demo.quickscan.nl") else PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lands)


def _first_login(app: Flask, page, base: str, email: str, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Log in with a password the lead chose: the page to choose one's own comes first (checked), then the
    overview."""
    with transaction(app) as s:
        set_password(s.scalars(select(User).where(User.email == email)).one(), PASSWORD, must_change=True)
    _log_in(page, base, email, lands="**/account/password")
    problems = _check(page, width, "first login /account/password")
    page.get_by_label("Je huidige wachtwoord").fill(PASSWORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("de fietsenstalling achter de bakkerij")
    page.get_by_label("Nieuw wachtwoord nog een keer").fill("de fietsenstalling achter de bakkerij")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.wait_for_url("**/dashboard")
    return problems


def _check(page, width: int, what: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What is wrong with the page now: wider than the window, axe violations (one line each)."""
    from axe_playwright_python.sync_playwright import Axe

    page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    problems = []
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide > width:
        problems.append(f"{width} px {what}: {wide} px wide")
    for v in Axe().run(page).response["violations"]:
        first = v["nodes"][0]["target"]
        problems.append(f"{width} px {what}: axe {v['id']} ({v['impact']}) x{len(v['nodes'])}, first {first}")
    return problems


def _walk_pages(page, base: str, world: World, visitor: str, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    for _, url, who in PAGES:
        if visitor not in who:
            continue
        address = url.format(**world.urls)
        response = page.goto(f"{base}{address}")
        assert response is not None and response.status == 200, f"{visitor} {address}: {response and response.status}"
        assert page.url == f"{base}{address}", f"{visitor} {address}: went on to {page.url}"
        problems += _check(page, width, f"{visitor} {address}")
    return problems


def _walk_survey(page, base: str, world: World, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    """The employee's screens in order: welcome, each page, the own code, the check, the thanks."""
    token = world.tokens[list(WIDTHS).index(width)]
    problems = []
    page.goto(f"{base}/s/{token}")
    problems += _check(page, width, "employee welcome")
    page.get_by_role("button", name="Beginnen").click()
    for number in range(1, world.questionnaire_pages + 1):
        page.wait_for_url(f"**/s/{token}/{number}")
        problems += _check(page, width, f"employee page {number}")
        page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(f"**/s/{token}/code")
    problems += _check(page, width, "employee own code")
    page.get_by_role("button", name="Overslaan").click()
    page.wait_for_url(f"**/s/{token}/submit")
    problems += _check(page, width, "employee check")
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url(f"**/s/{token}/thanks")
    problems += _check(page, width, "employee thanks")
    return problems


def _walk_states(page, base: str, world: World, visitor: str, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Pages as they are after a step: a failed login, an unknown short code, a page not found, a form with
    errors, new links."""
    problems = []
    if visitor == "employee":
        page.goto(f"{base}/s/?lang=nl")
        page.get_by_label("Code").fill("AAAA-BBBB-CCCC")
        page.get_by_role("button", name="Naar de vragenlijst").click()
        page.wait_for_load_state()
        assert page.get_by_role("alert").is_visible()
        problems += _check(page, width, "employee /s/ (unknown code)")
    if visitor == "anonymous":
        page.goto(f"{base}/login?lang=nl")
        page.get_by_label("E-mailadres").fill("nobody@example.nl")
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        problems += _check(page, width, "anonymous /login (failed)")
    if visitor == MANAGER:
        response = page.goto(f"{base}/companies/{world.urls['b']}")  # not theirs: not found
        assert response is not None and response.status == 404
        problems += _check(page, width, "manager /companies/{b} (not found)")
    if visitor == ADMIN:
        page.goto(f"{base}/admin/companies/new")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        problems += _check(page, width, "admin /admin/companies/new (errors)")
        page.goto(f"{base}/admin/companies/{world.urls['b']}")
        invite = page.locator("form", has=page.locator("button[value=invite]"))
        invite.locator("[name=invite-count]").fill("3")
        invite.locator("button[value=invite]").click()
        page.wait_for_load_state()
        assert page.locator("ol.links li").count() == 3
        problems += _check(page, width, "admin /admin/companies/{b} (new links)")
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("visitor", VISITORS)
def test_every_page_fits_a_phone_and_a_screen_and_is_axe_clean(  # type: ignore[no-untyped-def]
    app: Flask, live_server: str, browser, world: World, visitor: str
) -> None:
    problems = []
    for width, phone in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=phone, has_touch=phone)
        page = context.new_page()
        page.set_default_timeout(30_000)
        if visitor == MANAGER_B:
            problems += _first_login(app, page, live_server, world.emails[visitor], width)
        elif visitor in world.emails:
            _log_in(page, live_server, world.emails[visitor])
        if visitor == "employee":
            problems += _walk_survey(page, live_server, world, width)
        problems += _walk_pages(page, live_server, world, visitor, width)
        problems += _walk_states(page, live_server, world, visitor, width)
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_a_wide_table_on_a_phone_is_reached_scrolled_and_shown_by_keyboard(  # type: ignore[no-untyped-def]
    app: Flask, live_server: str, browser
) -> None:
    """The company page's response table is wider than a 360 px phone: Tab reaches its region (named by the
    heading), the focus is drawn, the arrow key scrolls the table and not the page."""
    world = make_world(app)
    context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    _log_in(page, live_server, PLAN_EMAILS["coach_a"])
    page.goto(f"{live_server}/companies/{world.a}")
    region = page.get_by_role("region", name="Respons")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth"), "the table fits: nothing to scroll"
    for _ in range(100):
        page.keyboard.press("Tab")
        if region.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the table")
    outline = region.evaluate("e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]")
    assert outline[0] != "none" and outline[1] >= 2, outline
    page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle())
    assert page.evaluate("window.scrollX") == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
