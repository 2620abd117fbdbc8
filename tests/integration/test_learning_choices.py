"""Answering choice, multiple, true/false and numeric questions through the API (by index) and the
page without JavaScript (radio buttons and checkboxes), and a leaf whose questions are all of
tier 1 climbed to the summit through the real services on a moving clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from app import db
from app.models import Course, Question, QuestionKind, Topic
from app.services import learning
from app.services.courses import quiz_questions
from app.services.mastery import Standing
from tests.conftest import SignedIn, csrf_token

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@dataclass
class Quiz:
    """A published course whose one leaf holds a question of each kind, all of tier 1."""

    course: Course
    leaf: Topic
    choice: Question
    multiple: Question
    truefalse: Question
    numeric: Question
    strict: Question


@pytest.fixture
def quiz(app: Any) -> Quiz:
    course = Course(slug="ciel", title="Le ciel", published=True)
    leaf = Topic(course=course, slug="planetes", title="Planètes", position=0, lesson="Les planètes.")
    questions = [
        Question(kind=QuestionKind.CHOICE, prompt="Quelle planète est rouge ?", answers=["Mars"],
                 choices=["Vénus", "Mars", "Jupiter"]),
        Question(kind=QuestionKind.MULTIPLE, prompt="Lesquelles sont gazeuses ?",
                 answers=["Jupiter", "Saturne"], choices=["Mars", "Jupiter", "Saturne", "Vénus"]),
        Question(kind=QuestionKind.TRUE_FALSE, prompt="Le Soleil est une étoile.", answers=["vrai"]),
        Question(kind=QuestionKind.NUMERIC, prompt="Un nombre entre 10 et 20 ?", answers=["10..20"]),
        Question(kind=QuestionKind.SHORT, prompt="Participe passé de manger ?", answers=["mangé"],
                 strict=True),
    ]  # fmt: skip
    for position, question in enumerate(questions):
        question.position, question.tier = position, 1
        leaf.questions.append(question)
    db.session.add(course)
    db.session.commit()
    return Quiz(course, leaf, *questions)


def post_attempt(client: FlaskClient, body: dict[str, Any]) -> Any:
    token = csrf_token(client, "/dashboard")
    return client.post("/api/v1/attempts", json=body, headers={"X-CSRFToken": token})


# --- the API ------------------------------------------------------------------------------------


def test_the_quiz_lists_each_option_with_its_index_and_never_the_answers(
    learner: SignedIn, quiz: Quiz
) -> None:
    client = learner.client
    body = client.get(f"/api/v1/topics/{quiz.leaf.id}/quiz").get_json()
    by_id = {question["id"]: question for question in body["questions"]}
    assert by_id[quiz.choice.id]["options"] == [
        {"index": 0, "text": "Vénus"}, {"index": 1, "text": "Mars"}, {"index": 2, "text": "Jupiter"},
    ]  # fmt: skip
    assert [o["text"] for o in by_id[quiz.multiple.id]["options"]] == ["Mars", "Jupiter", "Saturne", "Vénus"]
    assert by_id[quiz.truefalse.id]["options"] == [{"index": 0, "text": "Vrai"}, {"index": 1, "text": "Faux"}]
    assert by_id[quiz.numeric.id]["options"] == []
    assert all("answers" not in question for question in body["questions"])


@pytest.mark.parametrize(
    ("which", "given", "verdict", "expected"),
    [
        ("choice", {"choice": 1}, "correct", ""),
        ("choice", {"choice": 0}, "incorrect", "Mars"),
        ("choice", {"answer": "mars"}, "correct", ""),
        ("choice", {"answer": "Marss"}, "incorrect", "Mars"),  # text names an option exactly, or none
        ("multiple", {"choices": [2, 1]}, "correct", ""),
        ("multiple", {"choices": [1]}, "almost", "Jupiter ; Saturne"),
        ("multiple", {"choices": [1, 2, 3]}, "almost", "Jupiter ; Saturne"),
        ("multiple", {"choices": [0, 1]}, "incorrect", "Jupiter ; Saturne"),
        ("truefalse", {"choice": 0}, "correct", ""),
        ("truefalse", {"choice": 1}, "incorrect", "Vrai"),
        ("truefalse", {"answer": "oui"}, "correct", ""),
        ("numeric", {"answer": "15"}, "correct", ""),
        ("numeric", {"answer": "20,5"}, "incorrect", "10..20"),
        ("strict", {"answer": " MANGÉ "}, "correct", ""),
        ("strict", {"answer": "mange"}, "incorrect", "mangé"),
    ],
)
def test_answers_by_index_or_text_get_their_verdict_and_the_right_options_shown(
    learner: SignedIn, quiz: Quiz, which: str, given: dict[str, Any], verdict: str, expected: str
) -> None:
    client = learner.client
    question = getattr(quiz, which)
    response = post_attempt(client, {"question_id": question.id, **given})
    assert response.status_code == 201, response.get_data(as_text=True)
    feedback = response.get_json()["feedback"]
    assert feedback["verdict"] == verdict, f"{which} {given}"
    assert feedback["expected"] == expected
    if expected:
        assert expected in feedback["message"], "the feedback names the right option(s)"


def test_the_history_keeps_the_text_of_the_options_picked(learner: SignedIn, quiz: Quiz) -> None:
    client = learner.client
    post_attempt(client, {"question_id": quiz.multiple.id, "choices": [2, 1]})
    post_attempt(client, {"question_id": quiz.truefalse.id, "choice": 1})
    answers = [item["answer"] for item in client.get("/api/v1/attempts?sort=created_at").get_json()["items"]]
    assert answers == ["Jupiter ; Saturne", "Faux"]


@pytest.mark.parametrize(
    ("which", "given", "field"),
    [
        ("choice", {"choice": 3}, "choice"),  # out of range
        ("choice", {"choice": -1}, "choice"),
        ("multiple", {"choices": [1, 4]}, "choices"),
        ("multiple", {"choices": []}, "choices"),
        ("choice", {"choices": [1]}, "choices"),  # a choice question takes one choice
        ("multiple", {"choice": 1}, "choice"),  # a multiple question takes a list
        ("numeric", {"choice": 0}, "choice"),  # a typed answer is expected
        ("choice", {"choice": 1, "answer": "Mars"}, "answer"),  # two answers at once
        ("choice", {}, "answer"),  # none
        ("truefalse", {"choice": 2}, "choice"),
        ("choice", {"choice": 1.5}, "choice"),  # an index is a whole number
        ("choice", {"choice": True}, "choice"),
        ("multiple", {"choices": "1,2"}, "choices"),
    ],
)
def test_a_missing_double_or_out_of_range_answer_is_refused_naming_the_field(
    learner: SignedIn, quiz: Quiz, which: str, given: dict[str, Any], field: str
) -> None:
    client = learner.client
    response = post_attempt(client, {"question_id": getattr(quiz, which).id, **given})
    assert response.status_code == 422, response.get_data(as_text=True)
    assert field in response.get_json()["error"]["fields"], response.get_json()


# --- the page without JavaScript ----------------------------------------------------------------


def test_the_page_shows_radio_buttons_checkboxes_and_a_text_field(learner: SignedIn, quiz: Quiz) -> None:
    client = learner.client
    html = client.get("/courses/ciel/topics/planetes").get_data(as_text=True)
    choice, multiple, truefalse, numeric = (
        quiz.choice.id,
        quiz.multiple.id,
        quiz.truefalse.id,
        quiz.numeric.id,
    )
    for index in range(3):
        assert f'type="radio" name="q{choice}-choice" value="{index}"' in html
    for index in range(4):
        assert f'type="checkbox" name="q{multiple}-choices" value="{index}"' in html
    assert f'type="radio" name="q{truefalse}-choice" value="1"' in html
    assert f'name="q{numeric}-answer"' in html and f'name="q{numeric}-choice"' not in html


def post_form(client: FlaskClient, question: Question, fields: dict[str, Any]) -> Any:
    token = csrf_token(client, "/courses/ciel/topics/planetes")
    data = {"csrf_token": token, f"q{question.id}-csrf_token": token}
    data.update({f"q{question.id}-{name}": value for name, value in fields.items()})
    return client.post(f"/courses/ciel/questions/{question.id}/answer", data=data)


@pytest.mark.parametrize(
    ("which", "fields", "shown"),
    [
        ("choice", {"choice": "1"}, "Excellent travail ! Ta réponse est parfaite."),
        ("choice", {"choice": "2"}, "La réponse correcte est « Mars »."),
        ("multiple", {"choices": ["1", "2"]}, "Excellent travail ! Ta réponse est parfaite."),
        ("multiple", {"choices": ["2"]}, "les bonnes réponses sont « Jupiter ; Saturne »"),
        ("truefalse", {"choice": "1"}, "La réponse correcte est « Vrai »."),
        ("numeric", {"answer": "12"}, "Excellent travail ! Ta réponse est parfaite."),
    ],
)
def test_answering_without_javascript_shows_the_verdict_and_the_right_options(
    learner: SignedIn, quiz: Quiz, which: str, fields: dict[str, Any], shown: str
) -> None:
    client = learner.client
    question = getattr(quiz, which)
    response = post_form(client, question, fields)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/courses/ciel/topics/planetes#question-{question.id}")
    html = client.get("/courses/ciel/topics/planetes").get_data(as_text=True)
    assert shown.replace("'", "&#39;") in html, f"{which} {fields}"


def test_submitting_no_option_asks_to_choose_one(learner: SignedIn, quiz: Quiz) -> None:
    client = learner.client
    response = post_form(client, quiz.multiple, {})
    assert response.status_code == 302
    html = client.get("/courses/ciel/topics/planetes").get_data(as_text=True)
    assert "Choisis une réponse avant de vérifier." in html
    assert client.get("/api/v1/attempts").get_json()["items"] == [], "nothing was recorded"


# --- a leaf of tier-1 questions leads to the summit ---------------------------------------------


def right_answer(quiz: Quiz, question: Question) -> dict[str, Any]:
    """The right answer to each question of the leaf, as the API would send it."""
    return {
        quiz.choice.id: {"answer": None, "choice": 1},
        quiz.multiple.id: {"answer": None, "choices": [1, 2]},
        quiz.truefalse.id: {"answer": None, "choice": 0},
        quiz.numeric.id: {"answer": "15"},
        quiz.strict.id: {"answer": "mangé"},
    }[question.id]


def test_a_leaf_of_tier_one_questions_is_mastered_to_the_summit(app: Any, quiz: Quiz, make_user: Any) -> None:
    user = make_user("stella")
    questions = [quiz.choice, quiz.multiple, quiz.truefalse, quiz.numeric, quiz.strict]
    due = {question.id: NOW for question in questions}
    moment, standings = NOW, []
    for _ in range(17):  # 17 climbs from tier 1 step 1 to tier 3 step 6
        question = min(questions, key=lambda q: (due[q.id], q.position))
        moment = max(moment + timedelta(minutes=1), due[question.id])
        result = learning.submit_answer(user, question.id, now=moment, **right_answer(quiz, question))
        assert result.feedback.verdict.value == "correct"
        due[question.id] = result.due
        standings.append(result.standings[quiz.leaf.id])
    assert standings[5] == Standing(2, 1), "six due successes make an Explorateur"
    assert standings[11] == Standing(3, 1), "twelve make a Vainqueur"
    assert standings[-1] == Standing(3, 6), "the summit is reached with tier-1 questions only"
    leaf = learning.readable_topic(user, quiz.leaf.id)
    assert {q.tier for q in quiz_questions(leaf, 3)} == {1}, "the quiz still asks its tier-1 questions"


def test_a_leaf_of_tier_two_questions_is_offered_from_the_start_and_climbs(
    app: Any, quiz: Quiz, make_user: Any
) -> None:
    for question in quiz.leaf.questions:
        question.tier = 2
    db.session.commit()
    user = make_user("nova")
    assert [e.question.id for e in learning.exercises(user, quiz.course, NOW)] == [
        q.id for q in quiz.leaf.questions
    ], "a tier-1 learner is offered the leaf's lowest tier"
    result = learning.submit_answer(user, quiz.choice.id, None, NOW, choice=1)
    assert result.standings[quiz.leaf.id] == Standing(1, 2)
