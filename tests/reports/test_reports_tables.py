"""The HTML fragments' data tables: each in a scroll container a keyboard can reach, named by its caption."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from reports import html
from reports.charts import Table
from reports.programme import programme_report

from .helpers import company, programme_company, questionnaire


class _Tables(HTMLParser):
    """Per table: the attributes of its parent element, and its caption's id and text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.tables: list[dict[str, object]] = []
        self.ids: list[str] = []
        self._caption: dict[str, object] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "table":
            self.tables.append({"parent": self.stack[-1] if self.stack else None, "caption_id": None, "caption": ""})
        if tag == "caption":
            self._caption = self.tables[-1]
            self._caption["caption_id"] = found.get("id")
        self.stack.append((tag, found))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass
        if tag == "caption":
            self._caption = None

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption["caption"] = str(self._caption["caption"]) + data


def _tables(fragment: str) -> _Tables:
    parser = _Tables()
    parser.feed(fragment)
    parser.close()
    return parser


def _programme_fragment() -> str:
    q = questionnaire()
    members = [programme_company(f"C{i}", "Twente" if i % 2 else "Rijnmond", 12, 12, seed=i) for i in range(6)]
    return str(html.programme_fragment(programme_report("Programma", q, members, None), "nl"))


@pytest.mark.parametrize(
    "fragment",
    [
        pytest.param(lambda: str(html.company_fragment(company(baseline=30, endline=12), "nl")), id="company"),
        pytest.param(lambda: str(html.company_fragment(company(baseline=30, endline=12), "en")), id="company-en"),
        pytest.param(_programme_fragment, id="programme"),
    ],
)
def test_each_table_scrolls_in_a_region_named_by_its_caption(fragment) -> None:  # type: ignore[no-untyped-def]
    found = _tables(fragment())
    assert len(found.tables) >= 3
    for table in found.tables:
        parent = table["parent"]
        assert isinstance(parent, tuple) and parent[0] == "div", table
        attrs = parent[1]
        assert attrs["class"] == "table-scroll" and attrs["role"] == "region" and attrs["tabindex"] == "0", attrs
        assert table["caption_id"] and attrs["aria-labelledby"] == table["caption_id"], table
        assert str(table["caption"]).strip(), table
    assert len(found.ids) == len(set(found.ids)), "an id twice in one fragment"


def test_a_table_without_a_caption_still_scrolls_and_takes_focus() -> None:
    out = str(html.table_html(Table(("Thema", "Gemiddelde"), (("Leren", "3,4"),))))
    assert out.startswith('<div class="table-scroll" tabindex="0"><table class="qs-data"><thead>')
    assert "<caption" not in out and "role=" not in out


def test_the_caption_id_is_stable_and_escaped() -> None:
    table = Table(("Thema", "Gemiddelde"), (("Leren", "3,4"),))
    one = str(html.table_html(table, 'Scores "per" <thema>'))
    assert one == str(html.table_html(table, 'Scores "per" <thema>'))
    assert 'aria-labelledby="qs-table-scores-per-thema-' in one and "&lt;thema&gt;</caption>" in one
    other = str(html.table_html(Table(("Thema", "Gemiddelde"), (("Leren", "3,5"),)), 'Scores "per" <thema>'))
    assert one.split('"')[5] != other.split('"')[5]  # same caption, other cells: another id
