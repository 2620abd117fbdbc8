"""Feedback worded by communication style and language (app/services/feedback.py)."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from app.models import CommunicationStyle, QuestionKind, Verdict
from app.services.feedback import feedback_for
from app.services.lessons import render_markdown

STYLES = CommunicationStyle


def words(app: Flask, verdict: Verdict, style: CommunicationStyle, lang: str = "fr", **extra: object) -> str:
    with app.test_request_context(headers={"Accept-Language": lang}):
        return feedback_for(verdict, expected="Mars", style=style, **extra).message  # type: ignore[arg-type]


def test_the_informal_style_is_the_mock_up_baseline(app: Flask) -> None:
    assert words(app, Verdict.CORRECT, STYLES.INFORMAL) == (
        "Excellent travail ! Ta réponse est parfaite. Continue comme ça !"
    )
    assert words(app, Verdict.INCORRECT, STYLES.INFORMAL).startswith(
        "Bonne tentative ! La réponse correcte est « Mars »."
    )


@pytest.mark.parametrize("verdict", list(Verdict))
def test_formal_says_vous_and_informal_says_tu(app: Flask, verdict: Verdict) -> None:
    familiar, polite = {"tu", "ta", "te", "ton", "tes", "t"}, {"vous", "votre", "vos"}
    formal = set(re.findall(r"\w+", words(app, verdict, STYLES.FORMAL).lower()))
    informal = set(re.findall(r"\w+", words(app, verdict, STYLES.INFORMAL).lower()))
    assert formal & polite and not formal & familiar, formal
    assert informal & familiar and not informal & polite, informal


def test_an_almost_shows_the_right_spelling_and_a_wrong_answer_the_right_answer(app: Flask) -> None:
    for style in STYLES:
        assert "« Mars »" in words(app, Verdict.ALMOST, style), style
        assert "« Mars »" in words(app, Verdict.INCORRECT, style), style


def test_concise_keeps_one_short_line_and_detailed_adds_the_explanation(app: Flask) -> None:
    assert len(words(app, Verdict.INCORRECT, STYLES.CONCISE)) < 30
    with app.test_request_context():
        detailed = feedback_for(
            Verdict.INCORRECT, expected="Mars", style=STYLES.DETAILED, explanation="Le sol est **rouillé**."
        )
        plain = feedback_for(Verdict.INCORRECT, expected="Mars", style=STYLES.INFORMAL, explanation="x")
    assert detailed.explanation_html is not None and "<strong>rouillé</strong>" in detailed.explanation_html
    assert plain.explanation_html is None


def test_feedback_is_in_english_for_an_english_learner(app: Flask) -> None:
    assert (
        words(app, Verdict.CORRECT, STYLES.INFORMAL, "en")
        == "Excellent work! Your answer is perfect. Keep it up!"
    )
    assert "“Mars”" in words(app, Verdict.INCORRECT, STYLES.FORMAL, "en")


def test_true_false_answers_are_shown_as_words(app: Flask) -> None:
    with app.test_request_context():
        result = feedback_for(
            Verdict.INCORRECT, expected="vrai", style=STYLES.CONCISE, kind=QuestionKind.TRUE_FALSE
        )
    assert result.message == "C'était « Vrai ». Courage !"


def test_lessons_are_rendered_without_any_script() -> None:
    html = str(
        render_markdown(
            "**Gras** <script>alert(1)</script> [lien](javascript:alert(1)) <img src=x onerror=y>"
        )
    )
    assert "<strong>Gras</strong>" in html
    assert "<script" not in html and "<img" not in html and "href=" not in html, html
    assert "&lt;script&gt;" in html, "raw HTML is shown as text, not run"
