"""The native course document: JSON that carries everything a course has (its fields, the topic
tree with lessons, every question field, the images' bytes), so export → import loses nothing.

Its JSON Schema is `course-document.schema.json` beside this module (also in docs/, and served at
GET /api/v1/schemas/course-document.json). Reading checks the same rules by hand and names each
problem by its path, `topics[0].questions[3].tier`; unknown fields are refused so a misspelt one
is not silently dropped.
"""

from __future__ import annotations

import base64
import binascii
import json
from importlib import resources
from typing import Any

from flask_babel import gettext as _

from .document import MAX_DEPTH, CourseDocument, ImageDocument, QuestionDocument, TopicDocument
from .problems import Problem

FORMAT_VERSION = 1
SCHEMA_FILE = "course-document.schema.json"
SCHEMA_PATH = "/api/v1/schemas/course-document.json"

_COURSE_FIELDS = {"slug", "title", "description", "language", "published"}
_TOPIC_FIELDS = {"slug", "title", "lesson", "topics", "questions"}
_QUESTION_FIELDS = {"kind", "prompt", "answers", "choices", "tolerance", "explanation", "tier", "strict"}
_IMAGE_FIELDS = {"digest", "content_type", "name", "data"}


def schema_text() -> str:
    """The JSON Schema of the native document, as shipped with the package."""
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(message, path=path))

    def object(self, value: Any, path: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.problem(path, _("Un objet JSON était attendu."))
            return {}
        for name in sorted(set(value) - allowed):
            self.problem(f"{path}.{name}" if path else name, _("Champ inconnu."))
        for name in sorted(required - set(value)):
            self.problem(f"{path}.{name}" if path else name, _("Champ obligatoire manquant."))
        return value

    def text(self, data: dict[str, Any], name: str, path: str, default: str = "") -> str:
        value = data.get(name, default)
        if not isinstance(value, str):
            self.problem(f"{path}.{name}", _("Un texte était attendu."))
            return default
        return value

    def texts(self, data: dict[str, Any], name: str, path: str) -> list[str] | None:
        value = data.get(name)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(f"{path}.{name}", _("Une liste de textes était attendue."))
            return []
        return list(value)

    def boolean(self, data: dict[str, Any], name: str, path: str) -> bool:
        value = data.get(name, False)
        if not isinstance(value, bool):
            self.problem(f"{path}.{name}", _("true ou false était attendu."))
            return False
        return value

    def course(self, data: Any) -> CourseDocument:
        root = self.object(
            data,
            "",
            {"$schema", "format_version", "course", "topics", "images"},
            {"format_version", "course", "topics"},
        )
        if root and root.get("format_version") != FORMAT_VERSION:
            self.problem("format_version", _("Version de format inconnue : seule la version 1 est lue."))
        if "$schema" in root and not isinstance(root["$schema"], str):
            self.problem("$schema", _("Un texte était attendu."))
        fields = self.object(root.get("course", {}), "course", _COURSE_FIELDS, {"title"})
        slug = fields.get("slug")
        if slug is not None and not isinstance(slug, str):
            self.problem("course.slug", _("Un texte était attendu."))
            slug = None
        document = CourseDocument(
            title=self.text(fields, "title", "course"),
            slug=slug,
            description=self.text(fields, "description", "course"),
            language=self.text(fields, "language", "course", "fr"),
            published=self.boolean(fields, "published", "course"),
        )
        document.topics = self.topics(root.get("topics", []), "topics")
        images = root.get("images", [])
        if not isinstance(images, list):
            self.problem("images", _("Une liste était attendue."))
            images = []
        document.images = [self.image(image, f"images[{index}]") for index, image in enumerate(images)]
        return document

    def topics(self, value: Any, path: str, depth: int = 1) -> list[TopicDocument]:
        if not isinstance(value, list):
            self.problem(path, _("Une liste était attendue."))
            return []
        if value and depth > MAX_DEPTH:
            self.problem(path, _("L'arbre ne peut pas dépasser %(depth)d niveaux.", depth=MAX_DEPTH))
            return []
        return [self.topic(item, f"{path}[{index}]", depth) for index, item in enumerate(value)]

    def topic(self, value: Any, path: str, depth: int = 1) -> TopicDocument:
        data = self.object(value, path, _TOPIC_FIELDS, {"title"})
        slug = data.get("slug")
        if slug is not None and not isinstance(slug, str):
            self.problem(f"{path}.slug", _("Un texte était attendu."))
            slug = None
        questions = data.get("questions", [])
        if not isinstance(questions, list):
            self.problem(f"{path}.questions", _("Une liste était attendue."))
            questions = []
        return TopicDocument(
            title=self.text(data, "title", path),
            slug=slug,
            lesson=self.text(data, "lesson", path),
            topics=self.topics(data.get("topics", []), f"{path}.topics", depth + 1),
            questions=[
                self.question(item, f"{path}.questions[{index}]") for index, item in enumerate(questions)
            ],
        )

    def question(self, value: Any, path: str) -> QuestionDocument:
        data = self.object(value, path, _QUESTION_FIELDS, {"kind", "prompt", "answers"})
        tier = data.get("tier", 1)
        if not isinstance(tier, int) or isinstance(tier, bool):
            self.problem(f"{path}.tier", _("Le niveau doit être 1, 2 ou 3."))
            tier = 1
        tolerance = data.get("tolerance")
        if tolerance is not None and (not isinstance(tolerance, int | float) or isinstance(tolerance, bool)):
            self.problem(f"{path}.tolerance", _("Un nombre était attendu."))
            tolerance = None
        try:
            tolerance = float(tolerance) if tolerance is not None else None
        except OverflowError:
            self.problem(f"{path}.tolerance", _("La tolérance doit être un nombre positif ou nul."))
            tolerance = None
        return QuestionDocument(
            kind=self.text(data, "kind", path),
            prompt=self.text(data, "prompt", path),
            answers=self.texts(data, "answers", path) or [],
            choices=self.texts(data, "choices", path),
            tolerance=tolerance,
            explanation=self.text(data, "explanation", path),
            tier=tier,
            strict=self.boolean(data, "strict", path),
        )

    def image(self, value: Any, path: str) -> ImageDocument:
        data = self.object(value, path, _IMAGE_FIELDS, {"digest", "content_type", "data"})
        encoded = self.text(data, "data", path)
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            self.problem(f"{path}.data", _("Les octets de l'image doivent être en base64."))
            raw = b""
        return ImageDocument(
            digest=self.text(data, "digest", path),
            content_type=self.text(data, "content_type", path),
            data=raw,
            name=self.text(data, "name", path),
        )


def read_native(text: str) -> tuple[CourseDocument, list[Problem]]:
    """Read a native course document; a JSON syntax error is reported with its line."""
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        message = _("JSON illisible : %(reason)s (colonne %(column)d).", reason=error.msg, column=error.colno)
        return CourseDocument(title=""), [Problem(message, line=error.lineno)]
    except RecursionError:
        return CourseDocument(title=""), [Problem(_("JSON trop profondément imbriqué."), line=1)]
    reader = _Reader()
    document = reader.course(data)
    return document, reader.problems


def document_data(document: CourseDocument, schema_url: str = SCHEMA_PATH) -> dict[str, Any]:
    """The native document as JSON-ready data."""

    def topic(node: TopicDocument) -> dict[str, Any]:
        data: dict[str, Any] = {"title": node.title}
        if node.slug is not None:
            data["slug"] = node.slug
        data["lesson"] = node.lesson
        if node.topics:
            data["topics"] = [topic(child) for child in node.topics]
        if node.questions or not node.topics:
            data["questions"] = [question(item) for item in node.questions]
        return data

    def question(item: QuestionDocument) -> dict[str, Any]:
        return {
            "kind": item.kind,
            "prompt": item.prompt,
            "answers": item.answers,
            "choices": item.choices,
            "tolerance": item.tolerance,
            "explanation": item.explanation,
            "tier": item.tier,
            "strict": item.strict,
        }

    course: dict[str, Any] = {"title": document.title}
    if document.slug is not None:
        course["slug"] = document.slug
    course.update(description=document.description, language=document.language, published=document.published)
    return {
        "$schema": schema_url,
        "format_version": FORMAT_VERSION,
        "course": course,
        "topics": [topic(node) for node in document.topics],
        "images": [
            {
                "digest": image.digest,
                "content_type": image.content_type,
                "name": image.name,
                "data": base64.b64encode(image.data).decode("ascii"),
            }
            for image in document.images
        ],
    }


def write_native(document: CourseDocument, schema_url: str = SCHEMA_PATH) -> str:
    """The native document as indented UTF-8 JSON (accents kept readable)."""
    return json.dumps(document_data(document, schema_url), ensure_ascii=False, indent=2) + "\n"
