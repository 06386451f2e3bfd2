"""The skills matrix's report sections (reports/skills_section.py): the table's cells against hand-made figures."""

from __future__ import annotations

from reports.html import section_html
from reports.skills_section import company_skills_section, programme_skills_section
from scoring.skills import Change, Figures


def _figures(critical: int, covered: int, one: int, people: int, step: int) -> Figures:
    return Figures(people, 10, critical, covered, 5, one, 0, 4, 2, step)


BASE = _figures(critical=4, covered=1, one=3, people=20, step=5)
END = _figures(critical=4, covered=3, one=1, people=20, step=11)


def test_a_company_with_both_snapshots_reads_baseline_end_line_and_change() -> None:
    section = company_skills_section(END, Change(BASE, END), "nl")
    assert section.table is not None
    assert section.table.header == ("Cijfer", "Nu", "Nulmeting", "Eindmeting", "Verschil")
    critical, one, step = section.table.rows
    assert critical[1:] == ("3 van 4 (75%)", "1 van 4 (25%)", "3 van 4 (75%)", "+2")
    assert one[1:] == ("1", "3", "1", "-2")
    assert step[1:] == ("11 van 20 (55%)", "5 van 20 (25%)", "11 van 20 (55%)", "+6 (+30 pp)")
    english = company_skills_section(END, Change(BASE, END), "en")
    assert english.table is not None and english.table.rows[2][-1] == "+6 (+30 pt)"


def test_without_a_matrix_or_people_no_impossible_number() -> None:
    assert company_skills_section(None, None, "nl").paragraphs == (
        "Dit bedrijf houdt (nog) geen inzetbaarheidsmatrix bij.",
    )
    empty = _figures(critical=0, covered=0, one=0, people=0, step=0)
    section = company_skills_section(empty, None, "en")
    assert section.table is not None
    assert section.table.rows[0][1] == "cannot be calculated (no people or tasks)"
    assert "There are no figures of the matrix at both the baseline and the end-line yet." in section.paragraphs


def test_the_programme_reads_totals_only() -> None:
    html = str(section_html(programme_skills_section(3, END, 2, Change(BASE, END), "nl")))
    assert "3 bedrijven houden een inzetbaarheidsmatrix bij" in html
    assert "2 bedrijven hebben cijfers van de matrix bij de nulmeting én bij de eindmeting" in html
    assert "<td>11 van 20 (55%)</td>" in html
