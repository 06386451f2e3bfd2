"""Whose SD and alpha reliable change divides by: the programme's baseline, or the company's own.

Reliable change (:func:`scoring.change.reliable_change`, Jacobson & Truax 1991) calls a linked respondent's
change reliable when it exceeds 1.96 standard errors of a difference, ``sqrt(2) * SD * sqrt(1 - alpha)``,
with the SD and alpha of the baseline. One company's baseline of 10 to 20 people gives a noisy SD and a
noisier alpha, and the counts move a lot with them. So the engine prefers a stable reference:

1. **the programme's baseline** for the same questionnaire version and dimension (:func:`programme_reference`):
   the released baseline scores of the programme's companies pooled, as far as rule 7 of
   :mod:`scoring.anonymity` lets them in, when they are at least :data:`PROGRAMME_MIN_N` scores and give an
   SD above 0 and an alpha strictly between 0 and 1;
2. otherwise **the company's own baseline**, when its SD and alpha are usable in the same sense (the counts
   need 10 pairs, so that baseline has the 10 scores rule 5 asks of an alpha);
3. otherwise no counts, with the reason (:func:`choose`).

SD and alpha always come from the same respondents: the standard error of measurement ``SD * sqrt(1 -
alpha)`` they make is what matters. Pooling companies adds the differences between them to both the SD
and (as true-score variance) to alpha, and these largely cancel in that product.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from questionnaires.model import Questionnaire, Role

from . import anonymity
from .grouped import ScoreArrays, score_arrays
from .matrix import Answers, layout
from .results import NOTE_REFERENCE_NOT_COMPUTABLE, ChangeReference

#: The programme's baseline is the reference from this many scores on a dimension (with an alpha 0 < a < 1).
PROGRAMME_MIN_N = 30

#: Why a dimension has no programme reference.
MISSING_TOO_FEW_COMPANIES = "too_few_companies"
MISSING_TOO_FEW_RESPONDENTS = "too_few_respondents"
MISSING_NOT_COMPUTABLE = "not_computable"


def usable(sd: float, alpha: float) -> bool:
    """Whether an SD and alpha make a standard error of a difference: both finite, SD above 0 and alpha
    strictly between 0 (below it the statements form no scale) and 1 (no measurement error left)."""
    return math.isfinite(sd) and math.isfinite(alpha) and sd > 0 and 0 < alpha < 1


@dataclass(frozen=True)
class ProgrammeReference:
    """The programme's baseline reference per dimension, for one questionnaire version and role."""

    questionnaire_id: str
    questionnaire_version: int
    role: Role
    #: The dimensions that have one.
    dimensions: Mapping[str, ChangeReference]
    #: The dimensions that have none, and why (a ``MISSING_*`` of this module).
    missing: Mapping[str, str]

    @property
    def questionnaire_key(self) -> str:
        return f"{self.questionnaire_id}@{self.questionnaire_version}"


def programme_reference(
    questionnaire: Questionnaire, baselines: Sequence[Answers], role: Role = "employee"
) -> ProgrammeReference:
    """The programme's reference SD and alpha per dimension, from the baseline answers of its companies (one
    matrix per company, columns ``questionnaire.items_for(role)``; the caller passes released answers only).

    Per dimension, the companies whose baseline has the threshold of scores on it enter
    (:func:`scoring.anonymity.reference_companies`, none unless there are 3); their respondents are pooled
    and scored as one group, as :func:`scoring.score` would (alpha with pairwise-complete covariances, constant
    items left out). A dimension gets a reference from :data:`PROGRAMME_MIN_N` pooled scores with a
    :func:`usable` SD and alpha.
    """
    lay = layout(questionnaire, role)
    limit = anonymity.limit_for(questionnaire, role)
    k = lay.k
    values = np.concatenate([a.values for a in baselines]) if baselines else np.empty((0, k))
    codes = np.concatenate([a.codes for a in baselines]) if baselines else np.empty((0, k), dtype=np.int8)
    pooled = Answers(values, codes)
    company = np.repeat(np.arange(len(baselines), dtype=np.int64), [a.n for a in baselines])
    per_company = score_arrays(lay, pooled, company, max(len(baselines), 1))
    found: dict[str, ChangeReference] = {}
    missing: dict[str, str] = {}
    passes: dict[bytes, ScoreArrays] = {}
    for dim in lay.dimensions:
        counts = per_company.descriptives[dim.id].n[: len(baselines)]
        parts = anonymity.reference_companies(counts, limit)
        if not parts.any():
            missing[dim.id] = MISSING_TOO_FEW_COMPANIES
            continue
        if int(counts[parts].sum()) < PROGRAMME_MIN_N:
            missing[dim.id] = MISSING_TOO_FEW_RESPONDENTS
            continue
        key = parts.tobytes()
        if key not in passes:  # companies differ per dimension only when a dimension is short in some
            rows = np.flatnonzero(parts[company])
            passes[key] = score_arrays(lay, pooled.take(rows))
        arrays = passes[key]
        n = int(arrays.descriptives[dim.id].n[0])
        sd = float(arrays.descriptives[dim.id].sd[0])
        alpha = float(arrays.alpha[dim.id].alpha[0])
        if not usable(sd, alpha):
            missing[dim.id] = MISSING_NOT_COMPUTABLE
            continue
        found[dim.id] = ChangeReference("programme", n, sd, alpha, companies=int(parts.sum()))
    return ProgrammeReference(questionnaire.id, questionnaire.version, role, found, missing)


def choose(
    programme: ProgrammeReference | None, dimension_id: str, n: int, sd: float, alpha: float
) -> tuple[ChangeReference | None, str | None]:
    """The reference of reliable change on one dimension: the programme's when it has one, else the
    company's own baseline (``n`` scores, ``sd``, ``alpha``) when :func:`usable`, else None with the reason
    (:data:`scoring.results.NOTE_REFERENCE_NOT_COMPUTABLE`)."""
    if programme is not None and dimension_id in programme.dimensions:
        return programme.dimensions[dimension_id], None
    if not usable(sd, alpha):
        return None, NOTE_REFERENCE_NOT_COMPUTABLE
    return ChangeReference("baseline", n, sd, alpha), None
