"""The study endpoints the learning pages' scripts call (and any API client): the course tree with the
learner's standing, a leaf's quiz without its answers, answering, preferences, reviews, progress.

A learner only ever reaches their own data: nothing here takes a user id, everything reads the
signed-in user; a draft course of someone else answers 404.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any

from flask import current_app
from flask.views import MethodView
from sqlalchemy import select
from werkzeug.sansio.response import Response

from ... import learner_views
from ...auth.models import User
from ...auth.session import signed_in
from ...models import Attempt, Course, Question, Topic, Verdict
from ...services import courses as course_service
from ...services import learning as learning_service
from ...services import learning_styles, tree_loading
from ...services import preferences as preferences_service
from ...services.feedback import displayed_answer
from ...services.grading import options_of
from ...services.lessons import render_markdown
from ...services.mastery import Standing
from ...types import utcnow
from .blueprint import Blueprint
from .pagination import PageArgs, page_schema, paginate, paginate_list
from .resource import READ_ERRORS, WRITE_ERRORS, error_responses
from .schemas.study import (
    AnswerInSchema,
    AnswerResultSchema,
    AttemptListArgs,
    AttemptSchema,
    CourseTreeSchema,
    PreferencesPatchSchema,
    PreferencesSchema,
    ProgressSchema,
    QuizSchema,
    ReviewSchema,
    ReviewsQuerySchema,
    TopicChildrenSchema,
)
from .tree_document import children_document, tree_document

URL_PREFIX = ""
bp = Blueprint("study", __name__, description="Study: course trees, quizzes, answers, progress")


def _json(document: bytes) -> Response:
    """A JSON document already encoded, sent as it is."""
    return current_app.response_class(document, mimetype="application/json")


def _question_dict(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "topic_id": question.topic_id,
        "kind": question.kind.value,
        "prompt": question.prompt,
        "prompt_html": str(render_markdown(question.prompt)),
        "choices": question.choices,
        "options": [
            {"index": index, "text": displayed_answer(question.kind, option)}
            for index, option in enumerate(options_of(question.kind, question.choices))
        ],
        "tier": question.tier,
    }


def _standing(standing: Standing) -> dict[str, object]:
    return standing.as_dict()


@bp.route("/courses/<int:course_id>/tree")
class CourseTree(MethodView):
    """The course tree with the signed-in learner's standing."""

    @bp.response(200, CourseTreeSchema)
    @error_responses(bp, *READ_ERRORS, 404)
    def get(self, course_id: int) -> Response:
        """Read a course's tree with the learner's standing on every node sent: a small course whole;
        a large one (more than TREE_NODE_BUDGET topics) as its top levels and the branch the learner
        is in, the other branches with `children_included: false` (open them with .../children)."""
        return _kept_tree_document("tree", course_id, _tree_text)


def _tree_text(course: Course, user: User, now: datetime) -> str:
    view = tree_loading.first_view(course_service.course_structure(course), course, user)
    learner = tree_loading.standings_in_view(course, user, view, now)
    # The document is built to CourseTreeSchema from pre-encoded pieces: dumping hundreds of nested
    # nodes through marshmallow, or even json, would cost more than reading the tree (see
    # tree_document.py and bench/).
    return tree_document(course, learner, view)


@bp.route("/courses/<int:course_id>/topics/<int:topic_id>/children")
class TopicChildren(MethodView):
    """An opened branch of a course tree: its children with the learner's standing."""

    @bp.response(200, TopicChildrenSchema)
    @error_responses(bp, *READ_ERRORS, 404)
    def get(self, course_id: int, topic_id: int) -> Response:
        """Read the children of a topic of the course, each with its own subtree as far as the
        tree's node budget goes (a child left closed says `children_included: false`)."""
        return _kept_tree_document("branch", course_id, functools.partial(_branch_text, topic_id), topic_id)


def _branch_text(topic_id: int, course: Course, user: User, now: datetime) -> str:
    view = tree_loading.children_view(course_service.course_structure(course), topic_id)
    learner = tree_loading.standings_in_view(course, user, view, now)
    return children_document(topic_id, learner, view)  # built like the tree's


def _kept_tree_document(
    name: str, course_id: int, write: Callable[[Course, User, datetime], str], *more_key: Hashable
) -> Response:
    """The JSON document `write` makes of a course the learner may read (NotFound otherwise), kept
    by the process while the learner's mark on the course is unchanged (app/learner_views.py)."""
    user = signed_in()
    now = utcnow()
    mark = course_service.course_mark(user, course_id)

    def build() -> tuple[bytes, datetime | None]:
        course = course_service.course_for(user, course_id=course_id)
        return write(course, user, now).encode(), mark.valid_until

    key = (name, learner_views.person(user), course_id, mark, *more_key)
    return _json(learner_views.kept_json(key, now, build))


@bp.route("/topics/<int:topic_id>/quiz")
class TopicQuiz(MethodView):
    """A leaf's lesson and quiz, without the answers."""

    @bp.response(200, QuizSchema)
    @error_responses(bp, *READ_ERRORS, 404)
    def get(self, topic_id: int) -> dict[str, Any]:
        """Read a leaf's lesson and the questions of the learner's tier (never their answers)."""
        user = signed_in()
        topic = learning_service.readable_topic(user, topic_id)
        standing = learning_service.standing_on(user, topic, utcnow())
        questions = course_service.quiz_questions(topic, standing.tier)
        style = preferences_service.preferences_of(user).learning_style
        layout = learning_styles.leaf_layout(topic.lesson, style, has_questions=bool(questions))
        return {
            "topic": {
                "id": topic.id,
                "slug": topic.slug,
                "title": topic.title,
                "lesson_html": str(render_markdown(topic.lesson)),
            },
            "standing": _standing(standing),
            "questions": [_question_dict(q) for q in questions],
            "layout": {
                "order": layout.order.value,
                "figures_html": [str(figure) for figure in layout.figures],
                "lesson_html": str(layout.lesson_html),
                "read_aloud": layout.read_aloud,
            },
        }


@bp.route("/attempts")
class Attempts(MethodView):
    """The learner's answers: submit one, or read the history."""

    @bp.arguments(AttemptListArgs, location="query")
    @bp.response(200, page_schema(AttemptSchema))
    @error_responses(bp, *READ_ERRORS)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """The learner's own answers, a page at a time (?course_id=, ?verdict=, ?sort=)."""
        stmt = select(Attempt).where(Attempt.user_id == signed_in().id)
        if "course_id" in args:
            stmt = stmt.join(Question, Question.id == Attempt.question_id).join(
                Topic, Topic.id == Question.topic_id
            )
            stmt = stmt.where(Topic.course_id == args["course_id"])
        if "verdict" in args:
            stmt = stmt.where(Attempt.verdict == Verdict(args["verdict"]))
        order = Attempt.created_at.asc() if args["sort"] == "created_at" else Attempt.created_at.desc()
        return paginate(stmt.order_by(order, Attempt.id), args, "study.Attempts")

    @bp.arguments(AnswerInSchema)
    @bp.response(201, AnswerResultSchema)
    @error_responses(bp, *WRITE_ERRORS, 404)
    def post(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Answer a question: verdict, kind feedback and the new standing of the leaf and branches."""
        result = learning_service.submit_answer(
            signed_in(),
            payload["question_id"],
            payload.get("answer"),
            utcnow(),
            choice=payload.get("choice"),
            choices=payload.get("choices"),
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


@bp.route("/preferences")
class Preferences(MethodView):
    """The learner's own preferences."""

    @bp.response(200, PreferencesSchema)
    @error_responses(bp, *READ_ERRORS)
    def get(self) -> Any:
        """Read the learner's preferences."""
        return preferences_service.preferences_of(signed_in())

    @bp.arguments(PreferencesSchema)
    @bp.response(200, PreferencesSchema)
    @error_responses(bp, *WRITE_ERRORS)
    def put(self, payload: dict[str, Any]) -> Any:
        """Replace the learner's preferences (every field is required)."""
        return preferences_service.update_preferences(signed_in(), **payload)

    @bp.arguments(PreferencesPatchSchema)
    @bp.response(200, PreferencesSchema)
    @error_responses(bp, *WRITE_ERRORS)
    def patch(self, payload: dict[str, Any]) -> Any:
        """Change some of the learner's preferences."""
        return preferences_service.update_preferences(signed_in(), **payload)


@bp.route("/reviews")
class Reviews(MethodView):
    """The exercises of a session on one course: reviews due now, then new questions by pace."""

    @bp.arguments(ReviewsQuerySchema, location="query")
    @bp.response(200, page_schema(ReviewSchema))
    @error_responses(bp, *READ_ERRORS, 404)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List the questions to practise now on a course (without their answers), a page at a time."""
        user = signed_in()
        course = course_service.course_for(user, course_id=args["course_id"])
        page = paginate_list(learning_service.exercises(user, course, utcnow()), args, "study.Reviews")
        page["items"] = [
            {"question": _question_dict(exercise.question), "course": course, "reason": exercise.reason}
            for exercise in page["items"]
        ]
        return page


@bp.route("/progress")
class Progress(MethodView):
    """The learner's progress on every course they can open."""

    @bp.arguments(PageArgs, location="query")
    @bp.response(200, page_schema(ProgressSchema))
    @error_responses(bp, *READ_ERRORS)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Progress per course, a page at a time: standing, questions seen, reviews due, last activity."""
        page = paginate_list(learning_service.progress(signed_in(), utcnow()), args, "study.Progress")
        page["items"] = [entry.as_dict() for entry in page["items"]]
        return page
