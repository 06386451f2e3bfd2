"""The programme report's summary, first on the page and in the PDF: the change per theme for the whole
programme in the words of :mod:`reports.words`, and per region on how many themes it rose.

Computed from what the report shows (suppressed results stay hidden and say why), as plain strings in a
:class:`reports.sections.Section`; the charts and tables with the numbers follow it.
"""

from __future__ import annotations

from scoring.results import SuppressedComparison

from .charts.chart import dimension_ids, dimension_name
from .programme import ProgrammeReport
from .sections import Block, Section
from .text import Lang, t
from .words import change_text, change_word

#: The change words that count as "rose" and "fell" in a region's line.
ROSE = frozenset({"clearly_better", "slightly_better", "seems_better"})
FELL = frozenset({"clearly_worse", "slightly_worse", "seems_worse"})


def programme_summary(report: ProgrammeReport, lang: Lang) -> Section:
    """In brief: how many companies and regions are compared, the whole programme's change per theme, and
    per region on how many themes it rose (or fell, or cannot be shown)."""
    q = report.questionnaire
    dims = dimension_ids(q)
    themes = Block(
        t("programme_summary_programme_themes", lang),
        tuple(
            f"{dimension_name(q, dim_id, lang)}: {change_text(report.total.dimension(dim_id), lang, report.threshold)}"
            for dim_id in dims
        ),
    )
    lines = []
    for row in report.regions:
        found = [row.dimension(dim_id) for dim_id in dims]
        words = [change_word(c) for c in found]
        lines.append(
            t(
                "programme_summary_region_line",
                lang,
                region=row.label,
                rose=sum(w in ROSE for w in words),
                fell=sum(w in FELL for w in words),
                themes=len(dims),
            )
            + (
                t(
                    "programme_summary_region_hidden",
                    lang,
                    hidden=sum(isinstance(c, SuppressedComparison) for c in found),
                )
                if any(isinstance(c, SuppressedComparison) for c in found)
                else ""
            )
        )
    regions = Block(t("programme_summary_regions", lang), tuple(lines), note=t("programme_summary_note", lang))
    intro = t("programme_summary_intro", lang, companies=len(report.companies), regions=len(report.regions))
    return Section("summary", t("programme_summary_title", lang), (intro,), blocks=(themes, regions))
