"""Issue 16, item 6: reliable change with a stable reference (the programme's baseline SD and alpha), the
company's own baseline as the fallback, and no counts (with the reason) when neither gives a standard error.

Every expected value is computed here again with numpy alone: dimension scores as row means of the
reverse-keyed answers, the SD with ``ddof=1``, Cronbach's alpha as ``k/(k-1) * (1 - sum(var_i) / var(total))``
on complete data, and the Jacobson & Truax counts as ``|d| / (sqrt(2) * SD * sqrt(1 - alpha)) > 1.96``.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from scoring import Answers, ScoringError, anonymity, compare, programme_reference
from scoring.change import reliable_change
from scoring.reference import (
    MISSING_NOT_COMPUTABLE,
    MISSING_TOO_FEW_COMPANIES,
    MISSING_TOO_FEW_RESPONDENTS,
    PROGRAMME_MIN_N,
    choose,
    usable,
)
from scoring.results import NOTE_REFERENCE_NOT_COMPUTABLE, ChangeReference, DimensionComparison, PairedResult

#: Columns of the example questionnaire's dimensions and which of them are reverse-worded (vei2, tij2).
COLUMNS = {"veiligheid": [0, 1, 2], "tijd": [3, 4, 5]}
REVERSE = [1, 4]
#: Per linked respondent of the company: how many points better each item became at the end-line.
SHIFTS = np.array([0, 0, 1, 1, -1, -1, 2, 2, 0, 1, -2, 0])


def _likert(rng: np.random.Generator, n: int, noise: float = 0.9, spread: float = 1.0) -> np.ndarray:
    """Complete 1-5 answers to the example's 6 items driven by one trait; reverse-worded items reversed."""
    raw = 3 + spread * rng.normal(size=(n, 1)) + rng.normal(scale=noise, size=(n, 6))
    values = np.clip(np.round(raw), 1, 5)
    values[:, REVERSE] = 6 - values[:, REVERSE]
    return values


def _keyed(values: np.ndarray, dim: str) -> np.ndarray:
    keyed = values.copy()
    keyed[:, REVERSE] = 6 - keyed[:, REVERSE]
    return keyed[:, COLUMNS[dim]]


def _scores(values: np.ndarray, dim: str) -> np.ndarray:
    return _keyed(values, dim).mean(axis=1)


def _alpha(values: np.ndarray, dim: str) -> float:
    x = _keyed(values, dim)
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))


def _counts(change: np.ndarray, sd: float, alpha: float) -> tuple[int, int, int]:
    rci = change / (math.sqrt(2) * sd * math.sqrt(1 - alpha))
    up, down = int(np.sum(rci > 1.96)), int(np.sum(rci < -1.96))
    return up, change.size - up - down, down


@pytest.fixture(scope="module")
def programme() -> dict[str, np.ndarray]:
    """A company of 12 whose baseline is homogeneous (small SD, low alpha), its end-line, and two other
    companies of 14 and 13: the programme's baseline of 39."""
    rng = np.random.default_rng(1601)
    own = _likert(rng, 12, noise=0.6, spread=0.3)
    others = [_likert(rng, 14), _likert(rng, 13)]
    end = own.copy()
    up = np.ones(6)
    up[REVERSE] = -1  # one point better on a reverse-worded item is one point lower
    end = np.clip(own + SHIFTS[:, None] * up, 1, 5)
    return {"own": own, "end": end, "a": others[0], "b": others[1]}


def _compare(example, data, reference=None):
    links = [f"c{i}" for i in range(12)]
    return compare(
        example,
        Answers.from_values(data["own"]),
        Answers.from_values(data["end"]),
        baseline_links=links,
        endline_links=links,
        reference=reference,
    )


def _paired(result, dim: str) -> PairedResult:
    comparison = result.dimensions[dim]
    assert isinstance(comparison, DimensionComparison) and isinstance(comparison.paired, PairedResult)
    return comparison.paired


def test_programme_reference_equals_numpy(example, programme):
    ref = programme_reference(example, [Answers.from_values(programme[c]) for c in ("own", "a", "b")])
    pooled = np.vstack([programme["own"], programme["a"], programme["b"]])
    assert ref.questionnaire_key == "voorbeeld@1" and ref.role == "employee" and not ref.missing
    for dim in COLUMNS:
        found = ref.dimensions[dim]
        assert (found.source, found.n, found.companies) == ("programme", 39, 3)
        assert found.sd == pytest.approx(np.std(_scores(pooled, dim), ddof=1), rel=1e-12)
        assert found.alpha == pytest.approx(_alpha(pooled, dim), rel=1e-12)
    # the values of this data set, written down (from the numpy formulas above; R was not run here)
    assert ref.dimensions["veiligheid"].sd == pytest.approx(0.806890404, abs=1e-9)
    assert ref.dimensions["veiligheid"].alpha == pytest.approx(0.723053892, abs=1e-9)


def test_the_counts_change_with_the_reference(example, programme):
    """The issue's point: the same linked respondents, counted against the company's own noisy baseline
    (SD 0.35, alpha 0.20) and against the programme's (SD 0.81, alpha 0.72), give other counts."""
    own = _compare(example, programme)
    ref = programme_reference(example, [Answers.from_values(programme[c]) for c in ("own", "a", "b")])
    pooled = _compare(example, programme, ref)
    pooled_values = np.vstack([programme["own"], programme["a"], programme["b"]])
    for dim in COLUMNS:
        change = _scores(programme["end"], dim) - _scores(programme["own"], dim)
        mine, theirs = _paired(own, dim), _paired(pooled, dim)
        sd_own, alpha_own = np.std(_scores(programme["own"], dim), ddof=1), _alpha(programme["own"], dim)
        assert mine.reliable_change_reference == ChangeReference(
            "baseline", 12, pytest.approx(sd_own, rel=1e-12), pytest.approx(alpha_own, rel=1e-12)
        )
        assert theirs.reliable_change_reference is ref.dimensions[dim]
        assert mine.reliable_change is not None and theirs.reliable_change is not None
        expected_own = _counts(change, sd_own, alpha_own)
        sd_p, alpha_p = np.std(_scores(pooled_values, dim), ddof=1), _alpha(pooled_values, dim)
        expected_programme = _counts(change, sd_p, alpha_p)
        rc_own, rc_programme = mine.reliable_change, theirs.reliable_change
        assert (rc_own.improved, rc_own.unchanged, rc_own.deteriorated) == expected_own
        assert (rc_programme.improved, rc_programme.unchanged, rc_programme.deteriorated) == expected_programme
    # written down: against its own baseline 8 of the 12 changed reliably on "veiligheid"; against the
    # programme's 3 (a change of 1 point is 2.25 standard errors of a difference by the first, 1.67 by the second)
    rc = _paired(own, "veiligheid").reliable_change
    assert rc is not None and (rc.improved, rc.unchanged, rc.deteriorated) == (5, 4, 3)
    rc = _paired(pooled, "veiligheid").reliable_change
    assert rc is not None and (rc.improved, rc.unchanged, rc.deteriorated) == (2, 9, 1)
    # everything else of the paired result does not depend on the reference
    assert _paired(own, "tijd").mean_difference == _paired(pooled, "tijd").mean_difference


def test_the_json_names_the_reference(example, programme):
    ref = programme_reference(example, [Answers.from_values(programme[c]) for c in ("own", "a", "b")])
    data = json.loads(_compare(example, programme, ref).to_json())["dimensions"]["tijd"]["paired"]
    assert list(data["reliable_change_reference"]) == ["source", "n", "companies", "sd", "alpha"]
    assert data["reliable_change_reference"]["source"] == "programme"
    assert data["reliable_change_reference"]["n"] == 39 and data["reliable_change_reference"]["companies"] == 3
    data = json.loads(_compare(example, programme).to_json())["dimensions"]["tijd"]["paired"]
    assert data["reliable_change_reference"]["source"] == "baseline"
    assert data["reliable_change_reference"]["companies"] is None


def test_fallback_when_the_programme_has_too_few(example, programme):
    """Two companies are not enough (rule 7), nor are 3 x 9 = 27 scores (below 30); then the company's own
    baseline is the reference."""
    two = programme_reference(example, [Answers.from_values(programme[c]) for c in ("own", "a")])
    assert dict(two.missing) == {"veiligheid": MISSING_TOO_FEW_COMPANIES, "tijd": MISSING_TOO_FEW_COMPANIES}
    paired = _paired(_compare(example, programme, two), "veiligheid")
    assert paired.reliable_change_reference is not None and paired.reliable_change_reference.source == "baseline"
    assert paired.reliable_change_reference.n == 12

    nine = [Answers.from_values(programme[c][:9]) for c in ("own", "a", "b")]
    few = programme_reference(example, nine)
    assert dict(few.missing) == {"veiligheid": MISSING_TOO_FEW_RESPONDENTS, "tijd": MISSING_TOO_FEW_RESPONDENTS}
    ten = programme_reference(example, [Answers.from_values(programme[c][:10]) for c in ("own", "a", "b")])
    assert PROGRAMME_MIN_N == 30 and ten.dimensions["tijd"].n == 30


def test_a_company_below_the_threshold_stays_out(example, programme):
    """A baseline of 4 (below the threshold of 5) is shown on no page and enters no reference (rule 7); with
    it out, three others remain."""
    rng = np.random.default_rng(7)
    tiny = _likert(rng, 4)
    parts = [Answers.from_values(programme[c]) for c in ("own", "a", "b")] + [Answers.from_values(tiny)]
    ref = programme_reference(example, parts)
    pooled = np.vstack([programme["own"], programme["a"], programme["b"]])
    assert ref.dimensions["tijd"].n == 39 and ref.dimensions["tijd"].companies == 3
    assert ref.dimensions["tijd"].alpha == pytest.approx(_alpha(pooled, "tijd"), rel=1e-12)
    # per dimension: a company whose baseline has fewer than 5 scores on a dimension is left out of that one
    holes = programme["a"].copy()
    holes[:10, 0:3] = np.nan
    parts = [Answers.from_values(programme["own"]), Answers.from_values(holes), Answers.from_values(programme["b"])]
    ref = programme_reference(example, parts)
    assert ref.missing["veiligheid"] == MISSING_TOO_FEW_COMPANIES and ref.dimensions["tijd"].n == 39


def test_reference_companies_rule():
    assert anonymity.REFERENCE_MIN_COMPANIES == 3
    assert anonymity.reference_companies([12, 4, 30, 5], 5).tolist() == [True, False, True, True]
    assert anonymity.reference_companies([12, 4, 30], 5).tolist() == [False, False, False]
    assert anonymity.reference_companies([6, 6, 6], 7).tolist() == [False, False, False]
    assert anonymity.reference_companies([], 5).tolist() == []


def test_not_computable_without_either_reference(example, programme):
    """A company whose baseline answers on "veiligheid" are all 3 (SD 0, no alpha) gets no counts there,
    with the reason; with the programme's reference it gets them."""
    data = dict(programme)
    data["own"] = programme["own"].copy()
    data["own"][:, 0:3] = 3.0
    paired = _paired(_compare(example, data), "veiligheid")
    assert paired.reliable_change is None and paired.reliable_change_reference is None
    assert paired.notes == {"reliable_change": NOTE_REFERENCE_NOT_COMPUTABLE}
    assert paired.mean_difference is not None  # the rest is there
    # the company's own baseline has no usable alpha, but the programme's has
    flat = programme_reference(example, [Answers.from_values(data[c]) for c in ("own", "a", "b")])
    paired = _paired(_compare(example, data, flat), "veiligheid")
    assert paired.reliable_change is not None and paired.notes == {}
    assert paired.reliable_change_reference is not None and paired.reliable_change_reference.source == "programme"
    # a programme whose pooled answers are all the same: its alpha is not computable either
    same = [Answers.from_values(np.full((12, 6), 3.0)) for _ in range(3)]
    assert set(programme_reference(example, same).missing.values()) == {MISSING_NOT_COMPUTABLE}


def test_fewer_than_ten_pairs_give_no_counts_and_no_reference(example, programme):
    links = [f"c{i}" for i in range(8)] + [None] * 4
    ref = programme_reference(example, [Answers.from_values(programme[c]) for c in ("own", "a", "b")])
    result = compare(
        example,
        Answers.from_values(programme["own"]),
        Answers.from_values(programme["end"]),
        baseline_links=links,
        endline_links=links,
        reference=ref,
    )
    for dim in COLUMNS:
        comparison = result.dimensions[dim]
        assert isinstance(comparison, DimensionComparison) and comparison.paired is not None
        if isinstance(comparison.paired, PairedResult):  # or hidden: 4 + 4 unpaired is fine, 8 pairs shown
            assert comparison.paired.reliable_change is None and comparison.paired.reliable_change_reference is None
            assert comparison.paired.notes == {}


def test_a_reference_of_another_questionnaire_is_refused(example, make_questionnaire, programme):
    other = make_questionnaire({"veiligheid": [False, True, False], "tijd": [False, True, False]})
    ref = programme_reference(other, [Answers.from_values(programme[c]) for c in ("own", "a", "b")])
    with pytest.raises(ScoringError, match="reference is for test@1"):
        _compare(example, programme, ref)


def test_empty_programme(example):
    ref = programme_reference(example, [])
    assert not ref.dimensions and set(ref.missing.values()) == {MISSING_TOO_FEW_COMPANIES}


@pytest.mark.parametrize(
    ("sd", "alpha", "ok"),
    [(0.5, 0.8, True), (0.0, 0.8, False), (0.5, 1.0, False), (0.5, 0.0, False), (0.5, -0.4, False),
     (math.nan, 0.8, False), (0.5, math.inf, False)],
)  # fmt: skip
def test_usable_and_reliable_change_agree(sd, alpha, ok):
    """An alpha of 0 or below (no scale) gives no reliable change, nor does one of 1 (no error left)."""
    assert usable(sd, alpha) is ok
    assert (reliable_change([0.5], sd, alpha) is not None) is ok
    reference, why = choose(None, "tijd", 12, sd, alpha)
    assert (reference is not None) is ok and (why is None) is ok
