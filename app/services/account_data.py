"""A person's own data: export all of it as one document, or delete the account with all of it.

Deletion removes every row that belongs to the account explicitly (SQLite does not enforce
ON DELETE unless asked), keeps the courses the person published for the learners who use them
(their author becomes empty, as the foreign key says) and deletes their unpublished drafts and
the contact messages they sent (they hold their name and address).

Every table with a foreign key to `users` is named twice below: in `EXPORT_SECTIONS` (where its
rows appear in the export) and in `ON_ACCOUNT_DELETION` (what deletion does to them).
tests/architecture/test_user_data.py reads the tables from the models' metadata, so a new
per-user table fails the suite until it is exported and its deletion decided.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime
from typing import Any, Literal

from flask_babel import gettext as _
from sqlalchemy import Column, Table, delete, func, or_, select, update

from ..auth.audit import security_event
from ..auth.models import ApiToken, RecoveryCode, User, UserSession
from ..auth.passwords import verify_password
from ..extensions import db
from ..models import (
    COURSE_NODE,
    Attempt,
    ContactMessage,
    Course,
    CourseImage,
    Explanation,
    ReviewState,
    StoredStanding,
)
from ..types import utcnow
from . import accounts, authoring
from .errors import Conflict, InvalidInput
from .preferences import preferences_of

# Table → the key of `export_user`'s document that holds its rows.
EXPORT_SECTIONS: dict[str, str] = {
    "users": "profile",
    "preferences": "preferences",
    "api_tokens": "tokens",
    "attempts": "attempts",
    "review_states": "review_states",
    "standings": "masteries",  # the standings earned on leaves; the rest is recomputed from them
    "courses": "courses",
    "course_images": "course_images",
    "contact_messages": "contact_messages",
    "user_sessions": "sessions",
    "recovery_codes": "account_security",  # how many are left, never the codes
    "generations": "generations",  # every column: the request, its source text, its cost
    "explanations": "explanations",  # only those written with the learner's own notes
}

# Table → what deleting the account does to its rows: "delete" them, or "detach" them (the
# reference to the person becomes empty; the row stays for the others who use it).
ON_ACCOUNT_DELETION: dict[str, Literal["delete", "detach"]] = {
    "preferences": "delete",
    "api_tokens": "delete",
    "attempts": "delete",
    "review_states": "delete",
    "standings": "delete",
    "contact_messages": "delete",  # they hold the sender's name and address
    "courses": "detach",  # published courses stay for their learners; drafts are deleted first
    "course_images": "detach",  # an image stays with its course
    "user_sessions": "delete",
    "recovery_codes": "delete",
    "generations": "delete",  # the courses they made are the person's courses (above)
    "explanations": "delete",  # written with the learner's notes: theirs alone
}


def user_columns() -> dict[Table, list[Column[Any]]]:
    """Every table that refers to a user, with its columns that do, read from the models' metadata."""
    users = User.__table__
    found: dict[Table, list[Column[Any]]] = {}
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is users and key.parent.table is not users:
                found.setdefault(table, []).append(key.parent)
    return found


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _plain(value: Any) -> Any:
    """A column value as JSON: dates and times in ISO 8601, enums by value."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return getattr(value, "value", value)


def _rows_referring_to(user: User, table: Table) -> list[dict[str, Any]]:
    """Every column of the rows of `table` that refer to `user`: the export of a simple per-user
    table (one `flask scaffold resource` made) that has no hand-written section."""
    condition = or_(*(column == user.id for column in user_columns()[table]))
    rows = db.session.execute(select(table).where(condition).order_by(*table.primary_key.columns))
    return [{key: _plain(value) for key, value in row._mapping.items()} for row in rows]


def export_user(user: User) -> dict[str, Any]:
    """Everything stored about `user`, as plain JSON-ready values (never a hash or a secret)."""
    prefs = preferences_of(user)
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    attempts = db.session.scalars(select(Attempt).where(Attempt.user_id == user.id).order_by(Attempt.id))
    states = db.session.scalars(
        select(ReviewState).where(ReviewState.user_id == user.id).order_by(ReviewState.id)
    )
    masteries = db.session.scalars(
        select(StoredStanding)
        .where(
            StoredStanding.user_id == user.id,
            StoredStanding.node != COURSE_NODE,
            StoredStanding.tier.is_not(None),
        )
        .order_by(StoredStanding.id)
    )
    courses = db.session.scalars(select(Course).where(Course.author_id == user.id).order_by(Course.id))
    messages = db.session.scalars(
        select(ContactMessage).where(ContactMessage.user_id == user.id).order_by(ContactMessage.id)
    )
    sessions = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
    )
    recovery_left = db.session.scalars(
        select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all()
    images = db.session.scalars(
        select(CourseImage).where(CourseImage.uploaded_by == user.id).order_by(CourseImage.id)
    )
    explanations = db.session.scalars(
        select(Explanation).where(Explanation.owner_id == user.id).order_by(Explanation.id)
    )
    document: dict[str, Any] = {
        "exported_at": utcnow(),
        "profile": user,
        "preferences": {
            "communication_style": prefs.communication_style.value,
            "learning_pace": prefs.learning_pace.value,
            "learning_style": prefs.learning_style.value,
            "custom_preferences": prefs.custom_preferences,
            "updated_at": _iso(prefs.updated_at),
        },
        "tokens": [
            {
                "id": t.id,
                "name": t.name,
                "prefix": t.prefix,
                "scope": t.scope.value,
                "created_at": _iso(t.created_at),
                "expires_at": _iso(t.expires_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in tokens
        ],
        "attempts": [
            {
                "id": a.id,
                "question_id": a.question_id,
                "answer": a.answer,
                "verdict": a.verdict.value,
                "tier": a.tier,
                "created_at": _iso(a.created_at),
            }
            for a in attempts
        ],
        "review_states": [
            {
                "question_id": s.question_id,
                "state": s.state,
                "stability": s.stability,
                "difficulty": s.difficulty,
                "due": _iso(s.due),
                "last_review": _iso(s.last_review),
                "reps": s.reps,
                "lapses": s.lapses,
            }
            for s in states
        ],
        "masteries": [
            {"topic_id": m.node, "tier": m.tier, "step": m.step, "updated_at": _iso(m.updated_at)}
            for m in masteries
        ],
        "courses": [
            {"id": c.id, "slug": c.slug, "title": c.title, "published": c.published} for c in courses
        ],
        "course_images": [
            {
                "id": i.id,
                "course_id": i.course_id,
                "original_name": i.original_name,
                "content_type": i.content_type,
                "byte_size": i.byte_size,
                "created_at": _iso(i.created_at),
            }
            for i in images
        ],
        "contact_messages": [
            {"id": m.id, "message": m.message, "created_at": _iso(m.created_at)} for m in messages
        ],
        "account_security": {
            "email_verified_at": _iso(user.email_verified_at),
            "two_factor_enabled_at": _iso(user.totp_enabled_at),
            "recovery_codes_left": len(recovery_left),
            "privacy_accepted_at": _iso(user.privacy_accepted_at),
        },
        "sessions": [
            {
                "id": s.id,
                "user_agent": s.user_agent,
                "address": s.address,
                "remember": s.remember,
                "created_at": _iso(s.created_at),
                "last_seen_at": _iso(s.last_seen_at),
                "revoked_at": _iso(s.revoked_at),
            }
            for s in sessions
        ],
        # Explanations written with the learner's notes (never the notes' HMAC: a hash stays home).
        "explanations": [
            {
                "id": e.id,
                "question_id": e.question_id,
                "answer": e.answer_key,
                "text": e.text,
                "created_at": _iso(e.created_at),
            }
            for e in explanations
        ],
    }
    tables = {table.name: table for table in user_columns()}
    for name, section in EXPORT_SECTIONS.items():
        if section not in document:
            document[section] = _rows_referring_to(user, tables[name])
    return document


def delete_account(user: User, password: str, *, checked: bool = False) -> None:
    """Delete `user` and everything that belongs to them, after checking their password (unless an
    admin does it: `checked`)."""
    if not checked and user.password_hash and not verify_password(user.password_hash, password):
        security_event("account.delete_refused", user_id=user.id)
        message = _("Le mot de passe est incorrect.")
        raise InvalidInput(message, fields={"password": [message]})
    for draft in db.session.scalars(
        select(Course).where(Course.author_id == user.id, Course.published.is_(False))
    ).all():
        # A draft that learners answered once stays, without an author, like the published ones.
        with suppress(Conflict):
            authoring.delete_course(draft)
    for table, columns in reversed(user_columns().items()):  # rows that depend on others go first
        for column in columns:
            if ON_ACCOUNT_DELETION[table.name] == "delete":
                db.session.execute(delete(table).where(column == user.id))
            else:
                db.session.execute(update(table).where(column == user.id).values({column.name: None}))
    user_id = user.id
    db.session.execute(delete(User).where(User.id == user.id))
    db.session.commit()
    db.session.expire_all()
    security_event("account.deleted", user_id=user_id, by_admin=checked)


def update_profile(user: User, changes: dict[str, Any], current_password: str | None = None) -> User:
    """Change one's own username, email or language; a taken username or email is a Conflict.

    A new email needs the current password (when the account has one): the email is where the
    account's mail goes, so whoever holds a stolen session must not be able to take it over.
    """
    if (
        "email" in changes
        and user.password_hash
        and not verify_password(user.password_hash, current_password or "")
    ):
        message = _("Le mot de passe actuel est nécessaire pour changer d'adresse email.")
        raise InvalidInput(message, fields={"current_password": [message]})
    if "username" in changes:
        name = accounts.clean_username(changes["username"])
        taken = db.session.scalar(
            select(User.id).where(func.lower(User.username) == name.lower(), User.id != user.id)
        )
        if taken is not None:
            message = _("Ce nom d'utilisateur est déjà pris.")
            raise Conflict(message, fields={"username": [message]})
        user.username = name
    if "email" in changes:
        address = accounts.normalise_email(changes["email"])
        taken = db.session.scalar(select(User.id).where(User.email == address, User.id != user.id))
        if taken is not None:
            message = _("Cette adresse email est déjà utilisée.")
            raise Conflict(message, fields={"email": [message]})
        if address != user.email:
            previous = user.email
            user.email = address
            user.email_verified_at = None
            accounts.notify_change(
                user, _("votre adresse email est maintenant %(address)s.", address=address), to=previous
            )
    if "locale" in changes:
        user.locale = changes["locale"]
    db.session.commit()
    return user
