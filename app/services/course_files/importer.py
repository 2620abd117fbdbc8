"""Write a course document as a new course, in one transaction, all or nothing.

The whole file is read and validated first (every problem reported at once); then the course,
its topics (one bulk insert per level of the tree) and its questions (one bulk insert) are written
and committed together. A single bad question means nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from slugify import slugify
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from ...auth.models import User
from ...extensions import db
from ...models import Course, CourseImage, Question, QuestionKind, Topic
from ..errors import Conflict
from .document import CourseDocument, TopicDocument
from .formats import CourseFormat, read_document
from .image_files import upload_folder, write_image
from .problems import CourseFileInvalid
from .validate import MAX_SLUG_LENGTH, validate_document

# Apostrophes (straight and typographic) separate words: « l'étoile » → l-etoile.
_SLUG_REPLACEMENTS = [["'", " "], ["’", " "]]


def make_slug(text: str, fallback: str) -> str:
    """A URL slug from a French title: accents and ligatures spelt out (œ → oe), apostrophes split."""
    slug = slugify(text, max_length=MAX_SLUG_LENGTH - 4, replacements=_SLUG_REPLACEMENTS)
    return slug or fallback


def free_slug(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base-2`, `base-3`… the first one not in `taken`."""
    used = set(taken)
    if base not in used:
        return base
    number = 2
    while f"{base}-{number}" in used:
        number += 1
    return f"{base}-{number}"


@dataclass
class TopicCount:
    """How many questions one leaf of an imported course received."""

    path: str
    slug: str
    questions: int


@dataclass
class ImportResult:
    """The new course and what it holds."""

    course_id: int
    slug: str
    title: str
    topics: int
    questions: int
    images: int
    per_topic: list[TopicCount] = field(default_factory=list)

    def counts(self) -> dict[str, object]:
        """The counts as the API reports them."""
        return {
            "topics": self.topics,
            "questions": self.questions,
            "images": self.images,
            "per_topic": [vars(count) for count in self.per_topic],
        }


def import_file(
    data: bytes, filename: str, fmt: CourseFormat | None, author: User | None, *, publish: bool = False
) -> ImportResult:
    """Read, validate and write a course file; CourseFileInvalid lists every problem otherwise."""
    document, problems = read_document(data, filename, fmt)
    if document.topics or not problems:  # an unreadable file has nothing more to check
        problems = problems + validate_document(document)
    if problems:
        raise CourseFileInvalid(problems)
    return import_document(document, author, publish=publish)


def import_document(document: CourseDocument, author: User | None, *, publish: bool = False) -> ImportResult:
    """Write a valid document as a new course of `author` (a draft unless `publish`)."""
    problems = validate_document(document)
    if problems:
        raise CourseFileInvalid(problems)
    try:
        result = _write(document, author, publish)
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict(_("Un cours porte déjà ce nom court : réessayez.")) from error
    except BaseException:
        db.session.rollback()
        raise
    return result


def _write(document: CourseDocument, author: User | None, publish: bool) -> ImportResult:
    base = make_slug(document.slug or document.title, "cours")
    taken = db.session.scalars(select(Course.slug).where(Course.slug.like(f"{base}%")))
    course = Course(
        slug=free_slug(base, taken),
        title=document.title.strip(),
        description=document.description,
        language=document.language.strip(),
        published=publish,
        author_id=author.id if author is not None else None,
    )
    db.session.add(course)
    db.session.flush()

    slugs = _topic_slugs(document)
    question_rows: list[dict[str, object]] = []
    topic_count = 0
    level: list[tuple[list[str], TopicDocument, int | None, int]] = [
        ([topic.title], topic, None, position) for position, topic in enumerate(document.topics)
    ]
    while level:
        rows = [
            {
                "course_id": course.id,
                "parent_id": parent_id,
                "position": position,
                "slug": slugs[id(topic)],
                "title": topic.title.strip(),
                "lesson": topic.lesson,
            }
            for _path, topic, parent_id, position in level
        ]
        ids = db.session.scalars(insert(Topic).returning(Topic.id, sort_by_parameter_order=True), rows).all()
        topic_count += len(ids)
        next_level: list[tuple[list[str], TopicDocument, int | None, int]] = []
        for (path, topic, _parent, _position), topic_id in zip(level, ids, strict=True):
            next_level += [
                ([*path, child.title], child, topic_id, index) for index, child in enumerate(topic.topics)
            ]
            question_rows += [
                {
                    "topic_id": topic_id,
                    "position": index,
                    "kind": QuestionKind(question.kind),
                    "prompt": question.prompt,
                    "answers": question.answers,
                    "choices": question.choices,
                    "tolerance": question.tolerance,
                    "explanation": question.explanation,
                    "tier": question.tier,
                    "strict": question.strict,
                }
                for index, question in enumerate(topic.questions)
            ]
        level = next_level
    if question_rows:
        db.session.execute(insert(Question), question_rows)
    if document.images:
        db.session.execute(
            insert(CourseImage),
            [
                {
                    "course_id": course.id,
                    "digest": image.digest,
                    "content_type": image.content_type,
                    "byte_size": len(image.data),
                    "original_name": image.name,
                    "uploaded_by": author.id if author is not None else None,
                }
                for image in document.images
            ],
        )
        folder = upload_folder()
        for image in document.images:
            # Written before the commit: a failed commit leaves an unused file, never a row without one.
            write_image(folder, image.digest, image.content_type, image.data)
    per_topic = [
        TopicCount(" / ".join(path), slugs[id(topic)], len(topic.questions))
        for path, topic in document.walk()
        if not topic.topics
    ]
    return ImportResult(
        course_id=course.id,
        slug=course.slug,
        title=course.title,
        topics=topic_count,
        questions=len(question_rows),
        images=len(document.images),
        per_topic=per_topic,
    )


def _topic_slugs(document: CourseDocument) -> dict[int, str]:
    """A slug for every topic (by identity): the document's own, else one made from its title."""
    topics = [topic for _path, topic in document.walk()]
    taken = {topic.slug for topic in topics if topic.slug}
    slugs: dict[int, str] = {}
    for topic in topics:
        if topic.slug:
            slugs[id(topic)] = topic.slug
        else:
            slug = free_slug(make_slug(topic.title, "theme"), taken)
            taken.add(slug)
            slugs[id(topic)] = slug
    return slugs
