"""The behaviour every API resource shares through app/routes/api/resource.py: `?q=` takes the
visitor's % and _ literally, `?sort=` accepts only its whitelist, and a draft's id answers exactly
like a missing id."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from app import db
from app.auth.models import Role, User
from app.models import Course
from tests.api.conftest import World

Bearer = Callable[..., dict[str, str]]


def test_search_takes_percent_and_underscore_literally(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    db.session.add_all(
        [
            Course(slug="remise", title="Remise de 50% sur le ciel", published=True),
            Course(slug="cinquante", title="Cinquante étoiles", published=True),
            Course(slug="souligne", title="Le mot a_b", published=True),
            Course(slug="axb", title="Le mot axb", published=True),
        ]
    )
    db.session.commit()
    headers = bearer(make_user("lea"))
    percent = client.get("/api/v1/courses?q=50%25", headers=headers).get_json()["items"]
    assert [row["slug"] for row in percent] == ["remise"], f"'50%' matched {percent}"
    underscore = client.get("/api/v1/courses?q=a_b", headers=headers).get_json()["items"]
    assert [row["slug"] for row in underscore] == ["souligne"], f"'a_b' matched {underscore}"


@pytest.mark.parametrize("collection", ["items", "courses", "topics", "questions", "users"])
def test_sort_outside_the_whitelist_is_refused(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer, collection: str
) -> None:
    headers = bearer(make_user("ada", role=Role.ADMIN))
    response = client.get(f"/api/v1/{collection}?sort=password_hash", headers=headers)
    assert response.status_code == 422, f"{collection}: {response.status_code}"
    assert "sort" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("collection", ["courses", "topics", "questions"])
def test_a_drafts_id_answers_exactly_like_a_missing_id(
    client: FlaskClient, world: World, make_user: Callable[..., User], bearer: Bearer, collection: str
) -> None:
    headers = bearer(make_user("lea"))
    draft_ids = {
        "courses": world.others_draft.id,
        "topics": world.others_draft.topics[0].id,
        "questions": world.others_draft.topics[0].questions[0].id,
    }
    draft = client.get(f"/api/v1/{collection}/{draft_ids[collection]}", headers=headers)
    missing = client.get(f"/api/v1/{collection}/999999", headers=headers)
    assert draft.status_code == missing.status_code == 404
    assert draft.get_json() == missing.get_json(), "the answer tells a draft from a missing id"


@pytest.mark.parametrize(
    ("collection", "field", "taken"),
    [("courses", "slug", "aurore-draft"), ("items", "name", "Carte du ciel"), ("topics", "slug", "x")],
)
def test_changing_to_a_taken_unique_value_answers_409(
    client: FlaskClient,
    world: World,
    make_user: Callable[..., User],
    bearer: Bearer,
    collection: str,
    field: str,
    taken: str,
) -> None:
    headers = bearer(make_user("ada", role=Role.ADMIN))
    targets = {"courses": world.published.id, "items": world.course_item.id, "topics": world.leaf.id}
    if collection == "topics":
        sibling = client.post(
            "/api/v1/topics",
            json={"course_id": world.published.id, "slug": "x", "title": "X"},
            headers=headers,
        )
        assert sibling.status_code == 201, sibling.get_data(as_text=True)
    response = client.patch(
        f"/api/v1/{collection}/{targets[collection]}", json={field: taken}, headers=headers
    )
    assert response.status_code == 409, (
        f"{collection}: {response.status_code} {response.get_data(as_text=True)[:200]}"
    )
    assert field in response.get_json()["error"]["fields"]
