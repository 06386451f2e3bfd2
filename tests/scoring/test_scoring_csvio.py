"""Reading a responses CSV: values and codes, and errors that name the row and column."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.csvio import MAX_PROBLEMS, CsvError, parse_responses, read_responses

HEADER = "respondent,vei1,vei2,vei3,tij1,tij2,tij3,afdeling,ontwikkelplan"


def _parse(example, text, **kwargs):
    return parse_responses(text, "r.csv", example, kwargs.pop("role", "employee"), **kwargs)


def test_reads_values_codes_blanks_and_extra_columns(example):
    text = "\n".join(
        [
            HEADER,
            "1,5,4,3,2,1,5,productie,working",
            '2,dk,,DK , 4 ,4.0,"4,0",kantoor,',
            "3,1,1,1,1,1,1,,None",
        ]
    )
    table = _parse(example, text + "\n", extra_columns=["afdeling"])
    nan = np.nan
    np.testing.assert_array_equal(
        table.answers.values, [[5, 4, 3, 2, 1, 5], [nan, nan, nan, 4, 4, 4], [1, 1, 1, 1, 1, 1]]
    )
    assert table.answers.codes.tolist() == [[-1] * 6, [0, -1, 0, -1, -1, -1], [-1] * 6]
    assert table.columns == {"afdeling": ["productie", "kantoor", ""]}
    assert table.development_plan == ["working", None, "none"]
    assert table.n == 3


def test_semicolons_bom_crlf_and_column_order(example, tmp_path):
    path = tmp_path / "r.csv"
    text = "tij3;tij2;tij1;vei3;vei2;vei1\r\n1;2;3;4;5;dk\r\n\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    table = read_responses(path, example, "employee")
    np.testing.assert_array_equal(table.answers.values, [[np.nan, 5, 4, 3, 2, 1]])
    assert table.development_plan is None


def test_header_only_gives_zero_respondents(example):
    table = _parse(example, HEADER + "\n")
    assert table.answers.values.shape == (0, 6)


def _error(example, text, **kwargs) -> CsvError:
    with pytest.raises(CsvError) as info:
        _parse(example, text, **kwargs)
    return info.value


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("6", "'6' is not on the scale: expected a whole number from 1 to 5, 'dk' or empty"),
        ("0", "'0' is not on the scale"),
        ("3.5", "'3.5' is not on the scale"),
        ("abc", "'abc' is not an answer"),
        ("nan", "'nan' is not an answer"),
        ("1e0", "'1e0' is not an answer"),
        ("٣", "'٣' is not an answer"),
        ("1_0", "'1_0' is not an answer"),
    ],
)
def test_a_bad_cell_names_row_and_column(example, cell, message):
    text = f"{HEADER}\n1,5,4,3,2,1,5,x,\n2,5,4,{cell},2,1,5,x,\n"
    error = _error(example, text)
    assert len(error.lines()) == 1
    assert error.lines()[0].startswith(f"r.csv: row 3, column vei3: {message}")
    assert error.problems[0].row == 3 and error.problems[0].column == "vei3"


def test_problems_are_listed_in_file_order_and_capped(example):
    rows = [HEADER] + [f"{i},9,4,3,2,x,5,a," for i in range(30)]
    error = _error(example, "\n".join(rows))
    assert [p.row for p in error.problems[:2]] == [2, 2]
    assert [p.column for p in error.problems[:2]] == ["vei1", "tij2"]
    assert len(error.problems) == 2  # one line per distinct bad text and column
    assert error.more == 58
    assert error.lines()[-1] == "r.csv: ... and 58 more problem(s)"
    many = [HEADER] + [f"{i},{i + 6},4,3,2,1,5,a," for i in range(30)]
    error = _error(example, "\n".join(many))
    assert len(error.problems) == MAX_PROBLEMS and error.more == 30 - MAX_PROBLEMS


def test_header_problems(example):
    error = _error(example, "vei1,vei2,vei3,tij1\n1,2,3,4\n")
    assert error.lines() == ["r.csv: row 1: the header lacks the item column(s) tij2, tij3"]
    error = _error(example, HEADER + ",vei1\n")
    assert "row 1, column vei1: this column name appears more than once" in error.lines()[0]
    error = _error(example, HEADER + "\n", extra_columns=["team"])
    assert error.lines() == ["r.csv: row 1: there is no column 'team'"]
    assert _error(example, "").lines() == ["r.csv: row 1: the file is empty or has no header row"]


def test_ragged_rows_and_bad_quoting(example):
    error = _error(example, f"{HEADER}\n1,5,4,3,2,1,5,x,\n2,5,4\n")
    assert error.lines() == ["r.csv: row 3: has 3 cells; the header has 9"]
    error = _error(example, f'{HEADER}\n1,5,4,3,2,1,5,"x"y,\n')
    assert error.problems[0].row == 2 and "not readable as CSV" in error.problems[0].message


def test_bad_development_plan_code(example):
    error = _error(example, f"{HEADER}\n1,5,4,3,2,1,5,x,maybe\n")
    assert error.lines() == [
        "r.csv: row 2, column ontwikkelplan: 'maybe' is not a development-plan option: expected none, making, "
        "not_started, working or empty"
    ]


def test_file_errors(example, tmp_path):
    with pytest.raises(CsvError, match="cannot read the file"):
        read_responses(tmp_path / "missing.csv", example, "employee")
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + b"\n1,5,4,3,2,1,5,caf\xe9,\n")
    offset = len(HEADER) + len("\n1,5,4,3,2,1,5,caf")
    with pytest.raises(CsvError, match=f"byte {offset}: the file is not UTF-8 text"):
        read_responses(path, example, "employee")


CELL = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["", "1", "5", "dk", "DK", " 3 ", "4.0", "4,0", "6", "-1", '"', "\n", "\r", ",", ";"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(CELL, min_size=9, max_size=9), max_size=4))
def test_any_cell_text_gives_a_table_or_a_csv_error(example, rows):
    def quote(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"'

    text = HEADER + "\n" + "\n".join(",".join(quote(c) for c in row) for row in rows)
    try:
        table = _parse(example, text, extra_columns=["afdeling"])
    except CsvError as exc:
        assert exc.lines()
        return
    values = table.answers.values
    answered = ~np.isnan(values)
    assert np.isin(values[answered], [1, 2, 3, 4, 5]).all()
    assert ((table.answers.codes == -1) | ~answered).all()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_any_file_text_gives_a_table_or_a_csv_error(example, text):
    with contextlib.suppress(CsvError):
        _parse(example, text)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(["1", "2", "3", "4", "5", "", "dk"]), min_size=6, max_size=6), max_size=20))
def test_valid_cells_round_trip(example, rows):
    text = "vei1,vei2,vei3,tij1,tij2,tij3\n" + "\n".join(",".join(r) for r in rows) + "\n"
    # a row of six empty cells is a respondent who answered nothing, not an empty line
    table = _parse(example, text)
    assert table.n == len(rows)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if cell in ("", "dk"):
                assert np.isnan(table.answers.values[i, j])
                assert table.answers.codes[i, j] == (0 if cell == "dk" else -1)
            else:
                assert table.answers.values[i, j] == int(cell)
