"""CRUD round trips of every API resource, pagination edges, hidden answers, the account's own
data (export, deletion) and the profile page's token section."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import db
from app.auth.models import ApiToken, Role, User
from app.models import Attempt, Course, Item, Question
from app.services import account_data
from tests.api.conftest import World
from tests.conftest import PASSWORD, AuthActions, SignedIn, csrf_token

Bearer = Callable[..., dict[str, str]]


def _round_trip(
    client: FlaskClient,
    headers: dict[str, str],
    collection: str,
    create: dict[str, Any],
    change: dict[str, Any],
) -> None:
    created = client.post(collection, json=create, headers=headers)
    assert created.status_code == 201, f"create on {collection}: {created.get_data(as_text=True)}"
    url = f"{collection}/{created.get_json()['id']}"
    assert client.get(url, headers=headers).get_json()["id"] == created.get_json()["id"], f"read {url}"
    changed = client.patch(url, json=change, headers=headers)
    assert changed.status_code == 200, f"update {url}: {changed.get_data(as_text=True)}"
    for key, value in change.items():
        assert changed.get_json()[key] == value, f"{url}: {key} not changed"
    listed = client.get(collection, headers=headers).get_json()
    assert created.get_json()["id"] in [row["id"] for row in listed["items"]], f"{url} not listed"
    assert client.delete(url, headers=headers).status_code == 204, f"delete {url}"
    assert client.get(url, headers=headers).status_code == 404, f"{url} still there after delete"


def test_crud_round_trip_of_every_content_resource(client: FlaskClient, world: World, bearer: Bearer) -> None:
    headers = bearer(world.author)
    _round_trip(
        client,
        headers,
        "/api/v1/items",
        {"name": "Atlas", "course_id": world.published.id},
        {"description": "Un atlas du ciel"},
    )
    _round_trip(
        client, headers, "/api/v1/courses", {"slug": "optique", "title": "Optique"}, {"published": True}
    )
    course_id = world.published.id
    _round_trip(
        client,
        headers,
        "/api/v1/topics",
        {"course_id": course_id, "slug": "lune", "title": "Lune"},
        {"title": "La Lune"},
    )
    question = {
        "topic_id": world.leaf.id,
        "kind": "numeric",
        "prompt": "Combien ?",
        "answers": ["8"],
        "tolerance": 0.5,
    }
    _round_trip(client, headers, "/api/v1/questions", question, {"prompt": "Combien de planètes ?"})


def test_crud_round_trip_of_users_by_admin(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    headers = bearer(make_user("ada", role=Role.ADMIN))
    body = {"username": "nouveau", "email": "nouveau@example.com", "password": PASSWORD, "role": "author"}
    _round_trip(client, headers, "/api/v1/users", body, {"role": "learner", "active": False})
    listing = client.get("/api/v1/users?role=admin", headers=headers).get_json()
    assert [row["username"] for row in listing["items"]] == ["ada"], "?role= filters the list"
    assert all("password_hash" not in row and "session_token" not in row for row in listing["items"])


def test_deleting_a_course_nobody_answered_removes_its_tree(
    client: FlaskClient, world: World, bearer: Bearer
) -> None:
    question_id = world.question.id
    mine = client.post(
        "/api/v1/attempts", json={"question_id": question_id, "answer": "Mars"}, headers=bearer(world.author)
    )
    assert mine.status_code == 201, "the author tries their own question"
    response = client.delete(f"/api/v1/courses/{world.published.id}", headers=bearer(world.author))
    assert response.status_code == 204
    assert db.session.get(Question, question_id) is None, "its questions are gone"
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0, "with the author's trial answer"


LEARNERS_ANSWERED = (
    "Des apprenants ont déjà répondu à ces questions et leur historique est conservé : "
    "dépubliez le cours plutôt que de le supprimer."
)


@pytest.mark.parametrize("target", ["course", "topic", "question"])
def test_what_learners_answered_cannot_be_deleted_and_their_history_is_kept(
    client: FlaskClient, world: World, bearer: Bearer, make_user: Callable[..., User], target: str
) -> None:
    learner = make_user("lea")
    answered = client.post(
        "/api/v1/attempts", json={"question_id": world.question.id, "answer": "Mars"}, headers=bearer(learner)
    )
    assert answered.status_code == 201
    url = {
        "course": f"/api/v1/courses/{world.published.id}",
        "topic": f"/api/v1/topics/{world.leaf.id}",
        "question": f"/api/v1/questions/{world.question.id}",
    }[target]
    response = client.delete(url, headers=bearer(world.author))
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.json["error"]["message"] == LEARNERS_ANSWERED
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1, "the learner's answer is kept"
    assert db.session.get(Question, world.question.id) is not None


def test_learner_never_receives_accepted_answers(
    client: FlaskClient, world: World, bearer: Bearer, make_user: Callable[..., User]
) -> None:
    learner_headers = bearer(make_user("lea"))
    one = client.get(f"/api/v1/questions/{world.question.id}", headers=learner_headers).get_json()
    assert not {"answers", "tolerance", "explanation"} & set(one), f"a learner sees answers: {one}"
    listed = client.get("/api/v1/questions", headers=learner_headers).get_json()["items"]
    assert listed and all("answers" not in row for row in listed), "the list leaks answers"
    other_author = client.get(f"/api/v1/questions/{world.question.id}", headers=bearer(world.other_author))
    assert "answers" not in other_author.get_json(), "another author must not see the answers either"
    own = client.get(f"/api/v1/questions/{world.question.id}", headers=bearer(world.author)).get_json()
    assert own["answers"] == ["Mars"], "the course's author sees them"


def test_drafts_are_hidden_from_learners_and_other_authors(
    client: FlaskClient, world: World, bearer: Bearer, make_user: Callable[..., User]
) -> None:
    learner_headers = bearer(make_user("lea"))
    assert client.get(f"/api/v1/courses/{world.draft.id}", headers=learner_headers).status_code == 404
    assert (
        client.patch(
            f"/api/v1/courses/{world.others_draft.id}", json={"title": "x"}, headers=bearer(world.author)
        ).status_code
        == 404
    ), "someone else's draft must not even be admitted to exist"
    slugs = {
        row["slug"] for row in client.get("/api/v1/courses", headers=learner_headers).get_json()["items"]
    }
    assert slugs == {"aurore-pub", "autre-pub"}, f"a learner lists published courses only, got {slugs}"
    published = client.get("/api/v1/courses?published=false", headers=bearer(world.author)).get_json()[
        "items"
    ]
    assert [row["slug"] for row in published] == ["aurore-draft"], "an author sees only their own drafts"


def test_pagination_edges(client: FlaskClient, make_user: Callable[..., User], bearer: Bearer) -> None:
    headers = bearer(make_user("lea"))
    db.session.add_all([Item(name=f"Ressource {n:02}") for n in range(5)])
    db.session.commit()
    assert client.get("/api/v1/items?page=0", headers=headers).status_code == 422, "page 0 is refused"
    huge = client.get("/api/v1/items?per_page=1000", headers=headers)
    assert huge.status_code == 422 and "per_page" in huge.get_json()["error"]["fields"], (
        "per_page > 100 refused"
    )
    page = client.get("/api/v1/items?per_page=2&page=2&sort=-name", headers=headers).get_json()
    assert [row["name"] for row in page["items"]] == ["Ressource 02", "Ressource 01"], "sorted, second page"
    assert (page["total"], page["pages"]) == (5, 3)
    assert page["links"]["next"] == "/api/v1/items?sort=-name&page=3&per_page=2", "links keep the sort"
    past = client.get("/api/v1/items?page=9", headers=headers)
    assert past.status_code == 200 and past.get_json()["items"] == [] and past.get_json()["total"] == 5
    found = client.get("/api/v1/items?q=ressource%2003", headers=headers).get_json()
    assert [row["name"] for row in found["items"]] == ["Ressource 03"], "?q= searches names"


def test_me_export_and_delete_everything(
    client: FlaskClient, world: World, bearer: Bearer, make_user: Callable[..., User]
) -> None:
    headers = bearer(world.author)
    export = client.get("/api/v1/me/export", headers=headers).get_json()
    assert export["profile"]["username"] == "auteur" and len(export["tokens"]) == 1
    assert {c["slug"] for c in export["courses"]} == {"aurore-pub", "aurore-draft"}
    assert "token_hash" not in str(export) and "password_hash" not in str(export), "no secret in the export"
    wrong = client.delete("/api/v1/me", json={"password": "pas le bon"}, headers=headers)
    assert wrong.status_code == 422 and "password" in wrong.get_json()["error"]["fields"]
    assert client.delete("/api/v1/me", json={"password": PASSWORD}, headers=headers).status_code == 204
    assert db.session.scalar(select(User).where(User.username == "auteur")) is None, "the account is gone"
    assert db.session.scalar(select(ApiToken)) is None, "its tokens are gone"
    slugs = set(db.session.scalars(select(Course.slug)))
    assert "aurore-draft" not in slugs and "aurore-pub" in slugs, "drafts go, published courses stay"


def test_me_export_carries_every_section_of_the_account_data(
    client: FlaskClient, world: World, bearer: Bearer
) -> None:
    export = client.get("/api/v1/me/export", headers=bearer(world.author)).get_json()
    with client.application.test_request_context():
        sections = set(account_data.export_user(db.session.get(User, world.author.id)))
    assert set(export) == sections, "the API sends every section the account export holds, no fewer"
    assert export["course_images"] == [], "an author without images has an empty list, not no key"


def test_password_change_needs_the_current_one(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    headers = bearer(make_user("lea"))
    refused = client.put(
        "/api/v1/me/password",
        json={"current_password": "faux", "new_password": "une autre phrase longue"},
        headers=headers,
    )
    assert refused.status_code == 422 and "current_password" in refused.get_json()["error"]["fields"]
    accepted = client.put(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "une autre phrase longue"},
        headers=headers,
    )
    assert accepted.status_code == 204


def test_token_created_with_session_is_shown_once_then_works_and_revokes(
    learner: SignedIn,
) -> None:
    client, user = learner.client, learner.user
    created = AuthActions(client).post_json("/api/v1/tokens", {"name": "script", "scope": "write"})
    assert created.status_code == 201, created.get_data(as_text=True)
    value = created.get_json()["token"]
    assert value.startswith("la_")
    listed = client.get("/api/v1/tokens").get_json()["items"]
    assert "token" not in listed[0] and listed[0]["prefix"] == value[:10], "the value is never shown again"
    api = client.application.test_client()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {value}"}).get_json()["id"] == user.id
    revoked = api.delete(f"/api/v1/tokens/{listed[0]['id']}", headers={"Authorization": f"Bearer {value}"})
    assert revoked.status_code == 204
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {value}"}).status_code == 401


def test_profile_page_creates_and_revokes_tokens(app: Flask, learner: SignedIn) -> None:
    client, user = learner.client, learner.user
    page = client.get("/auth/profile")
    assert "Jetons d'accès à l'API" in page.get_data(as_text=True)
    token = csrf_token(client, "/auth/profile")
    created = client.post(
        "/auth/tokens", data={"csrf_token": token, "name": "mon script", "scope": "read", "days": "30"}
    )
    assert created.status_code == 201
    text = created.get_data(as_text=True)
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert row is not None and row.prefix in text and "il ne sera plus jamais affiché" in text
    assert "la_" in text.split('id="new-token">')[1][:5], "the value is shown once"
    assert "new-token" not in client.get("/auth/profile").get_data(as_text=True), "and never again"
    revoked = client.post(
        f"/auth/tokens/{row.id}/revoke", data={"csrf_token": csrf_token(client, "/auth/profile")}
    )
    assert revoked.status_code == 302
    db.session.refresh(row)
    assert row.revoked_at is not None, "the token is revoked"


def test_changing_ones_email_asks_for_the_current_password(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    headers = bearer(make_user("lea"))
    refused = client.patch("/api/v1/me", json={"email": "volee@example.com"}, headers=headers)
    assert refused.status_code == 422
    assert refused.json["error"]["fields"] == {
        "current_password": ["Le mot de passe actuel est nécessaire pour changer d'adresse email."]
    }
    wrong = client.patch(
        "/api/v1/me", json={"email": "volee@example.com", "current_password": "pas le bon"}, headers=headers
    )
    assert wrong.status_code == 422
    assert db.session.scalar(select(User.email).where(User.username == "lea")) == "lea@example.com"
    changed = client.patch(
        "/api/v1/me",
        json={"email": "Lea.Nouvelle@Example.com", "current_password": PASSWORD},
        headers=headers,
    )
    assert changed.status_code == 200, changed.get_data(as_text=True)
    assert changed.json["email"] == "lea.nouvelle@example.com"
    assert "current_password" not in changed.json


def test_deleting_an_author_keeps_the_drafts_learners_answered(
    client: FlaskClient, world: World, bearer: Bearer, make_user: Callable[..., User]
) -> None:
    learner = make_user("lea")
    answered = client.post(
        "/api/v1/attempts", json={"question_id": world.question.id, "answer": "Mars"}, headers=bearer(learner)
    )
    assert answered.status_code == 201
    world.published.published = False  # the course was unpublished after the learner answered
    db.session.commit()
    course_id, draft_id = world.published.id, world.draft.id
    deleted = client.delete("/api/v1/me", json={"password": PASSWORD}, headers=bearer(world.author))
    assert deleted.status_code == 204, deleted.get_data(as_text=True)
    kept = db.session.get(Course, course_id)
    assert kept is not None and kept.author_id is None, "the answered draft stays, without an author"
    assert db.session.get(Course, draft_id) is None, "a draft nobody answered goes with its author"
    assert (
        db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.user_id == learner.id)) == 1
    )
