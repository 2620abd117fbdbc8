"""Read a course back into a document and write it in any format.

Every format but Aiken carries the whole tree; Aiken carries only the single-answer choice
questions, and the export says how many it left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from ...extensions import db
from ...models import Course, CourseImage, Question, Topic
from .aiken import omitted, write_aiken
from .csv_format import write_csv
from .document import CourseDocument, ImageDocument, QuestionDocument, TopicDocument
from .formats import CourseFormat
from .gift import write_gift
from .image_files import read_image, upload_folder
from .native import SCHEMA_PATH, write_native

MEDIA_TYPES = {
    CourseFormat.GIFT: "text/plain; charset=utf-8",
    CourseFormat.AIKEN: "text/plain; charset=utf-8",
    CourseFormat.CSV: "text/csv; charset=utf-8",
    CourseFormat.JSON: "application/json",
}
FILE_EXTENSIONS = {
    CourseFormat.GIFT: "gift",
    CourseFormat.AIKEN: "txt",
    CourseFormat.CSV: "csv",
    CourseFormat.JSON: "json",
}


@dataclass
class ExportedFile:
    """A course written in one format, ready to be saved or sent."""

    content: str
    filename: str
    media_type: str
    omitted: int = 0  # questions the format cannot carry (Aiken only)


def course_document(course: Course) -> CourseDocument:
    """Everything `course` holds, as a document (three queries, whatever its size)."""
    topics = db.session.scalars(
        select(Topic).where(Topic.course_id == course.id).order_by(Topic.position, Topic.id)
    ).all()
    questions = db.session.scalars(
        select(Question)
        .join(Topic, Question.topic_id == Topic.id)
        .where(Topic.course_id == course.id)
        .order_by(Question.topic_id, Question.position, Question.id)
    ).all()
    by_topic: dict[int, list[QuestionDocument]] = defaultdict(list)
    for question in questions:
        by_topic[question.topic_id].append(
            QuestionDocument(
                kind=question.kind.value,
                prompt=question.prompt,
                answers=list(question.answers),
                choices=list(question.choices) if question.choices is not None else None,
                tolerance=question.tolerance,
                explanation=question.explanation,
                tier=question.tier,
                strict=question.strict,
            )
        )
    nodes = {
        topic.id: TopicDocument(
            title=topic.title, slug=topic.slug, lesson=topic.lesson, questions=by_topic[topic.id]
        )
        for topic in topics
    }
    roots: list[TopicDocument] = []
    for topic in topics:
        parent = nodes.get(topic.parent_id) if topic.parent_id is not None else None
        (parent.topics if parent is not None else roots).append(nodes[topic.id])
    folder = upload_folder()
    images = []
    for image in db.session.scalars(
        select(CourseImage).where(CourseImage.course_id == course.id).order_by(CourseImage.id)
    ):
        data = read_image(folder, image.digest, image.content_type)
        if data is not None:
            images.append(ImageDocument(image.digest, image.content_type, data, image.original_name))
    return CourseDocument(
        title=course.title,
        slug=course.slug,
        description=course.description,
        language=course.language,
        published=course.published,
        topics=roots,
        images=images,
    )


def write_document(document: CourseDocument, fmt: CourseFormat, schema_url: str = SCHEMA_PATH) -> str:
    """`document` written in `fmt`."""
    if fmt is CourseFormat.GIFT:
        return write_gift(document)
    if fmt is CourseFormat.AIKEN:
        return write_aiken(document)
    if fmt is CourseFormat.CSV:
        return write_csv(document)
    return write_native(document, schema_url)


def export_course(course: Course, fmt: CourseFormat, schema_url: str = SCHEMA_PATH) -> ExportedFile:
    """The course as a file in `fmt`, named after its slug."""
    document = course_document(course)
    return ExportedFile(
        content=write_document(document, fmt, schema_url),
        filename=f"{course.slug}.{FILE_EXTENSIONS[fmt]}",
        media_type=MEDIA_TYPES[fmt],
        omitted=omitted(document) if fmt is CourseFormat.AIKEN else 0,
    )
