"""A learner's standing on a topic: the one rule behind every colour and emoji of the course tree.

The rule (also written down in docs/learning-rules.md):

* A standing is a tier (1 Découvreur, 2 Explorateur, 3 Vainqueur) and a step 1–6
  (😐 🙂 😊 😄 😁 🥳). Everyone starts at tier 1, step 1.
* A correct answer to a question of the tier the leaf offers the learner (or a harder one) climbs
  one step, when that question was due. A leaf offers the highest tier of its questions at or below
  the learner's tier, else its lowest one (`offered_tier`): on a leaf whose questions are all of
  tier 1, tier-1 questions climb all the way to the summit. Due means never answered before, or
  its review date reached at least ten minutes after the last answer (`scheduling.is_due`).
  Answering again a question that is not due (the same one twice in a row, or after reading its
  right answer) keeps the step, so a standing is earned across questions and time, not by
  repetition.
  A success at step 6 promotes to step 1 of the next tier; at tier 3 step 6 is the summit.
* An "almost" (a typo, a missing accent, one slip among several options) keeps the step; an
  incorrect answer drops one step (never below step 1, never down a tier: a tier once won is kept).
* Forgetting: the mean FSRS recall probability of the leaf's reviewed questions lowers the shown
  step by one below 70 % and by two below 50 %. The next answer starts from that lowered step.
* A branch shows the mean level of its leaves (level = (tier − 1) × 6 + step, unstarted leaves
  count as level 1), rounded to the nearest level.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..models import Verdict

TIERS = 3
STEPS = 6
STEP_EMOJIS = ("😐", "🙂", "😊", "😄", "😁", "🥳")
TIER_EMOJIS = ("🔭", "🚀", "🌌")
TIER_NAMES = (_l("Découvreur"), _l("Explorateur"), _l("Vainqueur"))

FORGETTING_THRESHOLDS = ((0.50, 2), (0.70, 1))  # recall below the threshold → steps lost


@dataclass(frozen=True, order=True)
class Standing:
    """A tier 1–3 and a step 1–6; comparable by level."""

    tier: int = 1
    step: int = 1

    def __post_init__(self) -> None:
        if not (1 <= self.tier <= TIERS and 1 <= self.step <= STEPS):
            raise ValueError(f"no such standing: tier {self.tier}, step {self.step}")

    @property
    def level(self) -> int:
        """The standing as one number, 1 (tier 1 step 1) to 18 (tier 3 step 6)."""
        return (self.tier - 1) * STEPS + self.step

    @classmethod
    def from_level(cls, level: int) -> Standing:
        """The standing of a level, clamped to 1–18 (one shared object per level: a tree of
        thousands of nodes asks for the same eighteen)."""
        return _BY_LEVEL[min(max(level, 1), TIERS * STEPS) - 1]

    @property
    def emoji(self) -> str:
        """The step's emoji."""
        return STEP_EMOJIS[self.step - 1]

    @property
    def tier_emoji(self) -> str:
        """The tier's emoji."""
        return TIER_EMOJIS[self.tier - 1]

    @property
    def tier_name(self) -> str:
        """The tier's name in the current language."""
        return str(TIER_NAMES[self.tier - 1])

    @property
    def css_class(self) -> str:
        """The stylesheet class carrying the tier's colour for this step."""
        return f"standing-t{self.tier}-s{self.step}"

    def as_dict(self) -> dict[str, object]:
        """The standing as the JSON API and the page scripts use it."""
        return {
            "tier": self.tier,
            "step": self.step,
            "level": self.level,
            "tier_name": self.tier_name,
            "emoji": self.emoji,
            "tier_emoji": self.tier_emoji,
            "css_class": self.css_class,
        }


START = Standing()
_BY_LEVEL = tuple(Standing(tier, step) for tier in range(1, TIERS + 1) for step in range(1, STEPS + 1))


def offered_tier(leaf_tiers: Collection[int], learner_tier: int) -> int:
    """The tier whose questions a leaf offers a learner: the highest tier the leaf has at or below
    the learner's, else the lowest it has (a leaf of tier-1 questions offers tier 1 at every tier;
    a leaf of tier-2 questions offers tier 2 from the start)."""
    at_or_below = [tier for tier in leaf_tiers if tier <= learner_tier]
    if at_or_below:
        return max(at_or_below)
    return min(leaf_tiers, default=learner_tier)


def next_standing(
    current: Standing,
    verdict: Verdict,
    question_tier: int,
    *,
    due: bool = True,
    leaf_tiers: Collection[int] = (1, 2, 3),
) -> Standing:
    """Where one graded answer takes a learner, by the rule of this module.

    `due` says whether the question was due (new, or its review date reached); only a due
    question's success climbs, and only for a question of the tier the leaf offers the learner
    or a harder one (`leaf_tiers`: the tiers of the leaf's questions, see `offered_tier`).
    """
    if verdict is Verdict.INCORRECT:
        return Standing(current.tier, max(1, current.step - 1))
    if verdict is Verdict.ALMOST or not due or question_tier < offered_tier(leaf_tiers, current.tier):
        return current
    if current.step < STEPS:
        return Standing(current.tier, current.step + 1)
    if current.tier < TIERS:
        return Standing(current.tier + 1, 1)
    return current


def forgetting_penalty(recall: float | None) -> int:
    """Steps lost to forgetting for a mean recall probability (None: nothing reviewed yet)."""
    if recall is None:
        return 0
    for threshold, steps in FORGETTING_THRESHOLDS:
        if recall < threshold:
            return steps
    return 0


def apply_forgetting(stored: Standing, recall: float | None) -> Standing:
    """The standing shown today: the stored one lowered by forgetting, never down a tier."""
    return Standing(stored.tier, max(1, stored.step - forgetting_penalty(recall)))


def aggregate(leaves: Iterable[Standing]) -> Standing:
    """A branch's standing: the rounded mean level of its leaves (START when it has none)."""
    levels = [leaf.level for leaf in leaves]
    if not levels:
        return START
    return Standing.from_level(int(sum(levels) / len(levels) + 0.5))
