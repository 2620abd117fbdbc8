"""Reading preferences writes nothing: an account without a preferences row sees the defaults, and
only its first change stores the row."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from app import db
from app.models import Preferences
from tests.conftest import SignedIn, csrf_token


def _rows(user_id: int) -> int:
    return db.session.scalar(select(func.count()).where(Preferences.user_id == user_id)) or 0


def test_reading_preferences_creates_no_row_and_the_first_change_does(learner: SignedIn) -> None:
    client, user = learner.client, learner.user
    db.session.execute(delete(Preferences).where(Preferences.user_id == user.id))
    db.session.commit()
    assert client.get("/preferences").status_code == 200
    shown = client.get("/api/v1/preferences").get_json()
    assert shown["learning_pace"] == "moderate" and shown["updated_at"] is None, f"defaults: {shown}"
    assert _rows(user.id) == 0, "a read stored a preferences row"
    changed = client.patch(
        "/api/v1/preferences", json={"learning_pace": "fast"}, headers={"X-CSRFToken": csrf_token(client)}
    )
    assert changed.status_code == 200 and changed.get_json()["learning_pace"] == "fast"
    assert _rows(user.id) == 1, "the first change did not store the row"
