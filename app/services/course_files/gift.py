"""GIFT, Moodle's question text format (docs/course-files.md says which part of it is read).

Reading follows Moodle's rules: blank-line separated blocks, `//` comments, backslash escapes,
`$CATEGORY:` paths that become the topic tree, `::name::`, text formats, the answer block between
the first `{` and the first `}`, and the question type detected in Moodle's order. A block without
braces is a description: it becomes the lesson of its topic. Essay and matching questions have no
equivalent here and are refused with their line.

GIFT has no place for a course's own fields, a question's tier or strict spelling, so LearnAnything
writes them as comments Moodle ignores and reads them back: `// @title:`, `// @description:`,
`// @language:` for the course, `// @slug:` after a `$CATEGORY:`, `// @tier:` and `// @strict:`
before a question.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

import nh3
from flask_babel import gettext as _

from .document import MAX_DEPTH, CourseDocument, QuestionDocument, TopicDocument, format_number
from .problems import Problem

# Escapes are swapped for private-use characters before parsing and restored in each text after.
_ESCAPES = [
    ("\\\\", "\ue000", "\\"),
    ("\\:", "\ue001", ":"),
    ("\\#", "\ue002", "#"),
    ("\\=", "\ue003", "="),
    ("\\{", "\ue004", "{"),
    ("\\}", "\ue005", "}"),
    ("\\~", "\ue006", "~"),
    ("\\n", "\ue007", "\n"),
]
_TEXT_FORMATS = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_NAME = re.compile(r"^::(.*?)::", re.DOTALL)
_ANSWER = re.compile(r"([=~])(%-?\d{1,3}(?:\.\d*)?%)?([^=~]*)")
_DIRECTIVE = re.compile(r"^//\s*@([a-z]+)\s*:\s*(.*)$")
_CATEGORY = "$CATEGORY:"
_NUMBER = r"-?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?"
_NUMERIC_VALUE = re.compile(rf"^({_NUMBER})(?:\s*:\s*({_NUMBER}))?$")
_NUMERIC_RANGE = re.compile(rf"^({_NUMBER})\s*\.\.\s*({_NUMBER})$")
_TRUE = {"T", "TRUE"}
_FALSE = {"F", "FALSE"}


def _protect(text: str) -> str:
    for escape, placeholder, _literal in _ESCAPES:
        text = text.replace(escape, placeholder)
    return text


def _restore(text: str) -> str:
    for _escape, placeholder, literal in _ESCAPES:
        text = text.replace(placeholder, literal)
    return text


def escape(text: str) -> str:
    """`text` written so that a GIFT reader gives it back unchanged (a carriage return excepted)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\\", "\\\\")
    for char in ":#={}~":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


@dataclass
class _Block:
    """The non-comment lines of one block, its first line number and its `// @` directives."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    directives: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.lines[0][0] if self.lines else (self.directives[0][0] if self.directives else 0)

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines).strip()


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current = _Block()
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            if current.lines or current.directives:
                blocks.append(current)
                current = _Block()
            continue
        if stripped.startswith("//"):
            match = _DIRECTIVE.match(stripped)
            if match:
                current.directives.append((number, match.group(1).lower(), match.group(2)))
            continue
        current.lines.append((number, raw))
    if current.lines or current.directives:
        blocks.append(current)
    return blocks


class _Reader:
    """Reads one GIFT file into a CourseDocument, gathering every problem on the way."""

    def __init__(self, default_title: str) -> None:
        self.document = CourseDocument(title=default_title)
        self.problems: list[Problem] = []
        self.topic: TopicDocument | None = None  # where the next question goes; None: not chosen yet

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(message, line=line))

    def current_topic(self, line: int) -> TopicDocument:
        if self.topic is None:
            self.topic = self.document.topic_at([self.document.title.strip() or "?"], line)
        return self.topic

    def read(self, text: str) -> None:
        for block in _blocks(_protect(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))):
            self.read_block(block)

    def read_block(self, block: _Block) -> None:
        lines = list(block.lines)
        question_directives = []
        for number, key, value in block.directives:
            if key in ("title", "description", "language"):
                setattr(self.document, key, _restore(value).strip())
            elif key == "slug" and lines and lines[0][1].strip().startswith(_CATEGORY):
                continue  # applied to the category below
            else:
                question_directives.append((number, key, value))
        if lines and lines[0][1].strip().startswith(_CATEGORY):
            number, category = lines.pop(0)
            self.read_category(number, category.strip()[len(_CATEGORY) :], block.directives)
        if lines:
            rest = _Block(lines=lines)
            self.read_question(rest.line, rest.text, question_directives)

    def read_category(self, line: int, raw: str, directives: list[tuple[int, str, str]]) -> None:
        parts = [_restore(part).replace("//", "/").strip() for part in re.split(r"(?<!/)/(?!/)", raw.strip())]
        if parts and re.fullmatch(r"\$[a-z0-9]+\$", parts[0]):
            parts = parts[1:]  # Moodle's context: $course$/top/…
        if parts and parts[0] == "top":
            parts = parts[1:]
        if len(parts) > MAX_DEPTH:
            self.problem(line, _("L'arbre ne peut pas dépasser %(depth)d niveaux.", depth=MAX_DEPTH))
            self.topic = None
            return
        if not parts or any(not part for part in parts):
            if parts:
                self.problem(line, _("Chemin de catégorie invalide : une partie est vide."))
            self.topic = None
            return
        self.topic = self.document.topic_at(parts, line)
        for _number, key, value in directives:
            if key == "slug":
                self.topic.slug = _restore(value).strip()

    def read_question(self, line: int, text: str, directives: list[tuple[int, str, str]]) -> None:
        name = _NAME.match(text)
        if name:
            text = text[name.end() :].lstrip()
        opening = text.find("{")
        if opening < 0:
            lesson = _plain(text)
            topic = self.current_topic(line)
            topic.lesson = f"{topic.lesson}\n\n{lesson}" if topic.lesson else lesson
            return
        closing = text.find("}", opening)
        if closing < 0:
            self.problem(line, _("Le bloc de réponses ouvert par « { » n'est jamais fermé par « } »."))
            return
        before, inside, after = text[:opening], text[opening + 1 : closing], text[closing + 1 :]
        prompt = _plain(before)
        if after.strip():
            prompt = f"{prompt} _____ {_plain(after)}".strip()
        question = self.read_answers(line, prompt, inside)
        if question is None:
            return
        for number, key, value in directives:
            self.apply_directive(question, number, key, _restore(value).strip())
        self.current_topic(line).questions.append(question)

    def apply_directive(self, question: QuestionDocument, line: int, key: str, value: str) -> None:
        if key == "tier":
            if value in ("1", "2", "3"):
                question.tier = int(value)
            else:
                self.problem(line, _("Le niveau doit être 1, 2 ou 3 (et non « %(tier)s »).", tier=value))
        elif key == "strict":
            if value.lower() in ("true", "false", "oui", "non"):
                question.strict = value.lower() in ("true", "oui")
            else:
                self.problem(line, _("« @strict » vaut true ou false (et non « %(value)s »).", value=value))

    def read_answers(self, line: int, prompt: str, inside: str) -> QuestionDocument | None:
        explanation = ""
        feedback_at = inside.rfind("####")
        if feedback_at >= 0:
            explanation = _restore(inside[feedback_at + 4 :]).strip()
            inside = inside[:feedback_at]
        body = inside.strip()
        if not body:
            self.problem(
                line, _("Les questions à développement (bloc vide « {} ») ne sont pas prises en charge.")
            )
            return None
        if body.startswith("#"):
            return self.read_numeric(line, prompt, body[1:], explanation)
        if "~" in body:
            return self.read_choices(line, prompt, body, explanation)
        if "=" in body and "->" in body:
            self.problem(line, _("Les questions d'appariement (« -> ») ne sont pas prises en charge."))
            return None
        head = body.split("#", 1)[0].strip().upper()
        if head in _TRUE | _FALSE:
            answer = "vrai" if head in _TRUE else "faux"
            return QuestionDocument("truefalse", prompt, [answer], explanation=explanation, line=line)
        answers = [
            text for marker, weight, text in _answers(body) if marker == "=" and _weight(weight) >= 100
        ]
        return QuestionDocument("short", prompt, answers, explanation=explanation, line=line)

    def read_choices(self, line: int, prompt: str, body: str, explanation: str) -> QuestionDocument:
        options = _answers(body)
        choices = [text for _marker, _weight, text in options]
        right = [text for marker, _weight, text in options if marker == "="]
        if right:
            return QuestionDocument("choice", prompt, right, choices, explanation=explanation, line=line)
        right = [text for _marker, weight, text in options if _weight(weight, default=0.0) > 0]
        return QuestionDocument("multiple", prompt, right, choices, explanation=explanation, line=line)

    def read_numeric(self, line: int, prompt: str, body: str, explanation: str) -> QuestionDocument | None:
        body = body.strip()
        tokens = (
            _answers(body)
            if body[:1] in ("=", "~")
            else [("=", None, _restore(body.split("#", 1)[0]).strip())]
        )
        values: list[tuple[str, str | None]] = []
        ranges: list[str] = []
        for marker, weight, text in tokens:
            if marker != "=" or _weight(weight) < 100:
                continue  # a catch-all `~#…` or a partial answer: no partial credit here
            spoken = text.replace(" ", "")
            single, bounds = _NUMERIC_VALUE.match(spoken), _NUMERIC_RANGE.match(spoken)
            if single:
                given = single.group(2)
                values.append((_dot(single.group(1)), _dot(given) if given is not None else None))
            elif bounds:
                ranges.append(f"{_dot(bounds.group(1))}..{_dot(bounds.group(2))}")
            else:
                self.problem(line, _("« %(answer)s » n'est pas un nombre lisible.", answer=text))
                return None
        tolerances = {tolerance for _value, tolerance in values}
        if len(tolerances) <= 1:
            tolerance = next(iter(tolerances), None)
            answers = [value for value, _tolerance in values] + ranges
            return QuestionDocument(
                "numeric",
                prompt,
                answers,
                tolerance=float(tolerance) if tolerance is not None else None,
                explanation=explanation,
                line=line,
            )
        answers = []
        for value, tolerance in values:
            if tolerance is None or float(tolerance) == 0:
                answers.append(value)
            else:
                low, high = float(value) - float(tolerance), float(value) + float(tolerance)
                if not (math.isfinite(low) and math.isfinite(high)):
                    self.problem(line, _("« %(answer)s » n'est pas un nombre lisible.", answer=value))
                    return None
                answers.append(f"{format_number(low)}..{format_number(high)}")
        return QuestionDocument("numeric", prompt, answers + ranges, explanation=explanation, line=line)


def _answers(body: str) -> list[tuple[str, str | None, str]]:
    """(marker, weight, text) of each `=`/`~` answer, its `#feedback` dropped, escapes restored."""
    found: list[tuple[str, str | None, str]] = []
    lead = body.split("=", 1)[0].split("~", 1)[0].strip()
    if lead:
        found.append(("=", None, _restore(lead.split("#", 1)[0]).strip()))
    for match in _ANSWER.finditer(body):
        text = match.group(3).split("#", 1)[0]
        found.append((match.group(1), match.group(2), _restore(text).strip()))
    return found


def _weight(weight: str | None, default: float = 100.0) -> float:
    """An answer's weight in percent: `=` answers are worth 100 by default, `~` ones nothing."""
    return default if weight is None else float(weight.strip("%"))


def _dot(number: str) -> str:
    """A French decimal comma read as the decimal point."""
    return number.replace(",", ".")


def _plain(text: str) -> str:
    """A question or description text without its name and format marker, escapes restored."""
    text = text.strip()
    marker = _TEXT_FORMATS.match(text)
    if marker:
        text = text[marker.end() :]
        if marker.group(1).lower() == "html":
            text = html.unescape(nh3.clean(_restore(text), tags=set()))
            return text.strip()
    return _restore(text).strip()


def read_gift(text: str, default_title: str) -> tuple[CourseDocument, list[Problem]]:
    """Read a GIFT file; the course is titled `default_title` unless the file says `// @title:`."""
    reader = _Reader(default_title)
    reader.read(text)
    return reader.document, reader.problems


# --- writing ------------------------------------------------------------------------------------


def _category(path: list[str]) -> str:
    return "/".join(escape(part).replace("/", "//") for part in path)


def _answer_block(question: QuestionDocument) -> list[str]:
    kind, answers = question.kind, question.answers
    if kind == "truefalse":
        lines = ["TRUE" if answers == ["vrai"] else "FALSE"]
    elif kind == "numeric":
        tolerance = f":{format_number(question.tolerance)}" if question.tolerance is not None else ""
        written = [answer if ".." in answer else f"{answer}{tolerance}" for answer in answers]
        lines = [f"#{written[0]}"] if len(written) == 1 else ["#", *(f"={answer}" for answer in written)]
    elif kind == "choice":
        lines = [("=" if choice in answers else "~") + escape(choice) for choice in question.choices or []]
    elif kind == "multiple":
        share = format_number(round(100 / max(len(answers), 1), 5))
        lines = [
            f"~%{share}%{escape(choice)}" if choice in answers else f"~{escape(choice)}"
            for choice in question.choices or []
        ]
    else:
        lines = [f"={escape(answer)}" for answer in answers]
    if question.explanation:
        lines.append(f"####{escape(question.explanation)}")
    return lines


def write_gift(document: CourseDocument) -> str:
    """The course as GIFT: one `$CATEGORY:` per topic, its lesson as a description, its questions."""
    out = [f"// @title: {escape(document.title)}"]
    if document.description:
        out.append(f"// @description: {escape(document.description)}")
    out.append(f"// @language: {escape(document.language)}")
    for path, topic in document.walk():
        if topic.slug is None and not topic.lesson and not topic.questions and topic.topics:
            continue  # a bare branch: its children's paths create it
        out += ["", f"$CATEGORY: {_category(path)}"]
        if topic.slug is not None:
            out.append(f"// @slug: {topic.slug}")
        if topic.lesson:
            out += ["", f"[markdown]{escape(topic.lesson)}"]
        for question in topic.questions:
            out.append("")
            if question.tier != 1:
                out.append(f"// @tier: {question.tier}")
            if question.strict:
                out.append("// @strict: true")
            out.append(f"[markdown]{escape(question.prompt)} {{")
            out += [f"\t{line}" for line in _answer_block(question)]
            out.append("}")
    return "\n".join(out) + "\n"
