"""The API against its own OpenAPI document, with schemathesis, in process.

For every operation of /api/v1/openapi.json, schemathesis generates valid and invalid requests
(a few of each) and sends them with a read-write Bearer token of an admin, then of a learner, then
with no credentials at all.
Every answer must be no server error, carry a documented status and content type, and match the
documented schema (the error envelope included).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok

from app import db
from app.auth.models import ApiToken, Role, TokenScope, User
from app.auth.tokens import create_token
from app.jobs import job_queue
from tests.api.conftest import World
from tests.llm_stand_in import ChatCompletionsStandIn

MAX_EXAMPLES = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEARNER, None], ids=["admin", "learner", "anonymous"])
def test_every_operation_conforms_to_the_openapi_document(
    app: Flask,
    world: World,
    make_user: Callable[..., User],
    llm_server: ChatCompletionsStandIn,
    role: Role | None,
) -> None:
    # The contract is about statuses and bodies; an in-process client decodes no compressed body,
    # so it asks for none (compression is tested in tests/integration).
    headers: dict[str, str] = {"Accept-Encoding": "identity"}
    # A language model is configured (the local stand-in server), so starting a course generation
    # answers 202 (the job only waits on the in-memory queue, emptied below) and an explanation is
    # written; without one, or with the model down, both are documented 503s, tested elsewhere.
    llm_server.default = lambda _request: "Une explication écrite pour toi."
    app.config.update(LLM_BASE_URL=llm_server.url, LLM_MODEL="stand-in", LLM_API_KEY="test")
    if role is not None:
        user = make_user("fuzzer", role=role)
        token, plaintext = create_token(user, "schemathesis", TokenScope.WRITE)
        headers["Authorization"] = f"Bearer {plaintext}"
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"the OpenAPI document has an invalid operation: {result}"
        operations.append(result.ok())
    assert len(operations) > 20, "the OpenAPI document lists too few operations"
    failures: list[str] = []

    def keep_caller_alive() -> None:
        """Fuzzed requests may revoke the token or deactivate the account: undo it before each case."""
        if role is None:
            return
        db.session.execute(db.update(ApiToken).where(ApiToken.id == token.id).values(revoked_at=None))
        db.session.execute(db.update(User).where(User.id == user.id).values(active=True, role=role))
        db.session.commit()

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, headers, keep_caller_alive)
            except Unsatisfiable:
                continue  # nothing invalid can be sent to an operation without any input (health)
            except (Exception, BaseExceptionGroup) as error:  # reported together below
                if not db.session.is_active:
                    db.session.rollback()
                failures.append(f"{operation.label} [{mode.value}]: {str(error)[:1500]}")
    job_queue(app).huey.flush()
    assert not failures, f"{len(failures)} operations break their contract:\n\n" + "\n\n".join(failures)


def _fuzz(
    operation: Any, mode: GenerationMode, headers: dict[str, str], before_each: Callable[[], None]
) -> None:
    """Send MAX_EXAMPLES generated requests of `mode` to one operation and check every answer."""
    checks = CHECKS + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])

    # A query argument whose name is empty or unprintable, or whose value is an empty list, does
    # not survive URL encoding: such a "negative" case reaches the app as a valid request, so it
    # proves nothing either way.
    strategy = operation.as_strategy(generation_mode=mode).filter(
        lambda case: all(
            str(name).strip() and str(name).isprintable() and value != []
            for name, value in (case.query or {}).items()
        )
    )

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def exercise(case: Any) -> None:
        before_each()
        # Each request in its own context, as in production (see tests/conftest.py).
        response = contextvars.Context().run(case.call, headers=headers)
        db.session.expire_all()
        case.validate_response(response, checks=checks, headers=headers)

    exercise()
