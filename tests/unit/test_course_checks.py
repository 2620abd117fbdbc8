"""The rules a question must follow to be asked and graded, and the URL names made from titles:
table-tested, no database."""

from __future__ import annotations

import pytest

from app.models import QuestionKind
from app.services.question_rules import numeric_range, problems_by_field, question_problems
from app.services.slugs import slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Astronomie", "astronomie"),
        ("L'Œuvre d'Émile", "l-oeuvre-d-emile"),
        ("L’été à Noël", "l-ete-a-noel"),
        ("Cœur & Æther — 2e partie", "coeur-aether-2e-partie"),
        ("  !!!  ", "cours"),
        ("Straße", "strasse"),
        ("x" * 200, "x" * 80),
    ],
)
def test_slugify_makes_an_ascii_url_name(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize(
    ("kind", "prompt", "answers", "choices", "problems"),
    [
        (QuestionKind.SHORT, "Capitale ?", ["Paris"], None, {}),
        (QuestionKind.SHORT, " ", ["Paris"], None, {"prompt": ["L'énoncé est vide."]}),
        (
            QuestionKind.SHORT,
            "Capitale ?",
            [" "],
            None,
            {"answers": ["Une réponse acceptée est vide."]},
        ),
        (QuestionKind.CHOICE, "Laquelle ?", ["Mars"], ["Mars", "Vénus"], {}),
        (
            QuestionKind.CHOICE,
            "Laquelle ?",
            ["Mars", "Vénus"],
            ["Mars", "Vénus"],
            {"answers": ["Une question à choix unique a exactement une bonne réponse."]},
        ),
        (
            QuestionKind.CHOICE,
            "Laquelle ?",
            ["Pluton"],
            ["Mars", "Vénus"],
            {"answers": ["La réponse « Pluton » n'est pas l'un des choix."]},
        ),
        (QuestionKind.MULTIPLE, "Lesquelles ?", ["Mars", "Vénus"], ["Mars", "Vénus", "Terre"], {}),
        (
            QuestionKind.MULTIPLE,
            "Lesquelles ?",
            ["Mars"],
            ["Mars", "MARS"],
            {"choices": ["Le choix « MARS » apparaît deux fois."]},
        ),
        (QuestionKind.TRUE_FALSE, "Vrai ?", ["faux"], None, {}),
        (
            QuestionKind.TRUE_FALSE,
            "Vrai ?",
            ["oui"],
            None,
            {"answers": ["Une question vrai/faux a pour réponse « vrai » ou « faux »."]},
        ),
        (QuestionKind.NUMERIC, "Combien ?", ["3,14"], None, {}),
        (QuestionKind.NUMERIC, "Combien ?", ["-2..7.5"], None, {}),
        (
            QuestionKind.NUMERIC,
            "Combien ?",
            ["huit"],
            None,
            {"answers": ["« huit » n'est pas un nombre ni un intervalle « min..max »."]},
        ),
    ],
)
def test_question_problems_name_each_field(
    kind: QuestionKind,
    prompt: str,
    answers: list[str],
    choices: list[str] | None,
    problems: dict[str, list[str]],
    app: object,
) -> None:
    assert problems_by_field(question_problems(kind, prompt, answers, choices)) == problems


def test_numeric_range_reads_min_dot_dot_max() -> None:
    assert numeric_range("1..5") == (1.0, 5.0)
    assert numeric_range(" -1,5 .. 2 ") == (-1.5, 2.0)
    assert numeric_range("5") is None
