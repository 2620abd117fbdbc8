"""Google sign-in with OpenID Connect (Authlib). Present only when a client is configured:
without GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET the button is not shown and the routes 404."""

from __future__ import annotations

from typing import Any

from authlib.integrations.base_client.errors import OAuthError
from flask import Flask, current_app
from flask_babel import gettext as _
from joserfc.errors import JoseError
from requests import RequestException
from sqlalchemy import func, select

from ..extensions import db, oauth
from ..models import Preferences
from ..services.errors import AuthenticationFailed
from ..types import utcnow
from .audit import security_event
from .models import User

# What can go wrong talking to Google: a refusal (OAuthError), an ID token that does not verify
# (JoseError), Google out of reach (RequestException), a reply without the expected fields.
PROVIDER_ERRORS = (OAuthError, JoseError, RequestException, KeyError, ValueError)


def init_oauth(app: Flask) -> None:
    """Register the Google client when the application is configured for it."""
    oauth.init_app(app)
    # The registry caches the client it built for an earlier application of this process (tests
    # build many): forget it, so this application's client id and discovery URL are the ones used.
    oauth._clients.pop("google", None)
    if app.config.get("GOOGLE_CLIENT_ID") and app.config.get("GOOGLE_CLIENT_SECRET"):
        oauth.register(
            "google",
            client_id=app.config["GOOGLE_CLIENT_ID"],
            client_secret=app.config["GOOGLE_CLIENT_SECRET"],
            server_metadata_url=app.config["GOOGLE_DISCOVERY_URL"],
            client_kwargs={"scope": "openid email profile"},
            overwrite=True,
        )


def google_enabled() -> bool:
    """True when Google sign-in is configured for the running application."""
    return bool(current_app.config.get("GOOGLE_CLIENT_ID") and current_app.config.get("GOOGLE_CLIENT_SECRET"))


def authorize_redirect(redirect_uri: str) -> Any:
    """Send the browser to Google's consent page (AuthenticationFailed when Google is out of reach)."""
    try:
        return oauth.create_client("google").authorize_redirect(redirect_uri)
    except PROVIDER_ERRORS as error:
        current_app.logger.warning("Google sign-in could not start: %r", error)
        raise AuthenticationFailed(_("La connexion avec Google a échoué.")) from error


def user_from_callback(signed_in: User | None = None) -> User:
    """Exchange the code for an ID token and return the matching account, creating it if needed.

    An existing account is linked only when Google says the email address is verified and, on our
    side, the account proved it reads that address (its verification link was opened) — or its
    owner is signed in with the password right now. Otherwise whoever controls a Google account
    with that address could take over an account someone registered without verifying it.
    """
    client = oauth.create_client("google")
    try:
        token = client.authorize_access_token()
    except PROVIDER_ERRORS as error:
        current_app.logger.warning("Google sign-in failed: %r", error)
        raise AuthenticationFailed(_("La connexion avec Google a échoué.")) from error
    info: dict[str, Any] = token.get("userinfo") or {}
    subject = str(info.get("sub") or "")
    email = str(info.get("email") or "").lower()
    if not subject or not email or not info.get("email_verified"):
        raise AuthenticationFailed(_("Google n'a pas confirmé votre adresse email."))
    user = db.session.scalar(select(User).where(User.google_subject == subject))
    if user is None:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(username=_free_username(email.split("@")[0]), email=email, email_verified_at=utcnow())
            db.session.add_all([user, Preferences(user=user)])
        elif not user.email_verified and (signed_in is None or signed_in.id != user.id):
            security_event("google.link_refused", user_id=user.id)
            raise AuthenticationFailed(
                _(
                    "Un compte utilise déjà cette adresse. Connectez-vous d'abord avec votre mot de passe, "
                    "puis utilisez de nouveau « Google » pour lier les deux."
                )
            )
        user.google_subject = subject
        db.session.commit()
        security_event("google.linked", user_id=user.id)
    if not user.active:
        raise AuthenticationFailed(_("Ce compte est désactivé."))
    return user


def _free_username(wanted: str) -> str:
    """A username based on `wanted` that nobody has yet."""
    base = "".join(char for char in wanted if char.isalnum() or char in "._-")[:30] or "apprenant"
    base = base if len(base) >= 3 else f"{base}-la"
    candidate, number = base, 1
    while db.session.scalar(select(User.id).where(func.lower(User.username) == candidate.lower())):
        number += 1
        candidate = f"{base}{number}"
    return candidate
