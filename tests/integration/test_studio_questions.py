"""The question editor: every kind written through one form and stored as the grader expects,
errors beside the fields, a preview where the author tries answers against the real grader
(form POST or JSON), reordering and deletion."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app import db
from app.models import Question, QuestionKind
from tests.conftest import AuthActions, SignedIn, csrf_token
from tests.integration.studio_steps import course_with_question, field_errors, leaf_of, page_text, post


@pytest.mark.parametrize(
    ("form", "stored"),
    [
        (
            {"kind": "short", "prompt": "Capitale de la France ?", "answers": "Paris\n\nLutèce\n"},
            {"kind": QuestionKind.SHORT, "answers": ["Paris", "Lutèce"], "choices": None, "tolerance": None},
        ),
        (
            {
                "kind": "choice",
                "prompt": "La planète rouge ?",
                "choices": "Vénus\nMars\nJupiter",
                "right_choice": "2",
            },
            {"kind": QuestionKind.CHOICE, "answers": ["Mars"], "choices": ["Vénus", "Mars", "Jupiter"]},
        ),
        (
            {
                "kind": "multiple",
                "prompt": "Les planètes gazeuses ?",
                "choices": "Mars\nJupiter\nSaturne",
                "right_choices": ["2", "3"],
            },
            {
                "kind": QuestionKind.MULTIPLE,
                "answers": ["Jupiter", "Saturne"],
                "choices": ["Mars", "Jupiter", "Saturne"],
            },
        ),
        (
            {"kind": "truefalse", "prompt": "Le Soleil est une étoile.", "truth": "vrai"},
            {"kind": QuestionKind.TRUE_FALSE, "answers": ["vrai"], "choices": None},
        ),
        (
            {
                "kind": "numeric",
                "prompt": "π à 0,01 près ?",
                "numeric_mode": "value",
                "value": "3.14",
                "tolerance": "0.01",
            },
            {"kind": QuestionKind.NUMERIC, "answers": ["3.14"], "tolerance": 0.01},
        ),
        (
            {
                "kind": "numeric",
                "prompt": "Un nombre entre 1 et 5 ?",
                "numeric_mode": "range",
                "minimum": "1",
                "maximum": "5",
            },
            {"kind": QuestionKind.NUMERIC, "answers": ["1..5"], "tolerance": None},
        ),
    ],
    ids=["short", "choice", "multiple", "truefalse", "numeric-value", "numeric-range"],
)
def test_each_kind_is_written_through_the_form(
    author: SignedIn, form: dict[str, Any], stored: dict[str, Any]
) -> None:
    client, aurore = author.client, author.user
    leaf = leaf_of(course_with_question(aurore))
    data = {"tier": "2", "explanation": "Parce que.", "strict": "y", **form}
    response = post(client, f"/studio/topics/{leaf.id}/questions/new", data)
    assert response.status_code == 302, field_errors(response)
    question = db.session.scalar(select(Question).where(Question.prompt == form["prompt"]))
    assert question is not None
    for name, value in stored.items():
        assert getattr(question, name) == value, f"{name}: {getattr(question, name)!r} != {value!r}"
    assert (question.tier, question.explanation, question.strict, question.position) == (
        2,
        "Parce que.",
        True,
        1,
    )
    page = page_text(client.get(response.headers["Location"]))
    assert "Aperçu : la question telle que l'apprenant la voit" in page
    assert form["prompt"] in page, "the form comes back filled in"


@pytest.mark.parametrize(
    ("form", "errors"),
    [
        ({"kind": "short", "prompt": "", "answers": "Paris"}, ["Ce champ est requis."]),
        (
            {"kind": "short", "prompt": "Capitale ?", "answers": ""},
            ["Indiquez au moins une réponse acceptée."],
        ),
        (
            {"kind": "choice", "prompt": "Laquelle ?", "choices": "Mars\nmars", "right_choice": "1"},
            ["Le choix « mars » apparaît deux fois."],
        ),
        (
            {"kind": "choice", "prompt": "Laquelle ?", "choices": "Mars\nVénus"},
            ["Indiquez la bonne réponse."],
        ),
        (
            {"kind": "multiple", "prompt": "Lesquelles ?", "choices": "Mars"},
            [
                "Une question à choix a besoin d'au moins deux choix.",
                "Indiquez la bonne réponse.",
            ],
        ),
        (
            {"kind": "truefalse", "prompt": "Vrai ?"},
            ["Une question vrai/faux a pour réponse « vrai » ou « faux »."],
        ),
        (
            {"kind": "numeric", "prompt": "Combien ?", "numeric_mode": "value", "value": "beaucoup"},
            [
                "N'est pas une valeur décimale valide.",
            ],
        ),
        (
            {
                "kind": "numeric",
                "prompt": "Combien ?",
                "numeric_mode": "range",
                "minimum": "9",
                "maximum": "1",
            },
            ["Dans un intervalle min..max, min ne dépasse pas max."],
        ),
    ],
    ids=[
        "empty-prompt",
        "no-answer",
        "duplicate-options",
        "no-right-option",
        "one-option",
        "no-truth",
        "nan",
        "range",
    ],
)
def test_invalid_questions_are_refused_with_errors_beside_the_fields(
    author: SignedIn, form: dict[str, str], errors: list[str]
) -> None:
    client, aurore = author.client, author.user
    leaf = leaf_of(course_with_question(aurore))
    response = post(client, f"/studio/topics/{leaf.id}/questions/new", {"tier": "1", **form})
    assert response.status_code == 422
    shown = field_errors(response)
    for error in errors:
        assert any(error in message for message in shown), f"{error!r} not in {shown}"
    assert len(leaf.questions) == 1, "nothing saved"


def test_an_existing_question_is_changed(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    question = leaf_of(course_with_question(aurore)).questions[0]
    page = page_text(client.get(f"/studio/questions/{question.id}"))
    assert "Quelle planète est rouge ?" in page and "Mars</textarea>" in page
    response = post(
        client,
        f"/studio/questions/{question.id}",
        {"kind": "short", "prompt": "La planète rouge ?", "answers": "Mars\nla planète Mars", "tier": "3"},
    )
    assert response.status_code == 302
    db.session.refresh(question)
    assert (question.prompt, question.answers, question.tier) == (
        "La planète rouge ?",
        ["Mars", "la planète Mars"],
        3,
    )


def test_the_preview_tries_an_answer_against_the_real_grader_without_javascript(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    question = leaf_of(course_with_question(aurore)).questions[0]
    almost = post(client, f"/studio/questions/{question.id}/try", {"answer": "Marss"})
    assert almost.status_code == 200
    page = page_text(almost)
    assert "🟡 Presque" in page and "On l'écrit « Mars »" in page, "verdict and feedback shown"
    wrong = page_text(post(client, f"/studio/questions/{question.id}/try", {"answer": "Vénus"}))
    assert "❌ Incorrect" in wrong and "La réponse correcte est « Mars »" in wrong
    assert db.session.scalar(select(Question.id).where(Question.prompt == "x")) is None


def test_the_preview_answers_json_for_the_page_script(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    leaf = leaf_of(course_with_question(aurore))
    post(
        client,
        f"/studio/topics/{leaf.id}/questions/new",
        {
            "kind": "multiple",
            "prompt": "Gazeuses ?",
            "choices": "Mars\nJupiter\nSaturne",
            "right_choices": ["2", "3"],
            "tier": "1",
            "explanation": "**Gaz**",
        },
    )
    multiple = db.session.scalar(select(Question).where(Question.prompt == "Gazeuses ?"))
    assert multiple is not None
    headers = {"X-CSRFToken": csrf_token(client), "Accept": "application/json"}
    right = client.post(
        f"/studio/questions/{multiple.id}/try", data={"picked": ["Saturne", "Jupiter"]}, headers=headers
    )
    assert right.status_code == 200
    body = right.get_json()
    assert (body["verdict"], body["verdict_label"]) == ("correct", "✅ Correct")
    assert body["explanation_html"] == "<p><strong>Gaz</strong></p>\n"
    partial = client.post(
        f"/studio/questions/{multiple.id}/try", data={"picked": ["Jupiter"]}, headers=headers
    )
    assert partial.get_json()["verdict"] == "almost", "one right option missed: almost (learning rules §1)"
    wrong = client.post(
        f"/studio/questions/{multiple.id}/try", data={"picked": ["Mars", "Jupiter"]}, headers=headers
    )
    assert wrong.get_json()["verdict"] == "incorrect", "a wrong option ticked and a right one missed"


def test_questions_are_reordered_and_deleted(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    leaf = leaf_of(course_with_question(aurore))
    post(
        client,
        f"/studio/topics/{leaf.id}/questions/new",
        {"kind": "truefalse", "prompt": "Deuxième", "truth": "faux", "tier": "1"},
    )
    second = db.session.scalar(select(Question).where(Question.prompt == "Deuxième"))
    assert second is not None
    assert post(client, f"/studio/questions/{second.id}/move", {"direction": "up"}).status_code == 302
    db.session.refresh(leaf)
    assert [q.prompt for q in leaf.questions] == ["Deuxième", "Quelle planète est rouge ?"]
    assert post(client, f"/studio/questions/{second.id}/delete").status_code == 302
    db.session.refresh(leaf)
    assert [q.prompt for q in leaf.questions] == ["Quelle planète est rouge ?"]


def test_a_question_learners_answered_cannot_be_deleted(author: SignedIn, learner: SignedIn) -> None:
    client, aurore = author.client, author.user
    question = leaf_of(course_with_question(aurore, published=True)).questions[0]
    reader = learner.client
    AuthActions(reader).post_json("/api/v1/attempts", {"question_id": question.id, "answer": "Mars"})
    response = post(client, f"/studio/questions/{question.id}/delete")
    assert response.status_code == 409
    assert "leur historique est conservé" in page_text(response)


def test_another_person_s_question_is_not_found(author: SignedIn, learner: SignedIn) -> None:
    aurore = author.user
    question = leaf_of(course_with_question(aurore)).questions[0]
    reader = learner.client
    assert reader.get(f"/studio/questions/{question.id}").status_code == 404
    assert post(reader, f"/studio/questions/{question.id}/try", {"answer": "Mars"}).status_code == 404
