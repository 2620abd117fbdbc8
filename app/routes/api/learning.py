"""The learning endpoints the pages' scripts call (and any API client): the course tree with the
learner's standing, a leaf's quiz without its answers, answering, preferences, reviews, progress.

A learner only ever reaches their own data: nothing here takes a user id, everything reads the
signed-in user; a draft course of someone else answers 404.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_login import current_user, login_required
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from werkzeug.sansio.response import Response

from ...models import (
    Attempt,
    CommunicationStyle,
    LearningPace,
    LearningStyle,
    Question,
    QuestionKind,
    Topic,
    Verdict,
)
from ...services import courses as course_service
from ...services import learning as learning_service
from ...services import preferences as preferences_service
from ...services.learning import MAX_ANSWER_LENGTH
from ...services.lessons import render_markdown
from ...services.mastery import Standing
from ...services.preferences import MAX_NOTES_LENGTH
from ...types import utcnow
from .blueprint import Blueprint
from .pagination import PageArgs, page_schema, paginate, paginate_list
from .schemas import ID_RANGE
from .tree_document import tree_document

URL_PREFIX = ""
blp = Blueprint("learning", __name__, description="Learning: course trees, quizzes, answers, progress")


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
    children = fields.List(fields.Nested(lambda: TreeNodeSchema()), required=True)


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


class QuizQuestionSchema(Schema):
    """A question as a learner sees it before answering: never its accepted answers."""

    id = fields.Integer(required=True)
    topic_id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in QuestionKind]))
    prompt = fields.String(required=True)
    prompt_html = fields.String(required=True, metadata={"description": "The prompt's Markdown as safe HTML"})
    choices = fields.List(fields.String(), allow_none=True)
    tier = fields.Integer(required=True)


class TopicRefSchema(Schema):
    """A topic with its lesson rendered to safe HTML."""

    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    lesson_html = fields.String(required=True)


class QuizSchema(Schema):
    """A leaf's lesson and the questions of the learner's tier."""

    topic = fields.Nested(TopicRefSchema, required=True)
    standing = fields.Nested(StandingSchema, required=True)
    questions = fields.List(fields.Nested(QuizQuestionSchema), required=True)


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
    """One answer to one question."""

    question_id = fields.Integer(required=True, validate=ID_RANGE)
    answer = fields.String(required=True, validate=validate.Length(min=1, max=MAX_ANSWER_LENGTH))


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
        "updated_at": fields.DateTime(dump_only=True),
    }


# How the learner likes to learn (pages.md §2): every field for PUT, any of them for PATCH.
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


def _question_dict(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "topic_id": question.topic_id,
        "kind": question.kind.value,
        "prompt": question.prompt,
        "prompt_html": str(render_markdown(question.prompt)),
        "choices": question.choices,
        "tier": question.tier,
    }


def _standing(standing: Standing) -> dict[str, object]:
    return standing.as_dict()


@blp.route("/courses/<int:course_id>/tree")
class CourseTree(MethodView):
    """The course tree with the signed-in learner's standing."""

    decorators = [login_required]

    @blp.response(200, CourseTreeSchema)
    @blp.alt_response(404, description="No such course, or a draft of someone else")
    def get(self, course_id: int) -> Response:
        """Read a course's tree with the learner's standing on every node."""
        course = course_service.course_for(current_user, course_id=course_id)
        learner = course_service.course_standings(course, current_user, utcnow())
        # The document is built to CourseTreeSchema from pre-encoded pieces and sent as is: dumping
        # thousands of nested nodes through marshmallow, or even json, would cost more than reading
        # the tree (see tree_document.py and bench/).
        return current_app.response_class(tree_document(course, learner), mimetype="application/json")


@blp.route("/topics/<int:topic_id>/quiz")
class TopicQuiz(MethodView):
    """A leaf's lesson and quiz, without the answers."""

    decorators = [login_required]

    @blp.response(200, QuizSchema)
    @blp.alt_response(404, description="No such topic in a course the learner can read")
    def get(self, topic_id: int) -> dict[str, Any]:
        """Read a leaf's lesson and the questions of the learner's tier (never their answers)."""
        topic = learning_service.readable_topic(current_user, topic_id)
        standing = learning_service.standing_on(current_user, topic, utcnow())
        return {
            "topic": {
                "id": topic.id,
                "slug": topic.slug,
                "title": topic.title,
                "lesson_html": str(render_markdown(topic.lesson)),
            },
            "standing": _standing(standing),
            "questions": [_question_dict(q) for q in course_service.quiz_questions(topic, standing.tier)],
        }


@blp.route("/attempts")
class Attempts(MethodView):
    """The learner's answers: submit one, or read the history."""

    decorators = [login_required]

    @blp.arguments(AttemptListArgs, location="query")
    @blp.response(200, page_schema(AttemptSchema))
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """The learner's own answers, a page at a time (?course_id=, ?verdict=, ?sort=)."""
        stmt = select(Attempt).where(Attempt.user_id == current_user.id)
        if "course_id" in args:
            stmt = stmt.join(Question, Question.id == Attempt.question_id).join(
                Topic, Topic.id == Question.topic_id
            )
            stmt = stmt.where(Topic.course_id == args["course_id"])
        if "verdict" in args:
            stmt = stmt.where(Attempt.verdict == Verdict(args["verdict"]))
        order = Attempt.created_at.asc() if args["sort"] == "created_at" else Attempt.created_at.desc()
        return paginate(stmt.order_by(order, Attempt.id), args, "learning.Attempts")

    @blp.arguments(AnswerInSchema)
    @blp.response(201, AnswerResultSchema)
    @blp.alt_response(404, description="No such question in a course the learner can read")
    def post(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Answer a question: verdict, kind feedback and the new standing of the leaf and branches."""
        result = learning_service.submit_answer(
            current_user, payload["question_id"], payload["answer"], utcnow()
        )
        return {
            "attempt": result.attempt,
            "feedback": result.feedback.as_dict(),
            "topic_id": result.topic_id,
            "standings": [
                {"topic_id": topic_id, "standing": _standing(standing)}
                for topic_id, standing in result.standings.items()
            ],
            "due": result.due,
            "score": result.score,
        }


@blp.route("/preferences")
class Preferences(MethodView):
    """The learner's own preferences."""

    decorators = [login_required]

    @blp.response(200, PreferencesSchema)
    def get(self) -> Any:
        """Read the learner's preferences."""
        return preferences_service.preferences_of(current_user)

    @blp.arguments(PreferencesSchema)
    @blp.response(200, PreferencesSchema)
    def put(self, payload: dict[str, Any]) -> Any:
        """Replace the learner's preferences (every field is required)."""
        return preferences_service.update_preferences(current_user, **payload)

    @blp.arguments(PreferencesPatchSchema)
    @blp.response(200, PreferencesSchema)
    def patch(self, payload: dict[str, Any]) -> Any:
        """Change some of the learner's preferences."""
        return preferences_service.update_preferences(current_user, **payload)


@blp.route("/reviews")
class Reviews(MethodView):
    """The exercises of a session on one course: reviews due now, then new questions by pace."""

    decorators = [login_required]

    @blp.arguments(ReviewsQuerySchema, location="query")
    @blp.response(200, page_schema(ReviewSchema))
    @blp.alt_response(404, description="No such course")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List the questions to practise now on a course (without their answers), a page at a time."""
        course = course_service.course_for(current_user, course_id=args["course_id"])
        page = paginate_list(
            learning_service.exercises(current_user, course, utcnow()), args, "learning.Reviews"
        )
        page["items"] = [
            {"question": _question_dict(exercise.question), "course": course, "reason": exercise.reason}
            for exercise in page["items"]
        ]
        return page


@blp.route("/progress")
class Progress(MethodView):
    """The learner's progress on every course they can open."""

    decorators = [login_required]

    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(ProgressSchema))
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Progress per course, a page at a time: standing, questions seen, reviews due, last activity."""
        page = paginate_list(learning_service.progress(current_user, utcnow()), args, "learning.Progress")
        page["items"] = [entry.as_dict() for entry in page["items"]]
        return page
