"""A PATCH that gives a resource a unique value another one holds answers 409 naming the field,
for courses, topics, questions and items (the check used to flush the change first, and the
database's refusal escaped as a 500)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from app import db
from app.models import Item, Question, Topic
from tests.api.conftest import World

Bearer = Callable[..., dict[str, str]]


def test_renaming_an_item_to_a_taken_name_is_a_409(client: FlaskClient, world: World, bearer: Bearer) -> None:
    admin_headers = bearer(world.author)
    other = Item(name="Atlas", description="", url="https://example.org/atlas")
    db.session.add(other)
    db.session.commit()
    from app.auth.models import Role

    world.author.role = Role.ADMIN
    db.session.commit()
    response = client.patch(
        f"/api/v1/items/{other.id}", json={"name": "Carte du ciel"}, headers=admin_headers
    )
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.get_json()["error"]["fields"] == {"name": ["Une ressource porte déjà ce nom."]}


def test_giving_a_course_a_taken_slug_is_a_409(client: FlaskClient, world: World, bearer: Bearer) -> None:
    response = client.patch(
        f"/api/v1/courses/{world.draft.id}", json={"slug": "aurore-pub"}, headers=bearer(world.author)
    )
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.get_json()["error"]["fields"] == {"slug": ["Un cours porte déjà ce nom court."]}


def test_giving_a_topic_a_taken_slug_is_a_409(client: FlaskClient, world: World, bearer: Bearer) -> None:
    sibling = Topic(course=world.published, slug="autre-theme", title="Autre", lesson="")
    db.session.add(sibling)
    db.session.commit()
    response = client.patch(
        f"/api/v1/topics/{sibling.id}", json={"slug": world.leaf.slug}, headers=bearer(world.author)
    )
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.get_json()["error"]["fields"] == {
        "slug": ["Un thème de ce cours porte déjà ce nom court."]
    }


def test_moving_a_question_to_a_taken_position_is_a_409(
    client: FlaskClient, world: World, bearer: Bearer
) -> None:
    second = Question(
        topic=world.leaf,
        position=1,
        kind=world.question.kind,
        prompt="Et la Lune ?",
        answers=["Lune"],
        tier=1,
    )
    db.session.add(second)
    db.session.commit()
    response = client.patch(
        f"/api/v1/questions/{second.id}", json={"position": 0}, headers=bearer(world.author)
    )
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.get_json()["error"]["fields"] == {
        "position": ["Une question de ce thème occupe déjà cette position."]
    }


@pytest.mark.parametrize("path", ["/api/v1/courses/{id}", "/api/v1/items/{id}"])
def test_nothing_was_changed_by_a_refused_patch(
    client: FlaskClient, world: World, bearer: Bearer, path: str
) -> None:
    response = client.patch(
        path.format(id=world.draft.id), json={"slug": "aurore-pub"}, headers=bearer(world.author)
    )
    assert response.status_code in {409, 403, 404, 422}
    db.session.refresh(world.draft)
    assert world.draft.slug == "aurore-draft"
