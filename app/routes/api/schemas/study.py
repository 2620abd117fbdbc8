"""Schemas of the study endpoints (app/routes/api/study.py): course trees with the learner's
standing, quizzes without their answers, answers and their feedback, preferences, reviews and
progress."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ....models import CommunicationStyle, LearningPace, LearningStyle, QuestionKind, Verdict
from ....services.learning import MAX_ANSWER_LENGTH
from ....services.learning_styles import LeafOrder
from ....services.preferences import MAX_NOTES_LENGTH
from ..pagination import PageArgs
from .common import ID_RANGE, MAX_ID


class StandingSchema(Schema):
    """A learner's standing on a node: tier 1–3 and step 1–6, with what the page shows."""

    tier = fields.Integer(required=True, metadata={"example": 1})
    step = fields.Integer(required=True, metadata={"example": 3})
    level = fields.Integer(required=True, metadata={"description": "1 to 18"})
    tier_name = fields.String(required=True, metadata={"example": "Découvreur"})
    emoji = fields.String(required=True, metadata={"example": "😊"})
    tier_emoji = fields.String(required=True, metadata={"example": "🔭"})
    css_class = fields.String(required=True, metadata={"example": "standing-t1-s3"})


class TreeNodeSchema(Schema):
    """A topic of the tree and its subtree."""

    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    is_leaf = fields.Boolean(required=True)
    has_quiz = fields.Boolean(required=True)
    question_count = fields.Integer(required=True)
    started = fields.Boolean(required=True)
    standing = fields.Nested(StandingSchema, required=True)
    children = fields.List(
        fields.Nested(lambda: TreeNodeSchema()),
        required=True,
        metadata={"description": "Empty on a leaf, and on a branch whose children are not included."},
    )
    children_included = fields.Boolean(
        required=True,
        metadata={
            "description": "False on a branch of a large course sent closed: read its children with "
            "GET /courses/{course_id}/topics/{topic_id}/children."
        },
    )


class CourseRefSchema(Schema):
    """A course in a few words."""

    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)


class CourseTreeSchema(Schema):
    """A course's tree with the learner's standing on every node."""

    course = fields.Nested(CourseRefSchema, required=True)
    standing = fields.Nested(StandingSchema, required=True)
    roots = fields.List(fields.Nested(TreeNodeSchema), required=True)


class TopicChildrenSchema(Schema):
    """An opened branch: its children, each with its subtree as far as the node budget goes."""

    topic_id = fields.Integer(required=True)
    children = fields.List(fields.Nested(TreeNodeSchema), required=True)


class OptionSchema(Schema):
    """One option of a choice, multiple or true/false question: answer with its index."""

    index = fields.Integer(required=True, metadata={"example": 0})
    text = fields.String(required=True, metadata={"example": "Vrai"})


class QuizQuestionSchema(Schema):
    """A question as a learner sees it before answering: never its accepted answers."""

    id = fields.Integer(required=True)
    topic_id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in QuestionKind]))
    prompt = fields.String(required=True)
    prompt_html = fields.String(required=True, metadata={"description": "The prompt's Markdown as safe HTML"})
    choices = fields.List(fields.String(), allow_none=True)
    options = fields.List(
        fields.Nested(OptionSchema),
        required=True,
        metadata={
            "description": "What to pick from (choice, multiple, truefalse; empty otherwise): "
            'answer with {"choice": index} or, for multiple, {"choices": [index, ...]}'
        },
    )
    tier = fields.Integer(required=True)


class TopicRefSchema(Schema):
    """A topic with its lesson rendered to safe HTML."""

    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    lesson_html = fields.String(required=True)


class LeafLayoutSchema(Schema):
    """How the learner's learning style lays the leaf out (docs/learning-rules.md)."""

    order = fields.String(
        required=True,
        validate=validate.OneOf([order.value for order in LeafOrder]),
        metadata={"description": "lesson-first, figures-first (visual) or practice-first (kinesthetic)"},
    )
    figures_html = fields.List(
        fields.String(), required=True, metadata={"description": "Images shown before the text (safe HTML)"}
    )
    lesson_html = fields.String(
        required=True, metadata={"description": "The lesson as safe HTML, less the figures listed first"}
    )
    read_aloud = fields.Boolean(required=True, metadata={"description": "Offer to read the leaf aloud"})


class QuizSchema(Schema):
    """A leaf's lesson and the questions of the learner's tier."""

    topic = fields.Nested(TopicRefSchema, required=True)
    standing = fields.Nested(StandingSchema, required=True)
    questions = fields.List(fields.Nested(QuizQuestionSchema), required=True)
    layout = fields.Nested(LeafLayoutSchema, required=True)


class AttemptListArgs(PageArgs):
    """Filters of the answer history."""

    course_id = fields.Integer(validate=ID_RANGE, metadata={"description": "Only this course"})
    verdict = fields.String(validate=validate.OneOf([v.value for v in Verdict]))
    sort = fields.String(
        load_default="-created_at",
        validate=validate.OneOf(["created_at", "-created_at"]),
        metadata={"description": "Newest first by default"},
    )


class AnswerInSchema(Schema):
    """One answer to one question: exactly one of a text, an option's index, or several indexes."""

    question_id = fields.Integer(required=True, strict=True, validate=ID_RANGE)
    answer = fields.String(
        validate=validate.Length(min=1, max=MAX_ANSWER_LENGTH),
        metadata={"description": "A typed answer (any kind; for a choice question, an option's exact text)"},
    )
    choice = fields.Integer(
        strict=True,
        validate=validate.Range(min=0, max=MAX_ID),
        metadata={"description": "The option picked (choice; truefalse: 0 vrai, 1 faux)"},
    )
    choices = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_ID)),
        validate=validate.Length(min=1, max=100),
        metadata={"description": "The options ticked (multiple)"},
    )

    @validates_schema
    def exactly_one_answer(self, data: dict[str, Any], **kwargs: object) -> None:
        """A text, a choice or choices: one of them, never none nor two."""
        sent = [name for name in ("answer", "choice", "choices") if name in data]
        if len(sent) != 1:
            message = _(
                "Envoie une seule réponse : un texte (answer), un choix (choice) ou des choix (choices)."
            )
            raise ValidationError({name: [message] for name in sent or ["answer"]})


class AttemptSchema(Schema):
    """One recorded answer (the history is append-only)."""

    id = fields.Integer(required=True)
    question_id = fields.Integer(required=True)
    answer = fields.String(required=True)
    verdict = fields.String(required=True, validate=validate.OneOf([v.value for v in Verdict]))
    tier = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)


class FeedbackSchema(Schema):
    """The kind feedback, worded in the learner's communication style."""

    verdict = fields.String(required=True, validate=validate.OneOf([v.value for v in Verdict]))
    message = fields.String(required=True)
    expected = fields.String(required=True, metadata={"description": "The right answer, once answered"})
    explanation_html = fields.String(allow_none=True)


class NodeStandingSchema(Schema):
    """The new standing of one node of the tree."""

    topic_id = fields.Integer(required=True)
    standing = fields.Nested(StandingSchema, required=True)


class ScoreSchema(Schema):
    """Today's running score on the course."""

    correct = fields.Integer(required=True)
    incorrect = fields.Integer(required=True)


class AnswerResultSchema(Schema):
    """What one answer changed: verdict and feedback, the standing of the leaf and its branches."""

    attempt = fields.Nested(AttemptSchema, required=True)
    feedback = fields.Nested(FeedbackSchema, required=True)
    topic_id = fields.Integer(required=True)
    standings = fields.List(fields.Nested(NodeStandingSchema), required=True)
    due = fields.DateTime(required=True, metadata={"description": "When the question comes back (UTC)"})
    score = fields.Nested(ScoreSchema, required=True)


def _preference_fields(required: bool) -> dict[str, fields.Field]:
    return {
        "communication_style": fields.String(
            required=required, validate=validate.OneOf([c.value for c in CommunicationStyle])
        ),
        "learning_pace": fields.String(
            required=required, validate=validate.OneOf([p.value for p in LearningPace])
        ),
        "learning_style": fields.String(
            required=required, validate=validate.OneOf([s.value for s in LearningStyle])
        ),
        "custom_preferences": fields.String(
            required=required, validate=validate.Length(max=MAX_NOTES_LENGTH)
        ),
        "updated_at": fields.DateTime(
            dump_only=True, allow_none=True, metadata={"description": "Null until first saved"}
        ),
    }


# How the learner likes to learn (docs/pages.md §2): every field for PUT, any of them for PATCH.
PreferencesSchema = Schema.from_dict(_preference_fields(required=True), name="PreferencesSchema")
PreferencesPatchSchema = Schema.from_dict(_preference_fields(required=False), name="PreferencesPatchSchema")


class ReviewSchema(Schema):
    """A question due for review now."""

    question = fields.Nested(QuizQuestionSchema, required=True)
    course = fields.Nested(CourseRefSchema, required=True)
    reason = fields.String(required=True, validate=validate.OneOf(["review", "new"]))


class ReviewsQuerySchema(PageArgs):
    """Which course's exercises to bring, a page at a time."""

    course_id = fields.Integer(required=True, validate=ID_RANGE)


class ProgressSchema(Schema):
    """Progress on one course."""

    course = fields.Nested(CourseRefSchema, required=True)
    standing = fields.Nested(StandingSchema, required=True)
    questions = fields.Integer(required=True)
    seen = fields.Integer(required=True)
    percent_seen = fields.Integer(required=True)
    due = fields.Integer(required=True)
    last_activity = fields.DateTime(allow_none=True)
