"""A learner's preferences (pages.md §2): read them with their defaults, and change them."""

from __future__ import annotations

import enum

from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..models import CommunicationStyle, LearningPace, LearningStyle, Preferences
from .errors import InvalidInput

MAX_NOTES_LENGTH = 2000


def preferences_of(user: User) -> Preferences:
    """The learner's preferences. Reading writes nothing: a learner without a row (an account
    older than its preferences) gets the defaults, unsaved, and `update_preferences` stores them."""
    prefs = db.session.scalar(select(Preferences).where(Preferences.user_id == user.id))
    if prefs is None:
        prefs = Preferences(
            user_id=user.id,
            communication_style=CommunicationStyle.INFORMAL,
            learning_pace=LearningPace.MODERATE,
            learning_style=LearningStyle.VISUAL,
            custom_preferences="",
        )
    return prefs


def update_preferences(
    user: User,
    *,
    communication_style: str | None = None,
    learning_pace: str | None = None,
    learning_style: str | None = None,
    custom_preferences: str | None = None,
) -> Preferences:
    """Change some or all preferences at once; an unknown value changes nothing and says which."""
    problems: dict[str, list[str]] = {}
    changes: dict[str, object] = {}
    choices: tuple[tuple[str, str | None, type[enum.StrEnum]], ...] = (
        ("communication_style", communication_style, CommunicationStyle),
        ("learning_pace", learning_pace, LearningPace),
        ("learning_style", learning_style, LearningStyle),
    )
    for name, value, kind in choices:
        if value is None:
            continue
        try:
            changes[name] = kind(value)
        except ValueError:
            problems[name] = [_("Choix inconnu.")]
    if custom_preferences is not None:
        if len(custom_preferences) > MAX_NOTES_LENGTH:
            problems["custom_preferences"] = [_("%(n)s caractères au plus.", n=MAX_NOTES_LENGTH)]
        changes["custom_preferences"] = custom_preferences.strip()
    if problems:
        raise InvalidInput(_("Certaines préférences ne sont pas valables."), fields=problems)
    prefs = preferences_of(user)
    for field, new_value in changes.items():
        setattr(prefs, field, new_value)
    db.session.add(prefs)  # the first change stores the defaults' row
    db.session.commit()
    return prefs
