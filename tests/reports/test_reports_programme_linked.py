"""Attack 5 of issue 15 (linked tables): the programme report beside the company pages.

Whoever reads the programme report (the programme lead; the PDF is meant to be shared) can also see the
company pages, which show every company whose group reaches the threshold. A region's result minus those
companies' results is the sum over the companies shown on no page; so is the total minus the shown regions
and the public companies of the hidden ones. These tests play that reader: they subtract what the pages
show from what the programme shows and check that what remains is never 1 to threshold - 1 respondents.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pytest

from reports.company import CompanyReport, company_report
from reports.programme import ProgrammeCompany, ProgrammeReport, programme_report
from scoring import Answers, anonymity, compare
from scoring.kpi import count_answers
from scoring.matrix import layout, respondent_scores
from scoring.results import DimensionComparison, DimensionStats, GroupResult, PlanKpi, SuppressedComparison

from .helpers import programme_company, questionnaire


@dataclass(frozen=True)
class Leak:
    """What subtraction gives: the sum of some respondents shown on no page, and how many they are."""

    what: str
    n: int
    value: float


def _pages(members: Sequence[ProgrammeCompany]) -> dict[str, CompanyReport]:
    pages = {}
    for m in members:
        assert m.baseline is not None and m.endline is not None
        pages[m.order_key] = company_report(m.order_key, m.region, [m.baseline, m.endline], dt.date(2026, 12, 1))
    return pages


def _page_dimension(page: CompanyReport, kind: str, dim_id: str) -> tuple[int, float] | None:
    wave = page.wave(kind)
    assert wave is not None
    total = wave.employee_total
    dim = total.dimensions.get(dim_id) if isinstance(total, GroupResult) else None
    if isinstance(dim, DimensionStats) and dim.mean is not None:
        return dim.n, dim.n * dim.mean
    return None


def _page_plan(page: CompanyReport, kind: str) -> tuple[int, float] | None:
    wave = page.wave(kind)
    assert wave is not None
    if isinstance(wave.plan, PlanKpi):
        return wave.plan.n, wave.plan.n * wave.plan.with_plan / 100.0
    return None


def _remainder(shown: list[tuple[int, float]], public: list[tuple[int, float]]) -> tuple[int, float]:
    n = sum(s[0] for s in shown) - sum(p[0] for p in public)
    return n, sum(s[1] for s in shown) - sum(p[1] for p in public)


def leaks(report: ProgrammeReport, members: Sequence[ProgrammeCompany]) -> list[Leak]:
    """Every sum of 1 to threshold - 1 respondents on no page that the programme report and the company pages
    give by subtraction: per region (region minus its public companies) and for the total (minus the shown
    regions and the public companies of the hidden ones), per theme and wave, and for the plans."""
    limit = report.threshold
    pages = _pages(members)
    region_of = {m.order_key: m.region for m in members}
    found: list[Leak] = []

    def check(
        what: str,
        region_values: dict[str, tuple[int, float] | None],
        total: tuple[int, float] | None,
        public: dict[str, tuple[int, float] | None],
    ) -> None:
        for region, value in region_values.items():
            if value is None:
                continue
            inside = [v for k, v in public.items() if region_of[k] == region and v is not None]
            n, rest = _remainder([value], inside)
            if 0 < n < limit:
                found.append(Leak(f"{what} {region}", n, rest))
        if total is None:
            return
        shown = [v for v in region_values.values() if v is not None]
        hidden = {r for r, v in region_values.items() if v is None}
        inside = [v for k, v in public.items() if region_of[k] in hidden and v is not None]
        n, rest = _remainder([total], [*shown, *inside])
        if 0 < n < limit:
            found.append(Leak(f"{what} total", n, rest))

    for dim_id in report.total.result.dimensions:
        for kind in ("baseline", "endline"):

            def summary(comp: object, kind: str = kind) -> tuple[int, float] | None:
                if not isinstance(comp, DimensionComparison):
                    return None
                s = comp.baseline if kind == "baseline" else comp.endline
                return None if s.mean is None else (s.n, s.n * s.mean)

            check(
                f"{dim_id} {kind}",
                {row.region or "": summary(row.dimension(dim_id)) for row in report.regions},
                summary(report.total.dimension(dim_id)),
                {key: _page_dimension(page, kind, dim_id) for key, page in pages.items()},
            )
    for kind in ("baseline", "endline"):

        def plan(kpi: object) -> tuple[int, float] | None:
            return (kpi.n, kpi.n * kpi.with_plan / 100.0) if isinstance(kpi, PlanKpi) else None

        check(
            f"plan {kind}",
            {entry.region: plan(entry.plans[kind]) for entry in report.plans if entry.region is not None},
            plan(report.plans[-1].plans[kind]),
            {key: _page_plan(page, kind) for key, page in pages.items()},
        )
    return found


def _small_programme() -> list[ProgrammeCompany]:
    return [
        programme_company("a", "Twente", 3, 20, 1),  # 3 at the baseline: on no page then
        programme_company("b", "Twente", 20, 22, 2),
        programme_company("c", "Twente", 25, 24, 3),
        programme_company("d", "Achterhoek", 30, 28, 4),
        programme_company("e", "Achterhoek", 26, 27, 5),
    ]


def test_attack_5_region_minus_the_company_pages_gives_the_hidden_company_nothing() -> None:
    """Company a has 3 respondents at the baseline: its page shows nothing, the programme hides it. Before
    rule 10 the lead took Twente's baseline result, subtracted the pages of b and c and had a's three
    respondents' mean on every theme and their plan status exactly; now Twente (and the total, which minus
    Achterhoek gives the same) are hidden where that would work."""
    q = questionnaire()
    members = _small_programme()
    report = programme_report("P", q, members, None)
    assert leaks(report, members) == []
    # what the lead wanted: company a's baseline, which no page shows
    a = members[0].baseline
    assert a is not None
    lay = layout(q, "employee")
    scores = respondent_scores(lay, a.employees).scores
    twente = report.regions[1]
    assert twente.region == "Twente"
    for d, dim in enumerate(lay.dimensions):
        if np.isnan(scores[:, d]).all():
            continue
        for row in (twente, report.total):
            comp = row.dimension(dim.id)
            assert isinstance(comp, SuppressedComparison) and comp.reason == anonymity.REASON_LINKED
        assert isinstance(report.regions[0].dimension(dim.id), DimensionComparison)  # Achterhoek stays
    plans = {entry.region: entry.plans["baseline"] for entry in report.plans}
    assert count_answers(list(a.plan)).sum() == 3
    assert not isinstance(plans["Twente"], PlanKpi) and not isinstance(plans[None], PlanKpi)
    assert isinstance(plans["Achterhoek"], PlanKpi)
    # the end-line has nobody on no page: nothing more hidden there than rule 3 hides
    assert all(isinstance(entry.plans["endline"], PlanKpi) for entry in report.plans)


def test_the_reader_recovers_the_hidden_company_from_a_region_shown_as_before() -> None:
    """The attack as it worked before rule 10: Twente's pooled result shown beside the company pages gives
    company a's three baseline respondents: their sum (hence mean) on every theme, exactly."""
    q = questionnaire()
    members = _small_programme()
    report = programme_report("P", q, members, None)
    twente = [m for m in members if m.region == "Twente"]
    pooled = compare(
        q,
        Answers.from_values(np.vstack([m.baseline.employees.values for m in twente])),  # type: ignore[union-attr]
        Answers.from_values(np.vstack([m.endline.employees.values for m in twente])),  # type: ignore[union-attr]
    )
    regions = tuple(
        dataclasses.replace(row, result=pooled) if row.region == "Twente" else row for row in report.regions
    )
    found = {leak.what: leak for leak in leaks(dataclasses.replace(report, regions=regions), members)}
    a = members[0].baseline
    assert a is not None
    lay = layout(q, "employee")
    scores = respondent_scores(lay, a.employees).scores
    for d, dim in enumerate(lay.dimensions):
        mine = scores[:, d][~np.isnan(scores[:, d])]
        leak = found[f"{dim.id} baseline Twente"]
        assert leak.n == mine.size and leak.value == pytest.approx(mine.sum(), abs=1e-9)


def test_two_regions_with_a_small_company_each_hide_each_other_and_keep_the_total() -> None:
    q = questionnaire()
    members = [
        *_small_programme(),
        programme_company("f", "Achterhoek", 20, 2, 6),  # 2 at the end-line
        programme_company("g", "Rijnmond", 30, 30, 7),
    ]
    report = programme_report("P", q, members, None)
    assert leaks(report, members) == []
    by_region = {row.region: row for row in report.regions}
    comp = by_region["Rijnmond"].dimension("leadership")
    assert isinstance(comp, DimensionComparison)
    for region in ("Twente", "Achterhoek"):
        comp = by_region[region].dimension("leadership")
        assert isinstance(comp, SuppressedComparison) and comp.reason == anonymity.REASON_LINKED
    # hidden Twente (3 at the baseline) and Achterhoek (2 at the end-line) hold 3 and 2 in a wave: the
    # total minus Rijnmond would give them away, so the total goes too
    assert isinstance(report.total.dimension("leadership"), SuppressedComparison)


def test_nobody_on_no_page_hides_nothing_more() -> None:
    q = questionnaire()
    members = [programme_company(k, r, 12, 14, i) for i, (k, r) in enumerate([("a", "X"), ("b", "X"), ("c", "Y")])]
    report = programme_report("P", q, members, None)
    assert leaks(report, members) == []
    for row in (*report.regions, report.total):
        assert all(isinstance(c, DimensionComparison) for c in row.result.dimensions.values())
    assert all(isinstance(p, PlanKpi) for entry in report.plans for p in entry.plans.values())


def test_a_demo_sized_programme_gives_no_hidden_company_away() -> None:
    """Six regions of eight companies, some with 1 to 4 respondents in a wave (as in the demo): no region and
    no total, minus the company pages, gives away a company shown on no page."""
    rng = np.random.default_rng(15)
    regions = ("Twente", "Achterhoek", "Rijnmond", "Zuid-Limburg", "Friesland", "Midden-Utrecht")
    members = []
    for index in range(48):
        base, end = (int(x) for x in rng.integers(6, 40, 2))
        if index in (5, 19, 33, 41):
            base, end = (int(rng.integers(1, 5)), end) if index != 19 else (base, int(rng.integers(1, 5)))
        members.append(programme_company(f"k{index:02d}", regions[index // 8], base, end, 100 + index))
    report = programme_report("P", questionnaire(), members, None)
    assert leaks(report, members) == []
