"""The standing rule, step by step (app/services/mastery.py, docs/learning-rules.md)."""

from __future__ import annotations

import pytest

from app.models import Verdict
from app.services.mastery import (
    START,
    Standing,
    aggregate,
    apply_forgetting,
    forgetting_penalty,
    next_standing,
    offered_tier,
)

CORRECT, ALMOST, INCORRECT = Verdict.CORRECT, Verdict.ALMOST, Verdict.INCORRECT


def climb(standing: Standing, verdicts: list[Verdict], question_tier: int | None = None) -> Standing:
    for verdict in verdicts:
        standing = next_standing(standing, verdict, question_tier or standing.tier)
    return standing


def test_everyone_starts_as_a_decouvreur_at_step_one() -> None:
    assert (START.tier, START.step, START.emoji, START.tier_emoji) == (1, 1, "😐", "🔭")


def test_each_correct_answer_at_the_current_tier_climbs_one_step() -> None:
    steps = []
    standing = START
    for _ in range(5):
        standing = next_standing(standing, CORRECT, standing.tier)
        steps.append(standing.emoji)
    assert steps == ["🙂", "😊", "😄", "😁", "🥳"], "the six steps are 😐 🙂 😊 😄 😁 🥳"


def test_a_success_at_step_six_promotes_to_the_next_tier() -> None:
    assert next_standing(Standing(1, 6), CORRECT, 1) == Standing(2, 1)
    assert next_standing(Standing(2, 6), CORRECT, 2) == Standing(3, 1)
    assert Standing(2, 1).tier_emoji == "🚀" and Standing(3, 1).tier_emoji == "🌌"


def test_the_summit_is_tier_three_step_six() -> None:
    assert next_standing(Standing(3, 6), CORRECT, 3) == Standing(3, 6)


def test_an_almost_keeps_the_step_and_an_error_drops_one_but_never_a_tier() -> None:
    assert next_standing(Standing(1, 4), ALMOST, 1) == Standing(1, 4)
    assert next_standing(Standing(1, 4), INCORRECT, 1) == Standing(1, 3)
    assert next_standing(Standing(2, 1), INCORRECT, 2) == Standing(2, 1), "a tier once won is kept"


def test_easier_questions_do_not_climb_but_their_errors_still_count() -> None:
    assert next_standing(Standing(2, 3), CORRECT, 1) == Standing(2, 3)
    assert next_standing(Standing(2, 3), INCORRECT, 1) == Standing(2, 2)


def test_seven_right_answers_make_an_explorateur() -> None:
    assert climb(START, [CORRECT] * 6) == Standing(2, 1)


@pytest.mark.parametrize(
    ("recall", "lost"), [(None, 0), (0.95, 0), (0.70, 0), (0.69, 1), (0.50, 1), (0.49, 2), (0.0, 2)]
)
def test_forgetting_lowers_the_shown_step_by_recall(recall: float | None, lost: int) -> None:
    assert forgetting_penalty(recall) == lost
    assert apply_forgetting(Standing(1, 5), recall) == Standing(1, 5 - lost)


def test_forgetting_never_goes_below_step_one_nor_down_a_tier() -> None:
    assert apply_forgetting(Standing(2, 1), 0.1) == Standing(2, 1)


def test_a_branch_shows_the_rounded_mean_level_of_its_leaves() -> None:
    assert aggregate([Standing(1, 1), Standing(1, 6)]) == Standing(1, 4)  # mean level 3.5 → 4
    assert aggregate([Standing(2, 1), Standing(1, 1)]) == Standing(1, 4)  # levels 7 and 1 → 4
    assert aggregate([Standing(3, 6)] * 3) == Standing(3, 6)
    assert aggregate([]) == START


def test_levels_and_css_classes_name_tier_and_step() -> None:
    assert Standing(2, 3).level == 9
    assert Standing.from_level(9) == Standing(2, 3)
    assert Standing(3, 4).css_class == "standing-t3-s4"
    with pytest.raises(ValueError, match="no such standing"):
        Standing(4, 1)


def test_a_correct_answer_to_a_question_not_due_keeps_the_step() -> None:
    current = Standing(1, 3)
    assert next_standing(current, CORRECT, 1, due=False) == current
    assert next_standing(current, INCORRECT, 1, due=False) == Standing(1, 2), "an error still drops a step"


@pytest.mark.parametrize(
    ("leaf_tiers", "learner_tier", "offered"),
    [
        ({1, 2, 3}, 1, 1),
        ({1, 2, 3}, 2, 2),
        ({1, 2, 3}, 3, 3),
        ({1}, 3, 1),  # a leaf of tier-1 questions offers them at every tier
        ({1, 3}, 2, 1),  # no tier 2: the highest tier below
        ({1, 3}, 3, 3),
        ({2}, 1, 2),  # nothing at or below the learner's tier: the lowest the leaf has
        ({2, 3}, 1, 2),
        ((), 2, 2),
    ],
)
def test_a_leaf_offers_its_highest_tier_at_or_below_the_learners_else_its_lowest(
    leaf_tiers: set[int], learner_tier: int, offered: int
) -> None:
    assert offered_tier(leaf_tiers, learner_tier) == offered


@pytest.mark.parametrize(
    ("current", "question_tier", "leaf_tiers", "after"),
    [
        (Standing(2, 3), 1, {1}, Standing(2, 4)),  # tier-1 leaf: tier-1 questions climb at tier 2
        (Standing(3, 5), 1, {1}, Standing(3, 6)),  # … up to the summit
        (Standing(2, 6), 1, {1}, Standing(3, 1)),
        (Standing(2, 3), 1, {1, 2}, Standing(2, 3)),  # the leaf has tier-2 questions: those climb
        (Standing(2, 3), 2, {1, 2}, Standing(2, 4)),
        (Standing(3, 2), 2, {1, 2}, Standing(3, 3)),  # no tier 3 here: tier 2 climbs at tier 3
        (Standing(2, 2), 1, {1, 3}, Standing(2, 3)),  # no tier 2: tier 1 climbs at tier 2
        (Standing(1, 1), 2, {2}, Standing(1, 2)),
    ],
)
def test_a_due_success_climbs_from_the_tier_the_leaf_offers(
    current: Standing, question_tier: int, leaf_tiers: set[int], after: Standing
) -> None:
    assert next_standing(current, Verdict.CORRECT, question_tier, leaf_tiers=leaf_tiers) == after
    assert next_standing(current, Verdict.CORRECT, question_tier, due=False, leaf_tiers=leaf_tiers) == current
