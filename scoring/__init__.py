"""The scoring engine: answers in, dimension scores and statistics out. Pure numpy and scipy.

The path through this package::

    responses CSV / database rows
        --csvio.read_responses / Answers(values, codes)-->  answers matrix (columns = items_for(role))
        --engine.score / engine.compare / engine.perception_gap-->  result dataclasses (anonymity applied)
        --.to_dict() / .to_json()-->  reports, web pages, exports

It knows nothing of Flask or databases (see README.md); the anonymity rules live in
:mod:`scoring.anonymity` and nowhere else. The formulas and their references are in docs/scoring.md.
"""

from . import anonymity
from .anonymity import COMMENTS_MIN, DEFAULT_THRESHOLD, MANAGER_MIN, STATISTICS_MIN, Level
from .change import cliffs_delta, hedges_correction, hedges_g, paired, reliable_change, welch
from .csvio import CsvError, CsvProblem, ResponseTable, parse_responses, read_responses
from .engine import TOTAL, compare, link_pairs, perception_gap, score
from .grouped import ScoreArrays, group_index, score_arrays
from .kpi import TARGET_WITH_PLAN, count_answers, development_plan, development_plan_by_group, plan_kpi
from .matrix import (
    NO_CODE,
    Answers,
    Layout,
    RespondentScores,
    ScoringError,
    check_answers,
    layout,
    respondent_scores,
)
from .reference import ProgrammeReference, programme_reference
from .reliability import cronbach_alpha, feldt_ci, grouped_alpha
from .results import (
    CompareResult,
    DimensionComparison,
    DimensionGap,
    DimensionStats,
    GapResult,
    GroupResult,
    Interval,
    ItemResult,
    PairedResult,
    PlanKpi,
    ScoreResult,
    SuppressedComparison,
    SuppressedDimension,
    SuppressedGap,
    SuppressedGroup,
    SuppressedPaired,
    SuppressedPlanKpi,
    WaveSummary,
)

__all__ = [
    "COMMENTS_MIN",
    "DEFAULT_THRESHOLD",
    "MANAGER_MIN",
    "NO_CODE",
    "STATISTICS_MIN",
    "TARGET_WITH_PLAN",
    "TOTAL",
    "Answers",
    "CompareResult",
    "CsvError",
    "CsvProblem",
    "DimensionComparison",
    "DimensionGap",
    "DimensionStats",
    "GapResult",
    "GroupResult",
    "Interval",
    "ItemResult",
    "Layout",
    "Level",
    "PairedResult",
    "PlanKpi",
    "ProgrammeReference",
    "RespondentScores",
    "ResponseTable",
    "ScoreArrays",
    "ScoreResult",
    "ScoringError",
    "SuppressedComparison",
    "SuppressedDimension",
    "SuppressedGap",
    "SuppressedGroup",
    "SuppressedPaired",
    "SuppressedPlanKpi",
    "WaveSummary",
    "anonymity",
    "check_answers",
    "cliffs_delta",
    "compare",
    "count_answers",
    "cronbach_alpha",
    "development_plan",
    "development_plan_by_group",
    "feldt_ci",
    "group_index",
    "grouped_alpha",
    "hedges_correction",
    "hedges_g",
    "layout",
    "link_pairs",
    "paired",
    "parse_responses",
    "perception_gap",
    "plan_kpi",
    "programme_reference",
    "read_responses",
    "reliable_change",
    "respondent_scores",
    "score",
    "score_arrays",
    "welch",
]
