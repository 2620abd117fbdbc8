""" "Explique-moi autrement" against a real local chat-completions server (tests/llm_stand_in.py):
the explanation is written for the learner (style, pace, notes, lesson, question, answer, tone),
kept so that the next learner with the same mistake costs no request, never shows one learner's
notes to another, fails in plain words when the provider does, is off (503 `llm_disabled`)
without a model, limited per learner, and a draft's questions stay a 404. With and without
JavaScript: the API, and the page's form that posts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app import db
from app.auth.models import Role
from app.models import Course, Explanation, Question, QuestionKind, Topic
from app.services import accounts
from app.services.preferences import update_preferences
from tests.conftest import PASSWORD, AuthActions, SignedIn, csrf_token, free_port, fresh_app, llm_settings
from tests.llm_stand_in import ChatCompletionsStandIn

LEAF = "/courses/astronomie/topics/planetes"
WRITTEN = "Imagine le Système solaire comme une **grande famille** : huit planètes tournent autour du Soleil."


@pytest.fixture
def model_on(app: Flask, llm_server: ChatCompletionsStandIn) -> ChatCompletionsStandIn:
    """The site's language model is the stand-in, which writes WRITTEN unless told otherwise."""
    app.config.update(llm_settings(llm_server, LLM_TIMEOUT=1.0))
    llm_server.default = lambda _request: WRITTEN
    return llm_server


@pytest.fixture
def how_many(astronomy: Any) -> Question:
    """ "Combien y a-t-il de planètes dans notre système solaire ?" (a short answer: 8, huit)."""
    question = db.session.scalar(
        select(Question).where(Question.prompt.startswith("Combien y a-t-il de planètes"))
    )
    assert question is not None
    return question


def explain(who: SignedIn, question: Question, answer: str | None = None) -> Any:
    return who.auth.post_json(
        f"/api/v1/questions/{question.id}/explanation", {} if answer is None else {"answer": answer}
    )


def sent_text(request: dict[str, Any]) -> str:
    """Everything a request to the model said (system and user messages)."""
    return "\n".join(message["content"] for message in request["messages"])


def test_a_wrong_answer_gets_an_explanation_written_for_the_learner(
    learner: SignedIn, model_on: ChatCompletionsStandIn, how_many: Question
) -> None:
    update_preferences(
        learner.user, learning_style="kinesthetic", learning_pace="slow", communication_style="formal"
    )
    response = explain(learner, how_many, "neuf")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["cached"] is False and body["answer"] == "neuf" and body["question_id"] == how_many.id
    assert "<strong>grande famille</strong>" in body["explanation_html"], "Markdown rendered"
    assert len(model_on.requests) == 1
    said = sent_text(model_on.requests[0])
    for part, why in (
        ("neuf", "the learner's answer"),
        ("Combien y a-t-il de planètes", "the question"),
        (how_many.topic.lesson[:60], "the lesson"),
        ("La bonne réponse : 8", "the right answer, already shown by the feedback"),
        ("en faisant", "the kinesthetic style"),
        ("une idée à la fois", "the slow pace"),
        ("Vouvoie l'élève", "the formal tone of the feedback"),
    ):
        assert part in said, f"the prompt should carry {why}: {part!r}"
    assert model_on.requests[0]["model"] == "stand-in"


def test_asked_before_answering_it_explains_without_giving_the_answer(
    learner: SignedIn, model_on: ChatCompletionsStandIn, how_many: Question
) -> None:
    assert explain(learner, how_many).status_code == 200
    said = sent_text(model_on.requests[0])
    assert "sans donner la réponse" in said and "La bonne réponse" not in said
    assert "Tutoie l'élève" in said, "the default informal tone says tu"


def test_a_second_learner_with_the_same_mistake_costs_no_request(
    learner: SignedIn, other_learner: SignedIn, model_on: ChatCompletionsStandIn, how_many: Question
) -> None:
    first = explain(learner, how_many, "Neuf !").get_json()
    second = explain(other_learner, how_many, "  neuf ").get_json()
    assert len(model_on.requests) == 1, "the same mistake, normalised, is read from the cache"
    assert second["cached"] is True and second["explanation_html"] == first["explanation_html"]
    assert db.session.scalar(select(func.count()).select_from(Explanation)) == 1


def test_another_mistake_or_another_style_is_written_anew(
    learner: SignedIn, other_learner: SignedIn, model_on: ChatCompletionsStandIn, how_many: Question
) -> None:
    explain(learner, how_many, "neuf")
    explain(learner, how_many, "sept")
    update_preferences(other_learner.user, communication_style="concise")
    assert explain(other_learner, how_many, "neuf").get_json()["cached"] is False
    assert len(model_on.requests) == 3


def test_one_learners_notes_never_reach_another_learner(
    learner: SignedIn, other_learner: SignedIn, model_on: ChatCompletionsStandIn, how_many: Question
) -> None:
    secret = "Je suis dyslexique et j'adore les dinosaures"
    update_preferences(learner.user, custom_preferences=secret)
    model_on.reply("Comme tu adores les dinosaures : huit planètes, comme huit grands sauropodes.")
    mine = explain(learner, how_many, "neuf").get_json()
    assert "dinosaures" in mine["explanation_html"]
    assert secret in sent_text(model_on.requests[0]), "the learner's own notes shape their explanation"

    theirs = explain(other_learner, how_many, "neuf").get_json()
    assert theirs["cached"] is False, "an explanation written with someone's notes is theirs alone"
    assert "dinosaures" not in theirs["explanation_html"]
    assert secret not in sent_text(model_on.requests[1]), "nor do the notes go into another's prompt"

    again = explain(learner, how_many, "neuf").get_json()
    assert again["cached"] is True and "dinosaures" in again["explanation_html"]
    update_preferences(learner.user, custom_preferences="Je préfère les chats")
    assert explain(learner, how_many, "neuf").get_json()["cached"] is False, "new notes, new explanation"
    rows = db.session.scalars(select(Explanation).where(Explanation.owner_id == learner.user.id)).all()
    assert len(rows) == 1 and "dinosaures" not in rows[0].text, "what older notes wrote is dropped"
    assert all(secret not in row.notes_digest for row in rows)


def test_the_models_markdown_goes_through_the_lesson_sanitiser(
    learner: SignedIn, model_on: ChatCompletionsStandIn, how_many: Question
) -> None:
    model_on.reply(
        "Voici <script>alert(1)</script> [un lien](javascript:alert(2)) et ![pixel](https://tracker.example/p.gif)"
    )
    html = explain(learner, how_many, "neuf").get_json()["explanation_html"]
    assert "<script>" not in html and "&lt;script&gt;" in html, "raw HTML is shown as text, never run"
    assert 'href="javascript' not in html and "tracker.example" not in html


@pytest.mark.parametrize(
    ("status", "delay"),
    [(500, 0.0), (429, 0.0), (503, 0.0), (200, 3.0)],
    ids=["500", "429", "503", "timeout"],
)
def test_a_failing_provider_gives_a_clear_message_and_nothing_is_kept(
    learner: SignedIn, model_on: ChatCompletionsStandIn, how_many: Question, status: int, delay: float
) -> None:
    model_on.reply(WRITTEN if status == 200 else "boom", status=status, delay=delay)
    response = explain(learner, how_many, "neuf")
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "llm_unavailable"
    assert error["message"].startswith("Le service d'explications ne répond pas pour le moment.")
    assert db.session.scalar(select(func.count()).select_from(Explanation)) == 0
    assert explain(learner, how_many, "neuf").get_json()["cached"] is False, "the next try asks again"


def test_a_provider_that_is_down_gives_a_clear_message(
    app: Flask, learner: SignedIn, how_many: Question
) -> None:
    app.config.update(LLM_BASE_URL=f"http://127.0.0.1:{free_port()}/v1", LLM_TIMEOUT=1.0)
    response = explain(learner, how_many, "neuf")
    assert response.status_code == 503 and response.get_json()["error"]["code"] == "llm_unavailable"


def test_without_a_model_the_endpoint_says_it_is_off_and_the_page_offers_nothing(
    learner: SignedIn, how_many: Question
) -> None:
    response = explain(learner, how_many, "neuf")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "llm_disabled"
    assert "aucun modèle de langue" in response.get_json()["error"]["message"]
    html = learner.client.get(LEAF).get_data(as_text=True)
    assert "Explique-moi autrement" not in html and "explain-form" not in html


def test_a_drafts_question_is_not_found(
    learner: SignedIn, model_on: ChatCompletionsStandIn, make_user: Any
) -> None:
    writer = make_user("ecrivaine", role=Role.AUTHOR)
    course = Course(slug="brouillon", title="Brouillon", published=False, author_id=writer.id)
    leaf = Topic(course=course, slug="feuille", title="Feuille", lesson="Leçon secrète.")
    question = Question(topic=leaf, kind=QuestionKind.SHORT, prompt="Secret ?", answers=["oui"])
    db.session.add_all([course, leaf, question])
    db.session.commit()
    assert explain(learner, question, "non").status_code == 404
    page = AuthActions(learner.client).post(
        f"/courses/brouillon/questions/{question.id}/explanation", {"answer": "non"}
    )
    assert page.status_code == 404
    assert model_on.requests == [], "nothing about a draft is sent to the model"


def test_an_answer_longer_than_an_answer_may_be_is_refused(
    learner: SignedIn, model_on: ChatCompletionsStandIn, how_many: Question
) -> None:
    response = explain(learner, how_many, "x" * 501)
    assert response.status_code == 422 and "answer" in response.get_json()["error"]["fields"]


def test_the_leaf_offers_explique_moi_autrement_and_carries_the_wrong_answer_without_javascript(
    learner: SignedIn, model_on: ChatCompletionsStandIn, how_many: Question
) -> None:
    client = learner.client
    html = client.get(LEAF).get_data(as_text=True)
    assert html.count("Explique-moi autrement") >= 3, "every question of the leaf offers it"
    assert f'action="/courses/astronomie/questions/{how_many.id}/explanation"' in html
    token = csrf_token(client, LEAF)
    client.post(
        f"/courses/astronomie/questions/{how_many.id}/answer",
        data={"csrf_token": token, f"q{how_many.id}-csrf_token": token, f"q{how_many.id}-answer": "neuf"},
    )
    html = client.get(LEAF).get_data(as_text=True)
    form = html[html.index(f'action="/courses/astronomie/questions/{how_many.id}/explanation"') :]
    assert '<input type="hidden" name="answer" value="neuf">' in form[:400], "after a wrong answer"

    page = client.post(
        f"/courses/astronomie/questions/{how_many.id}/explanation",
        data={"csrf_token": token, "answer": "neuf"},
    )
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<strong>grande famille</strong>" in text and "Ta réponse : neuf" in text
    assert f'href="{LEAF}#question-{how_many.id}"' in text, "the way back to the question"


def test_without_javascript_a_failing_provider_sends_the_learner_back_with_the_reason(
    learner: SignedIn, model_on: ChatCompletionsStandIn, how_many: Question
) -> None:
    model_on.reply("boom", status=500)
    client = learner.client
    token = csrf_token(client, LEAF)
    response = client.post(
        f"/courses/astronomie/questions/{how_many.id}/explanation",
        data={"csrf_token": token, "answer": "neuf"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#question-{how_many.id}")
    assert "Le service d&#39;explications ne répond pas" in client.get(LEAF).get_data(as_text=True)


@pytest.fixture
def limited(llm_server: ChatCompletionsStandIn) -> Iterator[Flask]:
    """An application with rate limits on and two explanations a minute per learner."""
    llm_server.default = lambda _request: WRITTEN
    with fresh_app(
        RATELIMIT_ENABLED=True, RATELIMIT_EXPLANATION="2 per minute", **llm_settings(llm_server)
    ) as app:
        from app import seed_file
        from app.services.seeding import load_seed_file

        load_seed_file(seed_file(app))
        yield app


def test_explanations_are_limited_per_learner_page_and_api_together(
    limited: Flask, llm_server: ChatCompletionsStandIn
) -> None:
    question = db.session.scalar(
        select(Question).where(Question.prompt.startswith("Combien y a-t-il de planètes"))
    )
    assert question is not None
    users = [
        accounts.register_user(name, f"{name}@example.com", PASSWORD, verified=True)
        for name in ("lia", "max")
    ]
    first, second = (limited.test_client() for _ in users)
    for client, user in ((first, users[0]), (second, users[1])):
        assert AuthActions(client).login(user.email).status_code == 302
    url = f"/api/v1/questions/{question.id}/explanation"
    token = csrf_token(first, LEAF)
    page = first.post(f"/courses/astronomie/questions/{question.id}/explanation", data={"csrf_token": token})
    assert page.status_code == 200
    assert AuthActions(first).post_json(url, {"answer": "neuf"}).status_code == 200
    refused = AuthActions(first).post_json(url, {"answer": "dix"})
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert AuthActions(second).post_json(url, {"answer": "dix"}).status_code == 200, "per learner"


def test_explanations_written_with_notes_are_exported_and_deleted_with_the_account(
    learner: SignedIn, other_learner: SignedIn, model_on: ChatCompletionsStandIn, how_many: Question
) -> None:
    update_preferences(learner.user, custom_preferences="J'apprends avec des chansons")
    explain(learner, how_many, "neuf")
    explain(other_learner, how_many, "neuf")  # no notes: a shared row
    export = learner.client.get("/api/v1/me/export").get_json()
    assert [row["answer"] for row in export["explanations"]] == ["neuf"]
    assert "notes_digest" not in export["explanations"][0], "no hash leaves the site"
    shared = other_learner.client.get("/api/v1/me/export").get_json()
    assert shared["explanations"] == [], "a shared explanation belongs to no one"

    deleted = learner.auth.post_json("/api/v1/me", {"password": PASSWORD}, method="DELETE")
    assert deleted.status_code == 204
    owners = db.session.scalars(select(Explanation.owner_id)).all()
    assert owners == [None], "the learner's own explanation went with the account; the shared one stays"
