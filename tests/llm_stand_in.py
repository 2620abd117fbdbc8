"""A real local chat-completions server for the tests: it speaks the OpenAI protocol's
POST /v1/chat/completions (and GET /v1/models) on 127.0.0.1, from a thread, with canned answers.

A test queues answers with `reply(...)` (first in, first out: content, HTTP status, a delay before
answering, the token usage reported); when the queue is empty the server asks `default`, a callable
given the request's JSON that returns the content (None: answer 500). Every request's JSON body is
kept in `requests`, so a test can read what the site sent. Usage that is not given is counted as
the site's own estimate does, four characters a token, so token totals measured here are a fair
estimate of a real model's.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Default = Callable[[dict[str, Any]], str | None]


@dataclass
class CannedReply:
    """One queued answer."""

    content: str
    status: int = 200
    delay: float = 0.0
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


class ChatCompletionsStandIn:
    """The server, its queue of answers and the requests it received."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.default: Default = lambda _request: None
        self._queue: deque[CannedReply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="llm-stand-in",
            daemon=True,
        )

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The base URL to give the client (LLM_BASE_URL), ending in /v1."""
        return f"http://127.0.0.1:{self.port}/v1"

    def reply(
        self,
        content: str,
        *,
        status: int = 200,
        delay: float = 0.0,
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
    ) -> None:
        """Queue one answer: `content` is the message text (or the error message when status ≠ 200)."""
        with self._lock:
            self._queue.append(CannedReply(content, status, delay, prompt_tokens, completion_tokens))

    def reply_json(self, data: Any, **options: Any) -> None:
        """Queue one answer whose text is `data` as JSON."""
        self.reply(json.dumps(data, ensure_ascii=False), **options)

    @property
    def pending(self) -> int:
        """How many queued answers were not asked for yet."""
        with self._lock:
            return len(self._queue)

    def start(self) -> None:
        """Serve from a background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving; answers still waiting out a delay give up at once."""
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _next(self, request: dict[str, Any]) -> CannedReply:
        with self._lock:
            self.requests.append(request)
            if self._queue:
                return self._queue.popleft()
        content = self.default(request)
        if content is None:
            return CannedReply("the stand-in has no answer queued", status=500)
        return CannedReply(content)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Keep the test output quiet."""

            def handle(self) -> None:
                """Serve the connection; a client that hangs up (timeout tests) is no error."""
                with contextlib.suppress(ConnectionError, TimeoutError):
                    super().handle()

            def do_GET(self) -> None:
                if self.path.rstrip("/") == "/v1/models":
                    self._send(200, {"object": "list", "data": [{"id": "stand-in", "object": "model"}]})
                else:
                    self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
                    return
                canned = stand_in._next(body)
                if canned.delay and stand_in._stopping.wait(canned.delay):
                    return
                if canned.status != 200:
                    kind = "rate_limit_exceeded" if canned.status == 429 else "server_error"
                    if canned.status < 500 and canned.status != 429:
                        kind = "invalid_request_error"
                    self._send(
                        canned.status, {"error": {"message": canned.content, "type": kind, "code": None}}
                    )
                    return
                sent = "".join(str(message.get("content", "")) for message in body.get("messages", []))
                prompt = canned.prompt_tokens if canned.prompt_tokens is not None else _tokens(sent)
                completion = (
                    canned.completion_tokens
                    if canned.completion_tokens is not None
                    else _tokens(canned.content)
                )
                self._send(
                    200,
                    {
                        "id": f"chatcmpl-{len(stand_in.requests)}",
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": body.get("model", "stand-in"),
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": canned.content},
                                "finish_reason": "stop",
                            }
                        ],
                        "usage": {
                            "prompt_tokens": prompt,
                            "completion_tokens": completion,
                            "total_tokens": prompt + completion,
                        },
                    },
                )

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

        return Handler
