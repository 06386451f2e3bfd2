"""Charts laid out for where they are read: the PDF's as before, a wide screen's and a phone's with no text
smaller than the layout allows, the phone's 3.3 inches wide; the same charts in the same order in each."""

from __future__ import annotations

import pytest
from matplotlib.text import Text

from reports import charts
from reports.programme import programme_report

from .helpers import company, programme_company, questionnaire


def _texts(chart: charts.Chart) -> list[Text]:
    return [t for t in chart.figure.findobj(Text) if isinstance(t, Text) and t.get_visible() and t.get_text()]


def _programme():  # type: ignore[no-untyped-def]
    members = [programme_company(f"k{i}", r, 12, 14, i) for i, r in enumerate(["Twente", "Twente", "Midden-Utrecht"])]
    return programme_report("Programma", questionnaire(), members, None)


@pytest.mark.parametrize("layout", [charts.SCREEN, charts.PHONE])
def test_no_chart_text_is_smaller_than_its_layout_allows(layout: charts.Layout) -> None:
    report = company(baseline=12, endline=14)
    made = charts.company_charts(report, "nl", layout) + charts.programme_charts(_programme(), "nl", layout)
    assert {c.key for c in made} >= {"profile", "comparison", "gap", "plans", "items-1", "regions", "programme-plans"}
    for chart in made:
        assert chart.figure.get_size_inches()[0] == pytest.approx(layout.width), chart.key
        with charts.style():
            sizes = [float(t.get_fontsize()) for t in _texts(chart)]
            ticks = [float(t.get_fontsize()) for ax in chart.figure.axes for t in ax.get_xticklabels()]
        assert min(sizes + ticks) >= layout.min_font, chart.key


def test_the_layouts_give_the_same_charts_in_the_same_order_and_print_is_unchanged() -> None:
    report = company(baseline=12, endline=14)
    keys = {layout: [c.key for c in charts.company_charts(report, "en", layout)] for layout in charts_layouts()}
    assert len({tuple(k) for k in keys.values()}) == 1
    printed = charts.company_charts(report, "en")
    assert all(c.figure.get_size_inches()[0] == pytest.approx(charts.WIDTH) for c in printed)
    # the PDF's charts keep their small print (6.5 pt at the least), the screen's do not
    with charts.style():
        smallest = min(float(t.get_fontsize()) for c in printed for t in _texts(c))
    assert smallest < charts.SCREEN.min_font


def charts_layouts() -> tuple[charts.Layout, ...]:
    return (charts.PRINT, charts.SCREEN, charts.PHONE)
