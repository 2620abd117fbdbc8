"""`flask course import|export` and `learnanything course …`: an operator brings a whole bank in
one command, sees what landed where, or every problem with its line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from app import db
from app.auth.models import Role, TokenScope, User
from app.auth.tokens import create_token
from app.models import Course, Question

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "data" / "sample-bank"
DATA = ROOT / "tests" / "data" / "course_files"


def test_import_prints_the_questions_per_topic_and_a_learner_answers_one(
    app: Flask, make_user: Callable[..., User]
) -> None:
    author = make_user("aurore", role=Role.AUTHOR)
    learner = make_user("lea", role=Role.LEARNER)
    result = app.test_cli_runner().invoke(
        args=["course", "import", str(BANK / "sample.gift"), "--publish", "--author", "Aurore@example.com"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Course 'culture-generale-en-questions' (id ")
    assert lines[0].endswith(", published): Culture générale en questions")
    assert "      5  Astronomie / Système solaire / Planètes" in lines
    assert "    2  Français / Orthographe" in result.output
    assert lines[-1] == "13 topics, 21 questions, 0 images."
    course = db.session.scalar(select(Course))
    assert course is not None and course.author_id == author.id and course.published
    loire = db.session.scalar(select(Question).where(Question.prompt.startswith("Le plus long fleuve")))
    assert loire is not None
    _, token = create_token(learner, "cli-test", TokenScope.WRITE)
    answered = app.test_client().post(
        "/api/v1/attempts",
        json={"question_id": loire.id, "answer": "la Loire"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answered.status_code == 201, answered.get_data(as_text=True)
    assert answered.json["feedback"]["verdict"] == "correct"


def test_import_of_a_malformed_file_prints_every_line_and_fails(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["course", "import", str(DATA / "malformed.csv")])
    assert result.exit_code == 1
    assert "ligne 4 : La réponse « d » n'est pas l'un des choix." in result.output
    assert "ligne 12 : « beaucoup » n'est pas un nombre ni un intervalle « min..max »." in result.output
    assert "Le fichier contient 12 erreurs : rien n'a été importé." in result.output
    assert db.session.scalar(select(Course)) is None


def test_import_names_an_unknown_author(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["course", "import", str(BANK / "sample.csv"), "--author", "personne@example.com"]
    )
    assert result.exit_code == 1
    assert "No account has the email personne@example.com." in result.output


def test_export_writes_the_course_in_the_chosen_format(app: Flask, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["course", "import", str(BANK / "sample.json")]).exit_code == 0
    output = tmp_path / "banque.csv"
    result = runner.invoke(
        args=["course", "export", "culture-generale-en-questions", "--format", "csv", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert output.read_bytes() == (BANK / "sample.csv").read_bytes(), "the sample bank's CSV, byte for byte"
    aiken = runner.invoke(args=["course", "export", "culture-generale-en-questions", "--format", "aiken"])
    assert aiken.exit_code == 0
    assert "Aiken carries only single-answer choice questions: 18 left out." in aiken.output
    missing = runner.invoke(args=["course", "export", "nulle-part"])
    assert missing.exit_code == 1 and "No course has the slug 'nulle-part'." in missing.output


@pytest.mark.slow  # starts the installed launcher in subprocesses
def test_the_installed_launcher_imports_and_exports_courses(tmp_path: Path) -> None:
    """As an operator runs it from an installed package: `learnanything course …`."""
    env = {
        **os.environ,
        "FLASK_APP": "app",
        "FLASK_CONFIG": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}",
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "db", "upgrade"],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    launcher = [sys.executable, "-c", "from app.cli import main; main()", "course"]
    imported = subprocess.run(
        [*launcher, "import", str(BANK / "sample.gift")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr
    assert "21 questions" in imported.stdout
    refused = subprocess.run(
        [*launcher, "import", str(DATA / "malformed.gift")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "ligne 3 : Les questions à développement" in refused.stderr
    exported = subprocess.run(
        [*launcher, "export", "culture-generale-en-questions", "--format", "gift"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("// @title: Culture générale en questions\n")
