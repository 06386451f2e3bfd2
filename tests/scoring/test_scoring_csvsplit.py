"""Splitting a CSV: the numpy way on bytes gives what Python's csv module gives, for any text without quotes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import csvsplit
from scoring.csvsplit import Table, split

#: Pieces of text that matter to a splitter: delimiters, line ends, spaces (also the ones only ``str.strip``
#: knows), cells of 1-2 bytes, up to 7 bytes and longer (each takes another path), non-ASCII letters.
PIECES = [",", ";", "\t", "\n", "\r\n", " ", "\u00a0", "\x1c", "\x0b", "1", "5", "dk", "DK", "4.0", "é", "€"]
PIECES += ["1234567", "abcdefgh", "productie", "€€€", "werkplaats"]


def described(table: Table) -> tuple[object, ...]:
    return (table.header, table.row_numbers, table.ragged, [table.column(j).cells() for j in range(len(table.header))])


def both_ways(text: str, delimiter: str) -> tuple[Table, Table]:
    return csvsplit._split_bytes(text.encode("utf-8"), delimiter), csvsplit._split_with_csv(text, delimiter)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join), st.sampled_from([",", ";", "\t"]))
def test_bytes_and_the_csv_module_agree_on_any_text_without_quotes(text: str, delimiter: str) -> None:
    if not text.split("\n", 1)[0].strip():
        return  # the first line holds the header (scoring.csvio refuses a file without one before splitting)
    by_bytes, by_csv = both_ways(text, delimiter)
    assert described(by_bytes) == described(by_csv)
    for j in range(len(by_bytes.header)):  # each text is listed once
        texts = by_bytes.column(j).texts
        assert len(set(texts)) == len(texts)


def test_a_large_file_with_cells_of_every_length() -> None:
    rng = np.random.default_rng(3)
    cells = np.array(["", "1", "5", "dk", " 4", "4.0", "4,0", "1234567", "productie", "één", "werkplaats"])
    rows = [";".join(rng.choice(cells, 4)) for _ in range(3000)]
    rows[17] = "1;2"  # ragged
    rows[40] = "   "  # an empty line
    rows[41] = ""
    text = "a;b;c;d\r\n" + "\r\n".join(rows) + "\r\n"
    by_bytes, by_csv = both_ways(text, ";")
    assert described(by_bytes) == described(by_csv)
    assert by_bytes.ragged == [(19, 2)] and by_bytes.n == 2997


@pytest.mark.parametrize(
    "text",
    ['a,b\n"1",2\n', "a,b\r1,2\r", "a,b\n1,\x002\n"],
    ids=["quotes", "lone carriage returns", "a NUL"],
)
def test_quotes_lone_carriage_returns_and_nul_go_to_the_csv_module(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(raw: bytes, delimiter: str) -> Table:
        raise AssertionError("the numpy way was taken")

    monkeypatch.setattr(csvsplit, "_split_bytes", refuse)
    assert split(text, ",").n == 1


def test_a_file_without_quotes_takes_the_numpy_way(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, delimiter: str) -> Table:
        raise AssertionError("the csv module was used")

    monkeypatch.setattr(csvsplit, "_split_with_csv", refuse)
    table = split("a;b\r\n1;dk\r\n\r\n2;\r\n", ";")
    assert described(table) == (["a", "b"], [2, 4], [], [["1", "2"], ["dk", ""]])


def test_bad_quoting_names_the_row() -> None:
    with pytest.raises(csvsplit.SplitError, match="not readable as CSV") as info:
        split('a,b\n1,2\n3,"x"y\n', ",")
    assert info.value.row == 3


def test_a_lone_surrogate_in_a_given_text_survives() -> None:
    table = split("a,b\n\udc80,1\n", ",")
    assert table.column(0).cells() == ["\udc80"]
