"""Contact messages: stored so that admins can read and answer them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from ..extensions import db
from ..models import ContactMessage


def save_message(name: str, email: str, message: str, *, user_id: int | None = None) -> ContactMessage:
    """Store a message from the contact form."""
    row = ContactMessage(
        name=name.strip(), email=email.strip().lower(), message=message.strip(), user_id=user_id
    )
    db.session.add(row)
    db.session.commit()
    return row


def latest_messages(limit: int = 200) -> Sequence[ContactMessage]:
    """The most recent messages first."""
    return db.session.scalars(
        select(ContactMessage)
        .order_by(ContactMessage.created_at.desc(), ContactMessage.id.desc())
        .limit(limit)
    ).all()
