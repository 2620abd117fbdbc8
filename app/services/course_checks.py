"""Everything that keeps a course from being published, read from the database.

A course is published only when this list is empty. Each problem says what is wrong in words an
author understands and where to fix it (a studio page, as an endpoint and its arguments, so the
caller builds the URL). The question rules are also the studio's form validation
(`question_problems`), so a question saved there never appears here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Course, Question, QuestionKind, Topic

NUMBER = r"-?\d+(?:[.,]\d+)?"
NUMERIC_VALUE = re.compile(rf"^\s*{NUMBER}\s*$")
NUMERIC_RANGE = re.compile(rf"^\s*({NUMBER})\s*\.\.\s*({NUMBER})\s*$")
TRUTH_VALUES = ("vrai", "faux")


@dataclass(frozen=True)
class Problem:
    """One thing to fix before publishing, and the studio page where to fix it."""

    message: str
    endpoint: str
    values: dict[str, int | str] = field(default_factory=dict)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def numeric_range(text: str) -> tuple[float, float] | None:
    """`min..max` as two numbers (None when `text` is not a range)."""
    match = NUMERIC_RANGE.match(text)
    return (_number(match[1]), _number(match[2])) if match else None


def question_problems(
    kind: QuestionKind, prompt: str, answers: Sequence[str], choices: Sequence[str] | None
) -> dict[str, list[str]]:
    """What is wrong with a question's content, per field (empty when it can be asked)."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if not prompt.strip():
        add("prompt", _("L'énoncé est vide."))
    answers = [answer for answer in answers if answer.strip()]
    if kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
        options = [choice.strip() for choice in choices or []]
        if len(options) < 2 or any(not option for option in options):
            add("choices", _("Il faut au moins deux options, une par ligne."))
        folded = [option.casefold() for option in options]
        duplicates = sorted({option for option in options if folded.count(option.casefold()) > 1})
        if duplicates:
            add("choices", _("Options en double : %(options)s.", options=", ".join(duplicates)))
        if not answers:
            add("answers", _("Indiquez la bonne réponse."))
        elif any(answer not in options for answer in answers):
            add("answers", _("Chaque bonne réponse doit être l'une des options."))
        elif kind is QuestionKind.CHOICE and len(answers) != 1:
            add("answers", _("Une question à choix unique a exactement une bonne réponse."))
    elif kind is QuestionKind.TRUE_FALSE:
        if len(answers) != 1 or answers[0] not in TRUTH_VALUES:
            add("answers", _("Choisissez « vrai » ou « faux »."))
    elif kind is QuestionKind.NUMERIC:
        if not answers:
            add("answers", _("Indiquez la valeur attendue."))
        for answer in answers:
            bounds = numeric_range(answer)
            if bounds is None and not NUMERIC_VALUE.match(answer):
                add(
                    "answers",
                    _("« %(answer)s » n'est ni un nombre ni un intervalle min..max.", answer=answer),
                )
            elif bounds is not None and bounds[0] > bounds[1]:
                add("answers", _("Dans un intervalle min..max, min ne dépasse pas max."))
    elif not answers:
        add("answers", _("Indiquez au moins une réponse acceptée."))
    return problems


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
            found = question_problems(question.kind, question.prompt, question.answers, question.choices)
            for message in (message for messages in found.values() for message in messages):
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
