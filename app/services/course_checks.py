"""Everything that keeps a course from being published, read from the database.

A course is published only when this list is empty. Each problem says what is wrong in words an
author understands and where to fix it (a studio page, as an endpoint and its arguments, so the
caller builds the URL). The question rules are services/question_rules.py, the same the studio's
forms, the API and the importer apply, so a question saved through any of them never appears here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Course, Question, Topic
from .question_rules import question_problems


@dataclass(frozen=True)
class Problem:
    """One thing to fix before publishing, and the studio page where to fix it."""

    message: str
    endpoint: str
    values: dict[str, int | str] = field(default_factory=dict)


def course_problems(course: Course) -> list[Problem]:
    """Every problem of `course`, in tree order; an empty list means it may be published."""
    topics = list(
        db.session.scalars(
            select(Topic).where(Topic.course_id == course.id).order_by(Topic.position, Topic.id)
        )
    )
    if not topics:
        return [Problem(_("Le cours n'a encore aucun thème."), "studio.course", {"course_id": course.id})]
    parents = {topic.parent_id for topic in topics}
    questions: dict[int, list[Question]] = {}
    for question in db.session.scalars(
        select(Question)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Topic.course_id == course.id)
        .order_by(Question.position, Question.id)
    ):
        questions.setdefault(question.topic_id, []).append(question)

    problems: list[Problem] = []
    for topic in _tree_order(topics):
        if topic.id in parents:
            continue  # a branch: its leaves hold the content
        if not questions.get(topic.id):
            problems.append(
                Problem(
                    _("Le thème « %(title)s » n'a aucune question.", title=topic.title),
                    "studio.topic",
                    {"topic_id": topic.id},
                )
            )
        for number, question in enumerate(questions.get(topic.id, []), start=1):
            found = question_problems(
                question.kind,
                question.prompt,
                question.answers,
                question.choices,
                tolerance=question.tolerance,
                tier=question.tier,
                explanation=question.explanation,
            )
            for _field, message in found:
                problems.append(
                    Problem(
                        _(
                            "Thème « %(title)s », question %(number)s : %(message)s",
                            title=topic.title,
                            number=number,
                            message=message,
                        ),
                        "studio.question",
                        {"question_id": question.id},
                    )
                )
    return problems


def _tree_order(topics: list[Topic]) -> list[Topic]:
    """The topics depth first, siblings by position, as the tree shows them."""
    children: dict[int | None, list[Topic]] = {}
    for topic in topics:
        children.setdefault(topic.parent_id, []).append(topic)
    ordered: list[Topic] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        topic = stack.pop()
        if topic in ordered:
            continue
        ordered.append(topic)
        stack.extend(reversed(children.get(topic.id, [])))
    return ordered
