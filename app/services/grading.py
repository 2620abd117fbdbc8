"""Grading: options picked by index, free text graded tolerantly — but tolerance never removes
meaning. One service, table-tested (tests/unit/test_grading*.py); the rules are written down as a
table in docs/learning-rules.md §1.

* Choice questions are graded by what was picked, never by how close a text is: `choice` → one
  index, `multiple` → a set of indexes (all right and no wrong → CORRECT; at least one right and
  a single mistake → ALMOST; else INCORRECT), `truefalse` → true or false. Text sent for a choice
  question is matched *exactly* to an option's text (case and spacing aside), never fuzzily.
* Free text is normalised (case, apostrophes, ligatures, punctuation, spacing, one leading
  article, decimal comma) but digits, signs and operators (+ - × ÷ / * ^ = < >) and the order of
  numbers are kept: `x^2 - 4` is not `x^2 + 4`, `4/5` is not `5/4`.
* CORRECT — the same answer; a list in any order (when it holds no number); a number inside an
  accepted range or, for a numeric question, within the tolerance.
* ALMOST — a missing (or misplaced) accent, or a typo in the letters only, within an allowance
  that depends on the number of letters and shrinks with the tier. Never for a strict question,
  and never when the typed answer is (or is nearer to) another known answer of the leaf or one
  of the question's choices: that is a different answer, not a slip.
* INCORRECT — anything else, blank answers included.

Fuzzy matching is bounded: rapidfuzz's optimal-string-alignment distance with a cutoff costs
O(length × allowed edits) at most, answers are compared only when their lengths are within the
allowance, at most MAX_ANSWERS accepted answers (the question rule, services/question_rules.py) and
MAX_OTHER_ANSWERS sibling answers are looked at.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from rapidfuzz.distance import OSA

from ..models import QuestionKind, Verdict
from .question_rules import MAX_ANSWERS

# "l'" and "d'" become the words "l" and "d" once apostrophes are turned into spaces.
ARTICLES = frozenset({"les", "le", "la", "l", "un", "une", "des", "du", "de", "d", "the", "a", "an"})
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ı": "i"})
# Dashes are minus signs or hyphens; the multiplication and division signs have ASCII twins.
SIGNS = str.maketrans({"–": "-", "—": "-", "‑": "-", "−": "-", "×": "*", "·": "*", "÷": "/", "⁄": "/"})
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

# Beyond these, an answer is refused or not looked at (see docs/learning-rules.md §1).
MAX_OTHER_ANSWERS = 200  # sibling answers compared with a typed answer
MAX_LIST_ITEMS = 12  # items of a list compared one by one for typos

_NUMBER = r"\d+(?:\.\d+)?"
_DECIMAL_COMMA = re.compile(r"[,.](?<=\d[,.])(?=\d)")
_THOUSANDS = re.compile(r" (?<=\d )(?=\d{3}\b)")
_SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_AROUND_OPERATOR = re.compile(r" ?([+\-*/^=<>]) ?")
_LETTER = r"[^\W\d_]"
_HYPHEN = re.compile(rf"-(?<={_LETTER}-)(?={_LETTER})")
_RANGE = re.compile(
    rf"^(?:entre |between |from |de )?({_NUMBER}) ?(?:-|a|à|et|and|to) ?({_NUMBER})(?: (.*))?$"
)
_DOTTED_RANGE = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*\.\.\s*(-?\d+(?:[.,]\d+)?)\s*$")
_SINGLE_NUMBER = re.compile(rf"^(?:environ |about |around |approximately |~)?(-?{_NUMBER})(?: (.*))?$")
_LIST_SPLIT = re.compile(r" ?[,;] ?| (?:et|and) ")
_LETTER_RUNS = re.compile(rf"{_LETTER}+(?: {_LETTER}+)*")

TRUE_WORDS = frozenset({"vrai", "v", "true", "t", "oui", "yes", "o", "y"})
FALSE_WORDS = frozenset({"faux", "f", "false", "non", "no", "n"})
TRUE_FALSE_OPTIONS = ("vrai", "faux")  # a true/false question's options, by index


@dataclass(frozen=True)
class Grade:
    """A verdict and the accepted answer to show the learner (the one they meant)."""

    verdict: Verdict
    expected: str


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_SPECIAL = re.compile("[" + "".join(chr(code) for code in {**APOSTROPHES, **LIGATURES, **SIGNS}) + "]")
_SPECIALS = {chr(code): value for code, value in {**APOSTROPHES, **LIGATURES, **SIGNS}.items()}
_POINT = re.compile(r"\.(?:(?!\d)|(?<!\d\.))")
_NOISE = re.compile(r"[^\w\u0300-\u036f.,;+\-*/^=<> ]+|_")  # accents that stay apart stay
_BEFORE_SEPARATOR = re.compile(r"\s+(?=[,;])")
_COMMA = re.compile(r",[\s,;]*")
_SEMICOLON = re.compile(r";[\s,;]*")
_SPACES = re.compile(r"\s+")
_OPERATOR = re.compile(r"[+\-*/^=<>]")
_DIGIT = re.compile(r"\d")
_AROUND_SEPARATOR = re.compile(r"\s*[,;]\s*")


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _COMBINING.sub("", unicodedata.normalize("NFD", text)))


def _superscripts(match: re.Match[str]) -> str:
    return "^" + match.group(0).translate(SUPERSCRIPTS)


@lru_cache(maxsize=8192)
def literal(text: str) -> str:
    """The form a strict question (and an option's text) is compared in: only case, apostrophe
    style and spacing are ignored."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text or "").casefold())
    text = text.translate(APOSTROPHES)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """The comparable form of a free-text answer, accents kept; normalising twice changes nothing.

    Digits, signs and operators stay; so does the order of everything."""
    text = _SUPERSCRIPT_RUN.sub(_superscripts, text or "")  # x² → x^2
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    text = unicodedata.normalize("NFC", _SPECIAL.sub(lambda match: _SPECIALS[match.group(0)], text))
    if "." in text or "," in text:
        text = _POINT.sub(" ", _DECIMAL_COMMA.sub(".", text))
    # Keep letters, digits, the decimal point inside numbers and the operators; commas and
    # semicolons separate the items of a list; everything else separates words.
    text = _NOISE.sub(" ", text.replace("'", " "))
    if "," in text or ";" in text:
        text = _SEMICOLON.sub("; ", _COMMA.sub(", ", _BEFORE_SEPARATOR.sub("", text)))
    text = " ".join(text.split()).strip(" ,;")
    if _OPERATOR.search(text):
        text = _AROUND_OPERATOR.sub(r"\1", text)  # "x^2 - 4" → "x^2-4"
        text = _HYPHEN.sub(" ", text)  # a hyphen between letters joins words: "peut-être" → "peut être"
    if " " in text and _DIGIT.search(text):
        text = _THOUSANDS.sub("", text)  # "1 500" → "1500"
    text = " ".join(text.split()).strip(" ,;")
    return _drop_article(text)


@lru_cache(maxsize=8192)
def bare(text: str) -> str:
    """The normalised form without its accents (to tell a missing accent from a different word)."""
    return _unaccent(normalise(text))


def _unaccent(normalised: str) -> str:
    # "ǣ" → "æ" → "ae"; "à 10" → "a 10" → "10", as "a 10" itself normalises
    if normalised.isascii():
        return normalised
    return _drop_article(_strip_accents(normalised).translate(LIGATURES))


def clear_caches() -> None:
    """Forget every normalised form computed so far (to measure a cold grading)."""
    for cached in (literal, normalise, bare, _shape):
        cached.cache_clear()


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
    """Optimal string alignment distance (a transposition counts as one), `limit + 1` past `limit`.

    Costs O(len × limit) at most: rapidfuzz stops at the cutoff, and lengths further apart than
    the limit are not compared at all."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    return int(OSA.distance(a, b, score_cutoff=limit))


def typo_allowance(expected: str, tier: int = 1) -> int:
    """Edits tolerated for an answer with this many letters, stricter at higher tiers."""
    letters = sum(1 for _ in islice(filter(str.isalpha, expected), 6))  # 6 letters or more: all the same
    base = 0 if letters <= 2 else 1 if letters <= 5 else 2
    return max(0, base - (max(tier, 1) - 1))


@lru_cache(maxsize=8192)
def _shape(text: str) -> str:
    """What a typo must leave alone: digits, signs, operators and where they stand among the words."""
    return _LETTER_RUNS.sub("L", text)


def _is_near(given: str, expected: str, tier: int) -> bool:
    """A typo away (both sides bare): letters may slip, digits and operators never (1600 is not
    a typo of 1500, x+4 not one of x-4)."""
    if abs(len(given) - len(expected)) > 2:  # more than any allowance
        return False
    allowance = typo_allowance(expected, tier)
    if allowance == 0 or abs(len(given) - len(expected)) > allowance:
        return False
    return _shape(given) == _shape(expected) and edit_distance(given, expected, allowance) <= allowance


def _items(text: str) -> list[str]:
    return [item for item in (_drop_article(part.strip()) for part in _LIST_SPLIT.split(text)) if item]


def _strip_separators(text: str) -> str:
    return _AROUND_SEPARATOR.sub(" ", text).strip() if "," in text or ";" in text else text


def _same_list(given: str, expected: str, tier: int, *, fuzzy: bool = True) -> Verdict | None:
    """Lists of several items in any order: CORRECT, ALMOST (typos in items, when `fuzzy`) or None.
    A list holding numbers or operators keeps its order: only a list of words may be reordered."""
    if re.search(r"[\d+\-*/^=<>]", expected):
        return None
    wanted, typed = _items(expected), _items(given)
    if len(wanted) < 2 or len(wanted) != len(typed):
        return None
    if sorted(wanted) == sorted(typed):
        return Verdict.CORRECT
    if not fuzzy or len(wanted) > MAX_LIST_ITEMS:
        return None
    remaining = list(wanted)
    for item in sorted(typed, key=lambda item: item not in remaining):  # exact items first
        match = next((w for w in remaining if w == item), None) or next(
            (w for w in remaining if _is_near(item, w, tier)), None
        )
        if match is None:
            return None
        remaining.remove(match)
    return Verdict.ALMOST


def _parse_range(text: str) -> tuple[float, float, str] | None:
    """ "100-400 milliards", "entre 100 et 400" → (100, 400, unit)."""
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
    ALMOST when the unit has a typo, None when it does not match (both sides bare)."""
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


def _numeric_match(given: str, expected_raw: str, tolerance: float | None) -> bool:
    """A number within the tolerance of the expected value, or inside "min..max" / "min-max"."""
    dotted = _DOTTED_RANGE.match(expected_raw)
    typed = _parse_number(given)
    if dotted is not None:
        low, high = sorted(float(bound.replace(",", ".")) for bound in dotted.groups())
        return typed is not None and low - 1e-9 <= typed[0] <= high + 1e-9
    expected = bare(expected_raw)
    if _parse_range(expected) is not None:
        return _in_range(given, expected, tier=1) is not None
    wanted = _parse_number(expected)
    if wanted is None or typed is None:
        return False
    return abs(typed[0] - wanted[0]) <= (tolerance or 0.0) + 1e-9


def _truth(text: str) -> bool | None:
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


# --- options picked ---------------------------------------------------------------------------


def options_of(kind: QuestionKind, choices: Sequence[str] | None) -> list[str]:
    """The options a learner picks from, by index: a choice question's choices, or vrai/faux."""
    if kind is QuestionKind.TRUE_FALSE:
        return list(TRUE_FALSE_OPTIONS)
    if kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
        return list(choices or ())
    return []


def right_options(kind: QuestionKind, accepted: Sequence[str], choices: Sequence[str] | None) -> set[int]:
    """The indexes of the right options (for true/false, the one the accepted answer names)."""
    if kind is QuestionKind.TRUE_FALSE:
        truth = _truth(normalise(accepted[0])) if accepted else None
        return {0} if truth else {1} if truth is False else set()
    wanted = {literal(answer) for answer in accepted}
    return {index for index, option in enumerate(choices or ()) if literal(option) in wanted}


def shown_options(kind: QuestionKind, accepted: Sequence[str], choices: Sequence[str] | None) -> str:
    """The right option(s) as the feedback shows them, in the order of the choices."""
    options = options_of(kind, choices)
    right = sorted(right_options(kind, accepted, choices))
    if not right:
        return accepted[0] if accepted else ""
    return " ; ".join(options[index] for index in right)


def grade_picks(
    kind: QuestionKind,
    accepted: Sequence[str],
    picks: Collection[int],
    *,
    choices: Sequence[str] | None = None,
    unknown: int = 0,
) -> Grade:
    """Grade the option(s) picked. One pick (choice, true/false): the right one or not. Several
    (multiple): every right one and no wrong one → CORRECT; at least one right one and one
    mistake in all (a wrong pick, or a right one missed) → ALMOST; anything else → INCORRECT.
    `unknown` counts texts that named no option (each is a wrong pick)."""
    right = right_options(kind, accepted, choices)
    expected = shown_options(kind, accepted, choices)
    picked = set(picks)
    if not right or (not picked and not unknown):
        return Grade(Verdict.INCORRECT, expected)
    if kind is not QuestionKind.MULTIPLE:
        ok = len(picked) == 1 and not unknown and picked <= right
        return Grade(Verdict.CORRECT if ok else Verdict.INCORRECT, expected)
    mistakes = len(picked - right) + len(right - picked) + unknown
    if mistakes == 0:
        return Grade(Verdict.CORRECT, expected)
    if mistakes == 1 and picked & right:
        return Grade(Verdict.ALMOST, expected)
    return Grade(Verdict.INCORRECT, expected)


def match_option(options: Sequence[str], text: str) -> int | None:
    """The index of the option this text names exactly (case, spacing and apostrophes aside; then
    also articles and punctuation, when that still names one option only) — never a fuzzy guess."""
    for form in (literal, normalise):
        typed = form(text)
        if not typed:
            return None
        found = [index for index, option in enumerate(options) if form(option) == typed]
        if len(found) == 1:
            return found[0]
        if found:
            return None
    return None


def picks_from_text(kind: QuestionKind, choices: Sequence[str] | None, text: str) -> tuple[set[int], int]:
    """The options a text names (for API clients sending text to a choice question), and how many
    parts of it named none. Several options are separated by ";" or "," (or a line break)."""
    options = options_of(kind, choices)
    if kind is QuestionKind.TRUE_FALSE:
        truth = _truth(normalise(text))
        if truth is None:
            return set(), 1
        return {0 if truth else 1}, 0
    whole = match_option(options, text)
    if whole is not None:
        return {whole}, 0
    if kind is not QuestionKind.MULTIPLE:
        return set(), 1
    separator = r"[;\n]" if re.search(r"[;\n]", text) else r",| et | and "
    picks: set[int] = set()
    unknown = 0
    for part in re.split(separator, text)[: len(options) + 5]:
        if not part.strip():
            continue
        index = match_option(options, part)
        if index is None:
            unknown += 1
        else:
            picks.add(index)
    return picks, unknown


# --- free text --------------------------------------------------------------------------------


def grade_answer(
    kind: QuestionKind,
    accepted: Sequence[str],
    given: str,
    *,
    tier: int = 1,
    tolerance: float | None = None,
    choices: Sequence[str] | None = None,
    other_answers: Sequence[str] = (),
    strict: bool = False,
) -> Grade:
    """Grade a typed answer against the accepted ones (see the module docstring for the rules)."""
    accepted = accepted[:MAX_ANSWERS]
    canonical = accepted[0] if accepted else ""
    typed = normalise(given)
    if not typed or not accepted:
        return Grade(Verdict.INCORRECT, canonical)

    if options_of(kind, choices):  # a choice question without choices is graded as free text
        picks, unknown = picks_from_text(kind, choices, given)
        return grade_picks(kind, accepted, picks, choices=choices, unknown=unknown)

    if kind is QuestionKind.NUMERIC:
        for answer in accepted:
            if _numeric_match(bare(given), answer, tolerance):
                return Grade(Verdict.CORRECT, answer)
        return Grade(Verdict.INCORRECT, canonical)

    if strict:
        wanted = literal(given)
        same = next((answer for answer in accepted if literal(answer) == wanted), None)
        return Grade(Verdict.CORRECT, same) if same else Grade(Verdict.INCORRECT, canonical)
    return _grade_text(
        accepted, given, tier=tier, others=[*other_answers[:MAX_OTHER_ANSWERS], *(choices or ())]
    )


def _grade_text(accepted: Sequence[str], given: str, *, tier: int, others: Sequence[str]) -> Grade:
    """A short answer, not strict: exact, then accents, then other known answers, then typos."""
    canonical = accepted[0]
    typed, typed_bare = normalise(given), bare(given)
    normalised = [(answer, normalise(answer)) for answer in accepted]
    for answer, wanted in normalised:
        if typed == wanted or _strip_separators(typed) == _strip_separators(wanted):
            return Grade(Verdict.CORRECT, answer)
    for answer, wanted in normalised:
        if (
            _in_range(typed, wanted, tier) is Verdict.CORRECT
            or _same_list(typed, wanted, tier) is Verdict.CORRECT
        ):
            return Grade(Verdict.CORRECT, answer)

    # A different known answer (of another question of the leaf, or a wrong choice) is never a
    # slip of the right one — not even a missing accent away from it.
    accepted_forms = {wanted for _, wanted in normalised}
    known_others = {normalise(other) for other in others} - accepted_forms
    others_bare = {_unaccent(other) for other in known_others}
    if typed in known_others or typed_bare in others_bare:
        return Grade(Verdict.INCORRECT, canonical)

    bares = [(answer, _unaccent(wanted)) for answer, wanted in normalised]
    for answer, wanted in bares:
        if typed_bare == wanted or _strip_separators(typed_bare) == _strip_separators(wanted):
            return Grade(Verdict.ALMOST, answer)  # only accents differ
        if Verdict.CORRECT in (
            _in_range(typed_bare, wanted, tier),
            _same_list(typed_bare, wanted, tier, fuzzy=False),
        ):
            return Grade(Verdict.ALMOST, answer)

    if any(_is_near(typed_bare, other, tier) for other in others_bare):
        nearest_typo = min(edit_distance(typed_bare, wanted, 3) for _, wanted in bares)
        nearest_other = min(edit_distance(typed_bare, other, 3) for other in others_bare)
        if nearest_other <= nearest_typo:
            return Grade(Verdict.INCORRECT, canonical)

    for answer, wanted in bares:
        if _is_near(typed_bare, wanted, tier):
            return Grade(Verdict.ALMOST, answer)
    for answer, wanted in bares:
        if Verdict.ALMOST in (_same_list(typed_bare, wanted, tier), _in_range(typed_bare, wanted, tier)):
            return Grade(Verdict.ALMOST, answer)
    return Grade(Verdict.INCORRECT, canonical)
