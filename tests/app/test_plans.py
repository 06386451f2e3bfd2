"""The plan pages (quickscan.plans): proposals, and every change checked, stored in one go and audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quickscan.db import transaction
from quickscan.models import ActionNote, ActionStep, AuditEvent, FocusArea, Plan, PlanAction

from .plan_helpers import World, add_plan, answer, client_of, make_world, token
from .survey_helpers import make_company


@pytest.fixture
def world(app: Flask) -> World:
    return make_world(app)


def _post(client: FlaskClient, url: str, data: dict[str, object], prefix: str = "") -> int:
    field = f"{prefix}-csrf_token" if prefix else "csrf_token"
    return client.post(url, data={field: token(client), **data}).status_code


def _count(app: Flask, model: type) -> int:
    with transaction(app) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _events(app: Flask) -> list[tuple[str, str | None]]:
    with transaction(app) as s:
        return [(e.action, e.detail) for e in s.scalars(select(AuditEvent).where(AuditEvent.action.like("plan.%")))]


def _choose_section(html: str) -> str:
    """The proposals: from the heading "Aandachtspunt kiezen" to "Zelf een thema kiezen"."""
    return html[html.index("Aandachtspunt kiezen") : html.index("Zelf een thema kiezen")]


# --- the page and its proposals ----------------------------------------------------------------------


def test_the_coach_sees_the_weakest_themes_and_the_gaps_with_their_numbers(app: Flask, world: World) -> None:
    html = client_of(app, "coach_a").get(f"/companies/{world.a}/plan").get_data(as_text=True)
    proposals = _choose_section(html)
    weakest = proposals[proposals.index("Laagste scores") : proposals.index("Grootste verschillen")]
    assert re.findall(r'class="name">([^<]+)<', weakest)[:2] == ["Praten over groei", "Zelf aan de slag met leren"]
    assert "gemiddeld 2,0" in weakest and "0% positief" in weakest
    assert "leidinggevenden 5,0: leidinggevenden zien het positiever" in proposals
    assert "Nog geen plan." in html


def test_a_manager_alone_sees_no_gaps_rule_6(app: Flask, world: World) -> None:
    html = client_of(app, "manager_a").get(f"/companies/{world.a}/plan").get_data(as_text=True)
    proposals = _choose_section(html)
    assert "Laagste scores" in proposals and "Grootste verschillen" not in proposals
    assert "leidinggevenden 5,0" not in html


def test_a_suppressed_theme_is_never_proposed_with_a_number(app: Flask) -> None:
    # Six employees, two of them answered "weet ik niet" to everything about psych_safety: four scores, hidden.
    co = make_company(app, "Gamma", employees=6, managers=0)
    answer(app, co.employee[:4], co.questionnaire, values={"psych_safety": 1})
    answer(app, co.employee[4:], co.questionnaire, unknown="psych_safety")
    make_world(app)  # the people
    with transaction(app) as s:
        from quickscan import programme
        from quickscan.models import User

        coach = s.scalar(select(User).where(User.email == "coach-a@example.nl"))
        assert coach is not None
        coach.coached = [*coach.coached, programme.company_by_slug(s, co.company)]
    html = client_of(app, "coach_a").get(f"/companies/{co.company}/plan").get_data(as_text=True)
    proposals = _choose_section(html)
    assert "Laagste scores" in proposals
    assert "Veilig om te leren" not in proposals  # the weakest by far, but too few scores to show
    assert 'value="psych_safety">Veilig om te leren</option>' in html  # still choosable, without a number


def test_too_few_or_unreleased_answers_give_no_proposals(app: Flask) -> None:
    world = make_world(app, employees=4)
    html = client_of(app, "coach_a").get(f"/companies/{world.a}/plan").get_data(as_text=True)
    proposals = _choose_section(html)
    assert "Laagste scores" not in proposals and "gemiddeld" not in proposals
    assert "Kies hieronder zelf een thema" in proposals


def test_a_company_without_a_wave_has_no_plan_to_make(app: Flask, world: World) -> None:
    from quickscan import programme
    from quickscan.models import User

    with transaction(app) as s:
        empty = programme.add_company(s, "Delta", "Twente")
        coach = s.scalar(select(User).where(User.email == "coach-a@example.nl"))
        assert coach is not None
        coach.coached = [*coach.coached, empty]
        slug = empty.slug
    client = client_of(app, "coach_a")
    assert "nog geen meting" in client.get(f"/companies/{slug}/plan").get_data(as_text=True)
    assert _post(client, f"/companies/{slug}/plan/focus", {"focus-dimension": "development"}, "focus") == 400
    assert _count(app, Plan) == 0


# --- focus areas -------------------------------------------------------------------------------------


def test_choosing_a_proposal_adds_a_focus_area_with_words_not_numbers(app: Flask, world: World) -> None:
    client = client_of(app, "coach_a")
    url = f"/companies/{world.a}/plan/focus"
    assert _post(client, url, {"focus-dimension": "development", "proposal": "gap"}, "focus") == 302
    assert _post(client, url, {"focus-dimension": "development", "proposal": "gap"}, "focus") == 302  # twice: once
    with transaction(app) as s:
        [focus] = s.scalars(select(FocusArea)).all()
        assert (focus.dimension_id, focus.why) == (
            "development",
            "Voorgesteld: leidinggevenden en medewerkers zien dit thema verschillend.",
        )
    assert _events(app) == [("plan.focus_add", "development (proposed: gap)")]
    html = client.get(f"/companies/{world.a}/plan").get_data(as_text=True)
    assert "1. Praten over groei" in html and "Bijgewerkt op" in html


def test_a_focus_area_needs_a_known_theme_and_room(app: Flask, world: World) -> None:
    client = client_of(app, "manager_a")
    url = f"/companies/{world.a}/plan/focus"
    assert _post(client, url, {"focus-dimension": "no_such_theme"}, "focus") == 400
    assert _post(client, url, {"focus-dimension": ""}, "focus") == 400
    assert _post(client, url, {"focus-dimension": "development", "focus-why": "x" * 1001}, "focus") == 400
    assert _count(app, Plan) == 0  # nothing half-stored, not even the plan itself
    for dim in ("development", "ownership", "reflection"):
        assert _post(client, url, {"focus-dimension": dim, "focus-why": "Uit het gesprek"}, "focus") == 302
    page = client.post(url, data={"focus-csrf_token": token(client), "focus-dimension": "leadership"})
    assert page.status_code == 400 and "3 aandachtspunten, het maximum" in page.get_data(as_text=True)
    assert _count(app, FocusArea) == 3
    assert client.post(url, data={"focus-dimension": "leadership"}).status_code == 400  # no CSRF token


def test_why_can_be_changed(app: Flask, world: World) -> None:
    ids = add_plan(app, world.a)
    client = client_of(app, "coach_a")
    url = f"/companies/{world.a}/plan/focus/{ids['f']}/why"
    assert _post(client, url, {f"why{ids['f']}-why": "Iedereen herkent het"}, f"why{ids['f']}") == 302
    assert _post(client, url, {f"why{ids['f']}-why": "x" * 1001}, f"why{ids['f']}") == 400
    with transaction(app) as s:
        assert s.scalars(select(FocusArea.why)).one() == "Iedereen herkent het"


def test_removing_a_focus_area_asks_first_and_takes_its_actions(app: Flask, world: World) -> None:
    ids = add_plan(app, world.a)
    client = client_of(app, "coach_a")
    url = f"/companies/{world.a}/plan/focus/{ids['f']}/remove"
    page = client.get(url)
    assert page.status_code == 200 and "Praten over groei verwijderen?" in page.get_data(as_text=True)
    assert client.post(url).status_code == 400  # no token
    assert _post(client, url, {}) == 302
    assert [_count(app, m) for m in (FocusArea, PlanAction, ActionStep, ActionNote)] == [0, 0, 0, 0]
    assert ("plan.focus_remove", "development with 1 actions") in _events(app)


# --- actions -----------------------------------------------------------------------------------------


def test_a_suggestion_becomes_an_action_in_one_click(app: Flask, world: World) -> None:
    ids = add_plan(app, world.a)
    client = client_of(app, "manager_a")
    url = f"/companies/{world.a}/plan/focus/{ids['f']}/suggestions"
    page = client.post(url, data={"csrf_token": token(client), "suggestion": "1"})
    assert page.status_code == 302 and "/plan/actions/" in page.location
    suggestion = world.questionnaire.dimension("development").suggestions["nl"][1]
    with transaction(app) as s:
        made = s.scalars(select(PlanAction).where(PlanAction.from_suggestion.is_(True))).one()
        assert (made.title, made.status, made.owner) == (suggestion, "planned", "")
    for bad in ("3", "-1", "een", ""):
        assert _post(client, url, {"suggestion": bad}) == 400
    assert _count(app, PlanAction) == 2
    html = client.get(f"/companies/{world.a}/plan").get_data(as_text=True)
    assert "(staat in het plan)" in html


def test_an_own_action_needs_a_title(app: Flask, world: World) -> None:
    ids = add_plan(app, world.a)
    client = client_of(app, "coach_a")
    url = f"/companies/{world.a}/plan/focus/{ids['f']}/actions"
    prefix = f"new{ids['f']}"
    assert _post(client, url, {f"{prefix}-title": "  "}, prefix) == 400
    assert _post(client, url, {f"{prefix}-title": "x" * 201}, prefix) == 400
    assert _post(client, url, {f"{prefix}-title": "Leerkring bezoeken"}, prefix) == 302
    assert _count(app, PlanAction) == 2


def _edit(ids: dict[str, int], **changes: object) -> dict[str, object]:
    fields = {
        "title": "Ontwikkelgesprekken",
        "description": "Met iedereen een kort gesprek",
        "owner": "Bedrijfsleider",
        "start_on": "2026-03-01",
        "due_on": "2026-06-30",
        "status": "in_progress",
        "shareable": "y",
    } | changes
    return {f"action-{k}": v for k, v in fields.items() if v is not None}


def test_an_action_is_edited_and_its_change_audited(app: Flask, world: World) -> None:
    ids = add_plan(app, world.a)
    client = client_of(app, "manager_a")
    url = f"/companies/{world.a}/plan/actions/{ids['x']}"
    assert _post(client, url, _edit(ids), "action") == 302
    with transaction(app) as s:
        action = s.get_one(PlanAction, ids["x"])
        assert (action.status, action.start_on, action.due_on, action.shareable) == (
            "in_progress",
            dt.date(2026, 3, 1),
            dt.date(2026, 6, 30),
            True,
        )
    changed = f"action {ids['x']}: description, start_on, due_on, status in_progress, shareable"
    assert ("plan.action_change", changed) in _events(app)
    html = client.get(url).get_data(as_text=True)
    assert 'value="2026-06-30"' in html


@pytest.mark.parametrize(
    "changes",
    [
        {"due_on": "30-06-2026"},
        {"due_on": "2026-02-30"},
        {"start_on": "1999-12-31"},
        {"start_on": "2026-07-01"},  # after the due date
        {"status": "finished"},
        {"title": ""},
        {"owner": "x" * 121},
    ],
)
def test_a_bad_action_form_stores_nothing(app: Flask, world: World, changes: dict[str, object]) -> None:
    ids = add_plan(app, world.a)
    client = client_of(app, "coach_a")
    url = f"/companies/{world.a}/plan/actions/{ids['x']}"
    page = client.post(url, data={"action-csrf_token": token(client), **_edit(ids, **({"title": "Nieuw"} | changes))})
    assert page.status_code == 400
    assert "Niet opgeslagen" in page.get_data(as_text=True)
    with transaction(app) as s:
        action = s.get_one(PlanAction, ids["x"])
        assert (action.title, action.status, action.due_on) == ("Ontwikkelgesprekken", "planned", None)


def test_removing_an_action_asks_first(app: Flask, world: World) -> None:
    ids = add_plan(app, world.a)
    client = client_of(app, "coach_a")
    url = f"/companies/{world.a}/plan/actions/{ids['x']}/remove"
    assert "Ontwikkelgesprekken" in client.get(url).get_data(as_text=True)
    assert _post(client, url, {}) == 302
    assert [_count(app, m) for m in (FocusArea, PlanAction, ActionStep, ActionNote)] == [1, 0, 0, 0]


# --- steps and notes ---------------------------------------------------------------------------------


def test_steps_are_added_ticked_and_removed(app: Flask, world: World) -> None:
    ids = add_plan(app, world.a)
    client = client_of(app, "manager_a")
    base = f"/companies/{world.a}/plan/actions/{ids['x']}/steps"
    assert _post(client, base, {"step-text": "Datum prikken"}, "step") == 302
    assert _post(client, base, {"step-text": ""}, "step") == 400
    assert _post(client, f"{base}/{ids['s']}", {"done": "1"}) == 302
    assert _post(client, f"{base}/{ids['s']}", {"done": "2"}) == 400
    with transaction(app) as s:
        assert [(st.text, st.done) for st in s.scalars(select(ActionStep).order_by(ActionStep.position))] == [
            ("Gespreksformulier kiezen", True),
            ("Datum prikken", False),
        ]
    html = client.get(f"/companies/{world.a}/plan").get_data(as_text=True)
    assert "1 van 2 stappen klaar" in html
    assert _post(client, f"{base}/{ids['s']}", {"done": "0"}) == 302
    assert _post(client, f"{base}/{ids['s']}/remove", {}) == 302
    assert _post(client, f"{base}/{ids['s']}/remove", {}) == 404  # gone
    assert _count(app, ActionStep) == 1
    assert [a for a, _ in _events(app)] == ["plan.step_add", "plan.step_set", "plan.step_set", "plan.step_remove"]


def test_a_note_keeps_its_author_and_time_and_stays_out_of_the_audit_trail(app: Flask, world: World) -> None:
    ids = add_plan(app, world.a)
    client = client_of(app, "manager_a")
    url = f"/companies/{world.a}/plan/actions/{ids['x']}/notes"
    assert _post(client, url, {"note-text": "Eerste gesprekken gevoerd, vertrouwelijk"}, "note") == 302
    assert _post(client, url, {"note-text": ""}, "note") == 400
    with transaction(app) as s:
        note = s.scalars(select(ActionNote).order_by(ActionNote.pk.desc())).first()
        assert note is not None and note.author == "manager-a@example.nl"
        assert abs((dt.datetime.now(dt.UTC).replace(tzinfo=None) - note.written_at).total_seconds()) < 60
        touched = s.scalars(select(Plan.touched_at)).one()
        assert touched >= note.written_at
    assert _events(app) == [("plan.note_add", f"action {ids['x']}")]
    html = client.get(f"/companies/{world.a}/plan/actions/{ids['x']}").get_data(as_text=True)
    assert html.index("Eerste gesprekken") < html.index("Besproken met de eigenaar")  # newest first


# --- who, and ids of another company -----------------------------------------------------------------


def test_ids_of_another_companys_plan_are_not_found(app: Flask, world: World) -> None:
    ids_a = add_plan(app, world.a)
    ids_b = add_plan(app, world.b, "reflection")
    client = client_of(app, "manager_b")
    b = f"/companies/{world.b}/plan"
    assert client.get(f"{b}/actions/{ids_a['x']}").status_code == 404
    assert _post(client, f"{b}/actions/{ids_a['x']}", _edit(ids_a), "action") == 404
    assert _post(client, f"{b}/actions/{ids_b['x']}/steps/{ids_a['s']}", {"done": "1"}) == 404
    assert _post(client, f"{b}/focus/{ids_a['f']}/suggestions", {"suggestion": "0"}) == 404
    assert _post(client, f"{b}/focus/{ids_a['f']}/remove", {}) == 404
    assert _post(client, f"/companies/{world.a}/plan/actions/{ids_a['x']}/notes", {"note-text": "x"}, "note") == 404
    assert _count(app, FocusArea) == 2 and _count(app, ActionNote) == 2


def test_the_programme_lead_reads_but_does_not_change(app: Flask, world: World) -> None:
    ids = add_plan(app, world.a)
    client = client_of(app, "admin")
    html = client.get(f"/companies/{world.a}/plan").get_data(as_text=True)
    assert "Ontwikkelgesprekken" in html and "Je kunt dit plan lezen" in html
    assert "<form" not in html and "Laagste scores" not in html
    action = client.get(f"/companies/{world.a}/plan/actions/{ids['x']}").get_data(as_text=True)
    assert "Besproken met de eigenaar" in action and "<form" not in action
    assert _post(client, f"/companies/{world.a}/plan/actions/{ids['x']}/notes", {"note-text": "x"}, "note") == 403


def test_the_version_for_employees_shows_shareable_actions_only(app: Flask, world: World) -> None:
    ids = add_plan(app, world.a)
    client = client_of(app, "coach_a")
    prefix = f"new{ids['f']}"
    _post(client, f"/companies/{world.a}/plan/focus/{ids['f']}/actions", {f"{prefix}-title": "Open dag"}, prefix)
    _post(client, f"/companies/{world.a}/plan/actions/{ids['x']}", _edit(ids), "action")
    with transaction(app) as s:
        from quickscan import plan_changes

        plan_changes.add_focus_area(s, s.get_one(FocusArea, ids["f"]).plan, "reflection", "Niets te delen")
    html = client.get(f"/companies/{world.a}/plan?shareable=1").get_data(as_text=True)
    assert "Ontwikkelgesprekken" in html and "Open dag" not in html
    assert "Terugkijken en verbeteren" not in html  # a focus area with nothing to share is left out
    assert "<form" not in html
    full = client.get(f"/companies/{world.a}/plan").get_data(as_text=True)
    assert "Open dag" in full and "medewerkers zien dit" in full


def test_the_company_page_links_to_the_plan(app: Flask, world: World) -> None:
    html = client_of(app, "manager_a").get(f"/companies/{world.a}").get_data(as_text=True)
    assert f'href="/companies/{world.a}/plan"' in html


def test_the_limits_are_kept(app: Flask, world: World) -> None:
    from quickscan import plan_changes

    ids = add_plan(app, world.a)
    with transaction(app) as s:
        focus = s.get_one(FocusArea, ids["f"])
        action = s.get_one(PlanAction, ids["x"])
        for n in range(plan_changes.MAX_ACTIONS - 1):
            plan_changes.add_action(s, focus, f"Actie {n}")
        for n in range(plan_changes.MAX_STEPS - 1):
            plan_changes.add_step(s, action, f"Stap {n}")
    client = client_of(app, "coach_a")
    prefix = f"new{ids['f']}"
    page = client.post(
        f"/companies/{world.a}/plan/focus/{ids['f']}/actions",
        data={f"{prefix}-csrf_token": token(client), f"{prefix}-title": "Nog een"},
    )
    assert page.status_code == 400 and "al 5 acties" in page.get_data(as_text=True)
    suggestion = client.post(
        f"/companies/{world.a}/plan/focus/{ids['f']}/suggestions",
        data={"csrf_token": token(client), "suggestion": "0"},
        follow_redirects=True,
    )
    assert "al 5 acties" in suggestion.get_data(as_text=True)
    assert _count(app, PlanAction) == plan_changes.MAX_ACTIONS
    steps = f"/companies/{world.a}/plan/actions/{ids['x']}/steps"
    assert _post(client, steps, {"step-text": "Nog een"}, "step") == 400
    assert _count(app, ActionStep) == plan_changes.MAX_STEPS


def test_a_theme_chosen_meanwhile_by_someone_else_is_not_chosen_twice(app: Flask, world: World) -> None:
    from quickscan import plan_changes, programme

    with transaction(app) as s:
        plan = plan_changes.lock(s, programme.company_by_slug(s, world.a))
        assert plan.focus_areas == []  # loaded now: what this request saw before the other one's change
        s.add(FocusArea(plan_pk=plan.pk, dimension_id="development", why="", position=0))
        s.flush()
        with pytest.raises(plan_changes.AlreadyChosen):
            plan_changes.add_focus_area(s, plan, "development", "")


def test_the_company_page_and_the_overview_link_to_the_plan(app: Flask, world: World) -> None:
    coach = client_of(app, "coach_a")
    page = coach.get(f"/companies/{world.a}").get_data(as_text=True)
    assert f'href="/companies/{world.a}/plan"' in page
    overview = coach.get("/dashboard").get_data(as_text=True)
    assert f'href="/companies/{world.a}/plan"' in overview
