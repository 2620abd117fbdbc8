"""The one in-between shape of a whole course: every format is read into a CourseDocument and
written from one, so a format only knows its own syntax and the importer, the exporter and the
validator know no format.

The dataclasses hold plain values only. `line` (where the thing starts in the file it was read
from) is not part of a document's identity: two documents read from different files compare
equal when they say the same thing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# The kinds a question may have (app.models.QuestionKind values); a reader keeps whatever kind a
# file names and leaves it to validation to refuse an unknown one with its line.
KINDS = ("short", "choice", "multiple", "truefalse", "numeric")

# An image is referenced from Markdown (lessons, prompts, explanations) in one of two forms, kept
# as written: `![alt](image:<digest>)` or the served address `/media/<digest>.<ext>`.
IMAGE_REFERENCE = re.compile(r"(?:image:|/media/)([0-9a-f]{64})(?:\.[a-z]{3,4})?")

# How deep a course tree may go (the seeded courses use four levels).
MAX_DEPTH = 10

IMAGE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}


@dataclass
class QuestionDocument:
    """A question as a file says it (see app.models.Question for the meaning of each field)."""

    kind: str
    prompt: str
    answers: list[str]
    choices: list[str] | None = None
    tolerance: float | None = None
    explanation: str = ""
    tier: int = 1
    strict: bool = False
    line: int | None = field(default=None, compare=False)


@dataclass
class TopicDocument:
    """A node of the course tree: a branch holds topics, a leaf holds questions."""

    title: str
    slug: str | None = None  # None: made from the title when the course is written
    lesson: str = ""
    topics: list[TopicDocument] = field(default_factory=list)
    questions: list[QuestionDocument] = field(default_factory=list)
    line: int | None = field(default=None, compare=False)

    def child(self, title: str, line: int | None = None) -> TopicDocument:
        """The child topic titled `title`, added at the end when there is none yet."""
        for topic in self.topics:
            if topic.title == title:
                return topic
        topic = TopicDocument(title=title, line=line)
        self.topics.append(topic)
        return topic


@dataclass
class ImageDocument:
    """An image of the course, carried with its bytes (only the native JSON format carries them)."""

    digest: str
    content_type: str
    data: bytes
    name: str = ""


@dataclass
class CourseDocument:
    """A whole course: its own fields, its topic tree and its images."""

    title: str
    slug: str | None = None
    description: str = ""
    language: str = "fr"
    published: bool = False
    topics: list[TopicDocument] = field(default_factory=list)
    images: list[ImageDocument] = field(default_factory=list)

    def child(self, title: str, line: int | None = None) -> TopicDocument:
        """The top-level topic titled `title`, added at the end when there is none yet."""
        for topic in self.topics:
            if topic.title == title:
                return topic
        topic = TopicDocument(title=title, line=line)
        self.topics.append(topic)
        return topic

    def topic_at(self, path: list[str], line: int | None = None) -> TopicDocument:
        """The topic at `path` (titles from the top), created with its missing ancestors."""
        topic = self.child(path[0], line)
        for title in path[1:]:
            topic = topic.child(title, line)
        return topic

    def walk(self) -> Iterator[tuple[list[str], TopicDocument]]:
        """Every topic with the titles of its path, parents before children, in document order."""
        stack: list[tuple[list[str], TopicDocument]] = [([t.title], t) for t in reversed(self.topics)]
        while stack:
            path, topic = stack.pop()
            yield path, topic
            stack.extend(([*path, child.title], child) for child in reversed(topic.topics))

    def questions(self) -> Iterator[QuestionDocument]:
        """Every question, in document order."""
        for _, topic in self.walk():
            yield from topic.questions

    def texts(self) -> Iterator[str]:
        """Every Markdown text that may reference an image."""
        yield self.description
        for _, topic in self.walk():
            yield topic.lesson
            for question in topic.questions:
                yield question.prompt
                yield question.explanation


def referenced_digests(document: CourseDocument) -> set[str]:
    """The digests of every image the course's texts reference."""
    return {match.group(1) for text in document.texts() for match in IMAGE_REFERENCE.finditer(text)}


def format_number(value: float) -> str:
    """A number as files write it: `8` rather than `8.0`, `0.5` rather than `5e-01`."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
