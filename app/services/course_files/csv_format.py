"""Spreadsheets: one row per question under a header row (docs/course-files.md has the layout).

Columns, in any order, in English or French: path (`Branche/Feuille`), kind, prompt, answers,
choices, explanation, tier, strict, and the optional tolerance. A row whose kind is `lesson` gives
its topic's lesson instead of a question. Cells are split by `|` (answers, choices) and `/` (the
path); a backslash keeps either literal (`\\|`, `\\/`, `\\\\`). Comma or semicolon separated, as
French spreadsheets write them; the file is UTF-8 with or without a byte-order mark.
"""

from __future__ import annotations

import csv
import io
import re

from flask_babel import gettext as _

from .document import MAX_DEPTH, CourseDocument, QuestionDocument, format_number
from .problems import Problem

COLUMNS = ("path", "kind", "prompt", "answers", "choices", "explanation", "tier", "strict", "tolerance")
REQUIRED = ("path", "prompt")
_ALIASES = {
    "path": "path",
    "chemin": "path",
    "thème": "path",
    "theme": "path",
    "kind": "kind",
    "type": "kind",
    "prompt": "prompt",
    "question": "prompt",
    "énoncé": "prompt",
    "enonce": "prompt",
    "answers": "answers",
    "réponses": "answers",
    "reponses": "answers",
    "choices": "choices",
    "choix": "choices",
    "explanation": "explanation",
    "explication": "explanation",
    "tier": "tier",
    "niveau": "tier",
    "strict": "strict",
    "tolerance": "tolerance",
    "tolérance": "tolerance",
}
_KINDS = {
    "short": "short",
    "court": "short",
    "courte": "short",
    "réponse courte": "short",
    "choice": "choice",
    "choix": "choice",
    "qcm": "choice",
    "multiple": "multiple",
    "choix multiples": "multiple",
    "truefalse": "truefalse",
    "vrai/faux": "truefalse",
    "vrai-faux": "truefalse",
    "numeric": "numeric",
    "numérique": "numeric",
    "nombre": "numeric",
    "lesson": "lesson",
    "leçon": "lesson",
    "lecon": "lesson",
}
_TRUTHS = {
    "vrai": "vrai",
    "true": "vrai",
    "v": "vrai",
    "oui": "vrai",
    "faux": "faux",
    "false": "faux",
    "f": "faux",
    "non": "faux",
}
_YES = {"oui", "true", "vrai", "1", "yes"}
_NO = {"", "non", "false", "faux", "0", "no"}
_FRENCH_NUMBER = re.compile(r"^-?\d+,\d+$")


def split_cell(cell: str, separator: str) -> list[str]:
    """The parts of a cell split on `separator`, a backslash keeping the next character literal."""
    if not cell.strip():
        return []
    parts, current, chars = [], [], iter(cell)
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == separator:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def join_cell(parts: list[str], separator: str) -> str:
    """`parts` in one cell, each separator and backslash inside a part escaped."""
    return separator.join(part.replace("\\", "\\\\").replace(separator, "\\" + separator) for part in parts)


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _number(text: str) -> str:
    return text.replace(",", ".") if _FRENCH_NUMBER.match(text) else text


def read_csv(text: str, default_title: str) -> tuple[CourseDocument, list[Problem]]:
    """Read a spreadsheet into a course titled `default_title`."""
    text = text.lstrip("\ufeff")
    document = CourseDocument(title=default_title)
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader, None)
    except csv.Error as error:
        return document, [Problem(_("Ligne illisible : %(reason)s.", reason=str(error)), line=1)]
    if header is None:
        return document, [Problem(_("Le fichier est vide."), line=1)]
    names = [_ALIASES.get(name.strip().lower(), name.strip()) for name in header]
    unknown = [name for name in names if name and name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in names]
    if unknown or missing:
        if unknown:
            problems.append(
                Problem(
                    _(
                        "Colonnes inconnues : %(names)s (attendues : %(columns)s).",
                        names=", ".join(unknown),
                        columns=", ".join(COLUMNS),
                    ),
                    line=1,
                )
            )
        if missing:
            problems.append(Problem(_("Colonnes manquantes : %(names)s.", names=", ".join(missing)), line=1))
        return document, problems
    start = reader.line_num + 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            cells = dict(zip(names, row, strict=False))
            _read_row(document, problems, cells, line)
    except csv.Error as error:
        problems.append(Problem(_("Ligne illisible : %(reason)s.", reason=str(error)), line=start))
    return document, problems


def _read_row(document: CourseDocument, problems: list[Problem], cells: dict[str, str], line: int) -> None:
    def cell(name: str) -> str:
        return cells.get(name, "").strip()

    path = split_cell(cell("path"), "/")
    if not path or any(not part for part in path):
        problems.append(Problem(_("Le chemin du thème est vide ou a une partie vide."), line=line))
        return
    if len(path) > MAX_DEPTH:
        problems.append(
            Problem(_("L'arbre ne peut pas dépasser %(depth)d niveaux.", depth=MAX_DEPTH), line=line)
        )
        return
    topic = document.topic_at(path, line)
    raw_kind = cell("kind").lower()
    choices = split_cell(cell("choices"), "|")
    kind = _KINDS.get(raw_kind, raw_kind) if raw_kind else ("choice" if choices else "short")
    if kind == "lesson":
        topic.lesson = f"{topic.lesson}\n\n{cell('prompt')}" if topic.lesson else cell("prompt")
        return
    answers = split_cell(cell("answers"), "|")
    if kind == "truefalse":
        answers = [_TRUTHS.get(answer.lower(), answer) for answer in answers]
    if kind == "numeric":
        answers = [_number(answer) for answer in answers]
    question = QuestionDocument(
        kind, cell("prompt"), answers, choices or None, explanation=cell("explanation"), line=line
    )
    tier = cell("tier")
    if tier:
        if tier in ("1", "2", "3"):
            question.tier = int(tier)
        else:
            problems.append(
                Problem(_("Le niveau doit être 1, 2 ou 3 (et non « %(tier)s »).", tier=tier), line=line)
            )
    strict = cell("strict").lower()
    if strict in _YES:
        question.strict = True
    elif strict not in _NO:
        problems.append(
            Problem(_("La colonne strict vaut oui ou non (et non « %(value)s »).", value=strict), line=line)
        )
    tolerance = cell("tolerance")
    if tolerance:
        try:
            question.tolerance = float(tolerance.replace(",", "."))
        except ValueError:
            problems.append(
                Problem(_("La tolérance « %(value)s » n'est pas un nombre.", value=tolerance), line=line)
            )
    topic.questions.append(question)


def write_csv(document: CourseDocument, delimiter: str = ";") -> str:
    """The course as a spreadsheet (semicolons and a byte-order mark, as French spreadsheets like)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for path, topic in document.walk():
        where = join_cell(path, "/")
        if topic.lesson:
            writer.writerow([where, "lesson", topic.lesson, "", "", "", "", "", ""])
        for question in topic.questions:
            writer.writerow(
                [
                    where,
                    question.kind,
                    question.prompt,
                    join_cell(question.answers, "|"),
                    join_cell(question.choices or [], "|"),
                    question.explanation,
                    str(question.tier),
                    "oui" if question.strict else "non",
                    format_number(question.tolerance) if question.tolerance is not None else "",
                ]
            )
    return "\ufeff" + buffer.getvalue()
