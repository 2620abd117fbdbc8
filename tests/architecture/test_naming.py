"""Blueprints and endpoints follow one naming and one access convention.

Every blueprint object is called `bp` and named in lower-case words, so a reader (or a generator)
finds `bp` in any route module; every endpoint has an access decision: it is in the public list
of app/auth/access.py, or its view requires a login, or it belongs to the JSON API, whose guard
turns every anonymous request away.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from flask import Flask

from app.auth.access import is_for_operators, is_public
from app.routes.api import API_MODULES

ROOT = Path(__file__).resolve().parents[2]
ROUTE_MODULES = sorted((ROOT / "app" / "routes").rglob("*.py"))
BLUEPRINT_NAME = re.compile(r"[a-z]+(_[a-z]+)*")
LOGIN_DECORATORS = ("login_required.", "role_required.")


def blueprint_assignments() -> list[tuple[str, int, str, str]]:
    """(module, line, variable, blueprint name) for every `x = Blueprint("name", …)` in app/routes."""
    found = []
    for path in ROUTE_MODULES:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
                continue
            function = node.value.func
            called = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            if called == "Blueprint" and node.value.args and isinstance(node.value.args[0], ast.Constant):
                for target in node.targets:
                    variable = target.id if isinstance(target, ast.Name) else ast.unparse(target)
                    module = path.relative_to(ROOT).as_posix()
                    found.append((module, node.lineno, variable, str(node.value.args[0].value)))
    return found


def test_route_modules_declare_blueprints() -> None:
    assert len(blueprint_assignments()) >= 5, "the scan found almost no blueprint: is app/routes read?"


def test_every_blueprint_object_is_named_bp() -> None:
    others = [
        f"{module}:{line} {variable}"
        for module, line, variable, _ in blueprint_assignments()
        if variable != "bp"
    ]
    assert not others, f"name the blueprint object `bp`: {others}"


def test_blueprint_names_are_lower_case_words() -> None:
    odd = [
        f"{module}: {name!r}"
        for module, _, _, name in blueprint_assignments()
        if not BLUEPRINT_NAME.fullmatch(name)
    ]
    assert not odd, f"blueprint names are lower-case words joined by _: {odd}"


def requires_login(view: Any) -> bool:
    """True when `view`, or a function it wraps, is Flask-Login's login_required or our role_required."""
    while view is not None:
        code = getattr(view, "__code__", None)  # functools.wraps copies the name, not the code
        if code is not None and code.co_qualname.startswith(LOGIN_DECORATORS):
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def test_every_endpoint_has_an_access_decision(app: Flask) -> None:
    api_blueprints = {module.bp.name for module in API_MODULES}
    undecided = sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if not is_public(rule.endpoint)
        and not is_for_operators(rule.endpoint)
        and rule.endpoint.split(".", 1)[0] not in api_blueprints
        and not requires_login(app.view_functions[rule.endpoint])
    )
    assert not undecided, (
        f"these endpoints are neither public nor for operators (app/auth/access.py) nor behind a login: "
        f"{undecided}"
    )
