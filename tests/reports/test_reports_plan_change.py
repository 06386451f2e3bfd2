"""The plan of approach read against the end-line: each focus area's actions beside its theme's change, in the
PDF and on the page, both languages; a hidden change gives its reason and no number; no plan, no section."""

from __future__ import annotations

import datetime as dt
import pickle
import re

import pytest

from questionnaires.model import localise
from reports import html, pdf
from reports.company import CompanyInput, CompanyReport, company_report
from reports.first_screen import first_screen
from reports.parts import company_parts
from reports.plan import Action, FocusArea, Plan
from reports.plan_change import action_text, plan_change_section
from reports.text import Lang, interval, number
from reports.words import change_text
from scoring.results import DimensionComparison

from .helpers import HOSTILE, pdf_pages, questionnaire, wave
from .test_reports_first_screen import DECIMAL, MARKER_NL, dimension_blank, html_part

PLAN = Plan(
    (
        FocusArea(
            "time_to_learn",
            "Laagste score bij de nulmeting",
            (
                Action(
                    "Plan één uur per week om te leren",
                    "in_progress",
                    owner="Bedrijfsleider",
                    due_on=dt.date(2026, 6, 1),
                    steps_done=1,
                    steps_total=3,
                ),
                Action("Leren in de weekplanning", "done", from_suggestion=True),
            ),
        ),
        FocusArea(
            "psych_safety",
            "",
            (Action("Fouten bespreken in het werkoverleg", "stopped"), Action("Bedankje bij een melding", "planned")),
        ),
    ),
    touched_at=dt.datetime(2026, 9, 1, 10, 0),
)


def _report(plan: Plan | None = PLAN, endline: int | None = 35) -> CompanyReport:
    q = questionnaire()
    waves = [wave(q, "baseline", 30, 2, 3)]
    if endline is not None:
        waves.append(wave(q, "endline", endline, 2, 4, level=3.8))
    return company_report("Bakkerij De Vries", "Twente", waves, dt.date(2026, 11, 24), q, plan=plan)


@pytest.fixture(scope="module")
def report() -> CompanyReport:
    return _report()


def _heading(report: CompanyReport, area: FocusArea, lang: Lang) -> str:
    assert report.comparison is not None
    name = localise(questionnaire().dimension(area.dimension_id).name, lang)
    return f"{name}: {change_text(report.comparison.dimensions[area.dimension_id], lang, 5)}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_end_line_pdf_shows_each_focus_areas_actions_beside_its_change(report: CompanyReport, lang: Lang) -> None:
    text = " ".join(pdf_pages(pdf.company_pdf(report, lang)))
    start = text.index("Plan van aanpak en verandering" if lang == "nl" else "Plan of approach and change")
    section = text[start:]
    caveat = "bewijst niet dat de acties die veroorzaakten" if lang == "nl" else "does not prove that the actions"
    assert caveat in section
    headings = [_heading(report, area, lang) for area in PLAN.focus_areas]
    positions = [section.index(h) for h in headings]
    assert positions == sorted(positions)
    for i, area in enumerate(PLAN.focus_areas):
        end = positions[i + 1] if i + 1 < len(positions) else len(section)
        block = section[positions[i] : end]
        for action in area.actions:
            assert action_text(action, lang) in block, action.title  # under its own theme, with its status


def test_actions_read_with_status_owner_steps_and_due_date() -> None:
    action = PLAN.focus_areas[0].actions[0]
    assert action_text(action, "nl") == (
        "Bezig: Plan één uur per week om te leren (wie: Bedrijfsleider; 1 van 3 stappen; uiterlijk 1 juni 2026)"
    )
    assert action_text(action, "en") == (
        "In progress: Plan één uur per week om te leren (who: Bedrijfsleider; 1 of 3 steps; due 1 June 2026)"
    )
    words = [action_text(a, "nl").split(":")[0] for a in PLAN.actions]
    assert words == ["Bezig", "Klaar", "Gestopt", "Gepland"]


def test_the_numbers_stand_in_the_detail_table(report: CompanyReport) -> None:
    section = plan_change_section(report, "nl")
    assert section is not None and section.table is not None
    assert report.comparison is not None
    for row, dim_id in zip(section.table.rows, PLAN.focus_dimensions, strict=True):
        found = report.comparison.dimensions[dim_id]
        assert isinstance(found, DimensionComparison) and found.ci95 is not None
        assert found.baseline.mean is not None and found.endline.mean is not None and found.difference is not None
        assert row == (
            localise(questionnaire().dimension(dim_id).name, "nl"),
            change_text(found, "nl", 5),
            number(found.baseline.mean, "nl"),
            number(found.endline.mean, "nl"),
            number(found.difference, "nl", signed=True),
            interval(found.ci95.low, found.ci95.high, "nl"),
        )
    # the block headings carry only the words
    assert all(not DECIMAL.search(block.heading) for block in section.blocks)


def test_the_page_shows_it_after_the_first_screen_with_the_link(report: CompanyReport) -> None:
    fragment = str(html.company_fragment(report, "en", plan_url="/companies/bakkerij-de-vries/plan"))
    assert fragment.index('id="qs-summary"') < fragment.index('id="qs-plan"') < fragment.index("<figure")
    page = html_part(fragment, "plan")
    for area in PLAN.focus_areas:
        assert _heading(report, area, "en") in page
        for action in area.actions:
            assert action_text(action, "en") in page
    assert 'id="qs-plan"' in fragment and '<a href="/companies/bakkerij-de-vries/plan">' in fragment
    keys = [getattr(part, "key", "") for part in company_parts(report, "en")]
    assert keys[:3] == ["plan", "ideas", "profile"]


def test_a_hidden_change_reads_its_reason_and_no_number_in_the_plan() -> None:
    q = questionnaire()
    end = dimension_blank(wave(q, "endline", 20, 2, 9, level=3.8), "time_to_learn", 4)
    report = company_report("Bakkerij", "Twente", [wave(q, "baseline", 30, 2, 8), end], None, q, plan=PLAN)
    section = plan_change_section(report, "nl")
    assert section is not None and section.table is not None
    hidden_row = section.table.rows[0]
    assert hidden_row == ("Tijd en ruimte om te leren", f"niet getoond: {MARKER_NL}", "", "", "", "")
    assert section.blocks[0].heading == f"Tijd en ruimte om te leren: niet getoond: {MARKER_NL}"
    text = " ".join(pdf_pages(pdf.company_pdf(report, "nl")))
    part = text[text.index("Plan van aanpak en verandering") : text.index("Ideeën om mee te beginnen")]
    hidden_line = part[part.index("Tijd en ruimte om te leren niet getoond") :].split("Veilig om te leren")[0]
    assert not re.search(r"\d", hidden_line.replace("minder dan 5", ""))
    # the first screen's plan line names the theme, with no number of it
    assert "Tijd en ruimte om te leren" in first_screen(report, "nl").blocks[-1].text


def test_without_a_plan_there_is_no_section_and_the_first_screen_says_so() -> None:
    for plan in (None, Plan()):
        report = _report(plan)
        assert plan_change_section(report, "nl") is None
        assert first_screen(report, "nl").blocks[-1].text.startswith("Er is nog geen plan van aanpak.")
        assert 'id="qs-plan"' not in str(html.company_fragment(report, "nl"))


def test_before_the_end_line_the_plan_is_listed_and_the_change_promised() -> None:
    report = _report(endline=None)
    section = plan_change_section(report, "en")
    assert section is not None and section.table is None
    assert section.paragraphs == ("Per theme of the plan of approach: the actions and how far they are. "
                                  "What changed will be here after the end-line.",)  # fmt: skip
    assert [b.heading for b in section.blocks] == ["Time and room to learn", "Safe to learn"]
    assert first_screen(report, "en").blocks[-1].text == (
        "In the plan: Time and room to learn, Safe to learn. Actions done: 1 of 4; in progress: 1."
    )


def test_typed_texts_are_escaped() -> None:
    hostile = Plan((FocusArea("reflection", HOSTILE, (Action(HOSTILE, "planned", owner="<i>baas</i>"),)),))
    report = _report(hostile)
    fragment = str(html.company_fragment(report, "nl"))
    assert "<script>" not in fragment and "&lt;script&gt;alert(1)&lt;/script&gt;" in fragment
    assert "<i>baas" not in fragment
    text = " ".join(pdf_pages(pdf.company_pdf(report, "nl")))
    assert f"Gepland: {HOSTILE} (wie: <i>baas</i>)" in text  # printed as typed


def test_the_plan_rides_along_in_the_plain_input() -> None:
    q = questionnaire()
    made = CompanyInput("Bakkerij", "Twente", (wave(q, "baseline", 12, 1, 3),), None, q, plan=PLAN)
    again = pickle.loads(pickle.dumps(made))
    assert again.plan == PLAN and again.gather().plan == PLAN
    assert CompanyInput("Bakkerij", "Twente", (), None, q).gather().plan is None
