"""The answers matrix: layout, reverse keying on the scale's bounds, respondent dimension scores."""

from __future__ import annotations

import numpy as np
import pytest

import questionnaires
from scoring.matrix import (
    NO_CODE,
    Answers,
    ScoringError,
    check_answers,
    keyed_block,
    layout,
    min_items,
    respondent_scores,
)

nan = np.nan


def test_layout_follows_items_for_role(example):
    lay = layout(example, "employee")
    assert lay.item_ids == tuple(item.id for item in example.items_for("employee"))
    assert lay.dimension_ids == ("veiligheid", "tijd")
    assert lay.dimension("tijd").columns.tolist() == [3, 4, 5]
    assert lay.reverse.tolist() == [False, True, False, False, True, False]
    assert lay.column("tij2") == 4


def test_layout_leaves_out_dimensions_a_role_does_not_answer(make_questionnaire):
    q = make_questionnaire({"a": [False] * 3, "b": [False] * 3}, manager_items=False)
    assert layout(q, "employee").dimension_ids == ("a", "b")
    with pytest.raises(ScoringError, match="no items for role 'manager'"):
        layout(q, "manager")


def test_reverse_keying_uses_the_scale_bounds_not_the_observed_range(example):
    lay = layout(example, "employee")
    # Observed answers on vei2 only span 2..4; reversal must still be 1 + 5 - x.
    values = np.array([[3, 2, 3, 3, 4, 3], [3, 4, 3, 3, 2, 3], [3, 3, 3, 3, nan, 3]], dtype=float)
    block = keyed_block(lay, values, lay.dimension("veiligheid"))
    assert block[1].tolist() == [4.0, 2.0, 3.0]
    tijd = keyed_block(lay, values, lay.dimension("tijd"))
    assert tijd[1, :2].tolist() == [2.0, 4.0]
    assert np.isnan(tijd[1, 2])
    assert block.flags.c_contiguous


def test_dimension_score_is_the_mean_of_answered_keyed_items(example):
    lay = layout(example, "employee")
    answers = Answers.from_values(
        [
            [5, 1, 5, 4, 2, 4],  # keyed: 5 5 5 | 4 4 4
            [5, nan, 3, 1, 5, nan],  # keyed: 5 . 3 -> 4 | 1 1 -> 1
            [nan, nan, 2, nan, nan, nan],  # 1 of 3 answered: below 60 % -> no score
        ]
    )
    scores = respondent_scores(lay, answers)
    np.testing.assert_array_equal(scores.column("veiligheid"), [5.0, 4.0, nan])
    np.testing.assert_array_equal(scores.column("tijd"), [4.0, 1.0, nan])
    assert scores.answered.tolist() == [[3, 3], [2, 2], [1, 0]]


@pytest.mark.parametrize(("k", "share", "needed"), [(3, 0.6, 2), (5, 0.6, 3), (6, 0.6, 4), (10, 0.7, 7), (4, 0.1, 1)])
def test_min_items(k, share, needed):
    assert min_items(k, share) == needed


def test_share_from_the_questionnaire_is_used(make_questionnaire):
    q = make_questionnaire({"a": [False] * 5}, share=1.0)
    lay = layout(q, "employee")
    answers = Answers.from_values([[1, 2, 3, 4, 5], [1, 2, 3, 4, nan]])
    scores = respondent_scores(lay, answers)
    np.testing.assert_array_equal(scores.scores[:, 0], [3.0, nan])


def test_zero_respondents(example):
    lay = layout(example, "employee")
    answers = Answers.from_values([], k=6)
    scores = respondent_scores(lay, answers)
    assert scores.scores.shape == (0, 2)
    assert scores.answered.shape == (0, 2)


def test_all_non_substantive_gives_no_score(example):
    lay = layout(example, "employee")
    answers = Answers.from_values(np.full((2, 6), nan), codes=np.zeros((2, 6)))
    check_answers(lay, answers)
    scores = respondent_scores(lay, answers)
    assert np.isnan(scores.scores).all()
    assert (scores.answered == 0).all()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ([6, 1, 1, 1, 1, 1], "6.0 is not a point"),
        ([0, 1, 1, 1, 1, 1], "0.0 is not a point"),
        ([2.5, 1, 1, 1, 1, 1], "2.5 is not a point"),
        ([1, 1, 1, 1, 1, np.inf], "inf is not a point"),
    ],
)
def test_check_answers_rejects_values_off_the_scale(example, row, message):
    with pytest.raises(ScoringError, match=message):
        check_answers(layout(example, "employee"), Answers.from_values([row]))


def test_check_answers_rejects_bad_codes_and_shapes(example):
    lay = layout(example, "employee")
    with pytest.raises(ScoringError, match="6 items"):
        check_answers(lay, Answers.from_values([[1, 2, 3]]))
    with pytest.raises(ScoringError, match="non-substantive code 1 is invalid"):
        check_answers(lay, Answers.from_values([[nan] * 6], codes=[[1] + [NO_CODE] * 5]))
    with pytest.raises(ScoringError, match="must have value NaN"):
        check_answers(lay, Answers.from_values([[3] * 6], codes=[[0] + [NO_CODE] * 5]))


def test_answers_validates_arrays():
    with pytest.raises(ScoringError, match="2 dimensions"):
        Answers(np.zeros(3), np.zeros(3, dtype=np.int8))
    with pytest.raises(ScoringError, match="float64"):
        Answers(np.zeros((2, 2), dtype=np.float32), np.zeros((2, 2), dtype=np.int8))
    with pytest.raises(ScoringError, match="differ in shape"):
        Answers(np.zeros((2, 2)), np.zeros((2, 3), dtype=np.int8))
    with pytest.raises(ScoringError, match="int8"):
        Answers(np.zeros((2, 2)), np.zeros((2, 2), dtype=np.int64))
    answers = Answers.from_values([[1.0, 2.0], [3.0, 4.0]])
    assert answers.take([1]).values.tolist() == [[3.0, 4.0]]
    assert answers.n == 2


def test_a_dimension_on_two_different_scales_is_refused(definition):
    data = definition({"a": [False] * 3})
    data["scales"]["t"] = {**data["scales"]["s"], "max": 7}
    data["scales"]["t"]["points"] = [{"value": v, "label": {"nl": "x", "en": "x"}} for v in range(1, 8)]
    data["items"][2]["scale"] = "t"
    with pytest.raises(ScoringError, match="mixes scales"):
        layout(questionnaires.load_data(data), "employee")


def test_the_simple_and_the_fast_path_score_identically(example, likert):
    from scoring.grouped import score_arrays

    rng = np.random.default_rng(3)
    values = likert(rng, 500, 6, missing=0.2)
    lay = layout(example, "employee")
    answers = Answers.from_values(values)
    simple = respondent_scores(lay, answers)
    fast = score_arrays(lay, answers).respondents
    np.testing.assert_array_equal(simple.scores, fast.scores)
    np.testing.assert_array_equal(simple.answered, fast.answered)
