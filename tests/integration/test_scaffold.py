"""`flask scaffold` writes code that fits the project, and never touches existing work.

The fast tests run the command on this checkout in ways that must write nothing (a dry run, a
conflict, a bad field); the slow one scaffolds a resource into a copy of the project and runs
ruff, mypy and the generated tests there, untouched.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from tests.architecture.test_doctor import copy_project

ROOT = Path(__file__).resolve().parents[2]


def test_a_dry_run_prints_the_files_and_writes_nothing(app: Flask) -> None:
    command = ["scaffold", "resource", "reading_note", "title:str", "--dry-run"]
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 0, result.output
    assert "--- would create app/models_reading_note.py" in result.output
    assert "class ReadingNote(Model):" in result.output
    assert "--- would add to app/auth/policy.py: ReadingNote: OWNED_BY_USER," in result.output
    assert not (ROOT / "app" / "models_reading_note.py").exists(), "a dry run wrote a file"


def test_an_existing_file_stops_everything_and_is_listed(app: Flask) -> None:
    policy = (ROOT / "app" / "auth" / "policy.py").read_text(encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["scaffold", "resource", "item", "name:str"])
    assert result.exit_code == 1
    assert "Nothing was written. Conflicts:" in result.output
    assert "app/routes/api/items.py exists already" in result.output
    assert not (ROOT / "app" / "models_item.py").exists(), "a file was written despite the conflict"
    assert (ROOT / "app" / "auth" / "policy.py").read_text(encoding="utf-8") == policy


def test_an_unknown_field_type_is_refused_with_the_known_ones(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["scaffold", "resource", "bookmark", "title:string"])
    assert result.exit_code == 2
    assert "the type is one of str, text, int, float, bool" in result.output


def test_a_reserved_field_name_is_refused(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["scaffold", "resource", "bookmark", "user_id:int"])
    assert result.exit_code == 2
    assert "a column every resource already has" in result.output


def run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FLASK_APP": "app", "PYTHONPATH": str(project)}
    env.pop("TEST_DATABASE_URL", None)  # the copy's tests run on their own in-memory database
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


@pytest.mark.slow
def test_a_scaffolded_resource_passes_lint_types_and_its_tests_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    python = sys.executable
    bin_dir = Path(python).parent
    scaffold = run(
        project,
        python,
        "-m",
        "flask",
        "scaffold",
        "resource",
        "bookmark",
        "title:str",
        "note:text",
        "pinned:bool",
    )
    assert scaffold.returncode == 0, scaffold.stdout + scaffold.stderr
    assert "wrote app/models_bookmark.py" in scaffold.stdout
    assert "op.create_table('bookmarks'" in scaffold.stdout, "the migration is printed for review"

    again = run(project, python, "-m", "flask", "scaffold", "resource", "bookmark", "title:str")
    assert again.returncode == 1 and "app/models_bookmark.py exists already" in again.stderr

    for command in (
        [str(bin_dir / "ruff"), "check", "."],
        [str(bin_dir / "ruff"), "format", "--check", "."],
        [str(bin_dir / "mypy")],
    ):
        result = run(project, *command)
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"
    # The whole suite but the slow tests, generated tests included: `make test-fast` on the copy.
    tests = run(project, python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout and "failed" not in tests.stdout
