"""What the operations tests share: a real HTTP server around an application, and the addresses
of databases and Redis servers that are up or deliberately unreachable."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from werkzeug.serving import make_server

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


@contextmanager
def live_server(app: Flask) -> Iterator[str]:
    """Serve `app` on a real socket (werkzeug's threaded server) and yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll interval: shutdown() waits for the loop to notice, 0.5 s by default.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="operations-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
