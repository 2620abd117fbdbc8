"""Server-side browser sessions: opened at login, checked on every request, revoked on logout.

The session cookie carries a random id; the `user_sessions` row holds its SHA-256 digest with the
device, the address and the dates that decide whether it is still alive:

- revoked (logout, "log out everywhere", a password change or reset, an admin's deactivation);
- idle for longer than SESSION_IDLE_TIMEOUT (a session that is not remembered);
- older than SESSION_ABSOLUTE_LIFETIME (not remembered) or REMEMBER_COOKIE_DURATION (remembered).

A copied cookie is therefore worth nothing once its row is revoked or expired.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import contains_eager

from ..database import rolled_back_on_failure
from ..extensions import db
from ..types import utcnow
from .audit import security_event
from .models import User, UserSession

# "Last seen" decides the idle timeout; to the minute is enough, and spares a write per request.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
USER_AGENT_MAX = 200
ADDRESS_MAX = 45


def digest(secret: str) -> str:
    """The stored form of a session id (long and random, so a plain SHA-256 is enough)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def open_session(
    user: User, *, remember: bool, user_agent: str, address: str, now: datetime | None = None
) -> tuple[UserSession, str]:
    """Record a new login of `user`; return the row and the id for the cookie (never stored)."""
    secret = secrets.token_urlsafe(32)
    moment = now or utcnow()
    record = UserSession(
        user=user,
        session_hash=digest(secret),
        user_agent=(user_agent or "")[:USER_AGENT_MAX],
        address=(address or "")[:ADDRESS_MAX],
        remember=remember,
        created_at=moment,
        last_seen_at=moment,
        reauthenticated_at=moment,
    )
    db.session.add(record)
    db.session.commit()
    security_event("session.opened", user_id=user.id, session=record.id, remember=remember)
    return record, secret


def expires_at(record: UserSession) -> datetime:
    """When the session ends at the latest, whatever the person does."""
    config = current_app.config
    lifetime = config["REMEMBER_COOKIE_DURATION"] if record.remember else config["SESSION_ABSOLUTE_LIFETIME"]
    return record.created_at + lifetime


def is_live(record: UserSession, now: datetime) -> bool:
    """True while the session is neither revoked, nor idle too long, nor past its lifetime."""
    if record.revoked_at is not None or now >= expires_at(record):
        return False
    idle = current_app.config["SESSION_IDLE_TIMEOUT"]
    return record.remember or now - record.last_seen_at < idle


@rolled_back_on_failure  # loads the user in the rate limiter's key functions
def find_live(secret: str, now: datetime | None = None) -> UserSession | None:
    """The live session whose cookie id is `secret` (its user active), or None.

    One query: the session row comes with its user (joined), so knowing who makes a request costs
    a single round trip to the database.
    """
    if not secret:
        return None
    record = db.session.scalar(_live_statement(), {"digest": digest(secret)})
    moment = now or utcnow()
    if record is None or not record.user.active or not is_live(record, moment):
        return None
    return record


@cache
def _live_statement() -> Select[UserSession]:
    """The query of `find_live`, built once per process: on every signed-in request, building it
    cost more than running it."""
    return (
        select(UserSession)
        .join(UserSession.user)
        .options(contains_eager(UserSession.user))
        .where(UserSession.session_hash == bindparam("digest"))
    )


def touch(record: UserSession, now: datetime | None = None) -> None:
    """Move "last seen" forward, writing at most once a minute."""
    moment = now or utcnow()
    if moment - record.last_seen_at < LAST_SEEN_RESOLUTION:
        return
    record.last_seen_at = moment
    db.session.commit()


def active_sessions(user: User, now: datetime | None = None) -> list[UserSession]:
    """The person's live sessions, the most recently used first (for the profile page)."""
    moment = now or utcnow()
    rows = db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return [row for row in rows if is_live(row, moment)]


def revoke(record: UserSession, *, reason: str) -> None:
    """End one session now."""
    if record.revoked_at is None:
        record.revoked_at = utcnow()
        db.session.commit()
        security_event("session.revoked", user_id=record.user_id, session=record.id, reason=reason)


def revoke_all(user_id: int, *, reason: str, keep: UserSession | None = None) -> int:
    """End every session of a person (but `keep`, when given) in the caller's transaction."""
    statement = (
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    if keep is not None:
        statement = statement.where(UserSession.id != keep.id)
    count = db.session.execute(statement).rowcount  # type: ignore[attr-defined]
    security_event("session.revoked_all", user_id=user_id, count=count, reason=reason, kept=bool(keep))
    return int(count or 0)


def own_session(user: User, session_id: int) -> UserSession | None:
    """One of `user`'s sessions by its row id (another person's is simply not found)."""
    record = db.session.get(UserSession, session_id)
    return record if record is not None and record.user_id == user.id else None


def mark_reauthenticated(record: UserSession, now: datetime | None = None) -> None:
    """The password was just entered again in this session."""
    record.reauthenticated_at = now or utcnow()
    db.session.commit()


def recently_authenticated(record: UserSession | None, now: datetime | None = None) -> bool:
    """True when the password was entered in this session within REAUTH_WINDOW."""
    if record is None:
        return False
    moment = now or utcnow()
    return moment - record.reauthenticated_at <= current_app.config["REAUTH_WINDOW"]
