"""`flask course generate`: a script asks for a draft course and reads each step as it happens, or
the reason it could not be made."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from app import db
from app.auth.models import Role, User
from app.models import Course
from tests.conftest import llm_settings
from tests.generated_course import scripted_author
from tests.llm_stand_in import ChatCompletionsStandIn


def test_generate_prints_every_step_and_the_draft_it_made(
    app: Flask, llm_server: ChatCompletionsStandIn, make_user: Callable[..., User], tmp_path: Path
) -> None:
    author = make_user("aurore", role=Role.AUTHOR)
    app.config.update(llm_settings(llm_server))
    llm_server.default = scripted_author
    notes = tmp_path / "notes.md"
    notes.write_text("# Volcans\n\nLe magma remonte par la cheminée.", encoding="utf-8")

    options = ["--level", "5e", "--topics", "2", "--questions", "5", "--from", str(notes)]
    result = app.test_cli_runner().invoke(
        args=["course", "generate", "Les volcans", *options, "--author", "Aurore@example.com"]
    )

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "[0/6] Plan du cours (0 tokens)"
    assert lines[1].startswith("[1/6] Leçon « Notion 1 » (")
    assert lines[-2].startswith("[6/6] Terminé (")
    assert lines[-1].startswith("Course 'les-volcans' (id ") and ", draft): Les volcans — " in lines[-1]
    course = db.session.scalar(select(Course))
    assert course is not None and course.author_id == author.id and not course.published
    assert "Le magma remonte par la cheminée." in llm_server.requests[0]["messages"][-1]["content"]


def test_generate_without_a_model_says_how_to_configure_one(
    app: Flask, make_user: Callable[..., User]
) -> None:
    make_user("ada", role=Role.ADMIN)

    result = app.test_cli_runner().invoke(args=["course", "generate", "Les volcans"])

    assert result.exit_code == 1
    assert "définissez LLM_BASE_URL" in result.output


def test_generate_that_fails_exits_1_with_the_reason_and_saves_nothing(
    app: Flask, llm_server: ChatCompletionsStandIn, make_user: Callable[..., User]
) -> None:
    make_user("ada", role=Role.ADMIN)
    app.config.update(llm_settings(llm_server))
    llm_server.reply("overloaded", status=500)

    result = app.test_cli_runner().invoke(args=["course", "generate", "Les volcans"])

    assert result.exit_code == 1
    assert "en panne (erreur 500)" in result.output and "Rien n'a été enregistré." in result.output
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_generate_refuses_a_source_of_another_type(
    app: Flask, llm_server: ChatCompletionsStandIn, make_user: Callable[..., User], tmp_path: Path
) -> None:
    make_user("ada", role=Role.ADMIN)
    app.config.update(llm_settings(llm_server))
    sheet = tmp_path / "notes.xlsx"
    sheet.write_bytes(b"PK\x03\x04")

    result = app.test_cli_runner().invoke(args=["course", "generate", "Les volcans", "--from", str(sheet)])

    assert result.exit_code == 1
    assert "Type de fichier non accepté « .xlsx »" in result.output
    assert llm_server.requests == [], "nothing is asked of the model"


def test_generate_names_the_option_that_asks_too_much(
    app: Flask, llm_server: ChatCompletionsStandIn, make_user: Callable[..., User]
) -> None:
    make_user("ada", role=Role.ADMIN)
    app.config.update(llm_settings(llm_server))

    result = app.test_cli_runner().invoke(args=["course", "generate", "Les volcans", "--topics", "50"])

    assert result.exit_code == 1
    assert "topics: Entre 1 et 30 thèmes." in result.output
    assert llm_server.requests == []
