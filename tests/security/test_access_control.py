"""Access control, checked on the whole URL map: every endpoint that is not listed as public in
`app/auth/access.py` turns an anonymous visitor away (login page for pages, 401 JSON under /api),
whatever its method. Rules added later are walked too, with no change to this file."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import BuildError, Rule

from app import create_app
from app.auth.access import OPERATOR_ENDPOINTS, PUBLIC_ENDPOINTS
from tests.conftest import csrf_token

DUMMY_VALUES: tuple[Any, ...] = (1, "x")
# A visitor from the internet (a documentation address), outside every METRICS_ALLOW default.
VISITOR_ADDRESS = "203.0.113.7"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _all_rules() -> list[Rule]:
    application = create_app("testing", RATELIMIT_ENABLED=False)
    return list(application.url_map.iter_rules())


def dummy_url(app: Flask, rule: Rule) -> str:
    """A concrete URL for `rule`, each URL parameter replaced by 1 or 'x' (whichever its converter takes)."""
    adapter = app.url_map.bind("localhost")
    names = sorted(rule.arguments)
    for values in itertools.product(DUMMY_VALUES, repeat=len(names)):
        try:
            return adapter.build(rule.endpoint, dict(zip(names, values, strict=True)), force_external=False)
        except (BuildError, ValueError):
            continue
    raise AssertionError(f"cannot build a URL for {rule.rule} with dummy values")


PROTECTED = [rule for rule in _all_rules() if rule.endpoint not in PUBLIC_ENDPOINTS]
CASES = [
    pytest.param(rule.rule, method, id=f"{method} {rule.rule}")
    for rule in PROTECTED
    for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
]


def test_there_are_protected_endpoints_to_check() -> None:
    assert len(CASES) >= 5, "the walk found almost nothing: is the URL map being read?"


@pytest.mark.parametrize(("path_rule", "method"), CASES)
def test_an_anonymous_visitor_is_turned_away(
    app: Flask, client: FlaskClient, path_rule: str, method: str
) -> None:
    rule = next(r for r in app.url_map.iter_rules() if r.rule == path_rule and method in (r.methods or ()))
    url = dummy_url(app, rule)
    client.environ_base["REMOTE_ADDR"] = VISITOR_ADDRESS
    headers: dict[str, str] = {}
    data: dict[str, str] = {}
    if method in WRITE_METHODS:
        token = csrf_token(client, "/")  # a valid token, so only the login check can refuse
        headers["X-CSRFToken"] = token
        data["csrf_token"] = token
    response = client.open(url, method=method, headers=headers, data=data)
    if rule.endpoint in OPERATOR_ENDPOINTS:
        assert response.status_code == 401, f"{method} {url}: expected 401, got {response.status_code}"
        assert response.headers["WWW-Authenticate"].startswith("Bearer"), f"{method} {url}: no challenge"
    elif url.startswith("/api/"):
        assert response.status_code == 401, f"{method} {url}: expected 401, got {response.status_code}"
        body = response.get_json()
        assert body and body["error"]["status"] == 401, f"{method} {url}: no JSON error envelope: {body}"
    else:
        assert response.status_code == 302, (
            f"{method} {url}: expected a redirect to login, got {response.status_code}"
        )
        assert response.headers["Location"].startswith("/auth/login?next="), (
            f"{method} {url}: sent to {response.headers['Location']} instead of the login page"
        )


def test_every_public_endpoint_exists(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints >= PUBLIC_ENDPOINTS, f"stale public endpoints: {sorted(PUBLIC_ENDPOINTS - endpoints)}"
    assert endpoints >= OPERATOR_ENDPOINTS, f"stale endpoints: {sorted(OPERATOR_ENDPOINTS - endpoints)}"
    assert not PUBLIC_ENDPOINTS & OPERATOR_ENDPOINTS, "an operator endpoint is also declared public"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/about",
        "/contact",
        "/auth/login",
        "/auth/register",
        "/auth/forgot",
        "/privacy",
        "/healthz",
        "/api/v1/health",
        "/api/v1/openapi.json",
    ],
)
def test_public_pages_open_without_login(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, f"{path} should be public, got {response.status_code}"
