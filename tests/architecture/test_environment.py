"""Every environment variable the code reads is documented in README.md's configuration table.

The variables are found by reading the code (os.environ.get, os.getenv, os.environ[...]), so a
new setting cannot be added without telling the people who deploy the site about it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "app").rglob("*.py")), ROOT / "config.py", ROOT / "run.py"]


def _is_environ(node: ast.expr) -> bool:
    """`os.environ` (a WSGI request's `environ` is not the process environment)."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def variables_read(path: Path) -> set[str]:
    """Names of the environment variables `path` reads with a literal name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        key: ast.expr | None = None
        if isinstance(node, ast.Call) and node.args:
            function = node.func
            if isinstance(function, ast.Attribute) and (
                (function.attr == "get" and _is_environ(function.value)) or function.attr == "getenv"
            ):
                key = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def test_the_scan_finds_the_variables_we_know() -> None:
    found = set().union(*(variables_read(path) for path in SOURCES))
    assert {"SECRET_KEY", "DATABASE_URL", "FLASK_CONFIG"} <= found, f"the scan is broken: {sorted(found)}"


def test_every_environment_variable_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    undocumented = {
        f"{name} (read in {path.relative_to(ROOT)})"
        for path in SOURCES
        for name in variables_read(path)
        if f"`{name}`" not in readme
    }
    assert not undocumented, f"add these to README.md's Configuration table: {sorted(undocumented)}"
