"""Whatever a client puts after `Authorization: Bearer`, every private API endpoint and the API's
documentation page answer either as the token's owner or with the 401 envelope — never a 500."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest
from flask import Flask

from app.auth.models import TokenScope
from app.auth.tokens import create_token
from app.services import accounts
from tests.live_server import serving

MALFORMED = {
    "empty": "Bearer ",
    "spaces": "Bearer    ",
    "no-break space": "Bearer \xa0",
    "no-break space around a word": "Bearer \xa0la_token\xa0",
    "two words": "Bearer la_one la_two",
    "tab": "Bearer\tla_token",
    "another scheme": "Basic dXNlcjpwYXNz",
    "the scheme alone": "Bearer",
    "huge": "Bearer la_" + "A" * 6000,
    "not latin": "Bearer la_\u00e9\u00e8\u00ff",
}
UNAUTHORIZED = {
    "error": {
        "status": 401,
        "title": "Unauthorized",
        "message": "Connectez-vous pour accéder à cette page.",
    }
}


def private_api_reads(app: Flask) -> list[str]:
    """Every GET endpoint of the API without path arguments that needs a login."""
    from app.auth.access import is_public

    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        and "GET" in (rule.methods or ())
        and not rule.arguments
        and not is_public(rule.endpoint)
    )


@pytest.mark.parametrize("header", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_bearer_header_is_a_401_envelope_on_every_private_endpoint(
    app: Flask, header: str
) -> None:
    client = app.test_client()
    paths = private_api_reads(app)
    assert "/api/v1/me" in paths, "the walk found the private endpoints"
    for path in paths:
        response = client.get(path, headers={"Authorization": header})
        assert response.status_code == 401, f"{path} answered {response.status_code} to {header[:30]!r}"
        assert response.get_json() == UNAUTHORIZED, path


def private_api_operations(app: Flask) -> list[tuple[str, str]]:
    """Every (method, path) of the API that needs a login, path arguments filled with 1."""
    from app.auth.access import is_public

    operations = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or is_public(rule.endpoint):
            continue
        path = rule.build(dict.fromkeys(rule.arguments, 1), append_unknown=False)[1]
        operations += [
            (method, path) for method in sorted(rule.methods or ()) if method not in {"HEAD", "OPTIONS"}
        ]
    return operations


@pytest.mark.parametrize(
    "header", ["Bearer \xa0", "Bearer ", "Bearer la_" + "B" * 6000], ids=["nbsp", "empty", "huge"]
)
def test_a_malformed_bearer_header_is_a_401_on_every_private_operation(app: Flask, header: str) -> None:
    client = app.test_client()
    operations = private_api_operations(app)
    assert ("PATCH", "/api/v1/me") in operations
    for method, path in operations:
        response = client.open(path, method=method, json={}, headers={"Authorization": header})
        assert response.status_code == 401, f"{method} {path} answered {response.status_code}"


@pytest.mark.parametrize("header", MALFORMED.values(), ids=MALFORMED.keys())
def test_the_documentation_page_ignores_a_malformed_bearer_header(app: Flask, header: str) -> None:
    response = app.test_client().get("/api/v1/docs", headers={"Authorization": header})
    assert response.status_code == 200


def test_a_valid_token_with_surrounding_spaces_still_works(app: Flask) -> None:
    user = accounts.register_user("bea", "bea@example.com", "correct horse battery staple")
    _token, plaintext = create_token(user, "script", TokenScope.READ)
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer   {plaintext}  "})
    assert response.status_code == 200
    assert response.get_json()["username"] == "bea"


@pytest.mark.parametrize(
    "value", [b"Bearer \xa0", b"Bearer ", b"Bearer \xff\xfe"], ids=["nbsp", "empty", "bytes"]
)
def test_over_real_http_a_malformed_bearer_header_is_a_401(app: Flask, value: bytes) -> None:
    with serving(app) as base:
        connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
        connection.putrequest("GET", "/api/v1/me")
        connection.putheader("Authorization", value)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
    assert response.status == 401, body[:300]
    assert b'"status":401' in body.replace(b" ", b"")
