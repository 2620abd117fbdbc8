"""Every rule a course must keep before it is written, checked on a whole document at once so an
author fixes all the problems of a file in one go instead of one per attempt.

Each problem names its line when the document was read from a text file, else the path of the
field in the JSON document (`topics[0].questions[2].answers`). A question's rules are those of
services/question_rules.py, the same the API and the studio apply.
"""

from __future__ import annotations

import hashlib
import re

from flask_babel import gettext as _

from ..question_rules import question_problems
from ..slugs import is_slug
from .document import (
    IMAGE_EXTENSIONS,
    IMAGE_REFERENCE,
    CourseDocument,
    QuestionDocument,
    TopicDocument,
)
from .problems import Problem

MAX_TITLE_LENGTH = 200
MAX_TEXT_LENGTH = 100_000  # lessons and descriptions

DIGEST = re.compile(r"^[0-9a-f]{64}$")


class _Checker:
    """Collects the problems of one document, each at its line when known, else at its path."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, message: str, line: int | None, path: str) -> None:
        self.problems.append(Problem(message, line=line, path=None if line is not None else path))


def validate_document(document: CourseDocument) -> list[Problem]:
    """Every problem of `document` (an empty list when it may be written as a course)."""
    check = _Checker()
    _check_course(check, document)
    seen_slugs: dict[str, str] = {}
    for index, topic in enumerate(document.topics):
        _check_topic(check, topic, f"topics[{index}]", seen_slugs)
    _check_images(check, document)
    return check.problems


def _check_text(check: _Checker, text: str, limit: int, label: str, line: int | None, path: str) -> None:
    if "\x00" in text:
        check.add(_("%(field)s contient un caractère interdit (NUL).", field=label), line, path)
    if len(text) > limit:
        check.add(
            _("%(field)s dépasse %(limit)d caractères.", field=label, limit=limit),
            line,
            path,
        )


def _check_course(check: _Checker, document: CourseDocument) -> None:
    if not document.title.strip():
        check.add(_("Le cours n'a pas de titre."), None, "course.title")
    _check_text(check, document.title, MAX_TITLE_LENGTH, _("Le titre du cours"), None, "course.title")
    _check_text(check, document.description, MAX_TEXT_LENGTH, _("La description"), None, "course.description")
    if document.slug is not None and not is_slug(document.slug):
        check.add(
            _("Le nom court du cours doit être fait de minuscules, de chiffres et de tirets."),
            None,
            "course.slug",
        )
    if not document.language.strip() or len(document.language) > 8:
        check.add(_("La langue du cours doit être un code court comme « fr »."), None, "course.language")
    if not document.topics:
        check.add(_("Le fichier ne contient aucune question ni aucun thème."), None, "topics")
    elif next(document.questions(), None) is None:
        check.add(_("Le fichier ne contient aucune question."), None, "topics")


def _check_topic(check: _Checker, topic: TopicDocument, path: str, seen_slugs: dict[str, str]) -> None:
    line = topic.line
    title = topic.title.strip()
    if not title:
        check.add(_("Un thème n'a pas de titre."), line, f"{path}.title")
    _check_text(check, topic.title, MAX_TITLE_LENGTH, _("Le titre du thème"), line, f"{path}.title")
    _check_text(check, topic.lesson, MAX_TEXT_LENGTH, _("La leçon"), line, f"{path}.lesson")
    if topic.slug is not None:
        if not is_slug(topic.slug):
            check.add(
                _("Le nom court du thème doit être fait de minuscules, de chiffres et de tirets."),
                line,
                f"{path}.slug",
            )
        elif topic.slug in seen_slugs:
            check.add(
                _("Le nom court « %(slug)s » est déjà celui d'un autre thème.", slug=topic.slug),
                line,
                f"{path}.slug",
            )
        else:
            seen_slugs[topic.slug] = path
    if topic.topics and topic.questions:
        check.add(
            _(
                "Le thème « %(title)s » a des sous-thèmes et des questions : "
                "seules les feuilles de l'arbre portent des questions.",
                title=title,
            ),
            line,
            path,
        )
    if not topic.topics and not topic.questions and not topic.lesson.strip():
        check.add(
            _("Le thème « %(title)s » est vide : ni question ni leçon.", title=title),
            line,
            path,
        )
    for index, child in enumerate(topic.topics):
        _check_topic(check, child, f"{path}.topics[{index}]", seen_slugs)
    for index, question in enumerate(topic.questions):
        _check_question(check, question, f"{path}.questions[{index}]")


def _check_question(check: _Checker, question: QuestionDocument, path: str) -> None:
    for name, message in question_problems(
        question.kind,
        question.prompt,
        question.answers,
        question.choices,
        tolerance=question.tolerance,
        tier=question.tier,
        explanation=question.explanation,
    ):
        check.add(message, question.line, f"{path}.{name}")


def _check_images(check: _Checker, document: CourseDocument) -> None:
    known: set[str] = set()
    for index, image in enumerate(document.images):
        path = f"images[{index}]"
        if not DIGEST.match(image.digest):
            check.add(
                _("L'empreinte d'une image doit être un SHA-256 en hexadécimal."), None, f"{path}.digest"
            )
        elif hashlib.sha256(image.data).hexdigest() != image.digest:
            check.add(_("Les octets de l'image ne correspondent pas à son empreinte."), None, f"{path}.data")
        if image.digest in known:
            check.add(_("Cette image apparaît deux fois."), None, f"{path}.digest")
        known.add(image.digest)
        if image.content_type not in IMAGE_EXTENSIONS:
            check.add(
                _(
                    "Type d'image non accepté « %(type)s » (attendu : %(types)s).",
                    type=image.content_type,
                    types=", ".join(IMAGE_EXTENSIONS),
                ),
                None,
                f"{path}.content_type",
            )
        if len(image.name) > 255:
            check.add(_("Le nom d'une image dépasse 255 caractères."), None, f"{path}.name")
    _check_references(check, document, known)


def _check_references(check: _Checker, document: CourseDocument, known: set[str]) -> None:
    def missing(text: str, line: int | None, path: str) -> None:
        for match in IMAGE_REFERENCE.finditer(text):
            if match.group(1) not in known:
                check.add(
                    _(
                        "L'image %(digest)s… est citée mais absente du fichier.",
                        digest=match.group(1)[:12],
                    ),
                    line,
                    path,
                )

    missing(document.description, None, "course.description")
    stack = [(f"topics[{i}]", topic) for i, topic in enumerate(document.topics)]
    while stack:
        path, topic = stack.pop()
        missing(topic.lesson, topic.line, f"{path}.lesson")
        for index, question in enumerate(topic.questions):
            where = f"{path}.questions[{index}]"
            missing(question.prompt, question.line, f"{where}.prompt")
            missing(question.explanation, question.line, f"{where}.explanation")
        stack.extend((f"{path}.topics[{i}]", child) for i, child in enumerate(topic.topics))
