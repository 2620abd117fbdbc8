"""Loading the SQL seed file: statements split on `;` at line end, run in one transaction."""

from __future__ import annotations

from pathlib import Path

from ..extensions import db


def split_statements(sql: str) -> list[str]:
    """The statements of a seed file: comment lines dropped, split on a `;` that ends a line."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    chunks = "\n".join(lines).split(";\n")
    return [chunk.strip().rstrip(";").strip() for chunk in chunks if chunk.strip().rstrip(";").strip()]


def load_seed_file(path: Path) -> int:
    """Run every statement of `path` in one transaction; return how many ran.

    Statements go to the driver as they are: no bind-parameter parsing of `:name` by SQLAlchemy,
    and no `%` placeholder parsing by psycopg (`no_parameters`).
    """
    statements = split_statements(path.read_text(encoding="utf-8") + "\n")
    connection = db.session.connection().execution_options(no_parameters=True)
    try:
        for statement in statements:
            connection.exec_driver_sql(statement)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return len(statements)
