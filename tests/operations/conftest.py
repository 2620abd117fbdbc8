"""What the operations tests share: a real HTTP server around an application, and the addresses
of databases and Redis servers that are up or deliberately unreachable."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

import pytest

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = POSTGRES_URL.startswith("postgresql")


def postgres_only(test: Callable[..., None]) -> Callable[..., None]:
    """Mark a test that needs PostgreSQL (row locks, killed connections); skipped on SQLite."""
    skip = pytest.mark.skipif(not ON_POSTGRES, reason="needs TEST_DATABASE_URL=postgresql+psycopg://…")
    return pytest.mark.postgres_only(skip(test))


def closed_port() -> int:
    """A local TCP port nobody listens on (bound, then released, by this process)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def unreachable_postgres_url() -> str:
    """A PostgreSQL URL whose server refuses every connection."""
    return f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/learnanything"


def unreachable_redis_url() -> str:
    """A Redis URL whose server refuses every connection."""
    return f"redis://127.0.0.1:{closed_port()}/5"
