"""The HTML fragment and the PDFs: safe HTML, both languages, determinism, and no suppressed number."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reports import html, pdf
from reports.charts import profile_chart
from reports.programme import programme_report
from reports.text import number

from .helpers import HOSTILE, company, pdf_pages, programme_company, questionnaire

MARKER_NL = "te weinig reacties (minder dan 5)"
MARKER_EN = "too few responses (fewer than 5)"
COMMENTS_MARKER_NL = "open antwoorden worden getoond vanaf 10 reacties"


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> _Collect:
    parser = _Collect()
    parser.feed(fragment)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def fragment() -> str:
    return str(html.company_fragment(company(baseline=30, endline=8, name=HOSTILE, region="<i>Twente</i>"), "nl"))


def test_fragment_has_no_inline_style_or_script(fragment: str) -> None:
    lowered = fragment.lower()
    assert "style=" not in lowered and "<script" not in lowered and "javascript:" not in lowered
    for tag, attrs in parse(fragment).tags:
        assert tag != "script" and "style" not in attrs and not any(a.startswith("on") for a in attrs), (tag, attrs)


def test_fragment_escapes_the_company_name(fragment: str) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{7*7}} &amp; &lt;b&gt;Zoet&lt;/b&gt;" in fragment
    assert "&lt;i&gt;Twente&lt;/i&gt;" in fragment
    assert "<b>Zoet" not in fragment and "<i>Twente" not in fragment and "49" not in "".join(parse(fragment).text[:3])
    assert HOSTILE in "".join(parse(fragment).text)  # the reader sees the name as typed


def test_each_chart_is_a_figure_with_alt_text_then_its_table(fragment: str) -> None:
    tags = parse(fragment).tags
    images = [attrs for tag, attrs in tags if tag == "img"]
    assert images and all((a.get("alt") or "").strip() for a in images)
    for attrs in images:
        src = attrs["src"] or ""
        assert src.startswith("data:image/svg+xml;base64,")
        svg = base64.b64decode(src.split(",", 1)[1])
        assert svg.startswith(b"<?xml") and b"<svg" in svg and b"<script" not in svg
    # every figure is followed by its table
    order = [tag for tag, _ in tags if tag in ("figure", "table")]
    assert order[0] == "figure" and "figure" not in [order[i + 1] for i, t in enumerate(order[:-1]) if t == "figure"]
    assert fragment.count("<figure") == fragment.count("<figcaption>")


#: Renders the fragment of :func:`test_fragment_is_deterministic` in a fresh interpreter.
_RENDER = (
    "import sys; from reports import html; from tests.reports.helpers import company; "
    "sys.stdout.write(str(html.company_fragment(company(baseline=12, endline=14), 'en')))"
)


def test_fragment_is_deterministic() -> None:
    """The same report renders to the same fragment in another interpreter with another hash seed (a set or
    dict order, an id() or a clock in the output would differ there, not within one process)."""
    here = str(html.company_fragment(company(baseline=12, endline=14), "en"))
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(root)}
    there = subprocess.run(
        [sys.executable, "-c", _RENDER], cwd=root, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "<figure" in here and there == here


def test_fragment_languages() -> None:
    report = company(baseline=30, endline=4)
    nl, en = str(html.company_fragment(report, "nl")), str(html.company_fragment(report, "en"))
    assert "Samenvatting" in nl and "Nulmeting en eindmeting" in nl and MARKER_NL in nl and "Summary" not in nl
    assert "Summary" in en and "Baseline and end-line" in en and MARKER_EN in en and "Samenvatting" not in en
    assert 'lang="nl"' in nl and 'lang="en"' in en


def test_programme_fragment_escapes_region_names_and_hides_companies() -> None:
    members = [programme_company(k, "<script>x</script>", 12, 14, i) for i, k in enumerate("abc")]
    out = str(html.programme_fragment(programme_report("{{7*7}}", questionnaire(), members, None), "en"))
    assert "<script" not in out and "&lt;script&gt;x&lt;/script&gt;" in out and "{{7*7}}" in out
    assert "Company A" in out and "Company C" in out and "style=" not in out


@pytest.fixture(scope="module")
def both_pdfs() -> tuple[bytes, bytes]:
    report = company(baseline=30, endline=35, name=HOSTILE)
    return pdf.company_pdf(report, "nl"), pdf.company_pdf(report, "nl")


def test_pdf_is_byte_identical_twice(both_pdfs: tuple[bytes, bytes]) -> None:
    first, second = both_pdfs
    assert first.startswith(b"%PDF-") and first == second
    assert b"/CreationDate (D:20000101000000" in first  # reportlab's invariant date, not today's


def test_pdf_cover_summary_and_appendix(both_pdfs: tuple[bytes, bytes]) -> None:
    pages = pdf_pages(both_pdfs[0])
    assert len(pages) >= 8
    cover = pages[0]
    assert HOSTILE in cover and "Regio: Twente" in cover
    assert "leercultuur-mkb@1" in cover and "Uitkomsten vrijgegeven op: 24 november 2026" in cover
    assert "41 van 49 (84%)" in cover or re.search(r"\d+ van \d+ \(\d+%\)", cover)
    summary = pages[1]
    assert "Samenvatting" in summary and "Wat het best gaat" in summary and "Wat aandacht nodig heeft" in summary
    assert "Ontwikkelplannen" in summary and "Wat veranderde sinds de nulmeting" in summary
    # The first screen is words: the statistics are in the tables and the appendix.
    for term in ("Hedges", "95%", "interval", " pp", "Zekerheid", "indicatief", "p-waarde", "d_z"):
        assert term not in summary, term
    assert any("Hoe de cijfers tot stand komen" in p for p in pages[-2:])
    assert all("pagina" in p for p in pages)


def test_pdf_in_english() -> None:
    report = company(baseline=30, endline=35)
    pages = pdf_pages(pdf.company_pdf(report, "en"))
    text = " ".join(pages)
    for words in (
        "Learning culture: report",
        "Summary",
        "What goes best",
        "What needs attention",
        "Baseline and end-line per theme",
        "Development plans against the 50% target",
        "How the numbers are made",
        "page 2",
    ):
        assert words in text, words
    assert "Samenvatting" not in text and "pagina" not in text


def test_a_fully_suppressed_company_pdf_holds_no_result_number() -> None:
    report = company(baseline=3, endline=4, managers=0)
    pages = pdf_pages(pdf.company_pdf(report, "nl"))
    # Cover: counts, dates and the version. Appendix: thresholds. Everything between is results.
    appendix = next(i for i, p in enumerate(pages) if "Hoe de cijfers tot stand komen" in p)
    results = " ".join(pages[1:appendix])
    assert MARKER_NL in results
    # The only digits left are those of the fixed texts: the marker's threshold, the scale's ends in a
    # caption, "95%-interval", the 50 % target, "deel 1 van 2", the page numbers, and the open answers'
    # threshold (for employees and for managers).
    fixed = [
        re.escape(MARKER_NL),
        r"van 1 \(helemaal oneens\) tot 5 \(helemaal eens\)",
        r"95%-interval",
        r"\b50%",
        r"deel \d van \d",
        r"pagina \d+",
        re.escape(COMMENTS_MARKER_NL),
        r"vanaf 10 leidinggevenden",
    ]
    cleaned = re.sub("|".join(fixed), "", results)
    assert re.findall(r".{0,30}\d.{0,10}", cleaned) == []


def test_a_suppressed_baseline_leaves_no_trace_of_its_numbers() -> None:
    # Baseline: 4 employees who all answer 1 or 2, so every baseline mean is below 2.1; end-line: 4s and 5s.
    report = company(baseline=4, endline=30, managers=0, baseline_values=(1, 2), endline_values=(4, 5))
    hidden = profile_chart(report, "nl", report.waves[0])  # what the baseline would show, were it shown
    assert all(row[1] == MARKER_NL for row in hidden.table.rows)
    text = " ".join(pdf_pages(pdf.company_pdf(report, "nl")))
    assert MARKER_NL in text
    # no number between 1,00 and 2,49 (the possible baseline means) and no baseline n of 4 anywhere
    assert not re.search(r"\b[12],\d\d\b", text.replace("1,00", "x"))
    assert "n = 4" not in text and "(n = 4)" not in text


def test_end_line_numbers_do_appear(both_pdfs: tuple[bytes, bytes]) -> None:
    report = company(baseline=30, endline=35, name=HOSTILE)
    total = report.waves[-1].employee_total
    text = " ".join(pdf_pages(both_pdfs[0]))
    for dim in total.dimensions.values():  # type: ignore[union-attr]
        assert number(dim.mean, "nl") in text


def test_programme_pdf_is_deterministic_anonymised_and_bilingual() -> None:
    members = [
        programme_company(k, r, 12 + i, 14, i)
        for i, (k, r) in enumerate([("a", "Twente"), ("b", "Twente"), ("c", "Rijnmond"), ("d", "Rijnmond")])
    ]
    report = programme_report("Programma Oost", questionnaire(), members, None)
    first, second = pdf.programme_pdf(report, "en"), pdf.programme_pdf(report, "en")
    assert first == second
    text = " ".join(pdf_pages(first))
    assert "Programma Oost" in text and "Company A" in text and "Company D" in text
    assert "Change per region and theme" in text and "Whole programme" in text
    nl = " ".join(pdf_pages(pdf.programme_pdf(report, "nl")))
    assert "Verandering per regio en thema" in nl and "Hele programma" in nl
