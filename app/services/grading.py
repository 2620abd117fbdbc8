"""Tolerant grading of free-text answers: one service, table-tested (tests/unit/test_grading*.py).

Both sides are normalised first (Unicode NFKC and case folding, typographic apostrophes, œ/æ,
accents, punctuation, extra spaces, one leading article, decimal comma). Then:

* CORRECT — the normalised answer is an accepted one; lists match in any order ("spirale,
  elliptique, irrégulière"); a number inside an accepted range ("100-400 milliards") or, for a
  numeric question, within the tolerance.
* ALMOST — accepted with a note showing the right spelling: an optimal-string-alignment distance
  (a transposition counts as one) of at most 0 for 1–2 letters, 1 for 3–5, 2 beyond, minus
  (tier − 1) — but never when the typed answer is another known answer of the same quiz or a wrong
  choice: that is a different answer, not a typo.
* INCORRECT — anything else, blank answers included.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..models import QuestionKind, Verdict

# "l'" and "d'" become the words "l" and "d" once apostrophes are turned into spaces.
ARTICLES = frozenset({"les", "le", "la", "l", "un", "une", "des", "du", "de", "d", "the", "a", "an"})
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ı": "i"})
DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "−": "-"})

_NUMBER = r"\d+(?:\.\d+)?"
_DECIMAL_COMMA = re.compile(r"(?<=\d)[,.](?=\d)")
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")
_RANGE = re.compile(
    rf"^(?:entre |between |from |de )?({_NUMBER}) ?(?:-|a|à|et|and|to) ?({_NUMBER})(?: (.*))?$"
)
_SINGLE_NUMBER = re.compile(rf"^(?:environ |about |around |approximately |~)?(-?{_NUMBER})(?: (.*))?$")
_LIST_SPLIT = re.compile(r" ?(?:,|;|/) ?| (?:et|and) ")

TRUE_WORDS = frozenset({"vrai", "v", "true", "t", "oui", "yes", "o", "y"})
FALSE_WORDS = frozenset({"faux", "f", "false", "non", "no", "n"})


@dataclass(frozen=True)
class Grade:
    """A verdict and the accepted answer to show the learner (the one they meant)."""

    verdict: Verdict
    expected: str


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """The comparable form of an answer; normalising twice changes nothing."""
    text = _strip_accents(unicodedata.normalize("NFKC", text or ""))
    text = _strip_accents(unicodedata.normalize("NFKC", text.casefold()))
    text = text.translate(APOSTROPHES).translate(LIGATURES).translate(DASHES)
    text = _DECIMAL_COMMA.sub(".", text)
    text = text.replace("'", " ")
    # Keep letters, digits, the decimal point inside numbers and dashes between numbers (ranges);
    # commas, semicolons and slashes separate the items of a list; everything else separates words.
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    text = re.sub(r"-(?!\d)", " ", text)
    text = re.sub(r"[^\w.\-,;/ ]+|_", " ", text)
    text = re.sub(r"\s*([,;/])[\s,;/]*", r"\1 ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;/")
    text = _THOUSANDS.sub("", text)  # "1 500" → "1500"
    return _drop_article(text)


def _drop_article(text: str) -> str:
    """Drop the leading article ("l inflation" → "inflation"), never the whole answer. Articles are
    dropped until none leads, so that normalising twice changes nothing."""
    while True:
        head, _, rest = text.partition(" ")
        if head in ARTICLES and rest.strip():
            text = rest.lstrip()
            continue
        return text


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a transposition counts as one), stopping past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def typo_allowance(expected: str, tier: int = 1) -> int:
    """Edits tolerated for an answer of this (normalised) length, stricter at higher tiers."""
    letters = len(expected.replace(" ", ""))
    base = 0 if letters <= 2 else 1 if letters <= 5 else 2
    return max(0, base - (max(tier, 1) - 1))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _is_near(given: str, expected: str, tier: int) -> bool:
    """A typo away: letters may slip, numbers never (1600 is not a typo of 1500)."""
    if _digits(given) != _digits(expected):
        return False
    allowance = typo_allowance(expected, tier)
    return allowance > 0 and edit_distance(given, expected, allowance) <= allowance


def _items(text: str) -> list[str]:
    return [item for item in (_drop_article(part.strip()) for part in _LIST_SPLIT.split(text)) if item]


def _strip_separators(text: str) -> str:
    return re.sub(r"\s*[,;/]\s*", " ", text).strip()


def _same_list(given: str, expected: str, tier: int) -> Verdict | None:
    """Lists of several items, in any order: CORRECT, ALMOST (typos in items) or None."""
    wanted, typed = _items(expected), _items(given)
    if len(wanted) < 2 or len(wanted) != len(typed):
        return None
    if sorted(wanted) == sorted(typed):
        return Verdict.CORRECT
    remaining = list(wanted)
    for item in typed:
        match = next((w for w in remaining if w == item), None) or next(
            (w for w in remaining if _is_near(item, w, tier)), None
        )
        if match is None:
            return None
        remaining.remove(match)
    return Verdict.ALMOST


def _parse_range(text: str) -> tuple[float, float, str] | None:
    match = _RANGE.match(text)
    if not match:
        return None
    low, high = sorted((float(match.group(1)), float(match.group(2))))
    return low, high, match.group(3) or ""


def _parse_number(text: str) -> tuple[float, str] | None:
    match = _SINGLE_NUMBER.match(text)
    if not match:
        return None
    return float(match.group(1)), match.group(2) or ""


def _units_verdict(given: str, expected: str, tier: int) -> Verdict | None:
    if given == expected or not expected:
        return Verdict.CORRECT
    return Verdict.ALMOST if _is_near(given, expected, tier) else None


def _in_range(given: str, expected: str, tier: int) -> Verdict | None:
    """ "250 milliards" or "entre 100 et 400 milliards" against "100-400 milliards": CORRECT,
    ALMOST when the unit has a typo, None when it does not match."""
    accepted = _parse_range(expected)
    if accepted is None:
        return None
    low, high, unit = accepted
    as_range = _parse_range(given)
    if as_range is not None:
        same = (as_range[0], as_range[1]) == (low, high)
        return _units_verdict(as_range[2], unit, tier) if same else None
    number = _parse_number(given)
    if number is None or not low <= number[0] <= high:
        return None
    return _units_verdict(number[1], unit, tier)


def _numeric_match(given: str, expected: str, tolerance: float | None) -> bool:
    if _parse_range(expected) is not None:
        return _in_range(given, expected, tier=1) is not None
    wanted, typed = _parse_number(expected), _parse_number(given)
    if wanted is None or typed is None:
        return False
    return abs(typed[0] - wanted[0]) <= (tolerance or 0.0) + 1e-9


def _truth(text: str) -> bool | None:
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def grade_answer(
    kind: QuestionKind,
    accepted: Sequence[str],
    given: str,
    *,
    tier: int = 1,
    tolerance: float | None = None,
    choices: Sequence[str] | None = None,
    other_answers: Sequence[str] = (),
) -> Grade:
    """Grade one answer against the accepted ones (see the module docstring for the rules)."""
    canonical = accepted[0] if accepted else ""
    typed = normalise(given)
    if not typed or not accepted:
        return Grade(Verdict.INCORRECT, canonical)

    if kind is QuestionKind.TRUE_FALSE:
        truth = _truth(typed)
        ok = truth is not None and truth == _truth(normalise(canonical))
        return Grade(Verdict.CORRECT if ok else Verdict.INCORRECT, canonical)

    if kind is QuestionKind.NUMERIC:
        for answer in accepted:
            if _numeric_match(typed, normalise(answer), tolerance):
                return Grade(Verdict.CORRECT, answer)
        return Grade(Verdict.INCORRECT, canonical)

    normalised = [(answer, normalise(answer)) for answer in accepted]
    for answer, wanted in normalised:
        if typed == wanted or _strip_separators(typed) == _strip_separators(wanted):
            return Grade(Verdict.CORRECT, answer)
    for answer, wanted in normalised:
        if _in_range(typed, wanted, tier) is Verdict.CORRECT:
            return Grade(Verdict.CORRECT, answer)
    for answer, wanted in normalised:
        verdict = _same_list(typed, wanted, tier)
        if verdict is Verdict.CORRECT:
            return Grade(verdict, answer)

    # A different known answer (of another question, or a wrong choice) is never a typo.
    accepted_forms = {wanted for _, wanted in normalised}
    known_others = {normalise(other) for other in other_answers} | {
        normalise(choice) for choice in choices or () if normalise(choice) not in accepted_forms
    }
    known_others -= accepted_forms
    if typed in known_others or any(_is_near(typed, other, tier) for other in known_others):
        nearest_typo = min(
            (edit_distance(typed, wanted, 3) for _, wanted in normalised),
            default=99,
        )
        nearest_other = min((edit_distance(typed, other, 3) for other in known_others), default=99)
        if typed in known_others or nearest_other <= nearest_typo:
            return Grade(Verdict.INCORRECT, canonical)

    for answer, wanted in normalised:
        if _is_near(typed, wanted, tier):
            return Grade(Verdict.ALMOST, answer)
    for answer, wanted in normalised:
        if Verdict.ALMOST in (_same_list(typed, wanted, tier), _in_range(typed, wanted, tier)):
            return Grade(Verdict.ALMOST, answer)
    return Grade(Verdict.INCORRECT, canonical)
