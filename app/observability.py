"""Request ids and log lines: every request gets an id, every log line carries it, no line is forged.

The id is taken from a sane `X-Request-ID` sent by the reverse proxy (so one id follows a request
through every layer) or made here; it is returned in the `X-Request-ID` header and shown on error
pages as a reference a person can quote. Log lines escape control characters, so a path holding a
newline cannot write a second, forged line; `LOG_FORMAT=json` writes one JSON document per line.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id looks like (a UUID, a hex string, `abc-123.4`); anything else is replaced.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
HANDLER_NAME = "learnanything"
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def request_id_from(header: str | None) -> str:
    """The caller's request id when it is sane, otherwise a new random one."""
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return secrets.token_hex(16)  # 32 random hex digits, as a UUID4's hex but without building one


def escape_controls(text: str) -> str:
    """Write control characters as escapes (`\\n`, `\\x1b`), so one record stays one line."""
    return CONTROL_CHARACTERS.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


class RequestContextFilter(logging.Filter):
    """Add the request id to every record and escape the control characters of its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Complete `record` in place; never drops one."""
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        if not getattr(record, "controls_escaped", False):
            record.msg = escape_controls(record.getMessage())
            record.args = None
            record.controls_escaped = True
        return True


class JsonFormatter(logging.Formatter):
    """One JSON document per line, for log collectors (`LOG_FORMAT=json`)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON object; json.dumps escapes every control character."""
        document = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            document["exception"] = self.formatException(record.exc_info)
        return json.dumps(document, ensure_ascii=False)


def configure_logging(app: Flask) -> None:
    """Send the application's records, and every library's, through one handler on the root logger.

    Building the handler again (another `create_app`, a test) replaces the previous one.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.name = HANDLER_NAME
    handler.addFilter(RequestContextFilter())
    json_logs = str(app.config.get("LOG_FORMAT", "text")).lower() == "json"
    handler.setFormatter(JsonFormatter() if json_logs else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for previous in [h for h in root.handlers if h.name == HANDLER_NAME]:
        root.removeHandler(previous)
    root.addHandler(handler)
    root.setLevel(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    app.logger.removeHandler(default_handler)  # records reach the root handler, once


def register_request_ids(app: Flask) -> None:
    """Give every request an id before anything else runs, and return it on every response."""

    @app.before_request
    def assign_request_id() -> None:
        g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))

    @app.after_request
    def return_request_id(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id:
            response.headers[REQUEST_ID_HEADER] = request_id
        return response


def register_observability(app: Flask) -> None:
    """Request ids and logging, wired before every other hook so all of them see the id."""
    configure_logging(app)
    register_request_ids(app)
