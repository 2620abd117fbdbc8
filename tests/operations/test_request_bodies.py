"""Bodies over MAX_CONTENT_LENGTH (1 MiB) answer 413 — the JSON envelope under /api, a page
elsewhere — whether their length is declared or they arrive chunked, and no view runs for them."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask

from tests.live_server import serving

LIMIT = 1024 * 1024
CHUNK = b"x" * 65536


@pytest.fixture
def base_url(app: Flask) -> Iterator[str]:
    """The application behind a real HTTP server (werkzeug's, threaded)."""
    with serving(app) as base:
        yield base


def send_chunked(base: str, method: str, path: str, size: int, headers: dict[str, str]) -> tuple[int, bytes]:
    """Send `size` bytes as Transfer-Encoding: chunked, then read the answer."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=20)
    connection.putrequest(method, path)
    for name, value in {**headers, "Transfer-Encoding": "chunked"}.items():
        connection.putheader(name, value)
    connection.endheaders()
    sent = 0
    try:
        while sent < size:
            piece = CHUNK[: min(len(CHUNK), size - sent)]
            connection.send(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
        connection.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed before taking the rest: its answer is still there
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def send_declared(base: str, method: str, path: str, size: int, headers: dict[str, str]) -> tuple[int, bytes]:
    """Declare a Content-Length of `size` and send the body."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=20)
    connection.putrequest(method, path)
    for name, value in {**headers, "Content-Length": str(size)}.items():
        connection.putheader(name, value)
    connection.endheaders()
    try:
        for start in range(0, size, len(CHUNK)):
            connection.send(CHUNK[: min(len(CHUNK), size - start)])
    except (BrokenPipeError, ConnectionResetError):
        pass
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_a_chunked_json_body_over_the_limit_is_a_413_envelope(base_url: str) -> None:
    status, body = send_chunked(
        base_url, "POST", "/api/v1/tokens", LIMIT + 200_000, {"Content-Type": "application/json"}
    )
    assert status == 413, body[:300]
    assert json.loads(body)["error"] == {
        "status": 413,
        "title": "Request Entity Too Large",
        "message": "Le contenu envoyé est trop volumineux.",
    }


def test_a_chunked_form_over_the_limit_is_a_413_page(base_url: str) -> None:
    status, body = send_chunked(
        base_url, "POST", "/contact", LIMIT + 200_000, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 413
    assert "Le contenu envoyé est trop volumineux." in body.decode()


def test_a_chunked_body_sent_to_a_page_that_ignores_bodies_is_refused_too(base_url: str) -> None:
    status, body = send_chunked(base_url, "GET", "/about", LIMIT + 200_000, {})
    assert status == 413, "a view that never reads the body must not run for an oversized one"
    assert "Le contenu envoyé est trop volumineux." in body.decode()


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(base_url: str) -> None:
    status, body = send_declared(base_url, "GET", "/about", LIMIT + 1, {})
    assert status == 413
    status, body = send_declared(
        base_url, "PATCH", "/api/v1/me", LIMIT + 1, {"Content-Type": "application/json"}
    )
    assert status == 413
    assert json.loads(body)["error"]["status"] == 413


def test_a_chunked_body_under_the_limit_goes_through(base_url: str) -> None:
    status, body = send_chunked(base_url, "GET", "/about", 100_000, {})
    assert status == 200, body[:300]
