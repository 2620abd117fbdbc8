"""A real HTTP server around a WSGI application, for the tests that need a socket: the browser
tests' sites, the operations tests' hostile clients, the stand-in OAuth provider; and a whole
site served on a SQLite file of its own (`served_site`), for the browser tests and the
screenshots."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from app import create_app, db


@contextmanager
def serving(app: Any, name: str = "live-server") -> Iterator[str]:
    """Serve the WSGI application `app` with werkzeug's threaded server in a daemon thread on a
    free port of 127.0.0.1; yield its base URL and stop it afterwards."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll interval: shutdown() waits for the loop to notice, 0.5 s by default.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=name, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@contextmanager
def served_site(
    folder: Path,
    name: str,
    prepare: Callable[[], object] | None = None,
    *,
    database: str = "site.db",
    **settings: Any,
) -> Iterator[str]:
    """A whole site of its own, as the browser tests and the screenshots need one: the testing
    configuration on the SQLite file `folder/database` (the server's threads share it), rate
    limits off (the one limiter is rebound by every application: keep them off everywhere), its
    tables created and `prepare` run in its application context, served by `serving`; yields the
    base URL and lets the database go afterwards."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / database}",
        RATELIMIT_ENABLED=False,
        WTF_CSRF_SSL_STRICT=False,
        **settings,
    )
    with app.app_context():
        db.create_all()
        if prepare is not None:
            prepare()
    try:
        with serving(app, name) as url:
            yield url
    finally:
        with app.app_context():
            db.engine.dispose()
