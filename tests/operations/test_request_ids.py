"""Every request has an id: the proxy's when it is sane, a new one otherwise. It comes back in
X-Request-ID, on error pages as the reference to quote, and in every log line of the request;
log lines escape control characters, and LOG_FORMAT=json writes one JSON document per line."""

from __future__ import annotations

import html
import io
import json
import logging
import re
from collections.abc import Iterator

import pytest
from flask import Flask, current_app

from app.observability import HANDLER_NAME
from tests.conftest import fresh_app
from tests.live_server import serving

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def private_app() -> Iterator[Flask]:
    """An application of its own: these tests add a route, which the session's shared application
    cannot take once it has served a request. Asked for before `log_lines`, whose handler it installs."""
    with fresh_app(RATELIMIT_ENABLED=False) as application:
        yield application


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the application's log handler writes, captured (the real handler, the real formatter)."""
    handler = next(h for h in logging.getLogger().handlers if h.name == HANDLER_NAME)
    assert isinstance(handler, logging.StreamHandler)
    captured = io.StringIO()
    previous = handler.setStream(captured)
    yield captured
    handler.setStream(previous)


def test_a_request_without_an_id_gets_a_new_one(client) -> None:
    first = client.get("/").headers["X-Request-ID"]
    second = client.get("/").headers["X-Request-ID"]
    assert HEX_ID.fullmatch(first) and HEX_ID.fullmatch(second)
    assert first != second, "each request has its own id"


def test_a_sane_id_from_the_proxy_is_kept(client) -> None:
    response = client.get("/", headers={"X-Request-ID": "f3b2c1d0-aaaa-4bbb-8ccc-123456789abc"})
    assert response.headers["X-Request-ID"] == "f3b2c1d0-aaaa-4bbb-8ccc-123456789abc"


@pytest.mark.parametrize(
    "forged",
    ["a\x1b[31mred", "x" * 200, "<script>", "id with spaces", "é", ""],
    ids=["control character", "too long", "markup", "spaces", "not ascii", "empty"],
)
def test_an_insane_id_is_replaced(app: Flask, forged: str) -> None:
    with serving(app) as base:
        import http.client
        from urllib.parse import urlsplit

        connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
        connection.putrequest("GET", "/")
        connection.putheader("X-Request-ID", forged.encode("latin-1", "replace"))
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        connection.close()
    assert HEX_ID.fullmatch(response.getheader("X-Request-ID") or ""), "a new id replaces the forged one"


def test_error_pages_and_envelopes_carry_the_id(client) -> None:
    page = client.get("/nulle-part", headers={"X-Request-ID": "req-404-page"})
    assert page.status_code == 404
    assert "req-404-page" in html.unescape(page.get_data(as_text=True)), "the page shows the reference"
    assert "Référence de l'erreur" in html.unescape(page.get_data(as_text=True))
    api = client.get("/api/v1/nulle-part", headers={"X-Request-ID": "req-404-api"})
    assert api.headers["X-Request-ID"] == "req-404-api"


def test_log_lines_of_a_request_carry_its_id(private_app: Flask, log_lines: io.StringIO) -> None:
    app = private_app

    @app.get("/trace-me")
    def trace_me() -> str:
        current_app.logger.warning("looking at %s", "something")
        return "ok"

    app.test_client().get("/trace-me", headers={"X-Request-ID": "req-logged-1"})
    lines = [line for line in log_lines.getvalue().splitlines() if "looking at" in line]
    assert lines == [lines[0]] and "[req-logged-1]" in lines[0], log_lines.getvalue()
    assert "WARNING" in lines[0] and "looking at something" in lines[0]


def test_a_path_with_a_newline_cannot_forge_a_log_line(private_app: Flask, log_lines: io.StringIO) -> None:
    app = private_app

    @app.get("/boom/<rest>")
    def boom(rest: str) -> str:
        raise RuntimeError("boom")

    response = app.test_client().get("/boom/x%0A2026-01-01 00:00:00 INFO [-] app: admin logged in")
    assert response.status_code == 500
    written = log_lines.getvalue()
    unhandled = [line for line in written.splitlines() if "Unhandled error" in line]
    assert len(unhandled) == 1 and "\\n2026-01-01" in unhandled[0], written
    assert not any(line.startswith("2026-01-01 00:00:00 INFO") for line in written.splitlines()), (
        "the newline of the path started a forged line"
    )


def test_json_logs_are_one_document_per_line() -> None:
    with fresh_app(RATELIMIT_ENABLED=False, LOG_FORMAT="json") as app:
        handler = next(h for h in logging.getLogger().handlers if h.name == HANDLER_NAME)
        assert isinstance(handler, logging.StreamHandler)
        captured = io.StringIO()
        previous = handler.setStream(captured)
        try:

            @app.get("/json-log")
            def json_log() -> str:
                current_app.logger.error("line one\nline two")
                return "ok"

            app.test_client().get("/json-log", headers={"X-Request-ID": "req-json-1"})
        finally:
            handler.setStream(previous)
    records = [json.loads(line) for line in captured.getvalue().splitlines()]
    mine = [record for record in records if record["request_id"] == "req-json-1"]
    assert len(mine) == 1
    assert mine[0]["level"] == "ERROR" and mine[0]["logger"] == "app"
    assert mine[0]["message"] == "line one\\nline two"
