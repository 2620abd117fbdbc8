"""The rules every API endpoint shares: authentication, token scope, CSRF for cookies, JSON bodies,
strict schemas, the error envelope and write rate limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app, db
from app.auth.models import Role, TokenScope, User
from app.auth.tokens import create_token
from app.services import accounts
from tests.conftest import AuthActions, SignedIn, csrf_token, fresh_app

Bearer = Callable[..., dict[str, str]]


def test_anonymous_caller_gets_401_envelope_on_a_private_endpoint(client: FlaskClient) -> None:
    response = client.get("/api/v1/items")
    assert response.status_code == 401, "an anonymous call must be refused"
    assert response.get_json()["error"]["status"] == 401, "the refusal must be the JSON envelope"
    assert "Bearer" in response.headers.get("WWW-Authenticate", ""), "401 must say how to authenticate"


def test_health_openapi_and_docs_are_public(client: FlaskClient) -> None:
    for path in ("/api/v1/health", "/api/v1/openapi.json", "/api/v1/docs"):
        assert client.get(path).status_code == 200, f"{path} must be public"


def test_docs_page_uses_local_assets_and_no_inline_script(client: FlaskClient) -> None:
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/static/api-docs/swagger-ui-bundle.js" in page, "Swagger UI must be served by the app"
    assert "<script>" not in page and "http" not in page.split("<body>")[1], "no inline script, no CDN"
    script = client.get("/static/api-docs/init.js")
    assert script.status_code == 200, "the init script must be served"
    script.close()  # static files are streamed from disk: close the file


def test_read_token_cannot_write(client: FlaskClient, make_user: Callable[..., User], bearer: Bearer) -> None:
    author = make_user("auteur", role=Role.AUTHOR)
    response = client.post("/api/v1/items", json={"name": "Carte"}, headers=bearer(author, "read"))
    assert response.status_code == 403, "a read-only token must not create anything"
    assert client.get("/api/v1/items", headers=bearer(author, "read")).status_code == 200, "but it reads"


def test_token_in_the_url_is_not_accepted(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    user = make_user("lea")
    value = bearer(user)["Authorization"].split()[1]
    for name in ("access_token", "token"):
        assert client.get(f"/api/v1/me?{name}={value}").status_code in {401, 422}, "tokens only in the header"


def test_cookie_write_needs_csrf_token_bearer_write_does_not(
    learner: SignedIn,
    bearer: Bearer,
) -> None:
    client, user = learner.client, learner.user
    refused = client.patch("/api/v1/me", json={"locale": "en"})
    assert refused.status_code == 400, "a cookie request without X-CSRFToken must be refused"
    assert refused.get_json()["error"]["status"] == 400
    accepted = AuthActions(client).post_json("/api/v1/me", {"locale": "en"}, method="PATCH")
    assert accepted.status_code == 200, "the same request with the CSRF header is accepted"
    other = client.application.test_client().patch("/api/v1/me", json={"locale": "fr"}, headers=bearer(user))
    assert other.status_code == 200, "a Bearer request needs no CSRF token"


def test_non_json_write_body_gets_415(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    author = make_user("auteur", role=Role.AUTHOR)
    response = client.post("/api/v1/items", data="name=Carte", headers=bearer(author))
    assert response.status_code == 415, "a form body on a JSON endpoint must be 415"
    assert response.get_json()["error"]["status"] == 415


def test_unknown_and_read_only_fields_are_refused_with_field_messages(
    client: FlaskClient,
    make_user: Callable[..., User],
    bearer: Bearer,
) -> None:
    admin = make_user("ada", role=Role.ADMIN)
    headers = bearer(admin)
    for extra in ({"id": 7}, {"created_at": "2020-01-01T00:00:00Z"}, {"colour": "blue"}):
        response = client.post("/api/v1/items", json={"name": "Carte", **extra}, headers=headers)
        assert response.status_code == 422, f"{extra} must be refused, not ignored"
        assert set(response.get_json()["error"]["fields"]) == set(extra), "the field must be named"
    promoted = client.patch("/api/v1/me", json={"role": "admin"}, headers=bearer(make_user("lea")))
    assert promoted.status_code == 422, "a learner must not set their own role"
    unknown_filter = client.get("/api/v1/courses?publised=true", headers=headers)
    assert unknown_filter.status_code == 422, "a misspelt filter must be refused, not ignored"


@pytest.mark.parametrize("number", [2.5, "3", True])
def test_an_integer_field_takes_json_integers_only_never_cut_or_cast(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer, number: object
) -> None:
    admin = make_user("ada", role=Role.ADMIN)
    headers = bearer(admin)
    item = client.post("/api/v1/items", json={"name": "Carte", "topic_id": number}, headers=headers)
    assert item.status_code == 422, f"topic_id {number!r} must be refused, not read as an id"
    assert set(item.get_json()["error"]["fields"]) == {"topic_id"}
    answer = client.post("/api/v1/attempts", json={"question_id": number, "answer": "Mars"}, headers=headers)
    assert answer.status_code == 422, f"question_id {number!r} must be refused"
    assert "question_id" in answer.get_json()["error"]["fields"]
    tokens = client.post(
        "/api/v1/tokens", json={"name": "script", "scope": "read", "expires_in_days": number}, headers=headers
    )
    assert tokens.status_code == 422, f"expires_in_days {number!r} must be refused"


def test_huge_id_in_path_is_404_not_500(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    admin = make_user("ada", role=Role.ADMIN)
    assert client.get(f"/api/v1/courses/{2**70}", headers=bearer(admin)).status_code == 404


def test_writes_are_rate_limited_per_account_with_retry_after(make_user: Callable[..., User]) -> None:
    del make_user  # this test builds its own app, with limits on
    app: Flask = create_app("testing", RATELIMIT_ENABLED=True, RATELIMIT_API_WRITE="2 per minute")
    with app.app_context():
        db.create_all()
        from app.auth.models import TokenScope
        from app.auth.tokens import create_token
        from app.services import accounts

        user = accounts.register_user("ecrivain", "e@example.com", "correct horse battery staple")
        _, plaintext = create_token(user, "t", TokenScope.WRITE)
        client = app.test_client()
        headers = {"Authorization": f"Bearer {plaintext}"}
        statuses = [client.patch("/api/v1/me", json={"locale": "fr"}, headers=headers) for _ in range(3)]
        assert [r.status_code for r in statuses] == [200, 200, 429], "the third write in a minute is refused"
        assert statuses[2].headers.get("Retry-After"), "429 must say when to retry"
        assert statuses[2].get_json()["error"]["status"] == 429
        assert client.get("/api/v1/me", headers=headers).status_code == 200, "reads are not limited"
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def write_limited_app() -> Iterator[Flask]:
    """An application whose API allows two writes a minute per account (other limits off)."""
    with fresh_app(RATELIMIT_ENABLED=True, RATELIMIT_API_WRITE="2 per minute") as application:
        yield application


def _token_headers(user: User, scope: TokenScope) -> dict[str, str]:
    _, plaintext = create_token(user, f"t-{scope.value}", scope)
    return {"Authorization": f"Bearer {plaintext}"}


def test_refused_read_token_writes_do_not_spend_the_write_budget(write_limited_app: Flask) -> None:
    user = accounts.register_user("ecrivain", "e@example.com", "correct horse battery staple")
    read_only = _token_headers(user, TokenScope.READ)
    writer = _token_headers(user, TokenScope.WRITE)
    client = write_limited_app.test_client()

    refused = [client.patch("/api/v1/me", json={"locale": "fr"}, headers=read_only) for _ in range(4)]
    assert [r.status_code for r in refused] == [403] * 4, "a read-only token is refused with 403, never 429"
    assert refused[-1].get_json()["error"]["message"] == "Ce jeton ne permet que la lecture."

    writes = [client.patch("/api/v1/me", json={"locale": "fr"}, headers=writer) for _ in range(3)]
    assert [r.status_code for r in writes] == [200, 200, 429], (
        "the refused writes spent nothing: the account still has its two writes, then 429"
    )

    after = client.patch("/api/v1/me", json={"locale": "fr"}, headers=read_only)
    assert after.status_code == 403, "with the budget spent, a read-only token still hears 403, not 429"


def test_guard_refusals_never_answer_429(write_limited_app: Flask) -> None:
    user = accounts.register_user("ecrivain", "e@example.com", "correct horse battery staple")
    writer = _token_headers(user, TokenScope.WRITE)
    client = write_limited_app.test_client()

    for _ in range(3):
        anonymous = client.patch("/api/v1/me", json={"locale": "fr"})
        assert anonymous.status_code == 401, "an anonymous write is refused with 401 each time"
        form_body = client.patch("/api/v1/me", data="locale=fr", headers=writer)
        assert form_body.status_code == 415, "a non-JSON write is refused with 415 each time"
        huge_id = client.delete(f"/api/v1/courses/{2**70}", headers=writer)
        assert huge_id.status_code == 404, "an impossible id is 404 each time"

    writes = [client.patch("/api/v1/me", json={"locale": "fr"}, headers=writer) for _ in range(3)]
    assert [r.status_code for r in writes] == [200, 200, 429], "none of the refusals spent the budget"


def test_error_envelope_for_404_and_405(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    headers = bearer(make_user("lea"))
    assert client.get("/api/v1/nothing", headers=headers).get_json()["error"]["status"] == 404
    response = client.put("/api/v1/items", json={}, headers=headers)
    assert response.status_code == 405 and response.get_json()["error"]["status"] == 405
    assert response.headers.get("Allow"), "405 must list the allowed methods"


def test_csrf_token_helper_is_available(client: FlaskClient) -> None:
    assert csrf_token(client), "the site gives a CSRF token for cookie-based API calls"
