"""Personal access tokens for API clients: created once, shown once, stored as a SHA-256 digest.

A token is `la_` + 40 random characters; its first characters are kept as a visible prefix so a
user can tell their tokens apart on the profile page.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import contains_eager

from ..database import rolled_back_on_failure
from ..extensions import db
from ..types import utcnow
from .audit import security_event
from .models import ApiToken, TokenScope, User

TOKEN_PREFIX = "la_"  # noqa: S105 (a public marker, not a secret)
MAX_TOKEN_DAYS = 365
# "Last used" is shown to tell a live token from a forgotten one: to the minute is plenty, and it
# spares a database write on every API request of a busy client.
LAST_USE_RESOLUTION = timedelta(minutes=1)


def digest(plaintext: str) -> str:
    """The stored form of a token: tokens are long and random, so a plain SHA-256 is enough."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_token(user: User, name: str, scope: TokenScope, days: int = 90) -> tuple[ApiToken, str]:
    """Create a token for `user`; return the row and the plaintext, which is never stored."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(30)
    token = ApiToken(
        user=user,
        name=name.strip(),
        scope=scope,
        token_hash=digest(plaintext),
        prefix=plaintext[:10],
        expires_at=utcnow() + timedelta(days=max(1, min(days, MAX_TOKEN_DAYS))),
    )
    db.session.add(token)
    db.session.commit()
    security_event("token.created", user_id=user.id, token=token.id, scope=scope.value)
    return token, plaintext


def tokens_of(user: User) -> list[ApiToken]:
    """A person's tokens, newest first (the profile page's list)."""
    rows = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
    )
    return list(rows)


def own_token(user: User, token_id: int) -> ApiToken | None:
    """One of `user`'s tokens by id (another person's is simply not found)."""
    token = db.session.get(ApiToken, token_id)
    return token if token is not None and token.user_id == user.id else None


@rolled_back_on_failure  # runs inside the rate limiter's exemption check (app/routes/api)
def find_usable_token(plaintext: str, now: datetime | None = None) -> ApiToken | None:
    """The live token matching `plaintext`, or None when unknown, revoked, expired or its user inactive."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(  # one query: the token row joined with its owner
        select(ApiToken)
        .join(ApiToken.user)
        .options(contains_eager(ApiToken.user))
        .where(ApiToken.token_hash == digest(plaintext))
    )
    moment = now or utcnow()
    if token is None or not token.is_usable(moment) or not token.user.active:
        return None
    return token


def record_use(token: ApiToken, now: datetime | None = None) -> None:
    """Remember that `token` was just used, writing only when the stored date is a minute old or more."""
    moment = now or utcnow()
    if token.last_used_at is not None and moment - token.last_used_at < LAST_USE_RESOLUTION:
        return
    token.last_used_at = moment
    db.session.commit()


def revoke_token(token: ApiToken) -> None:
    """Revoke a token at once; revoked tokens stay listed for the record."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
        security_event("token.revoked", user_id=token.user_id, token=token.id)


def revoke_all_tokens(user_id: int) -> None:
    """Revoke every live token of a person, in the caller's transaction."""
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    security_event("token.revoked_all", user_id=user_id)
