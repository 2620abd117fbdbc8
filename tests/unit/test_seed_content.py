"""The seed file read as text, without a database: every statement is an idempotent INSERT, no row
carries an explicit id, the mock-up's 33 astronomy questions are there word for word, and every
topic has a slug of its own within its course and comes after its parent.

Statements are cut exactly as the loader cuts them (`split_statements`), so what is checked here is
what `flask seed` runs. Loading the file twice into SQLite and PostgreSQL is tested at the DB level.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

from app.services.seeding import split_statements

SEED_FILE = Path(__file__).resolve().parents[2] / "data" / "initial_db_data.sql"

INSERT = re.compile(
    r"INSERT INTO (?P<table>\w+) \((?P<columns>[^)]*)\) VALUES \((?P<values>.*)\) "
    r"ON CONFLICT DO NOTHING",
    re.DOTALL,
)
COURSE_SLUG = re.compile(r"slug = '([^']*)'")  # the first slug of a sub-select is the course's
TOPIC_SLUG = re.compile(r"t\.slug = '([^']*)'")

# The learning-session mock-up's questions (shared/reference/astronomy-course.json), answer first.
MOCKUP_QUESTIONS: list[tuple[str, str]] = [
    ("Combien y a-t-il de planètes dans notre système solaire ?", "8"),
    ("Quelle est la plus grande planète de notre système solaire ?", "Jupiter"),
    ("Quelle planète est connue sous le nom de planète rouge ?", "Mars"),
    ("Quelle planète a le plus de lunes connues ?", "Saturne"),
    ("Quel est le nom de la lune de la Terre ?", "Lune"),
    ("Quelle lune de Jupiter est connue pour son océan sous la surface ?", "Europe"),
    (
        "Quelle est la principale différence entre les astéroïdes et les comètes ?",
        "Les astéroïdes sont rocheux, les comètes sont glacées",
    ),
    (
        "Dans quelle région entre Mars et Jupiter se trouvent la plupart des astéroïdes ?",
        "Ceinture d'astéroïdes",
    ),
    ("Quel est le nom du nuage de comètes à la limite de notre système solaire ?", "Nuage d'Oort"),
    ("Quel est l'élément principal qui alimente les étoiles ?", "Hydrogène"),
    ("Quelle force provoque l'effondrement d'une nébuleuse pour former des étoiles ?", "Gravité"),
    ("Quel est le nom du nuage de gaz et de poussière où naissent les étoiles ?", "Nébuleuse"),
    ("De quelle couleur sont les étoiles les plus chaudes ?", "Bleue"),
    ("Quel est le nom d'une étoile dans sa dernière phase évolutive ?", "Naine blanche"),
    ("Quel type d'étoile est notre Soleil ?", "Naine jaune"),
    ("Combien y a-t-il de constellations du zodiaque ?", "12"),
    ("Quelle constellation est également connue sous le nom de Grande Ourse ?", "Ursa Major"),
    ("Quelle constellation contient l'étoile Polaire ?", "Ursa Minor"),
    ("Quel type de galaxie est la Voie lactée ?", "Spirale"),
    ("Environ combien d'étoiles y a-t-il dans la Voie lactée ?", "100-400 milliards"),
    ("Qu'y a-t-il au centre de notre galaxie ?", "Trou noir supermassif"),
    ("Nommez les trois principaux types de galaxies.", "Spirale, elliptique, irrégulière"),
    ("Quel type de galaxie a la structure la moins définie ?", "Irrégulière"),
    ("Quel type de galaxie est caractérisé par sa forme arrondie ?", "Elliptique"),
    ("Quel est le nom de l'amas de galaxies auquel appartient la Voie lactée ?", "Groupe local"),
    ("Environ combien de galaxies y a-t-il dans l'amas de la Vierge ?", "1500"),
    ("Qu'est-ce qui maintient les amas de galaxies ensemble ?", "Gravité"),
    ("Comment appelle-t-on la « frontière de non-retour » autour d'un trou noir ?", "Horizon des événements"),
    ("Quel type de trou noir se trouve au centre de la plupart des galaxies ?", "Supermassif"),
    (
        "Quel est le nom donné au disque de matière tourbillonnant autour d'un trou noir ?",
        "Disque d'accrétion",
    ),
    ("Quel âge a l'univers selon la théorie du Big Bang ?", "13,8 milliards d'années"),
    ("Quel type de rayonnement, vestige du Big Bang, remplit l'univers ?", "Fond diffus cosmologique"),
    ("Quelle théorie décrit l'expansion rapide de l'univers primitif ?", "Inflation"),
]


def split_values(values: str) -> list[str]:
    """Cut a VALUES list at its top-level commas, leaving commas inside strings and sub-selects alone."""
    parts: list[str] = []
    depth, in_string, start = 0, False, 0
    for index, char in enumerate(values):
        if char == "'":
            in_string = not in_string  # a doubled quote toggles twice, which is what we want
        elif not in_string and char == "(":
            depth += 1
        elif not in_string and char == ")":
            depth -= 1
        elif not in_string and depth == 0 and char == ",":
            parts.append(values[start:index].strip())
            start = index + 1
    parts.append(values[start:].strip())
    return parts


def string_value(expression: str) -> str:
    """The text of a SQL string literal ('l''étoile' gives l'étoile)."""
    assert expression.startswith("'") and expression.endswith("'"), f"expected a string literal: {expression}"
    return expression[1:-1].replace("''", "'")


def slug_in(pattern: re.Pattern[str], expression: str) -> str:
    """The slug a natural-key sub-select looks up."""
    match = pattern.search(expression)
    assert match, f"expected a sub-select on a slug, got: {expression}"
    return match.group(1)


@cache
def statements() -> list[str]:
    """The statements of the seed file, cut as the loader cuts them."""
    return split_statements(SEED_FILE.read_text(encoding="utf-8") + "\n")


def rows(table: str) -> list[dict[str, str]]:
    """The rows inserted into `table`, in file order, as column -> SQL expression."""
    found = []
    for statement in statements():
        match = INSERT.fullmatch(statement)
        if match and match["table"] == table:
            columns = [column.strip() for column in match["columns"].split(",")]
            found.append(dict(zip(columns, split_values(match["values"]), strict=True)))
    return found


def test_every_statement_is_an_insert_that_ignores_conflicts() -> None:
    offenders = [statement[:80] for statement in statements() if not INSERT.fullmatch(statement)]
    assert statements(), f"expected statements in {SEED_FILE}"
    assert not offenders, f"expected only INSERT … ON CONFLICT DO NOTHING statements, got: {offenders}"


def test_no_statement_gives_an_explicit_id() -> None:
    offenders = []
    for statement in statements():
        match = INSERT.fullmatch(statement)
        if match and "id" in [column.strip() for column in match["columns"].split(",")]:
            offenders.append(statement[:80])
    assert not offenders, f"expected ids left to the database (sequences), got explicit ids in: {offenders}"


def test_the_mockup_questions_are_all_there_word_for_word_with_their_answer_first() -> None:
    assert len(MOCKUP_QUESTIONS) == 33, "expected the mock-up's 33 questions in this test's list"
    questions = {string_value(row["prompt"]): row for row in rows("questions")}
    for prompt, answer in MOCKUP_QUESTIONS:
        assert prompt in questions, f"expected the mock-up question {prompt!r} verbatim in the seed"
        answers = json.loads(string_value(questions[prompt]["answers"]))
        assert answers[0] == answer, f"expected {answer!r} as the first answer of {prompt!r}, got {answers}"
        assert questions[prompt]["tier"] == "1", f"expected the mock-up question {prompt!r} at tier 1"


def test_topic_slugs_are_unique_within_each_course() -> None:
    keys = [(slug_in(COURSE_SLUG, row["course_id"]), string_value(row["slug"])) for row in rows("topics")]
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    assert keys, "expected topics in the seed"
    assert not duplicates, f"expected each topic slug once per course, got duplicates: {duplicates}"


def test_every_parent_topic_is_inserted_before_its_children() -> None:
    seen: set[tuple[str, str]] = set()
    for row in rows("topics"):
        course = slug_in(COURSE_SLUG, row["course_id"])
        if row["parent_id"] != "NULL":
            parent = slug_in(TOPIC_SLUG, row["parent_id"])
            assert (course, parent) in seen, (
                f"expected parent {parent!r} before {string_value(row['slug'])!r} in {course!r}: "
                "a sub-select on a missing parent would silently make a root"
            )
        seen.add((course, string_value(row["slug"])))


def test_every_question_lists_its_accepted_answers_and_a_choice_offers_them() -> None:
    for row in rows("questions"):
        prompt = string_value(row["prompt"])
        answers = json.loads(string_value(row["answers"]))
        assert isinstance(answers, list) and answers and all(answers), f"expected answers for {prompt!r}"
        if string_value(row["kind"]) == "choice":
            choices = json.loads(string_value(row["choices"]))
            assert set(answers) <= set(choices), f"expected the answers of {prompt!r} among its choices"
        else:
            assert row["choices"] == "NULL", f"expected no choices on the non-choice question {prompt!r}"
