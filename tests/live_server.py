"""A real HTTP server around a WSGI application, for the tests that need a socket: the browser
tests' sites, the operations tests' hostile clients, the stand-in OAuth provider."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from werkzeug.serving import make_server


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
