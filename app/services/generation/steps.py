"""What each step of a generation asks the model for (a JSON Schema derived from the course
document's own schema) and how its answer is checked (the native reader and the import validator,
the same code an imported file goes through, plus the few rules of a generation).

Each `check_*` function takes the model's text and returns what it means and the problems found;
a problem names the field of the answer (`questions[2].answers`) so it can be sent back to the
model as is.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask_babel import gettext as _

from ..course_files.document import IMAGE_REFERENCE, KINDS, CourseDocument, QuestionDocument, TopicDocument
from ..course_files.native import FORMAT_VERSION, read_native, schema_text
from ..course_files.problems import Problem
from ..course_files.validate import MAX_TEXT_LENGTH, validate_document
from ..question_rules import TIERS
from .sources import Passage, quotes

MAX_OUTLINE_DEPTH = 3  # course → parts → chapters → leaves is deep enough for a generated course
MAX_QUOTE_LENGTH = 300

_FENCE = re.compile(r"^\s*```(?:json)?\s*\n(.*)\n\s*```\s*$", re.DOTALL)


@dataclass
class Leaf:
    """A leaf of the outline: its topic (lesson and questions filled by the next steps), its path
    of titles, and the passages of the source it is built from."""

    topic: TopicDocument
    path: list[str]
    passages: list[int] = field(default_factory=list)


@dataclass
class Outline:
    """The course the outline step describes: the document (tree only) and its leaves in order."""

    document: CourseDocument
    leaves: list[Leaf]


@cache
def _course_schema() -> dict[str, Any]:
    return dict(json.loads(schema_text()))


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of a part of the course-document schema, without its default value."""
    part = copy.deepcopy(schema)
    part.pop("default", None)
    return part


def outline_schema(with_passages: bool) -> dict[str, Any]:
    """The outline step's answer: the course's title, description and tree of topic titles."""
    course = _course_schema()["properties"]["course"]["properties"]
    topic_fields = _course_schema()["$defs"]["topic"]["properties"]
    topic: dict[str, Any] = {
        "type": "object",
        "required": ["title"],
        "additionalProperties": False,
        "properties": {
            "title": _plain(topic_fields["title"]),
            "topics": {"type": "array", "items": {"$ref": "#/$defs/outline_topic"}},
        },
    }
    if with_passages:
        topic["properties"]["passages"] = {
            "type": "array",
            "items": {"type": "integer", "minimum": 1},
            "description": "Numbers of the source passages this leaf is built from.",
        }
    return {
        "type": "object",
        "required": ["title", "description", "topics"],
        "additionalProperties": False,
        "properties": {
            "title": _plain(course["title"]),
            "description": {"type": "string"},
            "topics": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/outline_topic"}},
        },
        "$defs": {"outline_topic": topic},
    }


def lesson_schema() -> dict[str, Any]:
    """The lesson step's answer: the Markdown lesson of one leaf."""
    lesson = _plain(_course_schema()["$defs"]["topic"]["properties"]["lesson"])
    lesson.update(minLength=1, maxLength=MAX_TEXT_LENGTH)
    return {
        "type": "object",
        "required": ["lesson"],
        "additionalProperties": False,
        "properties": {"lesson": lesson},
    }


def questions_schema(count: int, with_source: bool) -> dict[str, Any]:
    """The questions step's answer: `count` questions of the course document's own shape."""
    question = _plain(_course_schema()["$defs"]["question"])
    question["properties"] = {name: _plain(value) for name, value in question["properties"].items()}
    question["properties"]["explanation"].update(minLength=1)
    question["required"] = ["kind", "prompt", "answers", "explanation", "tier"]
    if with_source:
        question["properties"]["source"] = {
            "type": "object",
            "required": ["passage", "quote"],
            "additionalProperties": False,
            "description": "Where the question comes from: a passage number and a sentence copied from it.",
            "properties": {
                "passage": {"type": "integer", "minimum": 1},
                "quote": {"type": "string", "minLength": 1, "maxLength": MAX_QUOTE_LENGTH},
            },
        }
        question["required"].append("source")
    return {
        "type": "object",
        "required": ["questions"],
        "additionalProperties": False,
        "properties": {
            "questions": {"type": "array", "minItems": count, "maxItems": count, "items": question}
        },
    }


def parse_json(text: str) -> tuple[dict[str, Any], list[Problem]]:
    """The answer as a JSON object (a Markdown code fence around it is tolerated), or why it is not one."""
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return {}, [Problem(_("La réponse n'est pas du JSON valide : %(reason)s.", reason=error.msg))]
    except RecursionError:
        return {}, [Problem(_("La réponse n'est pas du JSON valide : trop d'imbrication."))]
    if not isinstance(data, dict):
        return {}, [Problem(_("La réponse doit être un objet JSON."))]
    return data, []


def _relative(problems: list[Problem], prefix: str, replacement: str = "") -> list[Problem]:
    """The problems with their path relative to the model's answer rather than the whole document."""
    found = []
    for problem in problems:
        path = problem.path
        if path is not None and path.startswith(prefix):
            path = replacement + path[len(prefix) :].lstrip(".")
        found.append(Problem(problem.message, line=problem.line, path=path))
    return found


def check_outline(
    text: str, *, language: str, leaves_wanted: int, passage_count: int
) -> tuple[Outline, list[Problem]]:
    """The outline the answer describes, checked: readable as course topics, depth, leaf count, passages."""
    nothing = Outline(CourseDocument(title=""), [])
    data, problems = parse_json(text)
    if problems:
        return nothing, problems
    unknown = sorted(set(data) - {"title", "description", "topics"})
    problems += [Problem(_("Champ inconnu."), path=name) for name in unknown]
    cited: dict[str, list[int]] = {}

    def strip_passages(nodes: Any, path: str, depth: int) -> None:
        if not isinstance(nodes, list):
            return
        for index, node in enumerate(nodes):
            where = f"{path}[{index}]"
            if not isinstance(node, dict):
                continue
            numbers = node.pop("passages", None)
            if numbers is not None:
                if not isinstance(numbers, list) or not all(
                    isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= passage_count
                    for n in numbers
                ):
                    problems.append(
                        Problem(
                            _(
                                "Les passages cités doivent être des numéros de 1 à %(count)d.",
                                count=passage_count,
                            ),
                            path=f"{where}.passages",
                        )
                    )
                else:
                    cited[where] = list(numbers)
            if depth >= MAX_OUTLINE_DEPTH and node.get("topics"):
                problems.append(
                    Problem(
                        _("Le plan ne doit pas dépasser %(depth)d niveaux.", depth=MAX_OUTLINE_DEPTH),
                        path=f"{where}.topics",
                    )
                )
            strip_passages(node.get("topics"), f"{where}.topics", depth + 1)

    strip_passages(data.get("topics"), "topics", 1)
    course = {
        "title": data.get("title", ""),
        "description": data.get("description", ""),
        "language": language,
    }
    native = {"format_version": FORMAT_VERSION, "course": course, "topics": data.get("topics", [])}
    document, read_problems = read_native(json.dumps(native))
    problems += _relative(read_problems, "course.")
    if not document.title.strip():
        problems.append(Problem(_("Le cours n'a pas de titre."), path="title"))
    leaves: list[Leaf] = []
    stack: list[tuple[str, list[str], TopicDocument]] = [
        (f"topics[{i}]", [t.title], t) for i, t in reversed(list(enumerate(document.topics)))
    ]
    while stack:
        where, titles, topic = stack.pop()
        if not topic.title.strip():
            problems.append(Problem(_("Un thème n'a pas de titre."), path=f"{where}.title"))
        if topic.topics:
            stack += [
                (f"{where}.topics[{i}]", [*titles, child.title], child)
                for i, child in reversed(list(enumerate(topic.topics)))
            ]
        else:
            leaves.append(Leaf(topic, titles, cited.get(where, [])))
    if not problems and len(leaves) != leaves_wanted:
        problems.append(
            Problem(
                _(
                    "Le plan a %(count)d feuilles (thèmes sans sous-thème) au lieu de %(wanted)d.",
                    count=len(leaves),
                    wanted=leaves_wanted,
                ),
                path="topics",
            )
        )
    if problems:
        return nothing, problems
    return Outline(document, leaves), []


def check_lesson(text: str) -> tuple[str, list[Problem]]:
    """The Markdown lesson of the answer, checked as the import checks a lesson."""
    data, problems = parse_json(text)
    if problems:
        return "", problems
    unknown = sorted(set(data) - {"lesson"})
    problems += [Problem(_("Champ inconnu."), path=name) for name in unknown]
    lesson = data.get("lesson")
    if not isinstance(lesson, str):
        return "", [*problems, Problem(_("Un texte était attendu."), path="lesson")]
    lesson = lesson.strip()
    if not lesson:
        problems.append(Problem(_("La leçon est vide."), path="lesson"))
    if len(lesson) > MAX_TEXT_LENGTH:
        problems.append(
            Problem(
                _("%(field)s dépasse %(limit)d caractères.", field=_("La leçon"), limit=MAX_TEXT_LENGTH),
                path="lesson",
            )
        )
    if "\x00" in lesson:
        problems.append(
            Problem(_("%(field)s contient un caractère interdit (NUL).", field=_("La leçon")), path="lesson")
        )
    if IMAGE_REFERENCE.search(lesson):
        problems.append(Problem(_("Une leçon générée ne cite aucune image."), path="lesson"))
    return lesson, problems


def check_questions(
    text: str, *, leaf: Leaf, count: int, passages: list[Passage] | None
) -> tuple[list[QuestionDocument], list[Problem]]:
    """The questions of the answer, checked by the import validator (question_rules included), with
    the kinds and tiers a leaf must cover and, with a source, a real quote of a given passage each."""
    data, problems = parse_json(text)
    if problems:
        return [], problems
    unknown = sorted(set(data) - {"questions"})
    problems += [Problem(_("Champ inconnu."), path=name) for name in unknown]
    items = data.get("questions")
    if not isinstance(items, list):
        return [], [*problems, Problem(_("Une liste était attendue."), path="questions")]
    citations: dict[int, tuple[int, str]] = {}
    for index, item in enumerate(items):
        if isinstance(item, dict):
            source = item.pop("source", None)
            if passages is not None:
                citation, problem = _citation(source, passages, f"questions[{index}].source")
                if problem:
                    problems.append(problem)
                elif citation:
                    citations[index] = citation
    native = {
        "format_version": FORMAT_VERSION,
        "course": {"title": "-"},
        "topics": [{"title": leaf.topic.title or "-", "lesson": leaf.topic.lesson, "questions": items}],
    }
    document, read_problems = read_native(json.dumps(native))
    if not read_problems:
        read_problems = validate_document(document)
    problems += _relative(read_problems, "topics[0].")
    questions = document.topics[0].questions if document.topics else []
    if len(questions) != count:
        problems.append(
            Problem(
                _(
                    "Il faut exactement %(wanted)d questions, pas %(count)d.",
                    wanted=count,
                    count=len(questions),
                ),
                path="questions",
            )
        )
    kinds = {question.kind for question in questions}
    missing_kinds = [kind for kind in KINDS if kind not in kinds]
    if len(kinds) < min(count, len(KINDS)):
        problems.append(
            Problem(
                _("Variez les types de questions : il manque %(kinds)s.", kinds=", ".join(missing_kinds)),
                path="questions",
            )
        )
    tiers = {question.tier for question in questions}
    if len(tiers) < min(count, len(TIERS)):
        problems.append(
            Problem(
                _(
                    "Répartissez les questions sur les niveaux 1, 2 et 3 (niveaux présents : %(tiers)s).",
                    tiers=", ".join(str(tier) for tier in sorted(tiers)) or "-",
                ),
                path="questions",
            )
        )
    if problems:
        return [], problems
    for index, (number, quote) in citations.items():
        questions[
            index
        ].explanation = f"{questions[index].explanation.strip()}\n\n{citation_line(number, quote)}"
    return questions, []


def citation_line(number: int, quote: str) -> str:
    """How a generated question keeps where it came from: a last paragraph of its explanation."""
    return _("Source : passage %(number)d, « %(quote)s »", number=number, quote=" ".join(quote.split()))


def _citation(
    source: Any, passages: list[Passage], path: str
) -> tuple[tuple[int, str] | None, Problem | None]:
    if not isinstance(source, dict) or not isinstance(source.get("passage"), int):
        return None, Problem(_("Indiquez le numéro du passage et une phrase citée mot pour mot."), path=path)
    number, quote = source["passage"], source.get("quote")
    passage = next((p for p in passages if p.number == number), None)
    if passage is None:
        given = ", ".join(str(p.number) for p in passages)
        return None, Problem(
            _(
                "Le passage %(number)s n'est pas l'un de ceux fournis (%(given)s).",
                number=number,
                given=given,
            ),
            path=f"{path}.passage",
        )
    if not isinstance(quote, str) or len(quote) > MAX_QUOTE_LENGTH or not quotes(passage, quote):
        return None, Problem(
            _("La citation n'est pas recopiée mot pour mot du passage %(number)d.", number=number),
            path=f"{path}.quote",
        )
    return (number, quote.strip()), None


def problem_lines(problems: list[Problem]) -> list[str]:
    """The problems as lines for the follow-up message to the model and for the author."""
    return [
        f"{problem.path} : {problem.message}" if problem.path else problem.message for problem in problems
    ]
