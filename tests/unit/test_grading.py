"""Grading table: every one of the 33 answers of the astronomy mock-up, with the variants a learner
really types — other case, missing accents, an article, one typo, another answer of the quiz."""

from __future__ import annotations

import re
import unicodedata

import pytest

from app.models import QuestionKind, Verdict
from app.services.grading import grade_answer, normalise, typo_allowance

# The quizzes of shared/reference/astronomy-course.json (leaf → (question, answer)), embedded so the
# table never depends on a file outside the repository.
QUIZZES: dict[str, list[tuple[str, str]]] = {
    "Planètes": [
        ("Combien y a-t-il de planètes dans notre système solaire ?", "8"),
        ("Quelle est la plus grande planète de notre système solaire ?", "Jupiter"),
        ("Quelle planète est connue sous le nom de planète rouge ?", "Mars"),
    ],
    "Lunes": [
        ("Quelle planète a le plus de lunes connues ?", "Saturne"),
        ("Quel est le nom de la lune de la Terre ?", "Lune"),
        ("Quelle lune de Jupiter est connue pour son océan sous la surface ?", "Europe"),
    ],
    "Astéroïdes et Comètes": [
        (
            "Quelle est la principale différence entre les astéroïdes et les comètes ?",
            "Les astéroïdes sont rocheux, les comètes sont glacées",
        ),
        (
            "Dans quelle région entre Mars et Jupiter se trouvent la plupart des astéroïdes ?",
            "Ceinture d'astéroïdes",
        ),
        ("Quel est le nom du nuage de comètes à la limite de notre système solaire ?", "Nuage d'Oort"),
    ],
    "Formation des Étoiles": [
        ("Quel est l'élément principal qui alimente les étoiles ?", "Hydrogène"),
        ("Quelle force provoque l'effondrement d'une nébuleuse pour former des étoiles ?", "Gravité"),
        ("Quel est le nom du nuage de gaz et de poussière où naissent les étoiles ?", "Nébuleuse"),
    ],
    "Types d'Étoiles": [
        ("De quelle couleur sont les étoiles les plus chaudes ?", "Bleue"),
        ("Quel est le nom d'une étoile dans sa dernière phase évolutive ?", "Naine blanche"),
        ("Quel type d'étoile est notre Soleil ?", "Naine jaune"),
    ],
    "Constellations": [
        ("Combien y a-t-il de constellations du zodiaque ?", "12"),
        ("Quelle constellation est également connue sous le nom de Grande Ourse ?", "Ursa Major"),
        ("Quelle constellation contient l'étoile Polaire ?", "Ursa Minor"),
    ],
    "La Voie Lactée": [
        ("Quel type de galaxie est la Voie lactée ?", "Spirale"),
        ("Environ combien d'étoiles y a-t-il dans la Voie lactée ?", "100-400 milliards"),
        ("Qu'y a-t-il au centre de notre galaxie ?", "Trou noir supermassif"),
    ],
    "Types de Galaxies": [
        ("Nommez les trois principaux types de galaxies.", "Spirale, elliptique, irrégulière"),
        ("Quel type de galaxie a la structure la moins définie ?", "Irrégulière"),
        ("Quel type de galaxie est caractérisé par sa forme arrondie ?", "Elliptique"),
    ],
    "Amas de Galaxies": [
        ("Quel est le nom de l'amas de galaxies auquel appartient la Voie lactée ?", "Groupe local"),
        ("Environ combien de galaxies y a-t-il dans l'amas de la Vierge ?", "1500"),
        ("Qu'est-ce qui maintient les amas de galaxies ensemble ?", "Gravité"),
    ],
    "Trous Noirs": [
        (
            "Comment appelle-t-on la « frontière de non-retour » autour d'un trou noir ?",
            "Horizon des événements",
        ),
        ("Quel type de trou noir se trouve au centre de la plupart des galaxies ?", "Supermassif"),
        (
            "Quel est le nom donné au disque de matière tourbillonnant autour d'un trou noir ?",
            "Disque d'accrétion",
        ),
    ],
    "La Théorie du Big Bang": [
        ("Quel âge a l'univers selon la théorie du Big Bang ?", "13,8 milliards d'années"),
        ("Quel type de rayonnement, vestige du Big Bang, remplit l'univers ?", "Fond diffus cosmologique"),
        ("Quelle théorie décrit l'expansion rapide de l'univers primitif ?", "Inflation"),
    ],
}

CASES = [(leaf, question, answer) for leaf, pairs in QUIZZES.items() for question, answer in pairs]
IDS = [answer for _, _, answer in CASES]
SHORT = QuestionKind.SHORT


def others(leaf: str, answer: str) -> list[str]:
    """The other answers of the same quiz."""
    return [a for _, a in QUIZZES[leaf] if a != answer]


def grade(leaf: str, answer: str, typed: str, tier: int = 1) -> Verdict:
    return grade_answer(SHORT, [answer], typed, tier=tier, other_answers=others(leaf, answer)).verdict


def without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def with_typo(text: str) -> str:
    """One slip: swap two different neighbouring letters in the middle of the longest word, or,
    for a number, change its last digit."""
    if re.fullmatch(r"[\d ]+", text):
        return text[:-1] + str((int(text[-1]) + 1) % 10)
    words = text.split(" ")
    index = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[index]
    for middle in [len(word) // 2 - 1, *range(len(word) - 1)]:
        pair = word[middle : middle + 2]
        if middle >= 0 and len(pair) == 2 and pair.isalpha() and pair[0].lower() != pair[1].lower():
            words[index] = word[:middle] + pair[::-1] + word[middle + 2 :]
            return " ".join(words)
    raise AssertionError(f"no typo possible in {text!r}")


def test_the_table_holds_the_33_answers_of_the_mock_up() -> None:
    assert len(CASES) == 33 and len(QUIZZES) == 11


@pytest.mark.parametrize(("leaf", "question", "answer"), CASES, ids=IDS)
def test_the_exact_answer_is_correct(leaf: str, question: str, answer: str) -> None:
    assert grade(leaf, answer, answer) is Verdict.CORRECT, f"{question} → {answer!r}"


@pytest.mark.parametrize(("leaf", "question", "answer"), CASES, ids=IDS)
def test_case_and_spacing_do_not_matter(leaf: str, question: str, answer: str) -> None:
    for typed in (answer.upper(), answer.lower(), f"  {answer}  "):
        assert grade(leaf, answer, typed) is Verdict.CORRECT, f"{typed!r} should be correct for {answer!r}"


@pytest.mark.parametrize(("leaf", "question", "answer"), CASES, ids=IDS)
def test_a_missing_accent_is_almost_with_the_spelling_shown(leaf: str, question: str, answer: str) -> None:
    typed = without_accents(answer)
    result = grade_answer(SHORT, [answer], typed, other_answers=others(leaf, answer))
    expected = Verdict.CORRECT if typed == answer else Verdict.ALMOST
    assert result.verdict is expected, f"{typed!r} for {answer!r}"
    assert result.expected == answer


@pytest.mark.parametrize(("leaf", "question", "answer"), CASES, ids=IDS)
def test_a_leading_article_does_not_matter(leaf: str, question: str, answer: str) -> None:
    for article in ("la ", "le ", "l'", "the "):
        typed = article + answer
        assert grade(leaf, answer, typed) is Verdict.CORRECT, f"{typed!r} should be correct for {answer!r}"


@pytest.mark.parametrize(("leaf", "question", "answer"), CASES, ids=IDS)
def test_one_typo_is_almost_where_the_answer_is_long_enough(leaf: str, question: str, answer: str) -> None:
    typed = with_typo(answer)
    assert normalise(typed) != normalise(answer), f"the typo variant {typed!r} must differ"
    if re.fullmatch(r"[\d ]+", answer):
        expected = Verdict.INCORRECT  # a number with a slip is another number, not a typo
    elif typo_allowance(normalise(answer)) >= 1:
        expected = Verdict.ALMOST
    else:
        expected = Verdict.INCORRECT
    assert grade(leaf, answer, typed) is expected, f"{typed!r} for {answer!r}"
    assert grade(leaf, answer, typed, tier=3) is not Verdict.CORRECT


@pytest.mark.parametrize(("leaf", "question", "answer"), CASES, ids=IDS)
def test_another_answer_of_the_same_quiz_is_incorrect(leaf: str, question: str, answer: str) -> None:
    for other in others(leaf, answer):
        assert grade(leaf, answer, other) is Verdict.INCORRECT, f"{other!r} answers another question"


@pytest.mark.parametrize(("leaf", "question", "answer"), CASES, ids=IDS)
def test_the_expected_answer_is_shown_as_written(leaf: str, question: str, answer: str) -> None:
    assert grade_answer(SHORT, [answer], "je ne sais pas").expected == answer


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("Spirale, elliptique, irrégulière", Verdict.CORRECT),
        ("irrégulière, spirale, elliptique", Verdict.CORRECT),
        ("elliptique, irrégulière et spirale", Verdict.CORRECT),
        ("elliptique, irreguliere et spirale", Verdict.ALMOST),
        ("spirale; elliptique; irrégulière", Verdict.CORRECT),
        ("spirale, eliptique, irrégulière", Verdict.ALMOST),
        ("spirale, elliptique", Verdict.INCORRECT),
        ("spirale, spirale, elliptique", Verdict.INCORRECT),
    ],
)
def test_lists_match_in_any_order(typed: str, verdict: Verdict) -> None:
    assert grade_answer(SHORT, ["Spirale, elliptique, irrégulière"], typed).verdict is verdict


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("100-400 milliards", Verdict.CORRECT),
        ("100 à 400 milliards", Verdict.CORRECT),
        ("entre 100 et 400 milliards", Verdict.CORRECT),
        ("250 milliards", Verdict.CORRECT),
        ("environ 200 milliards", Verdict.CORRECT),
        ("500 milliards", Verdict.INCORRECT),
        ("250 millions", Verdict.INCORRECT),
        ("100-300 milliards", Verdict.INCORRECT),
    ],
)
def test_numeric_ranges_in_text(typed: str, verdict: Verdict) -> None:
    assert grade_answer(SHORT, ["100-400 milliards"], typed).verdict is verdict, typed


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [("13,8 milliards d'années", Verdict.CORRECT), ("13.8 milliards d’années", Verdict.CORRECT),
     ("13.8 milliards d’annees", Verdict.ALMOST),
     ("13,9 milliards d'années", Verdict.INCORRECT)],
)  # fmt: skip
def test_the_decimal_comma_and_point_are_the_same(typed: str, verdict: Verdict) -> None:
    assert grade_answer(SHORT, ["13,8 milliards d'années"], typed).verdict is verdict


@pytest.mark.parametrize(
    ("typed", "tolerance", "verdict"),
    [
        ("8", None, Verdict.CORRECT),
        ("8,0", None, Verdict.CORRECT),
        ("8.4", 0.5, Verdict.CORRECT),
        ("8,6 minutes", 0.5, Verdict.INCORRECT),
        ("9", 1, Verdict.CORRECT),
        ("huit", None, Verdict.INCORRECT),
        ("-8", None, Verdict.INCORRECT),
    ],
)
def test_numeric_questions_accept_a_tolerance(typed: str, tolerance: float | None, verdict: Verdict) -> None:
    assert grade_answer(QuestionKind.NUMERIC, ["8"], typed, tolerance=tolerance).verdict is verdict


def test_numeric_questions_read_thousands_separators_and_ranges() -> None:
    assert grade_answer(QuestionKind.NUMERIC, ["1500"], "1 500").verdict is Verdict.CORRECT
    assert grade_answer(QuestionKind.NUMERIC, ["100-400"], "150").verdict is Verdict.CORRECT
    assert grade_answer(QuestionKind.NUMERIC, ["100-400"], "401").verdict is Verdict.INCORRECT


def test_a_wrong_choice_is_never_taken_for_a_typo_of_the_right_one() -> None:
    choices = ["Mars", "Mers", "Vénus"]
    assert grade_answer(QuestionKind.CHOICE, ["Mars"], "Mers", choices=choices).verdict is Verdict.INCORRECT
    assert grade_answer(QuestionKind.CHOICE, ["Mars"], "mars", choices=choices).verdict is Verdict.CORRECT


@pytest.mark.parametrize(
    ("accepted", "typed", "verdict"),
    [
        ("vrai", "Vrai", Verdict.CORRECT),
        ("vrai", "true", Verdict.CORRECT),
        ("vrai", "oui", Verdict.CORRECT),
        ("vrai", "faux", Verdict.INCORRECT),
        ("faux", "False", Verdict.CORRECT),
        ("faux", "non", Verdict.CORRECT),
        ("faux", "peut-être", Verdict.INCORRECT),
    ],
)
def test_true_or_false_in_either_language(accepted: str, typed: str, verdict: Verdict) -> None:
    assert grade_answer(QuestionKind.TRUE_FALSE, [accepted], typed).verdict is verdict


def test_higher_tiers_grade_typos_more_strictly() -> None:
    assert grade_answer(SHORT, ["Jupiter"], "Jupyter", tier=1).verdict is Verdict.ALMOST
    assert grade_answer(SHORT, ["Jupiter"], "Jupyter", tier=2).verdict is Verdict.ALMOST
    assert grade_answer(SHORT, ["Jupiter"], "Jupyter", tier=3).verdict is Verdict.INCORRECT
    assert grade_answer(SHORT, ["Mars"], "Mras", tier=1).verdict is Verdict.ALMOST
    assert grade_answer(SHORT, ["Mars"], "Mras", tier=2).verdict is Verdict.INCORRECT


def test_two_typos_are_almost_only_on_long_answers() -> None:
    assert grade_answer(SHORT, ["Nébuleuse"], "nebulleuze").verdict is Verdict.ALMOST
    assert grade_answer(SHORT, ["Lune"], "Lnie").verdict is Verdict.INCORRECT


@pytest.mark.parametrize("typed", ["", "   ", "\t\n", "...", "l'", "le"])
def test_blank_answers_are_never_accepted(typed: str) -> None:
    assert grade_answer(SHORT, ["Jupiter"], typed).verdict is Verdict.INCORRECT


def test_typographic_apostrophes_ligatures_and_punctuation_are_normalised() -> None:
    assert normalise("Nuage d’Oort !") == normalise("nuage d'oort")
    assert normalise("Cœur") == "coeur"
    assert normalise("L'Inflation") == "inflation"
