"""Google sign-in, end to end, against a real local stand-in for Google's OpenID Connect provider:
discovery document, consent redirect, code exchange, an RS256-signed ID token checked against the
provider's JWKS. Nothing of ours is mocked; only Google is replaced, by a server on 127.0.0.1."""

from __future__ import annotations

import base64
import html
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import func, select
from werkzeug.wrappers import Request, Response

from app import create_app, db
from app.auth.models import User
from tests.conftest import AuthActions, IsolatedClient, fresh_app
from tests.live_server import serving

CLIENT_ID = "learnanything-test-client"
CLIENT_SECRET = "learnanything-test-secret"


@dataclass
class StandInProvider:
    """A tiny OpenID Connect provider: what Google does, for one client, in memory."""

    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "test-key"}))
    signing_key: RSAKey | None = None  # set to sign ID tokens with a key the JWKS does not hold
    claims: dict[str, Any] = field(
        default_factory=lambda: {
            "sub": "google-subject-42",
            "email": "Camille.Martin@Example.com",
            "email_verified": True,
            "name": "Camille Martin",
        }
    )
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    token_requests: int = 0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        routes = {
            "/.well-known/openid-configuration": self.discovery,
            "/authorize": self.authorize,
            "/token": self.token,
            "/jwks": self.jwks,
            "/userinfo": self.userinfo,
        }
        handler = routes.get(request.path)
        response = handler(request) if handler else Response("not found", status=404)
        return response(environ, start_response)

    def discovery(self, _request: Request) -> Response:
        return self._json(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            }
        )

    def authorize(self, request: Request) -> Response:
        """The consent page, already accepted: back to the client with a one-time code."""
        args = request.args
        if args.get("client_id") != CLIENT_ID or args.get("response_type") != "code":
            return Response("unknown client", status=400)
        if "openid" not in args.get("scope", "").split():
            return Response("openid scope missing", status=400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"nonce": args.get("nonce", ""), "redirect_uri": args["redirect_uri"]}
        query = urlencode({"code": code, "state": args.get("state", "")})
        return Response(status=302, headers={"Location": f"{args['redirect_uri']}?{query}"})

    def token(self, request: Request) -> Response:
        """Exchange a code (once) for tokens; the client authenticates with its secret."""
        self.token_requests += 1
        client_id, client_secret = self._client_credentials(request)
        if (client_id, client_secret) != (CLIENT_ID, CLIENT_SECRET):
            return self._json({"error": "invalid_client"}, 401)
        grant = self.codes.pop(request.form.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != request.form.get("redirect_uri"):
            return self._json({"error": "invalid_grant"}, 400)
        now = int(time.time())
        id_claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **self.claims,
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, id_claims, self.signing_key or self.key)
        return self._json(
            {
                "access_token": "access-" + secrets.token_urlsafe(8),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            }
        )

    def jwks(self, _request: Request) -> Response:
        return self._json({"keys": [self.key.as_dict(private=False)]})

    def userinfo(self, request: Request) -> Response:
        if not request.headers.get("Authorization", "").startswith("Bearer access-"):
            return self._json({"error": "invalid_token"}, 401)
        return self._json(self.claims)

    @staticmethod
    def _client_credentials(request: Request) -> tuple[str, str]:
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            decoded = base64.b64decode(header[6:]).decode()
            client_id, _, secret = decoded.partition(":")
            return client_id, secret
        return request.form.get("client_id", ""), request.form.get("client_secret", "")

    @staticmethod
    def _json(body: dict[str, Any], status: int = 200) -> Response:
        import json

        return Response(json.dumps(body), status=status, mimetype="application/json")


@pytest.fixture
def provider() -> Iterator[StandInProvider]:
    """The stand-in provider, served over real HTTP on a free port of 127.0.0.1."""
    stand_in = StandInProvider()
    with serving(stand_in, "oauth-stand-in") as url:
        stand_in.issuer = url
        yield stand_in


@pytest.fixture
def google_app(provider: StandInProvider) -> Iterator[Flask]:
    """The application configured for Google sign-in, pointed at the stand-in provider."""
    with fresh_app(
        RATELIMIT_ENABLED=False,
        GOOGLE_CLIENT_ID=CLIENT_ID,
        GOOGLE_CLIENT_SECRET=CLIENT_SECRET,
        GOOGLE_DISCOVERY_URL=f"{provider.issuer}/.well-known/openid-configuration",
    ) as application:
        yield application


def sign_in_with_google(client: FlaskClient) -> Any:
    """Click the Google button, consent at the provider, come back: the callback's response."""
    start = client.get("/auth/google")
    assert start.status_code == 302, start.get_data(as_text=True)
    consent_url = start.headers["Location"]
    with requests.Session() as browser:
        consent = browser.get(consent_url, allow_redirects=False, timeout=10)
    assert consent.status_code == 302, consent.text
    back = urlsplit(consent.headers["Location"])
    assert back.path == "/auth/google/callback"
    return client.get(f"{back.path}?{back.query}")


def flashes_after(client: FlaskClient, response: Any) -> str:
    """The page the redirect leads to, as text (with its flashed messages)."""
    return html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))


def test_without_a_client_id_there_is_no_google_button(client: FlaskClient) -> None:
    page = client.get("/auth/login").get_data(as_text=True)
    assert "/auth/google" not in page and "Google" not in page
    assert client.get("/auth/google").status_code == 404
    assert client.get("/auth/google/callback?code=x&state=y").status_code == 404


def test_with_a_client_id_the_button_is_shown(google_app: Flask) -> None:
    page = html.unescape(google_app.test_client().get("/auth/register").get_data(as_text=True))
    assert 'href="/auth/google"' in page and "S'inscrire avec Google" in page


def test_the_consent_request_is_a_proper_openid_request(google_app: Flask, provider: StandInProvider) -> None:
    location = google_app.test_client().get("/auth/google").headers["Location"]
    assert location.startswith(f"{provider.issuer}/authorize?")
    query = parse_qs(urlsplit(location).query)
    assert query["client_id"] == [CLIENT_ID] and query["response_type"] == ["code"]
    assert set(query["scope"][0].split()) == {"openid", "email", "profile"}
    assert query["state"][0] and query["nonce"][0], "state and nonce protect the round trip"
    assert query["redirect_uri"] == ["http://localhost/auth/google/callback"]


def test_a_first_google_sign_in_creates_the_account_and_logs_in(
    google_app: Flask, provider: StandInProvider
) -> None:
    client = google_app.test_client()
    response = sign_in_with_google(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/preferences", "a new account starts on the preferences page"
    assert "Connexion réussie!" in flashes_after(client, response)
    user = db.session.scalar(select(User).where(User.email == "camille.martin@example.com"))
    assert user is not None, "the account was created from the ID token"
    assert user.google_subject == "google-subject-42" and user.username == "camille.martin"
    assert user.password_hash is None, "a Google account has no password to guess"
    assert client.get("/auth/profile").status_code == 200, "the browser is logged in"
    assert provider.token_requests == 1


def test_a_second_google_sign_in_finds_the_same_account(google_app: Flask) -> None:
    sign_in_with_google(google_app.test_client())
    client = google_app.test_client()
    response = sign_in_with_google(client)
    assert response.headers["Location"] == "/dashboard", "a returning person goes to the dashboard"
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_google_links_an_existing_account_with_the_same_verified_email(google_app: Flask) -> None:
    from app.services import accounts

    existing = accounts.register_user(
        "camille", "camille.martin@example.com", "correct horse battery staple", verified=True
    )
    client = google_app.test_client()
    sign_in_with_google(client)
    db.session.refresh(existing)
    assert existing.google_subject == "google-subject-42"
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert "camille" in client.get("/auth/profile").get_data(as_text=True)


def test_google_does_not_take_over_an_account_whose_address_was_never_verified(google_app: Flask) -> None:
    # The attack: someone registered camille's address without proving it; whoever holds the Google
    # account of that address must not be logged into it (nor the squatter into Google's owner's).
    from app.services import accounts

    existing = accounts.register_user("camille", "camille.martin@example.com", "correct horse battery staple")
    client = google_app.test_client()
    response = sign_in_with_google(client)
    assert response.headers["Location"] == "/auth/login"
    assert (
        "Un compte utilise déjà cette adresse. Connectez-vous d'abord avec votre mot de passe, "
        "puis utilisez de nouveau « Google » pour lier les deux."
    ) in flashes_after(client, response)
    db.session.refresh(existing)
    assert existing.google_subject is None, "nothing was linked"
    assert client.get("/auth/profile").status_code == 302, "the browser is not logged in"


def test_signed_in_with_the_password_the_owner_can_link_google(google_app: Flask) -> None:
    from app.services import accounts

    existing = accounts.register_user(
        "camille", "camille@old.example", "correct horse battery staple", verified=True
    )
    client = google_app.test_client()
    actions = AuthActions(client)
    assert actions.login("camille").status_code == 302
    changed = actions.post_json(
        "/api/v1/me",
        {"email": "camille.martin@example.com", "current_password": "correct horse battery staple"},
        method="PATCH",
    )
    assert changed.status_code == 200, changed.get_data(as_text=True)
    db.session.refresh(existing)
    assert existing.email_verified_at is None, "the new address is not verified yet"

    response = sign_in_with_google(client)
    assert response.headers["Location"] == "/dashboard", flashes_after(client, response)
    db.session.refresh(existing)
    assert existing.google_subject == "google-subject-42", "the signed-in owner linked Google"


def test_an_unverified_google_email_is_refused(google_app: Flask, provider: StandInProvider) -> None:
    provider.claims["email_verified"] = False
    client = google_app.test_client()
    response = sign_in_with_google(client)
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert "Google n'a pas confirmé votre adresse email." in flashes_after(client, response)
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_an_id_token_signed_by_another_key_is_refused(google_app: Flask, provider: StandInProvider) -> None:
    provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
    client = google_app.test_client()
    response = sign_in_with_google(client)
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert "La connexion avec Google a échoué." in flashes_after(client, response)
    assert client.get("/auth/profile").status_code == 302, "nobody is logged in"
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_a_callback_with_a_forged_state_is_refused(google_app: Flask) -> None:
    client = google_app.test_client()
    client.get("/auth/google")
    response = client.get("/auth/google/callback?code=stolen&state=forged")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert "La connexion avec Google a échoué." in flashes_after(client, response)


def test_a_deactivated_account_cannot_sign_in_with_google(google_app: Flask) -> None:
    sign_in_with_google(google_app.test_client())
    user = db.session.scalar(select(User))
    assert user is not None
    user.active = False
    db.session.commit()
    client = google_app.test_client()
    response = sign_in_with_google(client)
    assert response.headers["Location"] == "/auth/login"
    assert "Ce compte est désactivé." in flashes_after(client, response)


def test_google_out_of_reach_gives_a_message_not_a_500(provider: StandInProvider) -> None:
    application = create_app(
        "testing",
        RATELIMIT_ENABLED=False,
        GOOGLE_CLIENT_ID=CLIENT_ID,
        GOOGLE_CLIENT_SECRET=CLIENT_SECRET,
        GOOGLE_DISCOVERY_URL=f"{provider.issuer}/no-discovery-document-here",
    )
    application.test_client_class = IsolatedClient
    with application.app_context():
        client = application.test_client()
        response = client.get("/auth/google")
        assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
        assert "La connexion avec Google a échoué." in flashes_after(client, response)
