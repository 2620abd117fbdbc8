"""Bounds and records: numbers from a URL beyond what the database holds answer 404 (never a 500),
the lesson render cache stays within its bytes, and security events reach the
`learnanything.security` logger without a secret in them."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from app.auth.models import User
from app.services import lessons
from tests.conftest import PASSWORD, AuthActions, SignedIn

HUGE = "9" * 30


@pytest.mark.parametrize("page", [HUGE, str(2**31), "99999", "0"])
def test_a_users_page_past_the_last_is_not_found(admin: SignedIn, page: str) -> None:
    client, _user = admin.client, admin.user
    response = client.get(f"/admin/users?page={page}")
    assert response.status_code == 404, f"page={page}: {response.status_code}"
    assert "Cette page n&#39;existe pas." in response.get_data(as_text=True)
    assert client.get("/admin/users?page=1").status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", f"/auth/tokens/{HUGE}/revoke"),
        ("POST", f"/auth/sessions/{2**31}/revoke"),
        ("POST", f"/courses/astronomie/questions/{HUGE}/answer"),
        ("GET", f"/courses?page={HUGE}"),
    ],
)
def test_an_integer_too_big_for_the_database_is_not_found(learner: SignedIn, method: str, path: str) -> None:
    client, _user = learner.client, learner.user
    response = AuthActions(client).post(path) if method == "POST" else client.get(path)
    assert response.status_code == 404, f"{method} {path}: {response.status_code}"


@pytest.mark.parametrize("page", ["¹", "²", "٣", "𝟗", "1¹"])
def test_a_page_number_in_unicode_digits_is_an_error_of_the_caller(learner: SignedIn, page: str) -> None:
    client = learner.client
    api = client.get("/api/v1/attempts", query_string={"page": page})
    assert api.status_code in (200, 422), f"API page={page!r}: {api.status_code}"
    if api.status_code == 422:
        assert "page" in api.get_json()["error"]["fields"], "the error names the page argument"
    listing = client.get("/courses", query_string={"page": page})
    assert listing.status_code in (200, 404), f"page={page!r}: {listing.status_code}"


def test_the_lesson_cache_is_bounded_by_bytes() -> None:
    for number in range(200):
        lessons.render_markdown(f"# Leçon {number}\n\n" + "du texte " * 10_000)  # ~90 KB each
    assert 0 < lessons.cache_size() <= lessons.RENDER_CACHE_BYTES


def test_login_events_are_logged_without_the_password(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User], caplog: pytest.LogCaptureFixture
) -> None:
    user = make_user("camille")
    with caplog.at_level(logging.INFO, logger="learnanything.security"):
        auth.login("camille", "a wrong password typed")
        auth.login("camille")
        auth.logout()
    lines = [r.getMessage() for r in caplog.records if r.name == "learnanything.security"]
    assert any(line.startswith("event=login.failed") and f"user_id={user.id}" in line for line in lines), (
        lines
    )
    assert any(line.startswith("event=login.succeeded") for line in lines), lines
    assert any(line.startswith("event=session.revoked") and "reason='logout'" in line for line in lines), (
        lines
    )
    text = "\n".join(lines)
    assert PASSWORD not in text and "a wrong password typed" not in text


def test_role_and_token_changes_are_logged(
    admin: SignedIn,
    make_user: Callable[..., User],
    caplog: pytest.LogCaptureFixture,
) -> None:
    client, ada = admin.client, admin.user
    target = make_user("camille")
    with caplog.at_level(logging.INFO, logger="learnanything.security"):
        AuthActions(client).post(f"/admin/users/{target.id}/role", {"role": "author"})
        created = AuthActions(client).post_json("/api/v1/tokens", {"name": "script", "scope": "read"})
    assert created.status_code == 201
    lines = [r.getMessage() for r in caplog.records if r.name == "learnanything.security"]
    assert (
        f"event=role.changed actor_id={ada.id} after='author' before='learner' user_id={target.id}" in lines
    )
    assert any(line.startswith("event=token.created") for line in lines)
    assert created.get_json()["token"] not in "\n".join(lines), "the token value is never logged"
