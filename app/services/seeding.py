"""Loading the SQL seed file: statements split on `;` at line end, run in one transaction.

The seed file is public, and so are the session tokens it writes: each is replaced by a random
token in the same transaction, so no one can forge a session cookie for a seeded account.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db

SEED_TOKEN_PREFIX = "seed-"  # noqa: S105 (marks a public token to replace, not a secret)


def split_statements(sql: str) -> list[str]:
    """The statements of a seed file: comment lines dropped, split on a `;` that ends a line."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    chunks = "\n".join(lines).split(";\n")
    return [chunk.strip().rstrip(";").strip() for chunk in chunks if chunk.strip().rstrip(";").strip()]


def load_seed_file(path: Path) -> int:
    """Run every statement of `path` in one transaction; return how many ran.

    Statements go to the driver as they are: no bind-parameter parsing of `:name` by SQLAlchemy,
    and no `%` parameter parsing by psycopg (`no_parameters`).
    """
    statements = split_statements(path.read_text(encoding="utf-8") + "\n")
    connection = db.session.connection().execution_options(no_parameters=True)
    try:
        for statement in statements:
            connection.exec_driver_sql(statement)
        _replace_seed_tokens()
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return len(statements)


def _replace_seed_tokens() -> None:
    """Give every account still holding a session token from the seed file a random one."""
    seeded = select(User).where(User.session_token.startswith(SEED_TOKEN_PREFIX))
    for user in db.session.scalars(seeded):
        user.rotate_session_token()
