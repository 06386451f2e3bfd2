"""``quickscan score`` and ``quickscan compare`` through click's CliRunner, on the command objects."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import questionnaires
from quickscan.cli.scoring import compare, score

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "docs" / "examples" / "small-questionnaire.json")
ITEMS = ["vei1", "vei2", "vei3", "tij1", "tij2", "tij3"]
SCORE_KEYS = {"n", "mean", "sd", "ci95", "favourable", "alpha", "alpha_ci95"}
COMPARE_KEYS = {
    "baseline", "endline", "difference", "ci95", "welch_t", "df", "p", "hedges_g", "hedges_g_ci95",
    "cliffs_delta", "favourable_change", "suppressed",
}  # fmt: skip


def _write(path: Path, n: int, seed: int, shift: int = 0, groups: list[str] | None = None) -> Path:
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(n, 1))
    values = np.clip(np.round(3 + shift + latent + rng.normal(scale=0.8, size=(n, 6))), 1, 5).astype(int)
    values[:, [1, 4]] = 6 - values[:, [1, 4]]  # vei2 and tij2 are reverse-worded
    lines = [",".join(["id", *ITEMS, "afdeling", "ontwikkelplan"])]
    plans = ["none", "making", "not_started", "working", ""]
    for i in range(n):
        cells = [str(v) for v in values[i]]
        if i % 7 == 3:
            cells[2] = "dk"
        group = groups[i] if groups else "productie"
        lines.append(",".join([str(i), *cells, group, plans[i % 5]]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_score_json_shape(runner, tmp_path):
    csv = _write(tmp_path / "r.csv", 40, 1)
    result = runner.invoke(score, [EXAMPLE, str(csv), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["questionnaire"] == {"id": "voorbeeld", "version": 1}
    total = data["groups"]["all"]
    assert total["n"] == 40 and total["suppressed"] is False
    assert set(total["dimensions"]) == {"veiligheid", "tijd"}
    for dim in total["dimensions"].values():
        assert set(dim) >= SCORE_KEYS
        assert len(dim["ci95"]) == 2 and len(dim["alpha_ci95"]) == 2
    assert total["development_plan"]["n"] == 32
    assert result.stderr == ""


def test_score_group_by_with_suppression(runner, tmp_path):
    groups = ["bouw"] * 20 + ["kantoor"] * 3 + ["metaal"] * 6 + [""] * 11
    csv = _write(tmp_path / "r.csv", 40, 2, groups=groups)
    result = runner.invoke(score, [EXAMPLE, str(csv), "--group-by", "afdeling", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["groups"]
    assert list(data) == ["all", "(blank)", "bouw", "kantoor", "metaal"]
    assert data["kantoor"] == {
        "n": 3, "suppressed": True, "level": "suppressed", "reason": "too_few_respondents", "dimensions": {}
    }  # fmt: skip
    assert data["metaal"]["suppressed"] is True and data["metaal"]["reason"] == "complementary_suppression"
    assert data["bouw"]["suppressed"] is False and data["bouw"]["dimensions"]["tijd"]["mean"] is not None


def test_score_table(runner, tmp_path):
    csv = _write(tmp_path / "r.csv", 12, 3, groups=["a"] * 8 + ["b"] * 4)
    result = runner.invoke(score, [EXAMPLE, str(csv), "--group-by", "afdeling"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "voorbeeld@1" in out
    assert "all: n=12" in out
    assert "veiligheid (Veilig om te leren)" in out
    assert "b: n=4, hidden (fewer respondents than the threshold of 5)" in out
    assert "a: n=8, hidden (protects a small group; the threshold of 5)" in out
    assert "development plan (n=" in out


def test_score_manager_role(runner, tmp_path):
    csv = _write(tmp_path / "m.csv", 2, 4)
    result = runner.invoke(score, [EXAMPLE, str(csv), "--role", "manager", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["role"] == "manager" and data["groups"]["all"]["suppressed"] is False


def test_bad_cell_gives_row_and_column_and_no_output(runner, tmp_path):
    csv = _write(tmp_path / "r.csv", 10, 5)
    lines = csv.read_text().splitlines()
    cells = lines[4].split(",")
    cells[5] = "7"  # tij2 of the 4th respondent, row 5 of the file
    lines[4] = ",".join(cells)
    csv.write_text("\n".join(lines) + "\n")
    for args in ([EXAMPLE, str(csv)], [EXAMPLE, str(csv), "--json"]):
        result = runner.invoke(score, args)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.startswith(f"{csv}: row 5, column tij2: '7' is not on the scale")
        assert "Traceback" not in result.stderr


def test_questionnaire_problems(runner, tmp_path):
    csv = _write(tmp_path / "r.csv", 10, 6)
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "x"', encoding="utf-8")
    result = runner.invoke(score, [str(broken), str(csv)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"{broken}: line 1, column")
    result = runner.invoke(score, ["no-such-questionnaire", str(csv)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "no such questionnaire" in result.stderr
    result = runner.invoke(score, ["voorbeeld@x", str(csv)])
    assert result.exit_code == 1 and "whole number" in result.stderr


def test_missing_group_column_and_reserved_label(runner, tmp_path):
    csv = _write(tmp_path / "r.csv", 10, 7)
    result = runner.invoke(score, [EXAMPLE, str(csv), "--group-by", "team"])
    assert result.exit_code == 1 and result.stderr == f"{csv}: row 1: there is no column 'team'\n"
    csv = _write(tmp_path / "r.csv", 10, 7, groups=["x"] * 9 + ["all"])
    result = runner.invoke(score, [EXAMPLE, str(csv), "--group-by", "afdeling"])
    assert result.exit_code == 1 and "row 11, column afdeling" in result.stderr and "reserved" in result.stderr


def test_compare_json_shape(runner, tmp_path):
    base = _write(tmp_path / "b.csv", 30, 8)
    end = _write(tmp_path / "e.csv", 35, 9, shift=1)
    result = runner.invoke(compare, [EXAMPLE, str(base), str(end), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["questionnaire"] == {"id": "voorbeeld", "version": 1}
    for dim in data["dimensions"].values():
        assert set(dim) >= COMPARE_KEYS
        assert {"n", "mean", "sd"} <= set(dim["baseline"]) and dim["baseline"]["n"] == 30
        assert dim["difference"] > 0 and dim["suppressed"] is False
        assert dim["difference"] == pytest.approx(dim["endline"]["mean"] - dim["baseline"]["mean"])
    assert set(data["development_plan"]) == {"baseline", "endline"}


def test_compare_suppressed_and_table(runner, tmp_path):
    base = _write(tmp_path / "b.csv", 4, 10)
    end = _write(tmp_path / "e.csv", 20, 11)
    result = runner.invoke(compare, [EXAMPLE, str(base), str(end), "--json"])
    data = json.loads(result.stdout)
    assert all(d["suppressed"] and d["difference"] is None for d in data["dimensions"].values())
    result = runner.invoke(compare, [EXAMPLE, str(base), str(end)])
    assert result.exit_code == 0 and "hidden" in result.stdout
    base = _write(tmp_path / "b.csv", 7, 12)
    result = runner.invoke(compare, [EXAMPLE, str(base), str(end)])
    assert result.exit_code == 0
    assert "veiligheid (Veilig om te leren)*" in result.stdout and "indicative" in result.stdout


def test_compare_bad_endline(runner, tmp_path):
    base = _write(tmp_path / "b.csv", 10, 13)
    end = tmp_path / "e.csv"
    end.write_text("vei1,vei2\n1,2\n")
    result = runner.invoke(compare, [EXAMPLE, str(base), str(end)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"{end}: row 1: the header lacks the item column(s) vei3, tij1, tij2, tij3\n"


def test_unreadable_files(runner, tmp_path):
    missing = tmp_path / "missing.csv"
    result = runner.invoke(score, [EXAMPLE, str(missing)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"{missing}: cannot read the file: No such file or directory\n"
    result = runner.invoke(compare, [EXAMPLE, str(tmp_path), str(tmp_path)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"{tmp_path}: cannot read the file:")


def test_help_shows_the_signature(runner):
    result = runner.invoke(score, ["--help"])
    assert "QUESTIONNAIRE RESPONSES.csv" in result.stdout and "--group-by COLUMN" in result.stdout
    result = runner.invoke(compare, ["--help"])
    assert "QUESTIONNAIRE BASELINE.csv ENDLINE.csv" in result.stdout


def test_an_unexpected_error_is_one_line_unless_debugging(runner, tmp_path, monkeypatch):
    from scoring import engine

    def broken(*args, **kwargs):  # a bug somewhere inside the engine
        raise ZeroDivisionError("deep inside")

    monkeypatch.setattr(engine, "score", broken)
    csv = _write(tmp_path / "r.csv", 20, 1)
    monkeypatch.delenv("QUICKSCAN_DEBUG", raising=False)
    quiet = runner.invoke(score, [EXAMPLE, str(csv)])
    assert quiet.exit_code == 1 and "Traceback" not in quiet.output
    assert quiet.stderr.strip().startswith("error: unexpected ZeroDivisionError: deep inside (please report this")
    monkeypatch.setenv("QUICKSCAN_DEBUG", "1")
    loud = runner.invoke(score, [EXAMPLE, str(csv)])
    assert isinstance(loud.exception, ZeroDivisionError)


def test_a_negative_alpha_is_shown_in_words():
    from quickscan.cli.scoring import render_score
    from scoring import Answers
    from scoring.engine import score as score_answers

    q = questionnaires.load_file(EXAMPLE)
    first = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 3, 3]
    second = [5, 4, 3, 1, 1, 4, 5, 2, 2, 1, 3, 2]  # pulls against the first: alpha < 0
    third = [3, 3, 2, 4, 3, 2, 4, 3, 3, 2, 4, 3]
    values = np.array([[a, 6 - b, c, 3, 3, 3] for a, b, c in zip(first, second, third, strict=True)], dtype=float)
    result = score_answers(q, Answers.from_values(values))
    text = render_score(q, result)
    assert "no scale" in text and "the statements of this theme do not form one scale here" in text
    dim = result.groups["all"].dimensions["veiligheid"]
    assert dim.alpha is not None and dim.alpha < 0  # type: ignore[union-attr]
    assert f"{dim.alpha:.2f}" not in text  # type: ignore[union-attr]


def test_compare_table_gives_cliffs_delta_with_its_interval(runner, tmp_path):
    """The table shows Cliff's delta and its Feng & Cliff interval, as the JSON has them (issue 16, item 8);
    at the indicative level the delta without an interval."""
    base = _write(tmp_path / "b.csv", 20, 14)
    end = _write(tmp_path / "e.csv", 18, 15, shift=1)
    data = json.loads(runner.invoke(compare, [EXAMPLE, str(base), str(end), "--json"]).stdout)["dimensions"]
    table = runner.invoke(compare, [EXAMPLE, str(base), str(end)]).stdout
    header = next(line for line in table.splitlines() if line.strip().startswith("dimension"))
    assert "delta  delta 95% CI" in header
    for dim_id, dim in data.items():
        row = next(line for line in table.splitlines() if line.strip().startswith(dim_id))
        low, high = dim["cliffs_delta_ci95"]
        assert -1 <= low <= dim["cliffs_delta"] <= high <= 1
        assert f"  {dim['cliffs_delta']:.2f}  {low:.2f} .. {high:.2f}  " in row
    small = _write(tmp_path / "s.csv", 7, 16)
    data = json.loads(runner.invoke(compare, [EXAMPLE, str(small), str(end), "--json"]).stdout)["dimensions"]
    table = runner.invoke(compare, [EXAMPLE, str(small), str(end)]).stdout
    for dim_id, dim in data.items():
        assert dim["cliffs_delta_ci95"] is None
        row = next(line for line in table.splitlines() if line.strip().startswith(dim_id))
        assert re.search(rf"  {dim['cliffs_delta']:.2f} +-  ", row), row


def _write_linked(path: Path, values: np.ndarray, codes: list[str]) -> Path:
    lines = [",".join([*ITEMS, "code"])]
    lines += [",".join([*(str(int(v)) for v in row), code]) for row, code in zip(values, codes, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _linked_files(tmp_path: Path, constant_veiligheid: bool = False) -> tuple[Path, Path]:
    """20 respondents per file, the first 14 with the same code (written differently) in both."""
    rng = np.random.default_rng(17)
    base = np.clip(np.round(3 + rng.normal(size=(20, 1)) + rng.normal(scale=0.6, size=(20, 6))), 1, 5)
    base[:, [1, 4]] = 6 - base[:, [1, 4]]
    if constant_veiligheid:
        base[:, 0:3] = 3
    end = np.clip(base + rng.integers(-1, 3, size=(20, 1)) * np.array([1, -1, 1, 1, -1, 1]), 1, 5)
    end[14:] = np.clip(end[14:] + rng.integers(-1, 2, size=(6, 6)), 1, 5)
    codes = [f"Code{i}" for i in range(14)]
    return (
        _write_linked(tmp_path / "b.csv", base, [*codes, *(f"b{i}" for i in range(6))]),
        _write_linked(tmp_path / "e.csv", end, [f" code{i} " for i in range(14)] + [""] * 6),
    )


def test_compare_with_link_column_names_the_reference_of_reliable_change(runner, tmp_path):
    """Issue 16, item 6: the paired results say whose SD and alpha reliable change used: on the command
    line the baseline file's, the same as `quickscan score` gives for that file."""
    base, end = _linked_files(tmp_path)
    data = json.loads(runner.invoke(compare, [EXAMPLE, str(base), str(end), "--link-column", "code", "--json"]).stdout)
    scored = json.loads(runner.invoke(score, [EXAMPLE, str(base), "--json"]).stdout)["groups"]["all"]["dimensions"]
    table = runner.invoke(compare, [EXAMPLE, str(base), str(end), "--link-column", "code"]).stdout
    assert "linked respondents (the same code in both files)" in table
    for dim_id, dim in data["dimensions"].items():
        paired = dim["paired"]
        assert paired["n"] == 14 and paired["level"] == "full"
        ref = paired["reliable_change_reference"]
        assert ref["source"] == "baseline" and ref["companies"] is None and ref["n"] == scored[dim_id]["n"] == 20
        assert ref["sd"] == pytest.approx(scored[dim_id]["sd"], rel=1e-12)
        assert ref["alpha"] == pytest.approx(scored[dim_id]["alpha"], rel=1e-12)
        counts = paired["reliable_change"]
        assert counts["improved"] + counts["unchanged"] + counts["deteriorated"] == 14
        row = next(line for line in table.splitlines() if line.strip().startswith(dim_id) and "baseline file" in line)
        assert row.endswith(f"baseline file, n=20, alpha {ref['alpha']:.2f}, sd {ref['sd']:.2f}")
        assert re.search(rf" {counts['improved']} +{counts['unchanged']} +{counts['deteriorated']} +baseline file", row)
    # without the option: no paired analysis, as before
    plain = json.loads(runner.invoke(compare, [EXAMPLE, str(base), str(end), "--json"]).stdout)
    assert all("paired" not in dim for dim in plain["dimensions"].values())


def test_compare_with_link_column_says_not_computable(runner, tmp_path):
    base, end = _linked_files(tmp_path, constant_veiligheid=True)
    data = json.loads(runner.invoke(compare, [EXAMPLE, str(base), str(end), "--link-column", "code", "--json"]).stdout)
    paired = data["dimensions"]["veiligheid"]["paired"]
    assert paired["reliable_change"] is None and paired["reliable_change_reference"] is None
    assert paired["notes"] == {"reliable_change": "reference_not_computable"}
    assert data["dimensions"]["tijd"]["paired"]["reliable_change_reference"]["source"] == "baseline"
    table = runner.invoke(compare, [EXAMPLE, str(base), str(end), "--link-column", "code"]).stdout
    paired_rows = table[table.index("linked respondents") :].splitlines()
    row = next(line for line in paired_rows if line.strip().startswith("veiligheid ("))
    assert re.search(r" - +- +- +not computable$", row), row
    result = runner.invoke(compare, [EXAMPLE, str(base), str(end), "--link-column", "nope"])
    assert result.exit_code == 1 and "nope" in result.stderr and result.stdout == ""
