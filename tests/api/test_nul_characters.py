"""A NUL character anywhere in an API request is refused with a 422 naming the field, before it
reaches the database (PostgreSQL cannot store one)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from sqlalchemy import select

from app import db
from app.auth.models import User
from app.models import Preferences
from tests.api.conftest import World
from tests.conftest import AuthActions, SignedIn

API_MESSAGE = "Ce texte contient un caractère interdit (NUL)."


def test_api_body_field_with_nul_is_refused_with_422_naming_the_field(
    learner: SignedIn,
) -> None:
    client = learner.client
    response = AuthActions(client).post_json(
        "/api/v1/preferences",
        {"communication_style": "formal", "custom_preferences": "des\x00schémas"},
        method="PUT",
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.json["error"]["fields"] == {"custom_preferences": [API_MESSAGE]}
    saved = db.session.scalar(select(Preferences).where(Preferences.user_id == learner.user.id))
    assert saved is None or saved.communication_style.value != "formal", "nothing of the body is applied"


def test_api_body_with_nul_nested_in_a_list_is_refused(
    app: Flask, world: World, bearer: Callable[..., dict[str, str]]
) -> None:
    response = app.test_client().post(
        "/api/v1/questions",
        json={
            "topic_id": world.leaf.id,
            "kind": "short",
            "prompt": "Quelle planète est rouge ?",
            "answers": ["Mars", "la planète\x00rouge"],
        },
        headers=bearer(world.author),
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.json["error"]["fields"] == {"answers": [API_MESSAGE]}
    assert len(world.leaf.questions) == 1, "no question is added"


def test_api_query_argument_with_nul_is_refused_with_422(
    app: Flask, make_user: Callable[..., User], bearer: Callable[..., dict[str, str]]
) -> None:
    user = make_user("lecteur")
    response = app.test_client().get("/api/v1/courses?q=lune%00", headers=bearer(user, "read"))
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.json["error"]["fields"] == {"q": [API_MESSAGE]}
