"""The company beside its learning circle (reports.circle) and the leerkring handout (reports.circle_handout):
what the chart, its table and the PDF show, against the scoring results and hand-made data."""

from __future__ import annotations

from reports.charts import Chart
from reports.circle import CircleReport, circle_parts
from reports.circle_handout import HandoutInput, SharedAction, handout_pdf
from reports.sections import Section
from scoring.circle import CompanyWave, Member, NoBand, NoCircleView, company_view, handout_dots, handout_letters

from .helpers import pdf_pages, questionnaire

Q = questionnaire()
DIMS = [d.id for d in Q.dimensions if Q.dimension_items(d.id, "employee")]


def member(key: str, base: float, end: float | None = None, consent: bool = True, n: int = 10) -> Member:
    def wave(value: float) -> CompanyWave:
        return CompanyWave(n, dict.fromkeys(DIMS, value))

    return Member(key, consent, wave(base), None if end is None else wave(end))


def test_the_chart_table_shows_the_band_and_the_position_in_words() -> None:
    circle = [member(str(i), 2.0 + 0.4 * i, 2.2 + 0.4 * i) for i in range(6)]  # 2.0 2.4 ... 4.0
    view = company_view("Noord", circle, "5", "endline", DIMS)
    parts = circle_parts(CircleReport(Q, view), "nl")
    assert isinstance(parts[0], Section) and "Noord" in parts[0].paragraphs[0]
    chart = parts[1]
    assert isinstance(chart, Chart)
    first = chart.table.rows[0]
    # end-line means 2.2 2.6 3.0 3.4 3.8 4.2: median 3.2, middle range 2.6 to 3.8; own 4.2 above the others'
    # upper tertile (3.4 + 2/3 * 0.4 = ~3.27 ... linear: quantile 2/3 of 2.2 2.6 3.0 3.4 3.8 is 3.27)
    assert first[1:6] == ("4,20", "3,20", "2,60 tot 3,80", "6", "bij de bovenste groep")
    # every company rose by 0.2: own change +0,20 beside the circle's +0,20 (0,20 tot 0,20)
    assert first[6] == "+0,20" and first[7].startswith("+0,20")
    assert chart.table.header[0] == "Thema"
    assert "rangorde" in chart.notes[0]


def test_without_consent_or_with_too_few_companies_the_part_says_so() -> None:
    assert (
        circle_parts(CircleReport(Q, NoCircleView("Noord")), "en")[0]
        .paragraphs[0]
        .startswith(  # type: ignore[union-attr]
            "Your company does not take part"
        )
    )
    four = [member(str(i), 3.0) for i in range(4)]
    parts = circle_parts(CircleReport(Q, company_view("Noord", four, "0", "baseline", DIMS)), "nl")
    assert len(parts) == 1 and isinstance(parts[0], Section)
    assert "Te weinig bedrijven om te vergelijken" in parts[0].paragraphs[0]


def _handout(own: str | None, circle: list[Member]) -> HandoutInput:
    return HandoutInput(
        circle="Noord",
        questionnaire=Q,
        kind="baseline",
        threshold=5,
        dots=handout_dots(circle, "baseline", DIMS),
        own_key=own,
        own_name="Bakkerij Test" if own else "",
        actions=(
            SharedAction(DIMS[0], "Elke week een uur leren", "done", "Smederij Oost"),
            SharedAction(DIMS[1], "Foutenfabriek", "in_progress", None),
        ),
    )


CIRCLE = [member(str(i), 2.0 + 0.3 * i) for i in range(7)]


def test_the_handout_is_byte_identical_for_the_same_data_and_seed() -> None:
    assert handout_pdf(_handout("3", CIRCLE), 42) == handout_pdf(_handout("3", CIRCLE), 42)


def test_two_handouts_letter_the_companies_differently() -> None:
    keys = [m.key for m in CIRCLE]
    assert handout_letters(keys, 1) != handout_letters(keys, 2)
    one, two = (" ".join(pdf_pages(handout_pdf(_handout("3", CIRCLE), seed))) for seed in (1, 2))
    assert f"Jullie bedrijf is {handout_letters(keys, 1)['3']}." in one
    assert f"Jullie bedrijf is {handout_letters(keys, 2)['3']}." in two
    assert one != two


def test_own_copy_marks_its_company_and_the_coach_copy_none() -> None:
    own = " ".join(pdf_pages(handout_pdf(_handout("3", CIRCLE), 7)))
    coach = " ".join(pdf_pages(handout_pdf(_handout(None, CIRCLE), 7)))
    assert "jullie bedrijf" in own and "Exemplaar van Bakkerij Test" in own
    assert "jullie bedrijf" not in coach.lower() and "Exemplaar van de coach" in coach
    for text in (own, coach):
        assert "Wat de anderen probeerden" in text
        assert "Elke week een uur leren" in text and "Smederij Oost" in text and "Foutenfabriek" in text
    # company 3's mean 2.9 is a dot; nothing unrounded is printed
    assert "2,9" in coach


def test_a_handout_with_four_companies_has_no_dots() -> None:
    data = _handout(None, CIRCLE[:4])
    assert all(isinstance(d, NoBand) for d in data.dots.values())
    text = " ".join(pdf_pages(handout_pdf(data, 3)))
    assert "te weinig bedrijven om te vergelijken" in text
