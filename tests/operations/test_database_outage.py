"""A database that cannot be reached is an outage, not a bug: pages and the API answer 503 with
Retry-After in their own envelope and in the visitor's language, liveness stays green, readiness
names the database, and once the database is back the next request works again."""

from __future__ import annotations

import html
from collections.abc import Iterator

import psycopg
import pytest
import requests
from flask import Flask
from flask_login import utils as login_utils
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app import create_app, db
from app.auth.models import TokenScope
from app.auth.tokens import create_token
from app.services import accounts
from tests.conftest import IsolatedClient, fresh_app
from tests.live_server import serving

from .conftest import POSTGRES_URL, postgres_only, unreachable_postgres_url

FRENCH = "Le service est momentanément indisponible. Merci de réessayer dans un instant."
ENGLISH = "The service is temporarily unavailable. Please try again in a moment."


@pytest.fixture
def app_without_database() -> Iterator[Flask]:
    """An application whose DATABASE URL points at a port where no server listens."""
    # No in-memory fallback here: Flask-Limiter takes any error raised while it evaluates a limit
    # (here the database's) for a dead storage, and its one process-wide instance would then keep
    # counting in memory for the tests that follow (tests/operations/test_rate_limit_storage.py).
    application = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=unreachable_postgres_url(),
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=False,
    )
    application.test_client_class = IsolatedClient
    yield application
    with application.app_context():
        db.engine.dispose()


def signed_in_client(app: Flask) -> IsolatedClient:
    """A browser whose session says someone is signed in (so the page must load that user)."""
    client = app.test_client()
    with app.test_request_context(environ_base=client.environ_base):
        identifier = login_utils._create_identifier()  # what strong session protection expects
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-id"
        session["_fresh"] = True
        session["_id"] = identifier
    return client  # type: ignore[return-value]


@pytest.mark.parametrize(("language", "message"), [("fr-FR,fr", FRENCH), ("en-GB,en", ENGLISH)])
def test_a_page_answers_a_503_page_in_the_visitors_language(
    app_without_database: Flask, language: str, message: str
) -> None:
    client = signed_in_client(app_without_database)
    response = client.get("/dashboard", headers={"Accept-Language": language})
    assert response.status_code == 503, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    assert response.headers["Retry-After"] == "30"
    page = html.unescape(response.get_data(as_text=True))
    assert message in page
    assert "Traceback" not in page and "psycopg" not in page, "no internal detail leaks"
    assert response.headers["X-Request-ID"] in page, "the page gives the reference to quote"


def test_a_signed_in_visitors_chosen_language_holds_during_an_outage(app_without_database: Flask) -> None:
    client = signed_in_client(app_without_database)
    with client.session_transaction() as session:
        session["lang"] = "en"
    response = client.get("/courses", headers={"Accept-Language": "fr"})
    assert response.status_code == 503
    assert ENGLISH in html.unescape(response.get_data(as_text=True)), "the session's language wins"


@pytest.mark.parametrize(("language", "message"), [("fr", FRENCH), ("en", ENGLISH)])
def test_the_api_answers_a_503_envelope_in_the_callers_language(
    app_without_database: Flask, language: str, message: str
) -> None:
    response = app_without_database.test_client().get(
        "/api/v1/me", headers={"Authorization": "Bearer la_" + "x" * 40, "Accept-Language": language}
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.get_json() == {
        "error": {"status": 503, "title": "Service Unavailable", "message": message}
    }


def test_a_login_attempt_answers_503_not_500(app_without_database: Flask) -> None:
    client = app_without_database.test_client()
    response = client.post(
        "/auth/login",
        data={"login-login": "lea", "login-password": "whatever it is"},
        headers={"Accept-Language": "fr"},
    )
    # CSRF is checked first and needs no database: without a token the answer is a 400 page.
    assert response.status_code == 400
    app_without_database.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/auth/login", data={"login-login": "lea", "login-password": "whatever it is"})
    assert response.status_code == 503
    assert FRENCH in html.unescape(response.get_data(as_text=True))


def test_liveness_stays_green_and_readiness_names_the_database(app_without_database: Flask) -> None:
    client = app_without_database.test_client()
    assert client.get("/healthz").status_code == 200, "a live process answers without its database"
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json() == {"status": "unavailable", "database": "down", "rate_limit_storage": "ok"}
    api = client.get("/api/v1/health")
    assert api.status_code == 503
    assert api.get_json()["database"] == "down"
    assert api.get_json()["status"] == "unavailable"


def test_over_real_http_the_outage_is_a_503_envelope(app_without_database: Flask) -> None:
    with serving(app_without_database) as base:
        response = requests.get(
            f"{base}/api/v1/me",
            headers={"Authorization": "Bearer la_" + "y" * 40, "Accept-Language": "en"},
            timeout=10,
        )
    assert response.status_code == 503
    assert response.json()["error"]["message"] == ENGLISH
    assert response.headers["Retry-After"] == "30"


def terminate_other_connections(url: str) -> int:
    """Kill, from a connection of our own, every other session on the test database."""
    parsed = make_url(url)
    dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(killed[0]) if killed else 0


@postgres_only
def test_after_its_connections_are_killed_the_site_recovers_on_the_next_request() -> None:
    with fresh_app(RATELIMIT_ENABLED=False) as application:
        user = accounts.register_user("resiliente", "resiliente@example.com", "correct horse battery staple")
        _token, plaintext = create_token(user, "sonde", TokenScope.READ)
        db.session.remove()
        headers = {"Authorization": f"Bearer {plaintext}"}
        with serving(application) as base:
            assert requests.get(f"{base}/api/v1/me", headers=headers, timeout=10).json()["username"] == (
                "resiliente"
            )
            killed = terminate_other_connections(POSTGRES_URL)
            assert killed >= 1, "the pooled connections were there to be killed"
            after = requests.get(f"{base}/api/v1/me", headers=headers, timeout=10)
            assert after.status_code == 200, f"the pool did not replace its dead connection: {after.text}"
            assert after.json()["username"] == "resiliente"
            assert requests.get(f"{base}/readyz", timeout=10).json()["database"] == "ok"


def test_error_pages_need_no_database_even_for_a_signed_in_visitor(app_without_database: Flask) -> None:
    client = signed_in_client(app_without_database)
    page = client.get("/cette-page-n-existe-pas", headers={"Accept-Language": "en"})
    assert page.status_code == 404, "a 404 page renders without loading the signed-in user"
    assert "This page does not exist." in html.unescape(page.get_data(as_text=True))
    api = client.get("/api/v1/nulle-part")
    assert api.status_code == 404
    assert api.get_json()["error"]["status"] == 404


@postgres_only
def test_a_failed_token_lookup_inside_the_rate_limiter_answers_503_not_500() -> None:
    # The API's write limit asks the guard (which loads the token's owner) whether to count the
    # request, and swallows its errors. A lookup that fails there must not leave a broken transaction
    # for the rest of the request: the answer is the outage's 503, never a 500.
    options = {"pool_pre_ping": True, "connect_args": {"options": "-c lock_timeout=300"}}
    with fresh_app(RATELIMIT_ENABLED=True, SQLALCHEMY_ENGINE_OPTIONS=options) as application:
        user = accounts.register_user("verrou", "verrou@example.com", "correct horse battery staple")
        _token, plaintext = create_token(user, "sonde", TokenScope.WRITE)
        db.session.remove()
        dsn = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn) as holder:
            holder.execute("LOCK TABLE api_tokens IN ACCESS EXCLUSIVE MODE")  # every lookup times out
            with serving(application) as base:
                response = requests.patch(
                    f"{base}/api/v1/me",
                    json={"locale": "en"},
                    headers={"Authorization": f"Bearer {plaintext}"},
                    timeout=20,
                )
            holder.rollback()
        assert response.status_code == 503, f"expected the outage's 503, got {response.status_code}"
        assert response.json()["error"]["status"] == 503


@postgres_only
def test_a_connection_killed_before_the_teardown_does_not_turn_the_answer_into_a_500() -> None:
    # A database restart may end a request's connection after its answer is ready: the teardown's
    # rollback then fails on the dead connection. The answer stands; the connection is dropped.
    with fresh_app(RATELIMIT_ENABLED=False) as application:

        @application.get("/answered-then-killed")
        def answered_then_killed() -> str:
            pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
            dsn = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(hide_password=False)
            with psycopg.connect(dsn, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            return "prêt"

        db.session.remove()
        with serving(application) as base:
            response = requests.get(f"{base}/answered-then-killed", timeout=10)
            assert response.status_code == 200, f"expected the answer, got {response.status_code}"
            assert response.text == "prêt"
            assert requests.get(f"{base}/readyz", timeout=10).json()["database"] == "ok"
