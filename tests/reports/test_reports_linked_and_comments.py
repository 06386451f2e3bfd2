"""The company report's linked respondents (paired analysis) and open answers: numbers checked against an
independent numpy/scipy/pingouin computation, the anonymity rules, escaping, order and both languages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from questionnaires.model import Questionnaire, localise
from reports import html, pdf
from reports.company import CompanyReport, WaveInput, company_report
from reports.parts import company_parts
from reports.sections import comments_section, linked_section
from reports.text import interval, number
from scoring import NO_CODE, Answers

from .helpers import pdf_pages, questionnaire, wave

LINKED_MARKER_NL = "te weinig gekoppelde antwoorden (minder dan 5)"
LINKED_MARKER_EN = "too few linked respondents (fewer than 5)"
COMMENTS_MARKER_NL = "open antwoorden worden getoond vanaf 10 reacties"
COMMENTS_MARKER_EN = "open answers are shown from 10 responses"
HOSTILE_ANSWER = "<script>alert(1)</script> & <b>vet</b> {{7*7}}"


# ---------------------------------------------------------------------------------------------------
# made-up data: people with a level of their own, so a person's items agree (a reliable scale)


def _items(q: Questionnaire, latent: np.ndarray, seed: int) -> Answers:
    """Answers of people at ``latent`` (favourable direction): each item the level plus a little noise,
    reverse-worded items stored as answered (turned around on the scale's bounds)."""
    items = q.items_for("employee")
    rng = np.random.default_rng(seed)
    raw = np.clip(np.rint(latent[:, None] + rng.normal(0, 0.35, (latent.size, len(items)))), 1, 5)
    for j, item in enumerate(items):
        if item.reverse:
            scale = q.scales[item.scale]
            raw[:, j] = scale.min + scale.max - raw[:, j]
    return Answers(np.asfortranarray(raw), np.full(raw.shape, NO_CODE, dtype=np.int8, order="F"))


def _linked_waves(
    n_baseline: int, n_endline: int, pairs: int, seed: int = 5, comments: dict[str, list[str]] | None = None
) -> tuple[WaveInput, WaveInput]:
    """Two waves; the first ``pairs`` end-line respondents are the first ``pairs`` baseline ones, linked
    with a code (written differently: case and spaces do not matter), and change by +1.5 (a third), -1.2
    (a sixth) or about 0."""
    q = questionnaire()
    rng = np.random.default_rng(seed)
    people = rng.normal(3.0, 0.8, max(n_baseline, n_endline))
    index = np.arange(people.size)
    change = np.where(index % 3 == 0, 1.5, np.where(index % 6 == 1, -1.2, 0.0))
    base = _items(q, people[:n_baseline], seed + 1)
    end_latent = np.concatenate([people[:pairs] + change[:pairs], rng.normal(3.2, 0.8, n_endline - pairs)])
    end = _items(q, end_latent, seed + 2)
    b = dataclasses.replace(
        wave(q, "baseline", n_baseline, 2, seed), employees=base, links=[f"code-{i}" for i in range(n_baseline)]
    )
    e = dataclasses.replace(
        wave(q, "endline", n_endline, 2, seed + 1),
        employees=end,
        links=[f"CODE-{i} " for i in range(pairs)] + [None] * (n_endline - pairs),
        comments=comments or {},
    )
    return b, e


def _linked_report(
    n_baseline: int, n_endline: int, pairs: int, seed: int = 5, comments: dict[str, list[str]] | None = None
) -> CompanyReport:
    waves = _linked_waves(n_baseline, n_endline, pairs, seed, comments)
    return company_report("Bouw Test", "Twente", waves, dt.date(2026, 11, 24))


def _scores(q: Questionnaire, answers: Answers, dim_id: str) -> tuple[np.ndarray, np.ndarray]:
    """Dimension scores the slow way: keyed items (min + max - x for reverse ones), mean of a person's
    answered items when at least 60 % were answered; and the keyed items."""
    items = q.items_for("employee")
    cols = [j for j, item in enumerate(items) if item.dimension == dim_id]
    x = answers.values[:, cols].copy()
    for k, j in enumerate(cols):
        if items[j].reverse:
            scale = q.scales[items[j].scale]
            x[:, k] = scale.min + scale.max - x[:, k]
    answered = (~np.isnan(x)).sum(axis=1)
    sums = np.where(np.isnan(x), 0.0, x).sum(axis=1)
    enough = answered >= math.ceil(q.scoring.min_answered_share * len(cols) - 1e-9)
    return np.where(enough, sums / np.maximum(answered, 1), np.nan), x


def _section_text(text: str, start: str, end: str) -> str:
    i = text.index(start)
    j = text.index(end, i + len(start))
    return text[i:j]


def _plain(markup: str) -> str:
    """The text of an HTML snippet (tags removed)."""
    return re.sub(r"<[^>]+>", " ", markup)


def _html_section(fragment: str, key: str) -> str:
    match = re.search(rf'<section class="qs-report-part" id="qs-{key}">(.*?)</section>', fragment, re.S)
    assert match, key
    return match.group(1)


# ---------------------------------------------------------------------------------------------------
# linked respondents


@pytest.fixture(scope="module")
def linked() -> CompanyReport:
    return _linked_report(30, 28, 15)


def test_linked_numbers_match_an_independent_computation(linked: CompanyReport) -> None:
    q = questionnaire()
    base_in = _linked_waves(30, 28, 15)
    section = linked_section(linked, "en")
    assert section is not None and section.table is not None
    assert section.paragraphs[0].startswith("15 employees linked")
    rows = {row[0]: row for row in section.table.rows}
    counted = 0
    for dim in q.dimensions:
        b_all, keyed = _scores(q, base_in[0].employees, dim.id)
        e_all, _ = _scores(q, base_in[1].employees, dim.id)
        b, e = b_all[:15], e_all[:15]
        ok = ~(np.isnan(b) | np.isnan(e))
        d = (e - b)[ok]
        mean, sd = d.mean(), d.std(ddof=1)
        low, high = stats.t.interval(0.95, d.size - 1, loc=mean, scale=sd / math.sqrt(d.size))
        alpha = pg.cronbach_alpha(pd.DataFrame(keyed))[0]
        rci = d / (math.sqrt(2) * np.nanstd(b_all, ddof=1) * math.sqrt(1 - alpha))
        improved, worse = int(np.sum(rci > 1.96)), int(np.sum(rci < -1.96))
        row = rows[localise(dim.name, "en")]
        assert row == (
            localise(dim.name, "en"),
            str(d.size),
            number(mean, "en", signed=True),
            interval(low, high, "en"),
            number(mean / sd, "en", signed=True),
            str(improved),
            str(d.size - improved - worse),
            str(worse),
            "full",
        )
        counted += improved + worse
    assert counted > 0  # the data make reliable changes, so the counts are tested for real


def test_linked_numbers_in_the_html_and_the_pdf(linked: CompanyReport) -> None:
    for lang, title, nxt in (
        ("nl", "Gekoppelde antwoorden", "Leidinggevenden en medewerkers"),
        ("en", "Linked respondents", "Managers and employees"),
    ):
        section = linked_section(linked, lang)
        assert section is not None and section.table is not None
        fragment = str(html.company_fragment(linked, lang))
        part = _html_section(fragment, "linked")
        text = _section_text(" ".join(pdf_pages(pdf.company_pdf(linked, lang))), f"{title} 15 ", nxt)
        for row in section.table.rows:
            for cell in row:
                assert f"<td>{cell}</td>" in part or f">{cell}<" in part, cell
                assert cell in text, cell
    # after the comparison, before the gap
    keys = [getattr(part, "key", "") for part in company_parts(linked, "nl")]
    assert keys.index("linked") == keys.index("comparison") + 1 and keys.index("gap") == keys.index("linked") + 1


def test_indicative_pairs_have_no_interval_and_no_counts() -> None:
    report = _linked_report(30, 28, 7)
    section = linked_section(report, "nl")
    assert section is not None and section.table is not None
    for row in section.table.rows:
        assert row[1] == "7" and row[2] and row[4] and row[-1] == "indicatief"
        assert row[3] == "" and row[5:8] == ("", "", "")
    assert any("Indicatief: 5 tot 9 paren" in note for note in section.notes)


@pytest.mark.parametrize("pairs", [1, 4])
def test_fewer_than_five_pairs_show_the_marker_and_no_number(pairs: int) -> None:
    report = _linked_report(30, 28, pairs)
    assert report.linked is not None and not report.linked.shown
    for lang, marker, title, nxt in (
        ("nl", LINKED_MARKER_NL, "Gekoppelde antwoorden", "Leidinggevenden en"),
        ("en", LINKED_MARKER_EN, "Linked respondents", "Managers and employees"),
    ):
        section = linked_section(report, lang)
        assert section is not None and section.table is None and marker in section.paragraphs[0]
        part = _html_section(str(html.company_fragment(report, lang)), "linked")
        assert marker in part and "<table" not in part
        assert re.findall(r"\d", _plain(part).replace(marker, "")) == []
        text = _section_text(" ".join(pdf_pages(pdf.company_pdf(report, lang))), f"{title} ", nxt)
        assert marker in text
        assert re.findall(r"\d", re.sub(r"(pagina|page) \d+", "", text.replace(marker, ""))) == []


def test_pairs_hidden_when_the_unlinked_could_be_worked_out() -> None:
    # 12 and 12 respondents of whom 10 linked: 2 + 2 without a pair
    report = _linked_report(12, 12, 10)
    section = linked_section(report, "en")
    assert section is not None and section.table is not None
    assert section.paragraphs[0].startswith("10 employees linked")
    for row in section.table.rows:
        assert row[1].startswith("hidden: otherwise the answers of the few") and not any(row[2:])
    part = _html_section(str(html.company_fragment(report, "en")), "linked")
    table = part[part.index("<tbody>") : part.index("</tbody>")]
    assert re.findall(r"\d", _plain(table)) == []


def test_nobody_linked_is_one_sentence_and_one_wave_has_no_section() -> None:
    q = questionnaire()
    report = company_report("X", "Y", [wave(q, "baseline", 20, 1, 1), wave(q, "endline", 20, 1, 2)], None)
    assert report.linked is not None and report.linked.pairs == 0
    for lang, sentence in (("nl", "Niemand koppelde"), ("en", "Nobody linked")):
        section = linked_section(report, lang)
        assert section is not None and section.table is None and len(section.paragraphs) == 1
        assert section.paragraphs[0].startswith(sentence)
        part = _html_section(str(html.company_fragment(report, lang)), "linked")
        assert sentence in part and "<table" not in part
    only = company_report("X", "Y", [wave(q, "endline", 20, 1, 2)], None)
    assert only.linked is None and linked_section(only, "en") is None
    assert 'id="qs-linked"' not in str(html.company_fragment(only, "en"))


def test_methods_explain_the_paired_analysis_and_the_open_answers(linked: CompanyReport) -> None:
    nl = str(html.company_fragment(linked, "nl"))
    en = str(html.company_fragment(linked, "en"))
    methods_nl = nl[nl.index('<details class="qs-methods">') :]
    methods_en = en[en.index('<details class="qs-methods">') :]
    assert "<h3>Gekoppelde antwoorden</h3>" in methods_nl and "de verschillen tussen personen weg" in methods_nl
    assert "<h3>Linked respondents</h3>" in methods_en and "not a random sample" in methods_en
    assert "<h3>Open answers</h3>" in methods_en and "<h3>Open antwoorden</h3>" in methods_nl
    assert "zelf gekozen, niet willekeurig" in methods_nl


# ---------------------------------------------------------------------------------------------------
# open answers


def _commented(
    n: int,
    going_well: Sequence[str],
    would_help: Sequence[str] = (),
    managers: int = 2,
    manager_texts: Sequence[str] = (),
) -> CompanyReport:
    q = questionnaire()
    end = dataclasses.replace(
        wave(q, "endline", n, managers, 9),
        comments={"going_well": list(going_well), "would_help": list(would_help)},
        manager_comments={"going_well": list(manager_texts)},
    )
    return company_report("Zorg Test", "Rijnmond", [wave(q, "baseline", 20, 1, 8), end], dt.date(2026, 11, 24))


WRITTEN = [
    "zeker de koffiepauze",
    HOSTILE_ANSWER,
    "Aandacht van de baas",
    "  ",
    "aandacht van de baas",
    "Beter plannen\nen meer tijd",
]
SORTED = [
    HOSTILE_ANSWER,
    "Aandacht van de baas",
    "aandacht van de baas",
    "Beter plannen\nen meer tijd",
    "zeker de koffiepauze",
]


def test_comments_from_ten_are_shown_sorted_and_escaped() -> None:
    report = _commented(10, WRITTEN, manager_texts=["De leidinggevende schreef dit"])
    section = comments_section(report, "nl")
    assert section is not None
    assert list(section.blocks[0].items) == SORTED
    assert section.blocks[1].text == "Niemand schreef hier iets."
    assert len(section.blocks) == 2  # two managers: their answers are not shown
    fragment = str(html.company_fragment(report, "nl"))
    part = _html_section(fragment, "comments")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt; {{7*7}}"
    assert f"<li>{escaped}</li>" in part and "<script" not in fragment and "<b>vet" not in fragment
    positions = [
        part.index(f"<li>{text}</li>".replace("'", "&#39;"))
        for text in [
            escaped,
            "Aandacht van de baas",
            "aandacht van de baas",
            "Beter plannen\nen meer tijd",
            "zeker de koffiepauze",
        ]
    ]
    assert positions == sorted(positions)
    assert "De leidinggevende schreef dit" not in fragment
    assert "De open antwoorden van leidinggevenden staan hier niet" in part
    # the PDF: literal, in the same order
    text = " ".join(pdf_pages(pdf.company_pdf(report, "nl")))
    found = _section_text(text, "Wat mensen schreven", "Hoe de cijfers tot stand komen")
    places = [found.index(t.replace("\n", " ")) for t in SORTED]
    assert places == sorted(places) and HOSTILE_ANSWER in found
    assert "De leidinggevende schreef dit" not in text


def test_comments_below_ten_are_hidden() -> None:
    report = _commented(9, WRITTEN)
    for lang, marker in (("nl", COMMENTS_MARKER_NL), ("en", COMMENTS_MARKER_EN)):
        section = comments_section(report, lang)
        assert section is not None and all(block.text == marker and not block.items for block in section.blocks)
        fragment = str(html.company_fragment(report, lang))
        assert marker in _html_section(fragment, "comments")
        for word in ("koffiepauze", "script", "van de baas", "Beter plannen"):
            assert word not in fragment, word
        text = " ".join(pdf_pages(pdf.company_pdf(report, lang)))
        assert marker in text and "koffiepauze" not in text and "van de baas" not in text


def test_comments_in_english_and_of_ten_managers() -> None:
    report = _commented(12, ["Good teamwork"], ["More time"], managers=10, manager_texts=["We listen", "Budget"])
    section = comments_section(report, "en")
    assert section is not None
    headings = [block.heading for block in section.blocks]
    assert headings == [
        "Employees: What goes well when it comes to learning in this company?",
        "Employees: What one thing would help you most to learn more?",
        "Managers: What goes well when it comes to learning in our company?",
        "Managers: What one thing would help our employees most to learn more?",
    ]
    assert [block.items for block in section.blocks] == [
        ("Good teamwork",),
        ("More time",),
        ("Budget", "We listen"),
        (),
    ]
    assert section.paragraphs[0].startswith("The answers to the open questions at the end-line")
    text = " ".join(pdf_pages(pdf.company_pdf(report, "en")))
    assert "What people wrote" in text and "Budget" in text and "We listen" in text


def test_the_new_sections_are_deterministic() -> None:
    report = _linked_report(30, 28, 15, comments={"going_well": WRITTEN * 2})
    assert html.company_fragment(report, "en") == html.company_fragment(report, "en")
    assert pdf.company_pdf(report, "nl") == pdf.company_pdf(report, "nl")
    # the order of the responses does not matter
    shuffled = _linked_report(30, 28, 15, comments={"going_well": list(reversed(WRITTEN * 2))})
    assert comments_section(shuffled, "nl") == comments_section(report, "nl")
