"""The language-model client against a real local chat-completions server: what it sends, what it
returns, and the plain words an author reads when the provider fails."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from app.services.llm import LLMClient, LLMNotConfigured, LLMUnavailable, llm_enabled
from tests.conftest import free_port, llm_settings
from tests.llm_stand_in import ChatCompletionsStandIn

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["answer"],
    "properties": {"answer": {"type": "string"}},
    "additionalProperties": False,
}
HELLO = [{"role": "user", "content": "Bonjour"}]


@pytest.fixture
def client(app: Flask, llm_server: ChatCompletionsStandIn) -> Iterator[LLMClient]:
    """A client of the stand-in server, with a short timeout."""
    llm = LLMClient.from_config(llm_settings(llm_server, LLM_TIMEOUT=0.5))
    yield llm
    llm.close()


def test_a_good_reply_gives_its_text_and_the_tokens_the_server_counted(
    client: LLMClient, llm_server: ChatCompletionsStandIn
) -> None:
    llm_server.reply("Salut !", prompt_tokens=12, completion_tokens=3)

    reply = client.chat(HELLO, max_tokens=50)

    assert (reply.text, reply.prompt_tokens, reply.completion_tokens) == ("Salut !", 12, 3)
    sent = llm_server.requests[0]
    assert sent["model"] == "stand-in", f"the configured model is asked for, not {sent['model']!r}"
    assert sent["messages"] == HELLO
    assert sent["max_tokens"] == 50
    assert "response_format" not in sent, "no schema, no response_format"


def test_the_json_schema_is_sent_as_response_format(
    client: LLMClient, llm_server: ChatCompletionsStandIn
) -> None:
    llm_server.reply('{"answer": "oui"}')

    reply = client.chat(HELLO, json_schema=SCHEMA, schema_name="yes_no", max_tokens=50)

    assert json.loads(reply.text) == {"answer": "oui"}
    response_format = llm_server.requests[0]["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "yes_no"
    assert response_format["json_schema"]["schema"] == SCHEMA


def test_a_server_refusing_response_format_is_asked_again_with_the_schema_in_the_prompt(
    client: LLMClient, llm_server: ChatCompletionsStandIn
) -> None:
    llm_server.reply("Unsupported parameter: 'response_format' of type json_schema", status=400)
    llm_server.reply('{"answer": "oui"}')
    llm_server.reply('{"answer": "non"}')

    first = client.chat(HELLO, json_schema=SCHEMA, schema_name="yes_no", max_tokens=50)
    second = client.chat(HELLO, json_schema=SCHEMA, schema_name="yes_no", max_tokens=50)

    assert (first.text, second.text) == ('{"answer": "oui"}', '{"answer": "non"}')
    fallback = llm_server.requests[1]
    assert "response_format" not in fallback, "the second request leaves the refused parameter out"
    assert "JSON Schema" in fallback["messages"][-1]["content"]
    assert '"answer"' in fallback["messages"][-1]["content"], "the schema itself is written into the prompt"
    assert "response_format" not in llm_server.requests[2], "the refusal is remembered"
    assert len(llm_server.requests) == 3


def test_an_unrelated_bad_request_is_not_retried(
    client: LLMClient, llm_server: ChatCompletionsStandIn
) -> None:
    llm_server.reply("max_tokens is too large", status=400)

    with pytest.raises(LLMUnavailable, match=r"refusé la demande \(erreur 400\) : .*max_tokens"):
        client.chat(HELLO, json_schema=SCHEMA, schema_name="yes_no", max_tokens=50)
    assert len(llm_server.requests) == 1


def test_a_429_says_the_provider_is_busy_and_is_not_retried_by_the_client(
    client: LLMClient, llm_server: ChatCompletionsStandIn
) -> None:
    llm_server.reply("Rate limit reached", status=429)

    with pytest.raises(LLMUnavailable, match="trop de demandes"):
        client.chat(HELLO, max_tokens=50)
    assert len(llm_server.requests) == 1, "the openai client's own retries are off"


def test_a_500_says_the_provider_is_failing(client: LLMClient, llm_server: ChatCompletionsStandIn) -> None:
    llm_server.reply("boom", status=500)

    with pytest.raises(LLMUnavailable, match=r"en panne \(erreur 500\)"):
        client.chat(HELLO, max_tokens=50)
    assert len(llm_server.requests) == 1


def test_a_slow_server_times_out_after_llm_timeout(
    client: LLMClient, llm_server: ChatCompletionsStandIn
) -> None:
    llm_server.reply("trop tard", delay=5)

    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match="pas répondu à temps"):
        client.chat(HELLO, max_tokens=50)
    assert time.monotonic() - started < 3, "the client gives up after LLM_TIMEOUT (0.5 s), once"


def test_a_server_that_is_down_says_it_cannot_be_reached(app: Flask) -> None:
    llm = LLMClient.from_config(
        {"LLM_BASE_URL": f"http://127.0.0.1:{free_port()}/v1", "LLM_MODEL": "m", "LLM_TIMEOUT": 2}
    )
    try:
        with pytest.raises(LLMUnavailable, match="injoignable"):
            llm.chat(HELLO, max_tokens=50)
    finally:
        llm.close()


def test_without_llm_base_url_the_feature_is_off(app: Flask) -> None:
    assert not llm_enabled(app.config), "the test configuration has no model"
    with pytest.raises(LLMNotConfigured, match="LLM_BASE_URL"):
        LLMClient.from_config(app.config)
