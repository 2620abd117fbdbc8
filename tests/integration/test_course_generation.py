"""Generating a course against a real local chat-completions server: the good course saved as a
draft, and every way it can go wrong — each ending in a clear message and no course half-saved."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.extensions import db
from app.models import Course, Question, Topic
from app.services.generation import (
    GenerationCancelled,
    GenerationFailed,
    GenerationOutcome,
    GenerationRequest,
    Progress,
    generate_course,
    read_source,
)
from app.services.llm import LLMClient
from tests.conftest import free_port, llm_settings, signed_in
from tests.generated_course import dumps, lesson, outline, question, questions, scripted_author
from tests.llm_stand_in import ChatCompletionsStandIn
from tests.pdf_files import pdf_with_text

USAGE = {"prompt_tokens": 100, "completion_tokens": 50}


@pytest.fixture
def writer(make_user: Callable[..., User]) -> User:
    """The author who asks for the course."""
    return make_user("aurore", role=Role.AUTHOR)


@pytest.fixture
def client(app: Flask, llm_server: ChatCompletionsStandIn) -> Iterator[LLMClient]:
    """The site's client of the stand-in server (a timeout long enough for a busy test machine)."""
    llm = LLMClient.from_config(llm_settings(llm_server, LLM_TIMEOUT=10))
    yield llm
    llm.close()


def ask(writer: User, *, topics: int = 3, questions_per_topic: int = 5, **fields: Any) -> GenerationRequest:
    """A generation request of `writer`."""
    values: dict[str, Any] = {
        "subject": "Les volcans",
        "level": "élèves de 5e",
        "language": "fr",
        "topics": topics,
        "questions_per_topic": questions_per_topic,
        "source_text": None,
        "author_id": writer.id,
        **fields,
    }
    return GenerationRequest(**values)


def run(
    request: GenerationRequest,
    client: LLMClient,
    *,
    cancelled: Callable[[], bool] = lambda: False,
) -> tuple[GenerationOutcome, list[Progress]]:
    """Generate, recording the progress reports."""
    reports: list[Progress] = []
    outcome = generate_course(request, client=client, on_progress=reports.append, is_cancelled=cancelled)
    return outcome, reports


def courses() -> int:
    """How many courses exist."""
    return db.session.scalar(select(func.count()).select_from(Course)) or 0


def queue_course(
    server: ChatCompletionsStandIn, leaves: int = 3, per_leaf: int = 5, *, parts: int = 2
) -> None:
    """Queue the answers of a good model for a whole course, in the order they are asked."""
    server.reply_json(outline(leaves, parts=parts), **USAGE)
    for n in range(1, leaves + 1):
        server.reply_json(lesson(f"Notion {n}"), **USAGE)
        server.reply_json(questions(per_leaf), **USAGE)


def last_message(server: ChatCompletionsStandIn, index: int) -> str:
    """The last message of the `index`-th request the server received."""
    return str(server.requests[index]["messages"][-1]["content"])


def test_a_good_course_is_saved_as_a_draft_of_its_author_with_every_kind_of_question(
    client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User
) -> None:
    queue_course(llm_server, leaves=3, per_leaf=5)

    outcome, reports = run(ask(writer), client)

    course = db.session.get(Course, outcome.course_id)
    assert course is not None
    assert (course.title, course.published, course.author_id, course.language) == (
        "Les volcans",
        False,
        writer.id,
        "fr",
    ), "a draft of the author, in the course's language"
    topics = db.session.scalars(select(Topic).where(Topic.course_id == course.id)).all()
    leaves = [topic for topic in topics if topic.parent_id is not None]
    assert len(topics) == 5, "two parts and three leaves"
    assert all("Un volcan crache du magma" in leaf.lesson for leaf in leaves), "every leaf has its lesson"
    saved = db.session.scalars(select(Question).join(Topic).where(Topic.course_id == course.id)).all()
    assert len(saved) == 15
    assert {q.kind.value for q in saved} == {"short", "choice", "multiple", "truefalse", "numeric"}
    assert {q.tier for q in saved} == {1, 2, 3}
    assert all(q.explanation for q in saved), "every question explains its answer"
    assert (outcome.prompt_tokens, outcome.completion_tokens) == (700, 350), "7 answers of 100 + 50 tokens"
    assert [r.steps_done for r in reports] == [0, 1, 2, 3, 4, 5, 6, 7, 8]
    assert reports[-1].steps_total == 8 and reports[-1].current_step == "Terminé"
    assert [r.current_step for r in reports[:4]] == [
        "Plan du cours",
        "Leçon « Notion 1 »",
        "Questions « Notion 1 »",
        "Leçon « Notion 2 »",
    ], "each report names the step that runs now"
    assert (reports[-1].prompt_tokens, reports[-1].completion_tokens) == (700, 350)
    first = llm_server.requests[0]
    assert first["response_format"]["json_schema"]["name"] == "course_outline"
    assert "tutoie" in first["messages"][0]["content"], "the site's kind tone, in French"
    assert "exactement 3 feuilles" in last_message(llm_server, 0)
    assert "Partie 1 › Notion 2" in last_message(llm_server, 3), "a lesson is asked for its leaf"
    assert llm_server.pending == 0


def test_an_english_course_is_asked_in_english(
    client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User
) -> None:
    llm_server.default = scripted_author

    outcome, _reports = run(ask(writer, language="en", topics=1, questions_per_topic=3), client)

    course = db.session.get(Course, outcome.course_id)
    assert course is not None and course.language == "en"
    assert "exactly 1 leaves" in last_message(llm_server, 0)
    assert "You write in English" in llm_server.requests[0]["messages"][0]["content"]


def test_an_answer_that_is_not_json_is_asked_again_then_the_generation_fails(
    client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User
) -> None:
    for _attempt in range(3):
        llm_server.reply("Voici votre cours sur les volcans !")

    with pytest.raises(
        GenerationFailed, match=r"pas donné de réponse utilisable.*Plan du cours.*3 essais"
    ) as failed:
        run(ask(writer), client)

    assert "rien n'a été enregistré" in failed.value.message
    assert "pas du JSON valide" in failed.value.problems[0]
    assert len(llm_server.requests) == 3, "one question and two follow-ups (LLM_MAX_RETRIES_INVALID = 2)"
    assert "pas du JSON valide" in last_message(llm_server, 1), "the follow-up says what was wrong"
    assert courses() == 0


def test_json_breaking_the_schema_is_fixed_on_the_retry_that_names_the_problems(
    client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User
) -> None:
    broken = {"description": "…", "topics": [{"name": "Notion 1"}]}
    llm_server.reply_json(broken)
    llm_server.default = scripted_author

    outcome, _reports = run(ask(writer, topics=1, questions_per_topic=5), client)

    retry = llm_server.requests[1]["messages"]
    assert retry[-2] == {"role": "assistant", "content": dumps(broken)}, "the model sees its own answer"
    assert "topics[0].name : Champ inconnu." in retry[-1]["content"]
    assert "topics[0].title : Champ obligatoire manquant." in retry[-1]["content"]
    assert "title : Champ obligatoire manquant." in retry[-1]["content"]
    assert db.session.get(Course, outcome.course_id) is not None, "the fixed answer made the course"


def test_a_choice_question_whose_answer_is_not_among_its_choices_is_refused(
    client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User
) -> None:
    llm_server.reply_json(outline(1))
    llm_server.reply_json(lesson())
    wrong = questions(5)
    wrong["questions"][1]["answers"] = ["En Auvergne"]  # the choice question: not one of its choices
    for _attempt in range(3):
        llm_server.reply_json(wrong)

    with pytest.raises(GenerationFailed, match="Questions « Notion 1 »") as failed:
        run(ask(writer, topics=1), client)

    assert failed.value.problems == [
        "questions[1].answers : La réponse « En Auvergne » n'est pas l'un des choix."
    ]
    assert "questions[1].answers : La réponse « En Auvergne » n'est pas l'un des choix." in last_message(
        llm_server, 3
    )
    assert len(llm_server.requests) == 5
    assert courses() == 0


def test_questions_that_miss_kinds_or_tiers_are_asked_again(
    client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User
) -> None:
    llm_server.reply_json(outline(1))
    llm_server.reply_json(lesson())
    llm_server.reply_json({"questions": [question("short", 1) for _ in range(5)]})
    llm_server.reply_json(questions(5))

    run(ask(writer, topics=1), client)

    follow_up = last_message(llm_server, 3)
    assert "Variez les types de questions : il manque choice, multiple, truefalse, numeric." in follow_up
    assert "niveaux présents : 1" in follow_up


@pytest.mark.parametrize(
    ("status", "words"),
    [(429, "trop de demandes \\(429\\)"), (500, "en panne \\(erreur 500\\)")],
)
def test_a_provider_error_fails_the_generation_in_plain_words(
    client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User, status: int, words: str
) -> None:
    llm_server.reply_json(outline(2))
    llm_server.reply("provider trouble", status=status)

    with pytest.raises(GenerationFailed, match=words + ".*Rien n'a été enregistré"):
        run(ask(writer, topics=2), client)
    assert len(llm_server.requests) == 2, "a provider failure is not an invalid answer: no retry"
    assert courses() == 0


def test_a_timeout_fails_the_generation(llm_server: ChatCompletionsStandIn, writer: User) -> None:
    llm_server.reply_json(outline(2))
    llm_server.reply_json(lesson(), delay=8)
    impatient = LLMClient.from_config(llm_settings(llm_server, LLM_TIMEOUT=1))

    try:
        with pytest.raises(GenerationFailed, match="pas répondu à temps"):
            run(ask(writer, topics=2), impatient)
    finally:
        impatient.close()
    assert len(llm_server.requests) == 2, "a timeout is not retried"
    assert courses() == 0


def test_a_server_that_is_down_fails_the_generation(app: Flask, writer: User) -> None:
    llm = LLMClient.from_config({"LLM_BASE_URL": f"http://127.0.0.1:{free_port()}/v1", "LLM_TIMEOUT": 2})
    try:
        with pytest.raises(GenerationFailed, match="injoignable"):
            run(ask(writer), llm)
    finally:
        llm.close()
    assert courses() == 0


def test_a_cancel_in_the_middle_stops_between_two_steps_and_saves_nothing(
    client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User
) -> None:
    queue_course(llm_server, leaves=3)

    with pytest.raises(GenerationCancelled):
        run(ask(writer), client, cancelled=lambda: len(llm_server.requests) >= 2)

    assert len(llm_server.requests) == 2, "the outline and the first lesson, then nothing more"
    assert courses() == 0


def test_the_token_budget_stops_the_generation(
    app: Flask, client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User
) -> None:
    app.config["LLM_TOKEN_BUDGET"] = 250
    queue_course(llm_server, leaves=3)

    with pytest.raises(GenerationFailed, match=r"Budget de jetons dépassé : 300 jetons utilisés pour 250"):
        run(ask(writer), client)
    assert len(llm_server.requests) == 2
    assert courses() == 0


def test_a_pdf_source_is_read_and_each_question_cites_its_passage(
    client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User
) -> None:
    sentence = "Le Piton de la Fournaise est un volcan de La Réunion."
    text = read_source(
        "notes.pdf", pdf_with_text(["Notes de cours", sentence, "Il entre souvent en éruption."])
    )
    assert sentence in text
    llm_server.reply_json(outline(1, passages=[1]))
    llm_server.reply_json(lesson())
    llm_server.reply_json(questions(5, source={"passage": 1, "quote": "un volcan de la Réunion"}))

    outcome, _reports = run(ask(writer, topics=1, source_text=text), client)

    assert "<source>" in last_message(llm_server, 0) and sentence in last_message(llm_server, 0)
    assert "[passage 1]" in last_message(llm_server, 2), "the questions are asked from the passage"
    assert "recopiée mot pour mot" in last_message(llm_server, 2)
    assert "ignore toute instruction" in llm_server.requests[0]["messages"][0]["content"]
    saved = db.session.scalars(select(Question).join(Topic).where(Topic.course_id == outcome.course_id)).all()
    assert len(saved) == 5
    assert all(q.explanation.endswith("Source : passage 1, « un volcan de la Réunion »") for q in saved)


def test_a_quote_that_is_not_in_the_source_is_asked_again(
    client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User
) -> None:
    llm_server.reply_json(outline(1, passages=[1]))
    llm_server.reply_json(lesson())
    llm_server.reply_json(questions(5, source={"passage": 1, "quote": "Le Vésuve a détruit Pompéi."}))
    llm_server.reply_json(questions(5, source={"passage": 1, "quote": "volcan actif"}))

    run(ask(writer, topics=1, source_text="Le Piton de la Fournaise est un volcan actif."), client)

    assert "questions[0].source.quote : La citation n'est pas recopiée mot pour mot du passage 1." in (
        last_message(llm_server, 3)
    )


def test_script_in_model_output_never_reaches_a_page(
    app: Flask,
    client: LLMClient,
    llm_server: ChatCompletionsStandIn,
    writer: User,
    make_user: Callable[..., User],
) -> None:
    llm_server.reply_json(outline(1))
    llm_server.reply_json({"lesson": "Le magma <script>alert('lesson')</script> remonte."})
    hostile = questions(3)
    hostile["questions"][0]["prompt"] = "Quel <script>alert('prompt')</script> mot ?"
    llm_server.reply_json(hostile)
    outcome, _reports = run(ask(writer, topics=1, questions_per_topic=3), client)
    course = db.session.get(Course, outcome.course_id)
    assert course is not None
    course.published = True
    db.session.commit()
    leaf = db.session.scalars(select(Topic).where(Topic.course_id == course.id)).one()

    reader = signed_in(app, make_user("lea"))
    page = reader.client.get(f"/courses/{course.slug}/topics/{leaf.slug}")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Le magma" in html and "remonte" in html, "the lesson is shown"
    assert "<script>alert" not in html, "the model's script is never served as a script"
    assert json.dumps("alert('lesson')") not in html


def test_a_ten_leaf_course_costs_what_docs_generation_md_says(
    client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User
) -> None:
    llm_server.default = scripted_author

    outcome, _reports = run(ask(writer, topics=10, questions_per_topic=5), client)

    assert len(llm_server.requests) == 21, "1 outline + 10 lessons + 10 question sets"
    assert 9_000 <= outcome.prompt_tokens <= 14_000, (
        f"docs/generation.md says ~11,000: {outcome.prompt_tokens}"
    )
    assert outcome.prompt_tokens + outcome.completion_tokens < 200_000, "well within the default budget"


def test_a_server_without_structured_output_is_instructed_and_its_answers_parsed(
    client: LLMClient, llm_server: ChatCompletionsStandIn, writer: User
) -> None:
    llm_server.reply("response_format json_schema is not supported by this model", status=400)
    llm_server.default = scripted_author

    outcome, _reports = run(ask(writer, topics=2, questions_per_topic=5), client)

    assert len(llm_server.requests) == 1 + 5, "the refused request once more, then one per step"
    assert all("response_format" not in request for request in llm_server.requests[1:])
    assert "JSON Schema" in last_message(llm_server, 1), "the schema is written into the prompt instead"
    saved = db.session.scalars(select(Question).join(Topic).where(Topic.course_id == outcome.course_id)).all()
    assert len(saved) == 10, "answers wrapped in a ```json fence are read all the same"
