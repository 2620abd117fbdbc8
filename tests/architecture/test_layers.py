"""The layers keep to their places, checked over the source's syntax tree: route modules never touch
the database session (services do), services never read Flask's `request` (they take plain
arguments), and the models import no service (nothing goes back up)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"


def modules(package: str) -> list[Path]:
    """Every Python module under app/<package>, or the module app/<package>.py."""
    root = APP / package
    return sorted(root.rglob("*.py")) if root.is_dir() else [root.with_suffix(".py")]


def ids(paths: list[Path]) -> list[str]:
    """Test ids relative to app/."""
    return [str(path.relative_to(APP)) for path in paths]


def imports(tree: ast.AST) -> Iterator[tuple[str, str, int]]:
    """(module, name, line) for each imported name; `import x` gives (x, "", line). A relative
    import keeps its dots, so `from ..services import x` is ("..services", "x", line)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                yield module, alias.name, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, "", node.lineno


def session_uses(tree: ast.AST) -> Iterator[int]:
    """Lines using `db.session`."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "session"
            and isinstance(node.value, ast.Name)
            and node.value.id == "db"
        ):
            yield node.lineno


ROUTES = modules("routes")
SERVICES = modules("services")


def test_the_walk_finds_the_modules() -> None:
    assert len(ROUTES) >= 10 and len(SERVICES) >= 10, "the layer checks read almost nothing"


@pytest.mark.parametrize("path", ROUTES, ids=ids(ROUTES))
def test_route_modules_leave_the_database_session_to_services(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        line for module, name, line in imports(tree) if name == "db" or module.endswith("flask_sqlalchemy")
    ]
    used = list(session_uses(tree))
    assert not imported and not used, (
        f"{path.relative_to(APP)} imports the database (lines {imported}) or uses db.session "
        f"(lines {used}): move the query into a service"
    )


@pytest.mark.parametrize("path", SERVICES, ids=ids(SERVICES))
def test_services_do_not_read_the_request(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [line for module, name, line in imports(tree) if module == "flask" and name == "request"]
    found += [line for module, _, line in imports(tree) if module == "flask.globals"]
    assert not found, f"{path.relative_to(APP)} imports flask.request (lines {found}): take plain arguments"


def test_models_import_no_service() -> None:
    tree = ast.parse((APP / "models.py").read_text(encoding="utf-8"))
    found = [
        (module, line)
        for module, name, line in imports(tree)
        if "services" in module.split(".") or name == "services"
    ]
    assert not found, f"app/models.py imports services: {found}"


def test_the_check_sees_a_session_use_and_a_request_import() -> None:
    """The checks are not vacuous: the same functions find what they look for."""
    tree = ast.parse("from ..extensions import db\nfrom flask import request\ndb.session.commit()\n")
    assert list(session_uses(tree)) == [3]
    assert ("flask", "request", 2) in list(imports(tree))
