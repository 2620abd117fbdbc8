"""The one door to a language model: an OpenAI-compatible chat-completions server (OpenAI, Mistral,
Ollama, llama.cpp's server, vLLM…) reached through the official `openai` client.

The site talks to exactly one address, `LLM_BASE_URL`; nothing is sent anywhere else and the
model is given no tools. Every failure of the provider (down, too slow, 429, 5xx) becomes
LLMUnavailable with a message an author can read; a reply that is not what was asked becomes
LLMBadOutput. Structured output is asked with `response_format: json_schema`; a server that
refuses that parameter is asked again once without it, the schema then written into the prompt.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import openai
from flask_babel import gettext as _

from .errors import DomainError

# Words a server uses when it refuses `response_format` (OpenAI, vLLM, llama.cpp, Ollama differ).
_FORMAT_REFUSALS = ("response_format", "json_schema", "structured output", "guided")


class LLMNotConfigured(DomainError):
    """No language model is configured (LLM_BASE_URL is unset): the feature is off."""

    status = 503


class LLMUnavailable(DomainError):
    """The model's server could not answer: unreachable, too slow, rate-limited or failing."""

    status = 503


class LLMBadOutput(DomainError):
    """The server answered, but not with what was asked (no text at all)."""

    status = 502


@dataclass
class LLMReply:
    """The text of one answer and the tokens it cost, as the server counted them."""

    text: str
    prompt_tokens: int
    completion_tokens: int


def llm_enabled(config: Mapping[str, Any]) -> bool:
    """Whether a language model is configured (the generation features are on)."""
    return bool(config.get("LLM_BASE_URL"))


def estimate_tokens(text: str) -> int:
    """A rough token count (four characters a token) for servers that report no usage."""
    return max(1, len(text) // 4)


def schema_instruction(json_schema: Mapping[str, Any]) -> str:
    """What the prompt says when the server cannot be given the schema as `response_format`."""
    return (
        "Answer with one JSON document only, with no text before or after it, "
        "valid against this JSON Schema:\n" + json.dumps(json_schema, ensure_ascii=False)
    )


class LLMClient:
    """A chat-completions client bound to one server and one model, with the site's settings."""

    def __init__(self, *, base_url: str, api_key: str, model: str, timeout: float) -> None:
        self.base_url = base_url
        self.model = model
        self.timeout = timeout
        # The `openai` client retries on its own by default; here a failure is reported at once
        # (the caller decides), and a request never outlives `timeout`.
        self._client = openai.OpenAI(
            base_url=base_url,
            api_key=api_key or "not-needed",  # local servers (Ollama, vLLM) accept any key
            timeout=timeout,
            max_retries=0,
        )
        self._structured = True  # False once the server has refused `response_format`

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LLMClient:
        """The client the configuration describes; LLMNotConfigured when LLM_BASE_URL is unset."""
        if not llm_enabled(config):
            raise LLMNotConfigured(
                _(
                    "Aucun modèle de langue n'est configuré : définissez LLM_BASE_URL "
                    "(et LLM_MODEL, LLM_API_KEY) pour générer des cours."
                )
            )
        return cls(
            base_url=str(config["LLM_BASE_URL"]),
            api_key=str(config.get("LLM_API_KEY") or ""),
            model=str(config.get("LLM_MODEL") or ""),
            timeout=float(config.get("LLM_TIMEOUT") or 60),
        )

    def close(self) -> None:
        """Close the client's connections."""
        self._client.close()

    def chat(
        self,
        messages: list[dict[str, str]],
        *,
        json_schema: dict[str, Any] | None = None,
        schema_name: str = "answer",
        max_tokens: int = 4096,
    ) -> LLMReply:
        """Send `messages` and return the answer's text; with `json_schema`, ask for JSON matching it."""
        if json_schema is not None and self._structured:
            try:
                return self._send(messages, max_tokens, _response_format(json_schema, schema_name))
            except openai.BadRequestError as error:
                if not _refuses_format(error):
                    raise _unavailable(error) from error
                self._structured = False
        if json_schema is not None:
            messages = [*messages, {"role": "system", "content": schema_instruction(json_schema)}]
        return self._send(messages, max_tokens, None)

    def _send(
        self, messages: list[dict[str, str]], max_tokens: int, response_format: dict[str, Any] | None
    ) -> LLMReply:
        extra: dict[str, Any] = {"response_format": response_format} if response_format else {}
        try:
            completion = self._client.chat.completions.create(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                max_tokens=max_tokens,
                **extra,
            )
        except openai.BadRequestError as error:
            if response_format is not None:
                raise  # chat() decides whether the format was the problem
            raise _unavailable(error) from error
        except openai.APIError as error:
            raise _unavailable(error) from error
        text = completion.choices[0].message.content if completion.choices else None
        if not text:
            raise LLMBadOutput(_("Le modèle a répondu sans aucun texte."))
        usage = completion.usage
        sent = "".join(message["content"] for message in messages)
        return LLMReply(
            text=text,
            prompt_tokens=usage.prompt_tokens if usage else estimate_tokens(sent),
            completion_tokens=usage.completion_tokens if usage else estimate_tokens(text),
        )


def _response_format(json_schema: dict[str, Any], name: str) -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": name, "schema": json_schema, "strict": False}}


def _refuses_format(error: openai.BadRequestError) -> bool:
    """Whether a 400 is the server refusing structured output (not a bad request of ours)."""
    text = f"{error.message} {error.body}".lower()
    return any(word in text for word in _FORMAT_REFUSALS)


def _unavailable(error: openai.APIError) -> LLMUnavailable:
    """The provider's failure in words an author understands (the technical detail is kept last)."""
    if isinstance(error, openai.APITimeoutError):
        return LLMUnavailable(_("Le modèle de langue n'a pas répondu à temps : réessayez plus tard."))
    if isinstance(error, openai.APIConnectionError):
        return LLMUnavailable(
            _("Serveur du modèle de langue injoignable : vérifiez LLM_BASE_URL ou réessayez plus tard.")
        )
    if isinstance(error, openai.RateLimitError):
        return LLMUnavailable(
            _("Le serveur du modèle de langue reçoit trop de demandes (429) : réessayez dans un moment.")
        )
    if isinstance(error, openai.APIStatusError):
        if error.status_code >= 500:
            return LLMUnavailable(
                _(
                    "Le serveur du modèle de langue est en panne (erreur %(status)d) : réessayez plus tard.",
                    status=error.status_code,
                )
            )
        return LLMUnavailable(
            _(
                "Le serveur du modèle de langue a refusé la demande (erreur %(status)d) : %(reason)s",
                status=error.status_code,
                reason=str(error.message)[:300],
            )
        )
    return LLMUnavailable(_("Le modèle de langue n'a pas pu répondre : réessayez plus tard."))
