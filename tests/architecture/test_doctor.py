"""`flask doctor` catches each violation it claims to catch, and passes on this project.

Source rules run on a small tree built in tmp_path with one violation each; the rules that send
requests run on a private application with one unprotected page added; the slow test copies the
whole project, breaks it, and runs the command as a developer would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from app import doctor
from tests.conftest import fresh_app

ROOT = Path(__file__).resolve().parents[2]


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_second_sqlalchemy_instance_is_caught(tmp_path: Path) -> None:
    write(tmp_path, "app/extensions.py", "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n")
    assert doctor.one_sqlalchemy_instance(tmp_path) == []
    write(tmp_path, "app/models.py", "import flask_sqlalchemy\ndb = flask_sqlalchemy.SQLAlchemy()\n")
    assert doctor.one_sqlalchemy_instance(tmp_path) == ["app/models.py:2 creates another SQLAlchemy()"]


def test_a_second_sqlalchemy_instance_in_a_benchmark_or_script_is_caught(tmp_path: Path) -> None:
    write(tmp_path, "app/extensions.py", "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n")
    write(tmp_path, "bench/floor.py", "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n")
    write(tmp_path, "scripts/tool.py", "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n")
    assert doctor.one_sqlalchemy_instance(tmp_path) == [
        "bench/floor.py:2 creates another SQLAlchemy()",
        "scripts/tool.py:2 creates another SQLAlchemy()",
    ]


def test_a_module_level_application_is_caught_but_run_py_may_hold_one(tmp_path: Path) -> None:
    write(tmp_path, "app/__init__.py", "def create_app():\n    pass\n")
    write(tmp_path, "run.py", "from app import create_app\napp = create_app()\n")
    assert doctor.application_factory(tmp_path) == []
    write(tmp_path, "app/routes/main.py", "from flask import Flask\napp = Flask(__name__)\n")
    assert doctor.application_factory(tmp_path) == ["app/routes/main.py:2 builds an application at import"]


def test_a_missing_factory_is_caught(tmp_path: Path) -> None:
    write(tmp_path, "app/__init__.py", "from flask import Flask\n")
    assert doctor.application_factory(tmp_path) == ["app/__init__.py defines no create_app()"]


def test_a_missing_configuration_class_is_caught(tmp_path: Path) -> None:
    write(tmp_path, "app/config.py", "class DevelopmentConfig: ...\nclass ProductionConfig: ...\n")
    assert doctor.configuration_classes(tmp_path) == ["app/config.py has no class TestingConfig"]


def test_an_unpinned_requirement_is_caught(tmp_path: Path) -> None:
    write(tmp_path, "requirements.txt", "# pinned\nFlask==3.1.3\npsycopg[binary]==3.3.9\n")
    write(tmp_path, "requirements-dev.txt", "-r requirements.txt\npytest>=8\n")
    assert doctor.requirements_pinned(tmp_path) == [
        "requirements-dev.txt:2 'pytest>=8' is not pinned with =="
    ]


def test_inline_script_and_style_in_templates_are_caught(tmp_path: Path) -> None:
    write(
        tmp_path,
        "app/templates/page.html",
        '<script type="module" src="/static/js/page.js"></script>\n<script>alert(1)</script>\n'
        '<p style="color: red">x</p>\n',
    )
    assert doctor.templates_without_inline_code(tmp_path) == [
        "app/templates/page.html:2 has an inline <script>",
        "app/templates/page.html:3 has a style attribute",
    ]


def test_db_session_in_a_route_module_is_caught(tmp_path: Path) -> None:
    write(
        tmp_path,
        "app/routes/main.py",
        "from ..extensions import db\n\ndef view():\n    db.session.commit()\n",
    )
    assert doctor.no_session_in_routes(tmp_path) == ["app/routes/main.py:4 uses db.session"]


def test_a_cdn_asset_is_caught(tmp_path: Path) -> None:
    write(tmp_path, "app/templates/base.html", '<link rel="stylesheet" href="/static/css/styles.css">\n')
    write(tmp_path, "app/static/css/styles.css", "body { margin: 0; }\n")
    assert doctor.no_remote_assets(tmp_path) == []
    write(
        tmp_path, "app/templates/base.html", '<script src="https://cdn.jsdelivr.net/npm/htmx.org"></script>\n'
    )
    write(tmp_path, "app/static/css/styles.css", '@import url("https://fonts.googleapis.com/css");\n')
    assert doctor.no_remote_assets(tmp_path) == [
        "app/templates/base.html:1 loads an asset from another host",
        "app/static/css/styles.css:1 loads an asset from another host",
    ]


def test_an_unregistered_blueprint_is_caught(app: Flask, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "app" / "routes", tmp_path / "app" / "routes")
    assert doctor.blueprints_registered(tmp_path, app) == []
    write(tmp_path, "app/routes/quiz.py", 'from flask import Blueprint\nbp = Blueprint("quiz", __name__)\n')
    assert doctor.blueprints_registered(tmp_path, app) == [
        "app/routes/quiz.py declares blueprint 'quiz', never registered"
    ]


def test_a_page_open_to_anonymous_visitors_without_being_declared_public_is_caught() -> None:
    with fresh_app(RATELIMIT_ENABLED=False) as application:
        application.add_url_rule("/forgotten", "forgotten", lambda: "open to all")
        assert doctor.login_required_elsewhere(application) == [
            "GET /forgotten (forgotten) answers 200 to an anonymous visitor"
        ]


def test_this_project_passes_every_rule() -> None:
    verdicts = doctor.check(ROOT)
    failed = {verdict.rule: verdict.problems for verdict in verdicts if not verdict.passed}
    assert len(verdicts) == 11
    assert not failed, f"flask doctor fails on this project: {failed}"


def copy_project(target: Path) -> Path:
    """The checkout without its virtualenv, caches and local state."""
    ignored = shutil.ignore_patterns(
        ".venv",
        ".git",
        "instance",
        "build",
        "htmlcov",
        "__pycache__",
        ".*_cache",
        ".hypothesis",
        "node_modules",
    )
    shutil.copytree(ROOT, target, ignore=ignored)
    return target


@pytest.mark.slow
def test_the_command_fails_on_a_broken_copy_and_says_which_rule(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    access = project / "app" / "auth" / "access.py"
    access.write_text(
        access.read_text(encoding="utf-8").replace('"main.home",', '"main.home",\n        "main.gone",'),
        encoding="utf-8",
    )
    (project / "app" / "models_extra.py").write_text(
        '"""A second registry."""\n\nfrom flask_sqlalchemy import SQLAlchemy\n\nother = SQLAlchemy()\n',
        encoding="utf-8",
    )
    env = {**os.environ, "FLASK_APP": "app", "PYTHONPATH": str(project)}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "doctor"], cwd=project, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL  one SQLAlchemy instance, in app/extensions.py" in result.stdout
    assert "app/models_extra.py:5 creates another SQLAlchemy()" in result.stdout
    assert "FAIL  public endpoints declared in app/auth/access.py exist" in result.stdout
    assert "main.gone is declared public but no such endpoint exists" in result.stdout
    assert "PASS  requirements pinned exactly" in result.stdout
