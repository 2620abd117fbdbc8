"""Identity: users, their role, their browser sessions, their personal API tokens and their
two-factor recovery codes.

Passwords are stored only as argon2id hashes. Each login opens a `UserSession` row whose random id
travels in the session cookie (only its SHA-256 digest is stored), so one session, or all of them,
can be ended on the server. `User.session_token` predates those rows: it is no longer read when a
request is authenticated and stays only because the seed file and older rows carry it.
"""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..types import UTCDateTime, utcnow


class Role(enum.StrEnum):
    """What a user may do: learners study, authors also write courses, admins manage users."""

    LEARNER = "learner"
    AUTHOR = "author"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """Order of privilege, so `user.role.rank >= Role.AUTHOR.rank` reads naturally."""
        return {"learner": 0, "author": 1, "admin": 2}[self.value]


class TokenScope(enum.StrEnum):
    """What a personal access token allows: reading only, or reading and writing."""

    READ = "read"
    WRITE = "write"


def new_session_token() -> str:
    """A fresh random value for `User.session_token`."""
    return secrets.token_urlsafe(32)


class User(UserMixin, Model):
    """A person with an account. Email is stored lower-cased so uniqueness ignores case."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        default=Role.LEARNER,
    )
    active: Mapped[bool] = mapped_column(default=True)
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    locale: Mapped[str | None] = mapped_column(String(8))
    google_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the person opened the link mailed to this address (or Google vouched for it).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor authentication (TOTP): the shared secret, set once enrolment is confirmed, and the
    # last time step accepted, so a code cannot be replayed within its validity window.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column()
    privacy_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str:
        """Flask-Login's id is the random id of the browser session being opened, never the key.

        `bind_session` sets it just before `login_user`, and the user loader on every request.
        """
        secret = self.__dict__.get("_session_secret")
        if not secret:
            raise RuntimeError("bind_session() must name the browser session before login_user().")
        return str(secret)

    def bind_session(self, secret: str) -> None:
        """Name the browser session (its plaintext id) this user object stands for."""
        self.__dict__["_session_secret"] = secret

    @property
    def two_factor_enabled(self) -> bool:
        """True once the person confirmed a TOTP enrolment."""
        return self.totp_secret is not None and self.totp_enabled_at is not None

    @property
    def email_verified(self) -> bool:
        """True when the person proved they read mail sent to `email`."""
        return self.email_verified_at is not None

    @property
    def is_active(self) -> bool:
        """A deactivated account cannot log in and its open sessions stop working."""
        return self.active

    def has_role(self, role: Role) -> bool:
        """True when the user's role is `role` or a more privileged one."""
        return self.role.rank >= role.rank

    def rotate_session_token(self) -> None:
        """Invalidate every existing session and remember-me cookie of this user."""
        self.session_token = new_session_token()

    def __repr__(self) -> str:
        return f"<User {self.username!r} {self.role.value}>"


class ApiToken(Model):
    """A personal access token for API clients. Only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    scope: Mapped[TokenScope] = mapped_column(
        Enum(TokenScope, native_enum=False, length=8, values_callable=lambda e: [m.value for m in e])
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    def is_usable(self, now: datetime) -> bool:
        """A token works until it is revoked or expires."""
        return self.revoked_at is None and self.expires_at > now


class UserSession(Model):
    """One browser's login: lives until logout, revocation, the idle timeout or the absolute lifetime.

    The cookie carries a random id; only its SHA-256 digest is stored, so a copy of this table opens
    no session.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(45), default="")
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the password was last entered in this session (login or /auth/confirm).
    reauthenticated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class RecoveryCode(Model):
    """A one-time code that stands in for a two-factor code; stored as a SHA-256 digest."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
