"""Security headers on every kind of response, cookie flags, and templates that a strict CSP allows
(no inline script, no inline style)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.auth.models import User
from tests.conftest import PRODUCTION_SECRET, AuthActions, SignedIn

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"

# One page, one JSON API answer, one static file, one 404 page, one 404 under the API.
SAMPLES = ["/", "/api/v1/health", "/static/css/styles.css", "/no-such-page", "/api/v1/no-such-thing"]


@pytest.mark.parametrize("path", SAMPLES)
def test_every_response_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    response = client.get(path, buffered=True)  # buffered: the static file is read and closed
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert csp, f"{path}: no Content-Security-Policy"
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, f"{path}: the CSP allows inline code"
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp, f"{path}: the page may be framed"
    assert headers.get("X-Frame-Options") == "DENY"
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers, (
        "no HSTS outside production (plain HTTP in development)"
    )


def test_pages_with_personal_data_are_not_cached(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    assert client.get("/auth/profile").headers.get("Cache-Control") == "no-store"


def test_the_session_cookie_is_httponly_and_samesite_lax(
    client: FlaskClient, auth: AuthActions, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    response = auth.login("camille", **{"login-remember": "y"})
    cookies = {value.split("=", 1)[0]: value for value in response.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        assert name in cookies, f"no {name} cookie set at login"
        flags = cookies[name].lower()
        assert "httponly" in flags, f"{name} cookie readable by scripts"
        assert "samesite=lax" in flags, f"{name} cookie sent on cross-site requests"
        assert "secure" not in flags.split("; "), "development and tests run on plain HTTP"


def test_production_sends_hsts_and_secure_cookies(production_app: Flask) -> None:
    client = production_app.test_client()
    response = client.get("/about", base_url="https://learnanything.example")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next((c for c in cookies if c.startswith("__Host-session=")), None)
    assert session_cookie is not None, f"the session cookie is a __Host- cookie in production: {cookies}"
    flags = [flag.strip().lower() for flag in session_cookie.split(";")]
    assert "secure" in flags and "httponly" in flags and "samesite=lax" in flags and "path=/" in flags
    assert not any(flag.startswith("domain=") for flag in flags), "a __Host- cookie names no domain"
    assert production_app.config["REMEMBER_COOKIE_SECURE"] is True
    assert production_app.config["REMEMBER_COOKIE_NAME"] == "__Host-remember_token"


def test_production_refuses_rate_limit_counters_kept_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    # The hole: with several workers each keeps its own counters, so every limit is multiplied.
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        create_app("production", SECRET_KEY=PRODUCTION_SECRET, SQLALCHEMY_DATABASE_URI="sqlite://")
    documented = create_app(
        "production",
        SECRET_KEY=PRODUCTION_SECRET,
        SQLALCHEMY_DATABASE_URI="sqlite://",
        RATELIMIT_ALLOW_MEMORY=True,
    )
    assert documented.config["RATELIMIT_STORAGE_URI"] == "memory://", "allowed when said out loud"
    on_redis = create_app(
        "production",
        SECRET_KEY=PRODUCTION_SECRET,
        SQLALCHEMY_DATABASE_URI="sqlite://",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/7",
    )
    assert on_redis.config["RATELIMIT_STORAGE_URI"].startswith("redis://")


def test_production_refuses_a_weak_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY="dev", SQLALCHEMY_DATABASE_URI="sqlite://")


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
SCRIPT_WITH_BODY = re.compile(r"<script\b[^>]*>\s*[^<\s]", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def test_there_are_templates_to_check() -> None:
    assert len(_templates()) >= 5


@pytest.mark.parametrize("template", _templates(), ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_templates_keep_scripts_and_styles_in_files(template: Path) -> None:
    source = template.read_text(encoding="utf-8")
    for name, pattern in [
        ("an inline <script>", INLINE_SCRIPT),
        ("a <script> with a body", SCRIPT_WITH_BODY),
        ('a style="" attribute', STYLE_ATTRIBUTE),
        ("a <style> element", STYLE_ELEMENT),
        ("an on…= event handler", EVENT_HANDLER),
    ]:
        match = pattern.search(source)
        assert match is None, f"{template.name} has {name} (blocked by the CSP): {match.group(0)!r}"
