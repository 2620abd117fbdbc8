"""The command line an operator uses: `flask create-admin` and `flask seed`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from app import db
from app.auth.models import Role, User
from app.models import Course, Question, Topic
from tests.conftest import AuthActions

ADMIN_PASSWORD = "une phrase de passe pour l'admin"


def admin_named(email: str) -> User | None:
    """The stored account with this email."""
    return db.session.scalar(select(User).where(User.email == email))


def test_create_admin_reads_the_password_from_the_environment(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--username", "chef", "--email", "Chef@Example.com"],
        env={"LEARNANYTHING_ADMIN_PASSWORD": ADMIN_PASSWORD},
    )
    assert result.exit_code == 0, result.output
    assert "Administrator ready: chef <chef@example.com>" in result.output
    user = admin_named("chef@example.com")
    assert user is not None and user.role is Role.ADMIN
    response = AuthActions(app.test_client()).login("chef", ADMIN_PASSWORD)
    assert response.status_code == 302, "the new admin can log in with that password"


def test_create_admin_asks_for_the_password_twice(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "chef@example.com"], input=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert ADMIN_PASSWORD not in result.output, "the password is not echoed"
    user = admin_named("chef@example.com")
    assert user is not None and user.username == "admin" and user.role is Role.ADMIN


def test_create_admin_refuses_a_weak_password(app: Flask) -> None:
    runner = app.test_cli_runner()
    short = runner.invoke(
        args=["create-admin", "--email", "chef@example.com"], env={"LEARNANYTHING_ADMIN_PASSWORD": "admin"}
    )
    assert short.exit_code != 0
    assert "Le mot de passe doit contenir au moins 12 caractères." in short.output
    common = runner.invoke(
        args=["create-admin", "--email", "chef@example.com"],
        env={"LEARNANYTHING_ADMIN_PASSWORD": "password1234"},
    )
    assert common.exit_code != 0
    assert "Ce mot de passe est trop courant" in common.output
    assert admin_named("chef@example.com") is None, "no admin was created"


def test_create_admin_refuses_an_existing_email_unless_asked_to_promote(
    app: Flask, make_user: object
) -> None:
    make_user("camille")  # type: ignore[operator]
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "camille@example.com"],
        env={"LEARNANYTHING_ADMIN_PASSWORD": ADMIN_PASSWORD},
    )
    assert result.exit_code != 0
    assert "Un compte existe déjà avec cet email (promotion possible avec --promote)." in result.output
    user = admin_named("camille@example.com")
    assert user is not None and user.role is Role.LEARNER, "the account is left as it was"
    response = AuthActions(app.test_client()).login("camille")
    assert response.status_code == 302, "and its password still works"


def test_create_admin_promotes_an_existing_account(app: Flask, make_user: object) -> None:
    make_user("camille")  # type: ignore[operator]
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "camille@example.com", "--promote"],
        env={"LEARNANYTHING_ADMIN_PASSWORD": ADMIN_PASSWORD},
    )
    assert result.exit_code == 0, result.output
    user = admin_named("camille@example.com")
    assert user is not None and user.role is Role.ADMIN and user.username == "camille"
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (User, Course, Topic, Question)
    }


def test_seed_twice_changes_nothing(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "Seed loaded:" in first.output
    after_first = _counts()
    assert after_first["Course"] >= 2 and after_first["User"] >= 1, after_first
    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0, second.output
    assert _counts() == after_first, "the second seed must not add or change rows"


def test_seed_is_refused_in_production_unless_forced(production_app: Flask) -> None:
    runner = production_app.test_cli_runner()
    refused = runner.invoke(args=["seed"])
    assert refused.exit_code == 1
    assert "Refusing to seed a production database without --force." in refused.output
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0, "nothing was loaded"

    forced = runner.invoke(args=["seed", "--force"])
    assert forced.exit_code == 0, forced.output
    assert db.session.scalar(select(func.count()).select_from(Course)) == 2


@pytest.mark.slow
def test_create_admin_in_a_real_shell_reports_a_weak_password_without_a_traceback(tmp_path: Path) -> None:
    """As an operator runs it: a fresh process, no test fixture holding a context open."""
    env = {
        **os.environ,
        "FLASK_APP": "app",
        "FLASK_CONFIG": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}",
        "LEARNANYTHING_ADMIN_PASSWORD": "court",
    }
    flask = [sys.executable, "-m", "flask"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=tmp_path, check=True, capture_output=True)
    weak = subprocess.run(
        [*flask, "create-admin", "--email", "chef@example.com"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert weak.returncode == 1, weak.stderr
    assert "Le mot de passe doit contenir au moins 12 caractères." in weak.stderr
    assert "Traceback" not in weak.stderr
    bad_email = subprocess.run(
        [*flask, "create-admin", "--email", "pas-un-email"],
        env={**env, "LEARNANYTHING_ADMIN_PASSWORD": ADMIN_PASSWORD},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert bad_email.returncode == 1 and "Traceback" not in bad_email.stderr, bad_email.stderr
