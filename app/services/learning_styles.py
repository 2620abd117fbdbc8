"""What a learner's learning style changes on a leaf of the course (docs/learning-rules.md, "Styles
d'apprentissage"): the order of its parts, decided here on the server so that the page is the same
with and without JavaScript, and whether the page offers to read it aloud.

- visual: the lesson's figures (its images and diagrams, see `lessons.lesson_parts`) come first,
  before its text;
- auditory: the lesson as written, and an "Écouter" control the page script adds where the browser
  can speak;
- kinesthetic: the quiz first, the lesson one click away (a closed disclosure under the quiz).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from markupsafe import Markup

from ..models import LearningStyle
from .lessons import lesson_parts, render_markdown


class LeafOrder(enum.StrEnum):
    """In which order a leaf shows its parts."""

    LESSON_FIRST = "lesson-first"  # the lesson (figures in the text's flow), then the quiz
    FIGURES_FIRST = "figures-first"  # the lesson's figures, its text, then the quiz
    PRACTICE_FIRST = "practice-first"  # the quiz, then the lesson behind a disclosure


@dataclass(frozen=True)
class LeafLayout:
    """How one leaf is laid out for one learner: the order, the figures shown before the text
    (empty unless `order` is figures-first), the lesson's sanitised HTML (without those figures),
    and whether the page offers to read the leaf aloud."""

    order: LeafOrder
    figures: tuple[Markup, ...]
    lesson_html: Markup
    read_aloud: bool

    @property
    def practice_first(self) -> bool:
        """Whether the quiz comes before the lesson."""
        return self.order is LeafOrder.PRACTICE_FIRST


def leaf_layout(lesson: str, style: LearningStyle, *, has_questions: bool) -> LeafLayout:
    """The layout of a leaf whose lesson is `lesson` (Markdown) for a learner of `style`.

    A visual learner's leaf without images, and a kinesthetic learner's leaf without questions,
    keep the ordinary order: there is nothing to put first.
    """
    read_aloud = style is LearningStyle.AUDITORY
    if style is LearningStyle.VISUAL:
        parts = lesson_parts(lesson)
        if parts.figures:
            return LeafLayout(LeafOrder.FIGURES_FIRST, parts.figures, parts.text, read_aloud)
    order = (
        LeafOrder.PRACTICE_FIRST
        if style is LearningStyle.KINESTHETIC and has_questions
        else LeafOrder.LESSON_FIRST
    )
    return LeafLayout(order, (), render_markdown(lesson), read_aloud)
