"""`flask doctor`: check a checkout of this project against its own conventions, rule by rule.

Each rule reads the source tree (AST, templates, requirements) or a private Testing application
on an in-memory database, and answers PASS, or FAIL with the files and names at fault. The rules
are the founding document's list of what goes wrong in generated Flask code, made executable:
run it after every change, by hand or by a code generator, before believing the change works.
"""

from __future__ import annotations

import ast
import functools
import logging
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from flask import Flask

# Files allowed to hold a module-level application object (the WSGI entry points).
APP_OBJECT_FILES = {"run.py", "wsgi.py"}
CONFIG_CLASSES = ("DevelopmentConfig", "TestingConfig", "ProductionConfig")
SKIPPED_FOLDERS = {".venv", "venv", "node_modules", "build", "dist", "instance", "__pycache__", ".git"}
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
# A script or stylesheet fetched from another host, or a CSS import of one.
REMOTE_ASSET = re.compile(
    r"""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["'](?:https?:)?//|@import\s+(?:url\()?["']?(?:https?:)?//""",
    re.IGNORECASE,
)


@dataclass
class Verdict:
    """The outcome of one rule: passed or not, and the reasons when not."""

    rule: str
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when the rule found nothing to report."""
        return not self.problems


def python_files(root: Path, *folders: str) -> Iterator[Path]:
    """The project's own Python files under `folders` of `root` (virtualenvs and builds skipped)."""
    for folder in folders:
        base = root / folder
        candidates = [base] if base.is_file() else sorted(base.rglob("*.py"))
        for path in candidates:
            if path.suffix == ".py" and not SKIPPED_FOLDERS & set(path.relative_to(root).parts):
                yield path


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _called_name(node: ast.Call) -> str:
    function = node.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def one_sqlalchemy_instance(root: Path) -> list[str]:
    """`SQLAlchemy(` is called in app/extensions.py only: two instances mean two registries."""
    problems = []
    for path in python_files(root, "app", "tests", "bench", "scripts", "config.py", "run.py", "init_db.py"):
        if _relative(root, path) == "app/extensions.py":
            continue
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and _called_name(node) == "SQLAlchemy":
                problems.append(f"{_relative(root, path)}:{node.lineno} creates another SQLAlchemy()")
    return problems


def application_factory(root: Path) -> list[str]:
    """app/__init__.py defines create_app, and no module but run.py/wsgi.py holds an app object."""
    problems = []
    init = root / "app" / "__init__.py"
    if not init.exists() or not any(
        isinstance(node, ast.FunctionDef) and node.name == "create_app" for node in _tree(init).body
    ):
        problems.append("app/__init__.py defines no create_app()")
    for path in python_files(root, "app", "config.py", "init_db.py"):
        if path.name in APP_OBJECT_FILES:
            continue
        for node in _tree(path).body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if isinstance(value, ast.Call) and _called_name(value) in {"Flask", "create_app"}:
                problems.append(f"{_relative(root, path)}:{node.lineno} builds an application at import")
    return problems


def _declared_blueprints(root: Path) -> dict[str, str]:
    """Blueprint name → module, for every `bp = Blueprint("name", …)` under app/routes."""
    found = {}
    for path in python_files(root, "app/routes"):
        for node in _tree(path).body:
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and _called_name(node.value) == "Blueprint"
                and node.value.args
                and isinstance(node.value.args[0], ast.Constant)
            ):
                found[str(node.value.args[0].value)] = _relative(root, path)
    return found


def blueprints_registered(root: Path, app: Flask) -> list[str]:
    """Every blueprint declared in app/routes is registered, and every registered one of ours is declared."""
    declared = _declared_blueprints(root)
    registered = {
        name for name, blueprint in app.blueprints.items() if blueprint.import_name.startswith("app.")
    }
    problems = [
        f"{module} declares blueprint {name!r}, never registered"
        for name, module in sorted(declared.items())
        if name not in registered
    ]
    problems += [
        f"blueprint {name!r} is registered but declared outside app/routes"
        for name in sorted(registered - set(declared))
    ]
    return problems


def configuration_classes(root: Path) -> list[str]:
    """Development, Testing and Production configuration classes live in app/config.py."""
    path = root / "app" / "config.py"
    if not path.exists():
        return ["app/config.py is missing"]
    classes = {node.name for node in _tree(path).body if isinstance(node, ast.ClassDef)}
    return [f"app/config.py has no class {name}" for name in CONFIG_CLASSES if name not in classes]


def requirements_pinned(root: Path) -> list[str]:
    """Every requirement is pinned exactly (`name==version`), so an install reproduces the tested set."""
    problems = []
    for path in sorted(root.glob("requirements*.txt")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if (
                line
                and not line.startswith("-")
                and not re.fullmatch(r"[A-Za-z0-9_.\-\[\],]+==[^=\s]+", line)
            ):
                problems.append(f"{path.name}:{number} {line!r} is not pinned with ==")
    return problems


def migrations_in_sync(root: Path) -> list[str]:
    """The migrations, applied to an empty SQLite database, build exactly what the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import upgrade

    from . import create_app
    from .extensions import db

    logging.disable(logging.INFO)  # Alembic narrates every step; only the differences matter here
    with tempfile.TemporaryDirectory() as folder:
        uri = f"sqlite:///{Path(folder) / 'doctor.sqlite'}"
        application = create_app("testing", SQLALCHEMY_DATABASE_URI=uri, RATELIMIT_ENABLED=False)
        with application.app_context():
            try:
                upgrade(directory=str(root / "migrations"))
                with db.engine.connect() as connection:
                    context = MigrationContext.configure(connection, opts={"compare_type": True})
                    differences = compare_metadata(context, db.metadata)
            finally:
                db.session.remove()
                db.engine.dispose()
                logging.disable(logging.NOTSET)
    return [f"the models differ from the migrations: {difference}" for difference in differences]


def public_endpoints_declared(app: Flask) -> list[str]:
    """Every name in the public list (app/auth/access.py) is a real endpoint: no stale exemption."""
    from .auth.access import PUBLIC_ENDPOINTS

    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    return [
        f"{name} is declared public but no such endpoint exists"
        for name in sorted(PUBLIC_ENDPOINTS - endpoints)
    ]


def _dummy_url(app: Flask, rule: Any) -> str | None:
    adapter = app.url_map.bind("localhost")
    for value in (1, "x"):
        try:
            return str(adapter.build(rule.endpoint, dict.fromkeys(rule.arguments, value)))
        except Exception:  # noqa: S112 (a converter refused this value: try the next one)
            continue
    return None


def login_required_elsewhere(app: Flask) -> list[str]:
    """An anonymous request to any endpoint not in the public list is turned away (401, or the login page)."""
    from .auth.access import is_public

    problems = []
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.7"  # a visitor from elsewhere, not a monitoring host
    client.get("/")
    token = _csrf_token(client)
    for rule in app.url_map.iter_rules():
        if is_public(rule.endpoint):
            continue
        url = _dummy_url(app, rule)
        if url is None:
            problems.append(f"{rule.rule}: no URL can be built to check it")
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(
                url, method=method, headers={"X-CSRFToken": token}, data={"csrf_token": token}
            )
            to_login = response.status_code == 302 and "/login" in response.headers.get("Location", "")
            if response.status_code != 401 and not to_login:
                problems.append(
                    f"{method} {url} ({rule.endpoint}) answers {response.status_code} to an anonymous visitor"
                )
    return problems


def _csrf_token(client: Any) -> str:
    page = client.get("/").get_data(as_text=True)
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    return match.group(1) if match else ""


def templates_without_inline_code(root: Path) -> list[str]:
    """No inline `<script>` and no `style=""` in templates: the Content-Security-Policy forbids both."""
    problems = []
    for path in sorted((root / "app" / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if INLINE_SCRIPT.search(line):
                problems.append(f"{_relative(root, path)}:{number} has an inline <script>")
            if INLINE_STYLE.search(line):
                problems.append(f"{_relative(root, path)}:{number} has a style attribute")
    return problems


def no_session_in_routes(root: Path) -> list[str]:
    """Route modules never touch `db.session`: queries and writes belong to services."""
    problems = []
    for path in python_files(root, "app/routes"):
        for node in ast.walk(_tree(path)):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "session"
                and isinstance(node.value, ast.Name)
                and node.value.id == "db"
            ):
                problems.append(f"{_relative(root, path)}:{node.lineno} uses db.session")
    return problems


def no_remote_assets(root: Path) -> list[str]:
    """Scripts, stylesheets and fonts are served by the application itself: no CDN."""
    problems = []
    folders = [root / "app" / "templates", root / "app" / "static" / "css", root / "app" / "static" / "js"]
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in {".html", ".css", ".js"}):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if REMOTE_ASSET.search(line):
                    problems.append(f"{_relative(root, path)}:{number} loads an asset from another host")
    return problems


def _testing_app() -> Flask:
    """A private Testing application on an empty in-memory database, for the rules that send requests."""
    from . import create_app
    from .extensions import db

    application = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", RATELIMIT_ENABLED=False)
    with application.app_context():
        db.create_all()
    return application


def check(root: Path) -> list[Verdict]:
    """Run every rule on the checkout at `root` and return one verdict per rule, in order."""
    source_rules: list[tuple[str, Callable[[Path], list[str]]]] = [
        ("one SQLAlchemy instance, in app/extensions.py", one_sqlalchemy_instance),
        ("create_app factory, no application object at import", application_factory),
        ("Development, Testing and Production configurations", configuration_classes),
        ("requirements pinned exactly", requirements_pinned),
        ("migrations in sync with the models", migrations_in_sync),
        ("no inline <script> or style attribute in templates", templates_without_inline_code),
        ("no db.session in route modules", no_session_in_routes),
        ("no CDN: every asset served locally", no_remote_assets),
    ]
    verdicts = [_run(name, functools.partial(rule, root)) for name, rule in source_rules]
    app = _testing_app()
    with app.app_context():
        app_rules: list[tuple[str, Callable[[], list[str]]]] = [
            ("blueprints in app/routes match the registered ones", lambda: blueprints_registered(root, app)),
            ("public endpoints declared in app/auth/access.py exist", lambda: public_endpoints_declared(app)),
            ("every other endpoint requires login", lambda: login_required_elsewhere(app)),
        ]
        verdicts += [_run(name, rule) for name, rule in app_rules]
    return verdicts


def _run(name: str, rule: Callable[[], list[str]]) -> Verdict:
    """Run one rule; a rule that crashes reports the crash instead of hiding the other rules."""
    try:
        return Verdict(name, rule())
    except Exception as error:  # a broken tree must still get a report
        return Verdict(name, [f"the check could not run: {type(error).__name__}: {error}"])


@click.command("doctor")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), help="The checkout to check.")
def doctor_command(root: Path | None) -> None:
    """Check the project against its conventions; exit 1 when a rule fails."""
    from flask import current_app

    verdicts = check(root or Path(current_app.root_path).parent)
    for verdict in verdicts:
        click.echo(f"{'PASS' if verdict.passed else 'FAIL'}  {verdict.rule}")
        for problem in verdict.problems:
            click.echo(f"      {problem}")
    failed = sum(not verdict.passed for verdict in verdicts)
    click.echo(f"{len(verdicts) - failed} passed, {failed} failed")
    if failed:
        sys.exit(1)
