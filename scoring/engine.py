"""The top-level functions the web app, the reports and the CLI call: :func:`score`, :func:`compare`
and :func:`perception_gap`. They turn an answers matrix into result objects with the anonymity rules of
:mod:`scoring.anonymity` applied.

Every function takes the questionnaire, the role and :class:`~scoring.matrix.Answers` whose columns follow
``questionnaire.items_for(role)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from questionnaires.model import Questionnaire, Role

from . import anonymity, kpi
from .change import (
    cliffs_delta_ci,
    effect_size_label,
    favourable_share,
    hedges_g,
    paired,
    reliable_change,
    welch,
)
from .describe import item_distributions
from .grouped import ScoreArrays, group_index, score_arrays
from .matrix import Answers, DimensionLayout, IntArray, Layout, ScoringError, layout
from .reference import ProgrammeReference, choose
from .results import (
    NOTE_IDENTICAL_CHANGES,
    NOTE_NO_SCALE,
    NOTE_NOT_COMPUTABLE,
    AnyGroup,
    ChangeReference,
    CompareResult,
    ComparisonResult,
    DimensionComparison,
    DimensionGap,
    DimensionResult,
    DimensionStats,
    GapResult,
    GroupResult,
    Interval,
    ItemResult,
    PairedResult,
    PlanKpi,
    ReliableChangeCounts,
    ScoreResult,
    SuppressedComparison,
    SuppressedDimension,
    SuppressedGap,
    SuppressedGroup,
    SuppressedPaired,
    SuppressedPlanKpi,
    WaveSummary,
    num,
)

#: The key of the whole-sample group in :attr:`ScoreResult.groups`; not allowed as a group label.
TOTAL = "all"

BoolArray = npt.NDArray[np.bool_]
#: What the anonymity rules hide: groups; (group) per dimension id; (group) per item id.
_Hidden = tuple[BoolArray, dict[str, BoolArray], dict[str, BoolArray]]


class _Scored:
    """Arrays of one scoring pass plus what is needed to build result objects from them."""

    def __init__(self, lay: Layout, answers: Answers, arrays: ScoreArrays, limit: int, with_items: bool) -> None:
        self.lay = lay
        self.arrays = arrays
        self.limit = limit
        self.items = item_distributions(lay, answers, arrays.group, arrays.n_groups) if with_items else None

    def hidden(self) -> _Hidden:
        """Which groups, (dimension, group) and (item, group) cells the anonymity rules hide."""
        arr = self.arrays
        groups = anonymity.suppress_breakdown(arr.group_n, self.limit)
        dims = {
            dim_id: anonymity.suppress_breakdown(desc.n, self.limit, hidden=groups)
            for dim_id, desc in arr.descriptives.items()
        }
        items: dict[str, BoolArray] = {}
        if self.items is not None:
            for dim in self.lay.dimensions:
                for col in dim.columns:
                    dist = self.items[int(col)]
                    items[dist.item_id] = anonymity.suppress_breakdown(dist.answered, self.limit, hidden=dims[dim.id])
        return groups, dims, items

    def group(
        self,
        index: int,
        label: str,
        hidden: _Hidden,
        plan: PlanKpi | SuppressedPlanKpi | None,
    ) -> AnyGroup:
        arr = self.arrays
        n = int(arr.group_n[index])
        hidden_groups, hidden_dims, hidden_items = hidden
        if hidden_groups[index]:
            reason = anonymity.REASON_TOO_FEW if n < self.limit else anonymity.REASON_COMPLEMENTARY
            return SuppressedGroup(label, n, reason)
        dims: dict[str, DimensionResult] = {}
        for dim in self.lay.dimensions:
            desc = arr.descriptives[dim.id]
            n_dim = int(desc.n[index])
            if hidden_dims[dim.id][index]:
                reason = anonymity.REASON_TOO_FEW if n_dim < self.limit else anonymity.REASON_COMPLEMENTARY
                dims[dim.id] = SuppressedDimension(dim.id, n_dim, reason)
                continue
            lvl = anonymity.level(n_dim, self.limit)
            full = anonymity.shows_statistics(lvl)
            alpha, alpha_ci, left_out, notes = self._alpha(dim, index) if full else (None, None, (), {})
            lo, hi = dim.scale.min, dim.scale.max
            dims[dim.id] = DimensionStats(
                dimension_id=dim.id,
                n=n_dim,
                level=lvl,
                mean=num(desc.mean[index]),
                sd=num(desc.sd[index]),
                ci95=Interval.bounded(desc.ci_low[index], desc.ci_high[index], lo, hi, notes, "ci95") if full else None,
                favourable=num(desc.favourable[index]),
                alpha=alpha,
                alpha_ci95=alpha_ci,
                items=self._items(dim.columns, index, hidden_items),
                alpha_left_out=left_out,
                notes=notes,
            )
        return GroupResult(label, n, anonymity.level(n, self.limit), dims, plan)

    def _alpha(
        self, dim: DimensionLayout, index: int
    ) -> tuple[float | None, Interval | None, tuple[str, ...], dict[str, str]]:
        """Alpha of a shown dimension (full level), its interval, the items left out and the notes: no alpha
        when not computable; a negative alpha without interval (the items form no scale here)."""
        res = self.arrays.alpha[dim.id]
        value = num(res.alpha[index])
        if value is None:
            return None, None, (), {"alpha": NOTE_NOT_COMPUTABLE}
        left_out = tuple(self.lay.item_ids[int(c)] for c in dim.columns[res.left_out[index]])
        if value < 0:
            return value, None, left_out, {"alpha": NOTE_NO_SCALE}
        return value, Interval.make(res.ci_low[index], res.ci_high[index]), left_out, {}

    def _items(self, columns: IntArray, index: int, hidden_items: Mapping[str, BoolArray]) -> dict[str, ItemResult]:
        if self.items is None:
            return {}
        out: dict[str, ItemResult] = {}
        for col in columns:
            dist = self.items[int(col)]
            respondents = int(dist.respondents[index])
            rate = 100.0 / respondents if respondents else float("nan")
            shown = not hidden_items[dist.item_id][index]
            counts = zip(dist.points, dist.counts[index].tolist(), strict=True)
            rates = zip(dist.codes, dist.non_substantive[index].tolist(), strict=True)
            out[dist.item_id] = ItemResult(
                item_id=dist.item_id,
                reverse=bool(self.lay.reverse[int(col)]),
                n=int(dist.answered[index]),
                counts=dict(counts) if shown else None,
                non_substantive={code: c * rate for code, c in rates},
                blank=float(dist.blank[index]) * rate,
            )
        return out


def score(
    questionnaire: Questionnaire,
    answers: Answers,
    role: Role = "employee",
    groups: Sequence[str] | None = None,
    development_plan: Sequence[str | None] | None = None,
    *,
    with_items: bool = True,
    workers: int = 1,
    among_managers: bool = False,
) -> ScoreResult:
    """Score one wave: the whole sample (``"all"``) and, with ``groups``, one entry per group label.

    ``answers`` columns follow ``questionnaire.items_for(role)``; ``groups`` has one label per respondent;
    ``development_plan`` one option code (or None) per respondent of the development-plan question.
    Anonymity: groups (and within them dimensions and item distributions) below the role's limit
    (:func:`scoring.anonymity.limit_for`) are suppressed, with complementary suppression across the
    breakdown; intervals and alpha only from 10. ``with_items=False`` leaves out the item distributions;
    ``workers`` is passed to :func:`~scoring.grouped.score_arrays`; ``among_managers``: the result is for
    the company's own managers (rule 6: manager groups from 3).
    """
    lay = layout(questionnaire, role)
    limit = anonymity.limit_for(questionnaire, role, among_managers)
    if groups is not None and len(groups) != answers.n:
        raise ScoringError(f"{len(groups)} group labels for {answers.n} respondents")
    if development_plan is not None and len(development_plan) != answers.n:
        raise ScoringError(f"{len(development_plan)} development-plan answers for {answers.n} respondents")

    total = _Scored(lay, answers, score_arrays(lay, answers, workers=workers), limit, with_items)
    total_plan = None if development_plan is None else kpi.development_plan(development_plan, limit)
    result: dict[str, AnyGroup] = {TOTAL: total.group(0, TOTAL, total.hidden(), total_plan)}

    if groups is not None:
        if TOTAL in groups:
            raise ScoringError(f"the group label {TOTAL!r} is reserved for the whole sample")
        labels, index = group_index(list(groups)) if answers.n else ((), np.zeros(0, dtype=np.int64))
        arrays = score_arrays(lay, answers, index, len(labels), workers=workers)
        scored = _Scored(lay, answers, arrays, limit, with_items)
        hidden = scored.hidden()
        plans: list[PlanKpi | SuppressedPlanKpi | None] = [None] * len(labels)
        if development_plan is not None:
            plans = [*kpi.development_plan_by_group(development_plan, index, len(labels), limit, hidden[0])]
        for i, label in enumerate(labels):
            result[label] = scored.group(i, label, hidden, plans[i])

    return ScoreResult(questionnaire.id, questionnaire.version, role, limit, result)


def _links(codes: Sequence[str | None]) -> dict[str, int]:
    """Normalised link code -> row, for codes used exactly once (a code used twice is ambiguous)."""
    seen: dict[str, int] = {}
    doubles: set[str] = set()
    for row, code in enumerate(codes):
        if code is None:
            continue
        key = code.strip().casefold()
        if not key:
            continue
        if key in seen:
            doubles.add(key)
        seen[key] = row
    return {key: row for key, row in seen.items() if key not in doubles}


def link_pairs(baseline_links: Sequence[str | None], endline_links: Sequence[str | None]) -> tuple[IntArray, IntArray]:
    """Rows of the respondents who used the same self-made code in both waves, as two aligned arrays.

    Codes are compared without surrounding spaces and case; a code used by more than one respondent in
    a wave is left out (it cannot say who is who).
    """
    base, end = _links(baseline_links), _links(endline_links)
    common = sorted(set(base) & set(end))
    return (
        np.asarray([base[c] for c in common], dtype=np.int64),
        np.asarray([end[c] for c in common], dtype=np.int64),
    )


def compare(
    questionnaire: Questionnaire,
    baseline: Answers,
    endline: Answers,
    role: Role = "employee",
    *,
    baseline_links: Sequence[str | None] | None = None,
    endline_links: Sequence[str | None] | None = None,
    baseline_plan: Sequence[str | None] | None = None,
    endline_plan: Sequence[str | None] | None = None,
    reference: ProgrammeReference | None = None,
) -> CompareResult:
    """Baseline vs end-line per dimension, as independent samples (and paired, when link codes are given).

    A dimension is suppressed unless both waves have at least the limit of respondents with a score;
    the interval, t, df, p and the interval of g need 10 in both waves (otherwise ``level`` is
    ``"indicative"`` and they are None). A paired result (with link codes) needs the limit of pairs and
    0 or at least the limit of unpaired respondents in the two waves together; its interval, Wilcoxon p
    and reliable-change counts need 10 pairs (:func:`scoring.anonymity.paired_suppression`, rule 7).
    ``reference``: the programme's baseline SD and alpha for reliable change (:mod:`scoring.reference`;
    this questionnaire version and role); without one, or on a dimension it lacks, the baseline wave's own.
    """
    lay = layout(questionnaire, role)
    if reference is not None and (reference.questionnaire_key, reference.role) != (questionnaire.key, role):
        raise ScoringError(
            f"the reference is for {reference.questionnaire_key} ({reference.role}), not {questionnaire.key} ({role})"
        )
    limit = anonymity.limit_for(questionnaire, role)
    base_arr = score_arrays(lay, baseline)
    end_arr = score_arrays(lay, endline)
    pairs: tuple[IntArray, IntArray] | None = None
    if baseline_links is not None or endline_links is not None:
        if baseline_links is None or endline_links is None:
            raise ScoringError("paired comparison needs link codes for both waves")
        if len(baseline_links) != baseline.n or len(endline_links) != endline.n:
            raise ScoringError("there must be one link code (or None) per respondent in each wave")
        pairs = link_pairs(baseline_links, endline_links)

    dims: dict[str, ComparisonResult] = {}
    for d, dim in enumerate(lay.dimensions):
        b = base_arr.respondents.scores[:, d]
        e = end_arr.respondents.scores[:, d]
        b_ok, e_ok = b[~np.isnan(b)], e[~np.isnan(e)]
        n_b, n_e = int(b_ok.size), int(e_ok.size)
        lvl = anonymity.comparison_level(n_b, n_e, limit)
        if lvl == anonymity.SUPPRESSED:
            dims[dim.id] = SuppressedComparison(dim.id, n_b, n_e, anonymity.REASON_TOO_FEW)
            continue
        full = anonymity.shows_statistics(lvl)
        fav = dim.scale.favourable_from
        span = float(dim.scale.max - dim.scale.min)  # no difference of means can be larger
        notes: dict[str, str] = {}
        w = welch(b_ok, e_ok)
        g = hedges_g(b_ok, e_ok)
        delta = cliffs_delta_ci(b_ok, e_ok)
        fav_b, fav_e = favourable_share(b_ok, fav), favourable_share(e_ok, fav)
        paired_result: PairedResult | SuppressedPaired | None = None
        if pairs is not None:
            # Reliable change: the programme's baseline SD and alpha, else this baseline's. Its counts need 10
            # pairs, so this baseline then has the 10 scores an alpha needs (rule 5).
            sd_b = float(base_arr.descriptives[dim.id].sd[0])
            alpha_b = float(base_arr.alpha[dim.id].alpha[0])
            ref = choose(reference, dim.id, n_b, sd_b, alpha_b)
            paired_result = _paired(b[pairs[0]], e[pairs[1]], ref, limit, n_b, n_e, span)
        dims[dim.id] = DimensionComparison(
            dimension_id=dim.id,
            level=lvl,
            baseline=_summary(b_ok, fav_b),
            endline=_summary(e_ok, fav_e),
            difference=num(w.difference),
            ci95=Interval.bounded(w.ci_low, w.ci_high, -span, span, notes, "ci95") if full else None,
            welch_t=num(w.t) if full else None,
            df=num(w.df) if full else None,
            p=num(w.p) if full else None,
            hedges_g=num(g.g),
            hedges_g_ci95=Interval.make(g.ci_low, g.ci_high) if full else None,
            effect_size=effect_size_label(g.g),
            cliffs_delta=num(delta.delta),
            cliffs_delta_ci95=Interval.bounded(delta.ci_low, delta.ci_high, -1, 1, notes, "cliffs_delta_ci95")
            if full
            else None,
            favourable_change=num(fav_e - fav_b),
            paired=paired_result,
            notes=notes,
        )

    plan: dict[str, PlanKpi | SuppressedPlanKpi] | None = None
    if baseline_plan is not None or endline_plan is not None:
        plan = {}
        for wave, codes in (("baseline", baseline_plan), ("endline", endline_plan)):
            if codes is not None:
                plan[wave] = kpi.development_plan(codes, limit)
    return CompareResult(questionnaire.id, questionnaire.version, role, limit, baseline.n, endline.n, dims, plan)


def _summary(scores: npt.NDArray[np.float64], favourable: float) -> WaveSummary:
    n = int(scores.size)
    return WaveSummary(n, num(scores.mean()), num(scores.std(ddof=1)) if n > 1 else None, num(favourable))


def _paired(
    base: npt.NDArray[np.float64],
    end: npt.NDArray[np.float64],
    reference: tuple[ChangeReference | None, str | None],
    limit: int,
    n_baseline: int,
    n_endline: int,
    span: float,
) -> PairedResult | SuppressedPaired:
    """The paired result of aligned scores (rule 7 of :mod:`scoring.anonymity`): hidden with too few pairs
    or too few unpaired respondents besides them (``n_baseline``/``n_endline``: the waves' scores); ``span``:
    the largest possible change (the interval is cut at ``±span``); ``reference``: the SD and alpha of
    reliable change, or None and why (:func:`scoring.reference.choose`)."""
    ok = ~(np.isnan(base) | np.isnan(end))
    n = int(np.count_nonzero(ok))
    reason = anonymity.paired_suppression(n, n_baseline, n_endline, limit)
    if reason is not None:
        return SuppressedPaired(n, reason)
    lvl = anonymity.level(n, limit)
    full = anonymity.shows_statistics(lvl)
    res = paired(base[ok], end[ok])
    ref, why = reference if anonymity.reliable_change_shown(n, limit) else (None, None)
    rc = None if ref is None else reliable_change(end[ok] - base[ok], ref.sd, ref.alpha)
    notes: dict[str, str] = {} if why is None else {"reliable_change": why}
    if res.identical_changes:
        notes["d_z"] = NOTE_IDENTICAL_CHANGES
        if full:
            notes["ci95"] = NOTE_IDENTICAL_CHANGES
    return PairedResult(
        n=n,
        level=lvl,
        mean_difference=num(res.mean_difference),
        ci95=Interval.bounded(res.ci_low, res.ci_high, -span, span, notes, "ci95") if full else None,
        d_z=num(res.d_z),
        wilcoxon_p=num(res.wilcoxon_p) if full else None,
        reliable_change=(None if rc is None else ReliableChangeCounts(rc.improved, rc.unchanged, rc.deteriorated)),
        notes=notes,
        reliable_change_reference=None if rc is None else ref,
    )


def perception_gap(
    questionnaire: Questionnaire, employees: Answers, managers: Answers, *, among_managers: bool = False
) -> GapResult:
    """Manager mean minus employee mean per dimension that both roles answer.

    The employee side is shown when the employees' dimension n reaches the threshold (rule 1), the
    managers' mean from one manager, the gap when both are (:func:`scoring.anonymity.gap_shown`, rule 6);
    ``level`` follows the employees' n (indicative from the threshold to 9). ``among_managers``: for the
    company's own managers, the manager side from 3 managers (rule 6).
    """
    emp_lay = layout(questionnaire, "employee")
    man_lay = layout(questionnaire, "manager")
    limit = anonymity.threshold(questionnaire)
    emp = score_arrays(emp_lay, employees)
    man = score_arrays(man_lay, managers)
    dims: dict[str, DimensionGap | SuppressedGap] = {}
    for dim_id in emp_lay.dimension_ids:
        if dim_id not in man_lay.dimension_ids:
            continue
        e_desc, m_desc = emp.descriptives[dim_id], man.descriptives[dim_id]
        n_e, n_m = int(e_desc.n[0]), int(m_desc.n[0])
        if not anonymity.group_shown(n_e, limit):
            dims[dim_id] = SuppressedGap(dim_id, n_e, n_m, anonymity.REASON_TOO_FEW)
            continue
        e_mean = num(e_desc.mean[0])
        m_mean = num(m_desc.mean[0]) if anonymity.manager_shown(n_m, among_managers) else None
        gap = None
        if anonymity.gap_shown(n_e, n_m, limit, among_managers) and e_mean is not None and m_mean is not None:
            gap = m_mean - e_mean
        dims[dim_id] = DimensionGap(dim_id, anonymity.level(n_e, limit), n_e, e_mean, n_m, m_mean, gap)
    return GapResult(questionnaire.id, questionnaire.version, limit, dims)
