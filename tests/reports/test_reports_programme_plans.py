"""The programme report's plans of approach: counts per status and region, and whether the chosen themes
rose more than the others, checked against an independent calculation (tests/focus_contrast_check.py)."""

from __future__ import annotations

import dataclasses
import pickle
import re

import numpy as np
import pytest

from reports import html, pdf
from reports.plan import Action, FocusArea, Plan, Status
from reports.programme import ProgrammeCompany, ProgrammeInput, programme_report
from reports.programme_sections import contrast_section, plans_section, programme_parts
from reports.text import interval, methods, number
from scoring import Answers
from scoring.focus_contrast import REASON_NO_FOCUS_SHOWN, REASON_NO_OTHER_SHOWN
from scoring.results import Interval, SuppressedComparison
from tests.focus_contrast_check import check_programme, plans_by_letter

from .helpers import answers, pdf_pages, questionnaire, wave

Q = questionnaire()
DIMS = [d.id for d in Q.dimensions]


def _lower(base: Answers, low: Answers, dims: list[str]) -> Answers:
    """``base`` with the columns of ``dims`` taken from ``low``."""
    cols = [j for j, item in enumerate(Q.items_for("employee")) if item.dimension in dims]
    values, codes = np.array(base.values), np.array(base.codes)
    values[:, cols], codes[:, cols] = low.values[:, cols], low.codes[:, cols]
    return Answers(np.asfortranarray(values), np.asfortranarray(codes))


def member(
    key: str, region: str, n: tuple[int, int | None], seed: int, focus: list[str], rise: float, *statuses: Status
) -> ProgrammeCompany:
    """A company whose ``focus`` themes start 0.6 lower and rise ``rise`` more than its other themes (which rise
    0.2), with a plan on ``focus`` whose actions have ``statuses`` (no focus: no plan)."""
    n_b, n_e = n
    base = wave(Q, "baseline", n_b, 1, seed, level=3.4)
    base = dataclasses.replace(
        base, employees=_lower(base.employees, answers(Q, "employee", n_b, seed + 50, 2.8), focus)
    )
    end = None
    if n_e is not None:
        end = wave(Q, "endline", n_e, 1, seed + 1, level=3.6)
        low = answers(Q, "employee", n_e, seed + 51, 3.0 + rise)
        end = dataclasses.replace(end, employees=_lower(end.employees, low, focus))
    plan = None
    if focus:
        actions = tuple(Action(f"actie {i}", status) for i, status in enumerate(statuses))
        plan = Plan((FocusArea(focus[0], actions=actions), *(FocusArea(d) for d in focus[1:])))
    return ProgrammeCompany(key, region, base, end, plan)


def programme() -> list[ProgrammeCompany]:
    """Nine companies in two regions: seven with a plan and both waves, one with both waves and no plan, one
    with a plan but no end-line yet."""
    return [
        member("a", "Twente", (14, 15), 1, ["psych_safety"], 0.5, "done", "in_progress"),
        member("b", "Twente", (12, 13), 2, ["time_to_learn", "reflection"], 0.3, "done"),
        member("c", "Twente", (16, 12), 3, ["leadership"], 0.1, "planned", "stopped"),
        member("d", "Twente", (11, 12), 4, [], 0.0),
        member("e", "Achterhoek", (13, 14), 5, ["development"], 0.4, "in_progress"),
        member("f", "Achterhoek", (15, 15), 6, ["ownership", "knowledge_sharing"], 0.2, "done", "done"),
        member("g", "Achterhoek", (12, 11), 7, ["reflection"], 0.0, "stopped"),
        member("h", "Achterhoek", (14, 16), 8, ["psych_safety", "leadership"], 0.3),
        member("i", "Achterhoek", (12, None), 9, ["time_to_learn"], 0.0, "in_progress", "planned"),
    ]


@pytest.fixture(scope="module")
def made() -> tuple[ProgrammeInput, object]:
    data = ProgrammeInput("Programma Oost", Q, tuple(programme()), None)
    return data, data.gather()


def test_plans_are_counted_per_region_and_status(made) -> None:  # type: ignore[no-untyped-def]
    _, report = made
    overview = report.plan_overview
    assert [c.region for c in overview.counts] == ["Achterhoek", "Twente", None]
    achterhoek, twente, total = overview.counts
    # Achterhoek: e, f, g, h, i (i has no end-line but a plan: it counts here). h has a plan without actions.
    assert (achterhoek.companies, achterhoek.with_plan, achterhoek.without_plan, achterhoek.with_done) == (5, 5, 0, 1)
    assert dict(achterhoek.actions) == {"planned": 1, "in_progress": 2, "done": 2, "stopped": 1}
    assert (twente.companies, twente.with_plan, twente.without_plan, twente.with_done) == (4, 3, 1, 2)
    assert dict(twente.actions) == {"planned": 1, "in_progress": 1, "done": 2, "stopped": 1}
    assert (total.companies, total.with_plan, total.with_done) == (9, 8, 3)
    assert total.done_share == pytest.approx(100 * 3 / 9)
    section = plans_section(overview, "nl")
    assert section.paragraphs[0] == (
        "8 van de 9 bedrijven hebben een plan van aanpak. 3 bedrijven (33%) hebben minstens één actie afgerond."
    )
    assert section.table is not None
    assert section.table.rows[-1] == ("Hele programma", "9", "8", "1", "2", "3", "4", "2", "3 (33%)")


def test_the_contrast_matches_the_independent_calculation(made) -> None:  # type: ignore[no-untyped-def]
    data, report = made
    plans = plans_by_letter(data)
    assert len(plans) == 8 and sum(p is None for p in plans.values()) == 1  # i has no end-line; d no plan
    expected = check_programme(report, plans)
    contrast = report.plan_overview.contrast
    assert contrast.companies == 7 and contrast.overall.n == 7 and report.plan_overview.compared_without_plan == 1
    # The focus themes were made to start lower and rise more: the numbers say so.
    assert expected["all"]["mean"] > 0.15 and expected["all"]["baseline_difference"] < -0.3
    # Pinned (seeded data): 0.15 more with an interval that includes 0; 0.11 within the weaker half.
    assert contrast.overall.mean == pytest.approx(0.15120, abs=1e-5)
    ci = contrast.overall.ci95
    assert ci is not None and (ci.low, ci.high) == pytest.approx((-0.04519, 0.34759), abs=1e-5)
    assert contrast.weakest.mean == pytest.approx(0.11459, abs=1e-5)
    # The same input through pickle (a worker process) gives the same contrast.
    again = pickle.loads(pickle.dumps(data)).gather()
    assert again.plan_overview.contrast.to_dict() == contrast.to_dict()


def test_suppressed_themes_drop_out_and_the_dropped_companies_are_counted() -> None:
    members = programme()
    # j: 3 employees at the baseline, every theme hidden; rule 3 then hides the smallest other of Twente too (d).
    members.append(member("j", "Twente", (3, 12), 10, ["psych_safety"], 0.5, "done"))
    data = ProgrammeInput("P", Q, tuple(members), None)
    report = data.gather()
    by_plan = plans_by_letter(data)
    hidden = [r.label for r in report.companies if isinstance(r.dimension("psych_safety"), SuppressedComparison)]
    assert len(hidden) == 2
    check_programme(report, by_plan)
    dropped = report.plan_overview.contrast.overall.dropped
    assert dict(dropped) == {REASON_NO_FOCUS_SHOWN: 1, REASON_NO_OTHER_SHOWN: 0}
    assert report.plan_overview.contrast.overall.n == 7
    nl = contrast_section(report, report.plan_overview, "nl")
    assert any(
        "Niet meegeteld" in note and "1 bedrijf/bedrijven zonder getoond gekozen thema" in note for note in nl.notes
    )


def test_the_contrast_is_said_in_words_first_then_the_table(made) -> None:  # type: ignore[no-untyped-def]
    _, report = made
    found = report.plan_overview.contrast.overall
    nl = contrast_section(report, report.plan_overview, "nl")
    lead = nl.paragraphs[0]
    assert lead.startswith(
        f"Thema's waar bedrijven aan werkten gingen gemiddeld {number(found.mean, 'nl')} punt meer omhoog dan de "
        "andere thema's (7 bedrijven; gekozen thema's "
    )
    assert "op een schaal van 1 tot 5" in lead
    assert (
        nl.paragraphs[1]
        == "Dat verschil kan toeval zijn: het 95%-interval loopt van -0,05 tot 0,35 en daar zit 0 tussen."
    )
    assert "regressie naar het gemiddelde" in nl.paragraphs[2] and "aanwijzing, niet als bewijs" in nl.paragraphs[2]
    assert f"{number(-found.baseline_difference, 'nl')} punt lager" in nl.paragraphs[2]
    assert "zwakste helft" in nl.paragraphs[3]
    assert nl.table is not None
    first = nl.table.rows[0]
    assert first[:2] == ("Alle thema's", "7") and first[4] == number(found.mean, "nl", signed=True)
    assert first[5] == interval(found.ci95.low, found.ci95.high, "nl")
    en = contrast_section(report, report.plan_overview, "en")
    assert en.paragraphs[0].startswith(
        f"Themes companies worked on rose on average {number(found.mean, 'en')} points more than the other themes"
    )
    assert "regression to the mean" in en.paragraphs[2]
    # Nothing per company: no letter in the section.
    words = " ".join([*nl.paragraphs, *nl.notes, *(cell for row in nl.table.rows for cell in row)])
    assert not re.search(r"\bBedrijf [A-Z]\b", words)


def test_too_few_companies_say_so_without_a_number() -> None:
    members = programme()[:4]  # three with a plan and both waves
    report = programme_report("P", Q, members, None)
    section = contrast_section(report, report.plan_overview, "nl")
    assert section.table is None
    assert section.paragraphs == (
        "Dit is nog niet te berekenen. Daarvoor zijn minstens 5 bedrijven nodig met een plan van aanpak en met "
        "uitkomsten van de nulmeting en de eindmeting; nu zijn het er 3.",
    )
    assert report.plan_overview.contrast.overall.mean is None


def test_a_programme_without_plans_says_so() -> None:
    members = [dataclasses.replace(m, plan=None) for m in programme()]
    report = programme_report("P", Q, members, None)
    assert plans_section(report.plan_overview, "en").paragraphs == ("No company has a plan of approach yet.",)
    assert report.plan_overview.contrast.companies == 0
    keys = [part.key for part in programme_parts(report, "en")]
    assert keys[:5] == ["summary", "regions", "programme-plans", "approach", "contrast"]
    assert len(keys) == 5 + len(DIMS)


def test_page_and_pdf_show_both_sections_in_both_languages(made) -> None:  # type: ignore[no-untyped-def]
    _, report = made
    mean = report.plan_overview.contrast.overall.mean
    page = str(html.programme_fragment(report, "nl"))
    assert 'id="qs-approach"' in page and 'id="qs-contrast"' in page
    assert page.index('id="qs-contrast"') < page.index('id="qs-programme-psych_safety"')
    assert f"gemiddeld {number(mean, 'nl')} punt meer omhoog" in page
    en = " ".join(pdf_pages(pdf.programme_pdf(report, "en")))
    assert "Plans of approach" in en and "Did the chosen themes rise more?" in en
    assert f"rose on average {number(mean, 'en')} points more than the other themes" in en
    assert "Weaker half at the baseline" in en and "8 of the 9 companies have a plan of approach" in en
    nl = " ".join(pdf_pages(pdf.programme_pdf(report, "nl")))
    assert "Gingen de gekozen thema's meer omhoog?" in nl and "Zwakste helft bij de nulmeting" in nl
    # The methods appendix explains it too, in the programme report only.
    assert "Chosen and other themes" in en and "regressie naar het gemiddelde" in nl.split("Hoe de cijfers", 1)[1]
    assert "Pas vanaf 5 bedrijven" in nl
    assert all(heading != "Chosen and other themes" for heading, _ in methods("en", 5, 10, 1, 5, 4, company=True))


def test_the_words_follow_the_numbers(made) -> None:  # type: ignore[no-untyped-def]
    _, report = made
    overview = report.plan_overview
    overall = overview.contrast.overall

    def said(**changes: object) -> tuple[str, ...]:
        contrast = dataclasses.replace(overview.contrast, overall=dataclasses.replace(overall, **changes))
        return contrast_section(report, dataclasses.replace(overview, contrast=contrast), "nl").paragraphs

    sure = said(ci95=Interval(0.05, 0.25))
    assert sure[1] == "Dat verschil is waarschijnlijk geen toeval: het 95%-interval loopt van 0,05 tot 0,25."
    less = said(mean=-0.12, focus_change=0.1, other_change=0.22, ci95=Interval(-0.3, 0.06))
    assert "gingen gemiddeld 0,12 punt minder omhoog dan de andere thema's" in less[0]
    assert "evenveel omhoog als de andere" in said(mean=0.004)[0]
    not_lower = said(baseline_difference=0.002)
    assert "begonnen niet lager dan de andere" in not_lower[2] and "geen bewijs" in not_lower[2]
    assert "Elk bedrijf heeft precies hetzelfde verschil" in said(ci95=None, sd=0.0)[1]
