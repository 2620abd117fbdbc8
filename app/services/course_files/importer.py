"""Write a course document as a new course, in one transaction, all or nothing.

The whole file is read and validated first (every problem reported at once); then the course,
its topics (one bulk insert per level of the tree) and its questions (one bulk insert) are written
and committed together. A single bad question means nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from ...auth.models import User
from ...extensions import db
from ...models import Course, CourseImage, Question, QuestionKind, Topic
from ..errors import Conflict
from ..slugs import free_slug, slugify
from .document import CourseDocument, TopicDocument
from .formats import CourseFormat, read_document
from .image_files import upload_folder, write_image
from .problems import CourseFileInvalid, Problem
from .validate import validate_document


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


@dataclass
class ImportPreview:
    """What importing a file would create, and every problem that stops it, before anything is written."""

    title: str
    topics: int
    questions: int
    images: int
    per_topic: list[TopicCount]
    problems: list[Problem]


def _checked(data: bytes, filename: str, fmt: CourseFormat | None) -> tuple[CourseDocument, list[Problem]]:
    """Read a course file and list every problem of what was read."""
    document, problems = read_document(data, filename, fmt)
    if document.topics or not problems:  # an unreadable file has nothing more to check
        problems = problems + validate_document(document)
    return document, problems


def preview_file(data: bytes, filename: str, fmt: CourseFormat | None) -> ImportPreview:
    """Read and validate a course file without writing anything: the counts per leaf and the problems."""
    document, problems = _checked(data, filename, fmt)
    leaves = [(path, topic) for path, topic in document.walk() if not topic.topics]
    return ImportPreview(
        title=document.title,
        topics=sum(1 for _ in document.walk()),
        questions=sum(len(topic.questions) for _path, topic in leaves),
        images=len(document.images),
        per_topic=[
            TopicCount(" / ".join(path), topic.slug or "", len(topic.questions)) for path, topic in leaves
        ],
        problems=problems,
    )


def import_file(
    data: bytes, filename: str, fmt: CourseFormat | None, author: User | None, *, publish: bool = False
) -> ImportResult:
    """Read, validate and write a course file; CourseFileInvalid lists every problem otherwise."""
    document, problems = _checked(data, filename, fmt)
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
    base = slugify(document.slug or document.title, "cours")
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
            slug = free_slug(slugify(topic.title, "theme"), taken)
            taken.add(slug)
            slugs[id(topic)] = slug
    return slugs
