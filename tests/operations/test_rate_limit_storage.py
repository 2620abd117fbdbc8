"""Redis down: the limits are counted in memory (a warning is logged), nothing answers 500, and
readiness says the rate-limit storage is degraded while the site stays ready."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import redis
from flask import Flask

from tests.conftest import fresh_app

from .conftest import unreachable_redis_url

REDIS_URL = "redis://127.0.0.1:6379/5"


def redis_is_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


# First in this module: the limiter is one object per process and, once it has seen Redis down,
# it goes back to Redis only after a growing pause (1 s, 2 s, 4 s…), as documented.
@pytest.mark.skipif(not redis_is_up(), reason="no Redis at 127.0.0.1:6379")
def test_with_redis_up_readiness_is_ok_and_limits_are_shared() -> None:
    redis.Redis.from_url(REDIS_URL).flushdb()
    with fresh_app(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_CONTACT="2 per minute") as app:
        assert app.test_client().get("/readyz").get_json()["rate_limit_storage"] == "ok"
        assert contact_posts(app, 3) == [302, 302, 429]
    with fresh_app(RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_CONTACT="2 per minute") as other_worker:
        assert contact_posts(other_worker, 1) == [429], "another process sees the same count in Redis"
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def app_without_redis() -> Iterator[Flask]:
    """Rate limits on, stored in a Redis that refuses every connection, and a tight contact limit."""
    with fresh_app(RATELIMIT_STORAGE_URI=unreachable_redis_url(), RATELIMIT_CONTACT="3 per minute") as app:
        yield app


def contact_posts(app: Flask, count: int) -> list[int]:
    """POST the contact form `count` times from one address (CSRF off: the limit is what is tested)."""
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    form = {"name": "Eve", "email": "eve@example.com", "message": "Bonjour, une question."}
    return [client.post("/contact", data=form).status_code for _ in range(count)]


def test_without_redis_the_limits_still_hold_in_memory_and_nothing_fails(
    app_without_redis: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="flask-limiter"):
        statuses = contact_posts(app_without_redis, 5)
    assert 500 not in statuses
    assert statuses[:3] == [302, 302, 302], "the first messages go through"
    assert statuses[3:] == [429, 429], "the limit is still enforced, counted in memory"
    assert any("falling back to in-memory" in record.getMessage() for record in caplog.records), (
        "the fallback is logged"
    )


def test_without_redis_pages_and_the_api_answer_normally(app_without_redis: Flask) -> None:
    client = app_without_redis.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/courses").status_code == 401, "the API answers its own refusal"
    assert client.get("/auth/login").status_code == 200


def test_readiness_says_the_rate_limit_storage_is_degraded(app_without_redis: Flask) -> None:
    client = app_without_redis.test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 200, "the site still serves: Redis is not required"
    assert ready.get_json() == {"status": "degraded", "database": "ok", "rate_limit_storage": "degraded"}
    assert client.get("/api/v1/health").get_json()["rate_limit_storage"] == "degraded"
