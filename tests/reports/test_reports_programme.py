"""Gathering the programme report's data: companies lettered, regions pooled, and its anonymity rules."""

from __future__ import annotations

import pytest

from reports.programme import letters, programme_report
from scoring import anonymity, compare, score
from scoring.results import DimensionComparison, SuppressedComparison

from .helpers import programme_company, questionnaire, wave


def test_letters_count_like_spreadsheet_columns() -> None:
    assert [letters(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def test_programme_letters_follow_the_order_key_not_the_input_order() -> None:
    members = [programme_company(key, "Twente", 20, 20, seed) for seed, key in enumerate(["c", "a", "b"])]
    report = programme_report("P", questionnaire(), members, None)
    assert [row.label for row in report.companies] == ["A", "B", "C"]
    # A is the company with key "a" (the second given): its comparison is that company's.
    q = questionnaire()
    expected = compare(q, members[1].baseline.employees, members[1].endline.employees)  # type: ignore[union-attr]
    assert report.companies[0].result.to_dict()["dimensions"] == expected.to_dict()["dimensions"]


def test_a_small_company_hides_the_next_smallest_of_its_region_too() -> None:
    members = [
        programme_company("a", "Twente", 3, 20, 1),  # too few at the baseline
        programme_company("b", "Twente", 8, 9, 2),  # the smallest other: must be hidden too
        programme_company("c", "Twente", 30, 31, 3),
        programme_company("d", "Achterhoek", 25, 26, 4),
        programme_company("e", "Achterhoek", 22, 24, 5),
    ]
    report = programme_report("P", questionnaire(), members, None)
    by_key = dict(zip("abcde", report.companies, strict=True))
    for dim_id in by_key["a"].result.dimensions:
        hidden = [k for k, row in by_key.items() if isinstance(row.dimension(dim_id), SuppressedComparison)]
        assert "a" in hidden and "c" not in hidden and "d" not in hidden
        # what is hidden in Twente adds up to at least the threshold in each wave (or nothing at all)
        for wave_n in (lambda r: r.n_baseline, lambda r: r.n_endline):
            total = sum(wave_n(by_key[k].dimension(dim_id)) for k in hidden if k in "abc")
            assert total == 0 or total >= 5
    reasons = {
        row.dimension("psych_safety").reason
        for row in report.companies[:2]  # type: ignore[union-attr]
        if isinstance(row.dimension("psych_safety"), SuppressedComparison)
    }
    assert reasons == {anonymity.REASON_TOO_FEW, anonymity.REASON_COMPLEMENTARY}


def test_regions_pool_their_companies_and_the_total_pools_everyone() -> None:
    q = questionnaire()
    members = [programme_company(k, r, 12, 14, i) for i, (k, r) in enumerate([("a", "X"), ("b", "X"), ("c", "Y")])]
    report = programme_report("P", q, members, None)
    assert [r.label for r in report.regions] == ["X", "Y"]
    x = report.regions[0].dimension("leadership")
    assert isinstance(x, DimensionComparison)
    parts = []
    for m in members[:2]:
        assert m.baseline is not None
        dim = score(q, m.baseline.employees).total.dimensions["leadership"]  # type: ignore[union-attr]
        parts.append((dim.n, dim.mean))
    assert x.baseline.n == sum(n for n, _ in parts)
    assert x.baseline.mean == pytest.approx(sum(n * mean for n, mean in parts) / x.baseline.n, abs=1e-12)
    total = report.total.dimension("leadership")
    assert isinstance(total, DimensionComparison)
    assert total.baseline.n > x.baseline.n
    assert report.plans[-1].region is None and set(report.plans[-1].plans) == {"baseline", "endline"}


def test_companies_without_both_waves_are_left_out_and_counted() -> None:
    q = questionnaire()
    from reports.programme import ProgrammeCompany

    members = [
        programme_company("a", "X", 12, 14, 1),
        ProgrammeCompany("b", "X", wave(q, "baseline", 20, 1, 9), None),
    ]
    report = programme_report("P", q, members, None)
    assert len(report.companies) == 1 and report.excluded == 1
