"""The access policy's own rules (app/auth/policy.py) beyond the endpoint × role matrix: deny by
default, drafts anyone may start but only authors publish, and items that follow their course."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.auth.models import Role, User
from app.auth.policy import RULES, Action, can, require
from app.models import Attempt, Course, Item
from app.services.errors import NotFound, PermissionDenied
from tests.api.conftest import World

Bearer = Callable[..., dict[str, str]]


def test_a_type_without_rules_is_refused_to_everyone_even_admins(
    app: Flask, make_user: Callable[..., User]
) -> None:
    admin = make_user("ada", role=Role.ADMIN)
    assert Attempt not in RULES, "this test needs a model the policy has no rule for"
    attempt = Attempt(user_id=admin.id, question_id=1, answer="Mars", tier=1)
    for action in Action:
        assert not can(admin, action, attempt), f"{action} on a type without rules was allowed"
        assert not can(admin, action, Attempt), f"{action} on a kind without rules was allowed"
    with pytest.raises(NotFound):
        require(admin, Action.READ, attempt)


def test_an_action_without_a_rule_is_refused(world: World) -> None:
    assert not can(world.author, Action.PUBLISH, world.leaf), "topics have no PUBLISH rule"
    with pytest.raises(PermissionDenied):
        require(world.author, Action.PUBLISH, world.leaf)


def test_anonymous_visitors_may_do_nothing(world: World) -> None:
    for action in Action:
        assert not can(None, action, world.published), f"{action} allowed to nobody in particular"


def test_a_learner_creates_a_private_draft_but_cannot_publish_it(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    learner = make_user("lea", role=Role.LEARNER)
    headers = bearer(learner)
    created = client.post(
        "/api/v1/courses", json={"slug": "mes-notes", "title": "Mes notes"}, headers=headers
    )
    assert created.status_code == 201, f"a learner may start a draft: {created.get_data(as_text=True)}"
    course = created.get_json()
    assert course["published"] is False and course["author_id"] == learner.id
    refused = client.patch(f"/api/v1/courses/{course['id']}", json={"published": True}, headers=headers)
    assert refused.status_code == 403, f"a learner published a course: {refused.get_data(as_text=True)}"
    assert refused.get_json()["error"]["status"] == 403
    renamed = client.patch(f"/api/v1/courses/{course['id']}", json={"title": "Mes fiches"}, headers=headers)
    assert renamed.status_code == 200 and renamed.get_json()["title"] == "Mes fiches", (
        "the draft stays theirs"
    )
    born_published = client.post(
        "/api/v1/courses", json={"slug": "public", "title": "Public", "published": True}, headers=headers
    )
    assert born_published.status_code == 403, "a learner cannot create a course already published"


def test_an_author_publishes_their_draft_and_an_admin_edits_any_course(
    client: FlaskClient, world: World, make_user: Callable[..., User], bearer: Bearer
) -> None:
    published = client.patch(
        f"/api/v1/courses/{world.draft.id}", json={"published": True}, headers=bearer(world.author)
    )
    assert published.status_code == 200 and published.get_json()["published"] is True
    admin = bearer(make_user("ada", role=Role.ADMIN))
    changed = client.patch(
        f"/api/v1/courses/{world.others_draft.id}", json={"published": True}, headers=admin
    )
    assert changed.status_code == 200, f"an admin may publish any course: {changed.get_data(as_text=True)}"


def test_a_drafts_author_who_lost_the_author_role_cannot_publish(world: World) -> None:
    world.author.role = Role.LEARNER
    assert can(world.author, Action.UPDATE, world.draft), "still their draft to edit"
    assert not can(world.author, Action.PUBLISH, world.draft), "publishing needs the author role"


def test_site_wide_items_are_read_by_all_and_written_by_admins_only(
    client: FlaskClient, world: World, make_user: Callable[..., User], bearer: Bearer
) -> None:
    author = bearer(world.author)
    url = f"/api/v1/items/{world.item.id}"
    assert client.get(url, headers=bearer(make_user("lea"))).status_code == 200
    assert client.patch(url, json={"description": "x"}, headers=author).status_code == 403
    assert client.post("/api/v1/items", json={"name": "Site"}, headers=author).status_code == 403, (
        "an author cannot add a site-wide item"
    )
    admin = bearer(make_user("ada", role=Role.ADMIN))
    assert client.post("/api/v1/items", json={"name": "Site"}, headers=admin).status_code == 201
    assert client.patch(url, json={"description": "x"}, headers=admin).status_code == 200


def test_items_of_a_draft_are_hidden_like_the_draft(
    client: FlaskClient, world: World, make_user: Callable[..., User], bearer: Bearer
) -> None:
    created = client.post(
        "/api/v1/items", json={"name": "Brouillon", "course_id": world.draft.id}, headers=bearer(world.author)
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    learner = bearer(make_user("lea"))
    assert client.get(f"/api/v1/items/{created.get_json()['id']}", headers=learner).status_code == 404
    names = {row["name"] for row in client.get("/api/v1/items", headers=learner).get_json()["items"]}
    assert names == {"Carte du ciel", "Atlas d'Aurore", "Atlas d'autrice"}, f"a learner lists {names}"


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_course_one_cannot_read_answers_like_a_missing_one(
    client: FlaskClient, world: World, bearer: Bearer, method: str
) -> None:
    headers = bearer(world.author)
    answers = {}
    for label, course_id in (("draft", world.others_draft.id), ("missing", 999_999)):
        body = {"name": f"Lien {label}", "course_id": course_id}
        if method == "POST":
            response = client.post("/api/v1/items", json=body, headers=headers)
        else:
            response = client.patch(f"/api/v1/items/{world.course_item.id}", json=body, headers=headers)
        answers[label] = (response.status_code, response.get_json()["error"]["fields"])
    assert answers["draft"] == answers["missing"], f"a draft's id is told apart from a missing one: {answers}"
    assert answers["draft"][0] == 422


def test_an_item_cannot_be_moved_to_someone_elses_course(
    client: FlaskClient, world: World, bearer: Bearer
) -> None:
    moved = client.patch(
        f"/api/v1/items/{world.course_item.id}",
        json={"course_id": world.others_published.id},
        headers=bearer(world.author),
    )
    assert moved.status_code == 403, f"moved into another author's course: {moved.get_data(as_text=True)}"


def test_a_new_item_checks_its_course_before_it_exists(world: World) -> None:
    assert can(world.author, Action.CREATE, Item(course_id=world.published.id))
    assert not can(world.other_author, Action.CREATE, Item(course_id=world.published.id))
    assert not can(world.author, Action.CREATE, Item()), "site-wide items are for admins"
    assert can(world.author, Action.CREATE, Course), "anyone signed in may start a course"
