"""What a question must be to be asked and graded — every rule written once.

The API's schema (routes/api/schemas/questions.py), the studio's write path and publish checks
(services/authoring.py, course_checks.py) and the course importer (course_files/validate.py) all
ask `question_problems`; each only frames the answer its own way (a field error in the JSON
envelope, a message beside a form field, a line number in a file). The grader's bounds
(services/grading.py) are these limits too. The rules are listed for people in
docs/learning-rules.md, "What a question must be".
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from flask_babel import gettext as _

from ..models import QuestionKind

MAX_ANSWERS = 20  # accepted answers of a question
MAX_ANSWER_LENGTH = 200  # characters of one accepted answer or one choice
MIN_CHOICES = 2
MAX_CHOICES = 12
MAX_PROMPT_LENGTH = 5000
MAX_EXPLANATION_LENGTH = 10_000
TIERS = (1, 2, 3)
TRUTH_VALUES = ("vrai", "faux")  # a true/false question's only answers

NUMBER = r"-?\d+(?:[.,]\d+)?"
NUMERIC_VALUE = re.compile(rf"^\s*{NUMBER}\s*$")
NUMERIC_RANGE = re.compile(rf"^\s*({NUMBER})\s*\.\.\s*({NUMBER})\s*$")

Problems = list[tuple[str, str]]
"""(field, message) pairs, in the order the fields appear on a form."""


def numeric_range(text: str) -> tuple[float, float] | None:
    """`min..max` as two numbers (None when `text` is not a range)."""
    match = NUMERIC_RANGE.match(text)
    return (_number(match[1]), _number(match[2])) if match else None


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def question_problems(
    kind: QuestionKind | str,
    prompt: str,
    answers: Sequence[str],
    choices: Sequence[str] | None,
    *,
    tolerance: float | None = None,
    tier: object = 1,
    explanation: str = "",
) -> Problems:
    """Everything wrong with a question, as (field, message) pairs (empty when it can be asked)."""
    problems: Problems = []
    known = _kind(kind)
    if known is None:
        problems.append(
            (
                "kind",
                _(
                    "Type de question inconnu « %(kind)s » (attendu : %(kinds)s).",
                    kind=kind,
                    kinds=", ".join(member.value for member in QuestionKind),
                ),
            )
        )
    if not prompt.strip():
        problems.append(("prompt", _("L'énoncé est vide.")))
    problems += _text_problems("prompt", prompt, MAX_PROMPT_LENGTH, _("L'énoncé"))
    problems += _answer_problems(known, answers)
    if known in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
        problems += _choice_problems(known, answers, choices or [])
    elif choices:
        problems.append(("choices", _("Seules les questions à choix ont des choix.")))
    if tolerance is not None:
        if known is not QuestionKind.NUMERIC:
            problems.append(("tolerance", _("Seules les questions numériques ont une tolérance.")))
        elif not math.isfinite(tolerance) or tolerance < 0:
            problems.append(("tolerance", _("La tolérance doit être un nombre positif ou nul.")))
    problems += _text_problems("explanation", explanation, MAX_EXPLANATION_LENGTH, _("L'explication"))
    if isinstance(tier, bool) or tier not in TIERS:
        problems.append(("tier", _("Le niveau doit être 1, 2 ou 3 (et non « %(tier)s »).", tier=tier)))
    return problems


def _kind(kind: QuestionKind | str) -> QuestionKind | None:
    try:
        return QuestionKind(kind)
    except ValueError:
        return None


def _text_problems(name: str, text: str, limit: int, label: str) -> Problems:
    problems: Problems = []
    if "\x00" in text:
        problems.append((name, _("%(field)s contient un caractère interdit (NUL).", field=label)))
    if len(text) > limit:
        problems.append((name, _("%(field)s dépasse %(limit)d caractères.", field=label, limit=limit)))
    return problems


def _answer_problems(kind: QuestionKind | None, answers: Sequence[str]) -> Problems:
    problems: Problems = []

    def add(message: str) -> None:
        problems.append(("answers", message))

    written = [answer for answer in answers if answer.strip()]
    if kind is QuestionKind.TRUE_FALSE:
        if list(answers) not in ([value] for value in TRUTH_VALUES):
            add(_("Une question vrai/faux a pour réponse « vrai » ou « faux »."))
        return problems
    if len(written) < len(answers):
        add(_("Une réponse acceptée est vide."))
    elif not answers:
        if kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
            add(_("Indiquez la bonne réponse."))
        elif kind is QuestionKind.NUMERIC:
            add(_("Indiquez la valeur attendue."))
        else:
            add(_("Indiquez au moins une réponse acceptée."))
    if len(answers) > MAX_ANSWERS:
        add(
            _(
                "Trop de réponses acceptées : %(count)d (au plus %(limit)d).",
                count=len(answers),
                limit=MAX_ANSWERS,
            )
        )
    for answer in answers:
        if len(answer) > MAX_ANSWER_LENGTH:
            add(
                _(
                    "Une réponse dépasse %(limit)d caractères : « %(start)s… ».",
                    limit=MAX_ANSWER_LENGTH,
                    start=answer[:30],
                )
            )
        if "\x00" in answer:
            add(_("Une réponse contient un caractère interdit (NUL)."))
    if kind is QuestionKind.NUMERIC:
        for answer in written:
            bounds = numeric_range(answer)
            if bounds is None and not NUMERIC_VALUE.match(answer):
                add(
                    _(
                        "« %(answer)s » n'est pas un nombre ni un intervalle « min..max ».",
                        answer=answer,
                    )
                )
            elif bounds is not None and bounds[0] > bounds[1]:
                add(_("Dans un intervalle min..max, min ne dépasse pas max."))
    return problems


def _choice_problems(kind: QuestionKind, answers: Sequence[str], choices: Sequence[str]) -> Problems:
    # The grader matches a typed option in this form; importing here keeps grading free to use
    # this module's limits as its own bounds.
    from .grading import literal

    problems: Problems = []

    def add(name: str, message: str) -> None:
        problems.append((name, message))

    if len(choices) < MIN_CHOICES:
        add("choices", _("Une question à choix a besoin d'au moins deux choix."))
    if len(choices) > MAX_CHOICES:
        add(
            "choices",
            _("Trop de choix : %(count)d (au plus %(limit)d).", count=len(choices), limit=MAX_CHOICES),
        )
    seen: set[str] = set()
    for choice in choices:
        if not choice.strip():
            add("choices", _("Un choix est vide."))
        elif len(choice) > MAX_ANSWER_LENGTH:
            add("choices", _("Un choix dépasse %(limit)d caractères.", limit=MAX_ANSWER_LENGTH))
        if "\x00" in choice:
            add("choices", _("Un choix contient un caractère interdit (NUL)."))
        key = literal(choice)
        if key and key in seen:
            add("choices", _("Le choix « %(choice)s » apparaît deux fois.", choice=choice))
        seen.add(key)
    for answer in answers:
        if answer.strip() and answer not in choices:
            add("answers", _("La réponse « %(answer)s » n'est pas l'un des choix.", answer=answer))
    if kind is QuestionKind.CHOICE and len(answers) > 1:
        add("answers", _("Une question à choix unique a exactement une bonne réponse."))
    return problems


def problems_by_field(problems: Problems) -> dict[str, list[str]]:
    """The problems grouped per field, as forms and the JSON error envelope show them."""
    grouped: dict[str, list[str]] = {}
    for name, message in problems:
        grouped.setdefault(name, []).append(message)
    return grouped
