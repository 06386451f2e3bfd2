"""The dialogue session drawn and written (reports.dialogue): the spread SVG, the summary table, the PDF."""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader

from questionnaires import Registry
from questionnaires.dialogue import Instruments, from_questionnaire
from reports.dialogue import Mirror, Summary, section, spread_svg, summary_pdf, summary_table
from scoring.dialogue import FactorResult, Vote, factor_result, session_result

NOWS, WANTEDS = [1, 2, 3, 4, 5], [5, 5, 4, 4, 3]


def _summary(remarks: dict[str, tuple[str, ...]] | None = None) -> Summary:
    instrument = from_questionnaire(Registry().get("leercultuur-mkb"))
    votes = [
        Vote(str(i), f.id, n, w) for i, (n, w) in enumerate(zip(NOWS, WANTEDS, strict=True)) for f in instrument.factors
    ]
    result = session_result([f.id for f in instrument.factors], votes)
    mirror = Mirror("baseline", dt.date(2026, 3, 1), {f.id: 3.31 for f in instrument.factors} | {"development": None})
    return Summary(dt.date(2026, 11, 27), instrument, result, mirror, remarks or {})


def test_the_spread_shows_two_separate_counts_per_answer() -> None:
    found = factor_result("x", [1, 2, 2, 4, 5], [3, 4, 4, 5, 5])
    assert isinstance(found, FactorResult)
    svg = str(spread_svg("Tijd <en> ruimte", found, "nl"))
    assert svg.startswith("<svg") and 'role="img"' in svg and "Tijd &lt;en&gt; ruimte" in svg
    assert "Nu: 1× een 1, 2× een 2, 1× een 4, 1× een 5. Gewenst: 1× een 3, 2× een 4, 2× een 5." in svg
    assert len(re.findall(r"<rect ", svg)) == 10  # five answers, twice; never a pair


def test_the_table_and_section_say_now_wanted_gap_and_mirror() -> None:
    summary = _summary()
    table = summary_table(summary, "nl")
    assert table.header == (
        "Thema",
        "Nu (middelste)",
        "Gewenst (middelste)",
        "Verschil",
        "Verdeeldheid",
        "Medewerkers in de vragenlijst",
    )
    first = table.rows[0]
    # medians 3 and 4, gaps 4 3 1 0 -2 -> 1, IQR of 1..5 = 4 - 2 = 2
    assert first[1:] == ("3,0", "4,0", "+1,0", "2,0", "3,3")
    development = next(r for r in table.rows if r[0] == "Praten over groei")
    assert development[-1] == "geen uitkomst"
    assert section(summary, "en").title == "Dialogue session of 27 November 2026, 5 participants"


def test_the_pdf_is_one_page_with_now_and_wanted_even_with_many_remarks() -> None:
    remarks = {"time_to_learn": tuple(f"Opmerking {i} " + "x" * 150 for i in range(20))}
    pdf = summary_pdf("Alfa <Bouw>", _summary(remarks), "nl")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) == 1
    assert "Alfa <Bouw>" in text and "5 deelnemers" in text
    assert "Nu (middelste)" in text and "Gewenst (middelste)" in text and "+1,0" in text
    assert "Opmerking 4" in text and "Opmerking 5" not in text and "(en nog 15 op het scherm)" in text
    assert summary_pdf("Alfa <Bouw>", _summary(remarks), "nl") == pdf  # the same input, the same bytes


def test_the_shipped_actiescan_example_loads_and_is_not_a_questionnaire() -> None:
    found = list(Instruments())
    assert [i.ref for i in found] == ["dialogue:actiescan-voorbeeld@1"]
    assert [f.id for f in found[0].factors] == ["visie", "tijd", "gesprek", "samen"]
    assert not found[0].from_questionnaire
    assert [q.id for q in Registry()] == ["leercultuur-mkb"]  # the schema beside it is not read as a questionnaire
