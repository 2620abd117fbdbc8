"""Aiken, the plainest multiple-choice format: a question line, options `A.` or `A)`, then
`ANSWER: B`. It knows nothing but single-answer choice questions, so reading gives one topic named
after the course, and writing keeps only the course's choice questions with one right option
(`omitted` counts the others)."""

from __future__ import annotations

import re
import string

from flask_babel import gettext as _

from .document import CourseDocument, QuestionDocument
from .problems import Problem

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)


def read_aiken(text: str, default_title: str) -> tuple[CourseDocument, list[Problem]]:
    """Read an Aiken file into a course of one topic titled like the course."""
    document = CourseDocument(title=default_title)
    topic = document.topic_at([default_title.strip() or "?"], 1)
    problems: list[Problem] = []
    prompt: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if answer:
            letter = answer.group(1).strip().upper()
            given = dict(options)
            if not prompt:
                problems.append(Problem(_("« ANSWER: » sans question avant lui."), line=number))
            elif letter not in given:
                problems.append(
                    Problem(
                        _("La réponse « %(letter)s » n'est pas l'une des options.", letter=letter), line=start
                    )
                )
            else:
                topic.questions.append(
                    QuestionDocument(
                        "choice",
                        "\n".join(prompt),
                        [given[letter]],
                        [text for _letter, text in options],
                        line=start,
                    )
                )
            prompt, options = [], []
        elif option and prompt:
            options.append((option.group(1), option.group(2).strip()))
        elif options:
            problems.append(Problem(_("La question n'a pas de ligne « ANSWER: »."), line=start))
            prompt, options, start = [line], [], number
        else:
            if not prompt:
                start = number
            prompt.append(line)
    if prompt:
        problems.append(Problem(_("La question n'a pas de ligne « ANSWER: »."), line=start))
    return document, problems


def exportable(question: QuestionDocument) -> bool:
    """True for what Aiken can say: a choice question with one right option."""
    return question.kind == "choice" and len(question.answers) == 1 and bool(question.choices)


def omitted(document: CourseDocument) -> int:
    """How many questions of the course an Aiken export leaves out."""
    return sum(1 for question in document.questions() if not exportable(question))


def write_aiken(document: CourseDocument) -> str:
    """The course's single-answer choice questions as Aiken (line breaks become spaces)."""
    out: list[str] = []
    for question in document.questions():
        if not exportable(question):
            continue
        choices = question.choices or []
        out.append(" ".join(question.prompt.split("\n")))
        for letter, choice in zip(string.ascii_uppercase, choices, strict=False):
            out.append(f"{letter}. {' '.join(choice.split(chr(10)))}")
        out.append(f"ANSWER: {string.ascii_uppercase[choices.index(question.answers[0])]}")
        out.append("")
    return "\n".join(out)
