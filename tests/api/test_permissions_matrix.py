"""Every API endpoint × method × role, against an explicit table of expected statuses.

The table is the API's access policy written down. The test walks the application's URL map: an
endpoint without an entry (or an entry without an endpoint) fails, so a new endpoint cannot ship
without someone deciding who may call it.

Roles: `anonymous` (no credentials), `learner`, `author` (acting on their own course), `admin`,
and `other` — an author acting on objects that belong to someone else (another author's published
course and its topics, questions and items, another person's token). Every signed-in role calls with a
read-write Bearer token of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from app.auth.models import Role, TokenScope, User
from app.auth.tokens import create_token
from tests.api.conftest import World
from tests.conftest import PASSWORD

ROLES = ("anonymous", "learner", "author", "other", "admin")


def everyone(status: int) -> dict[str, int]:
    """The same answer for every role."""
    return dict.fromkeys(ROLES, status)


def signed_in(status: int, anonymous: int = 401) -> dict[str, int]:
    """`status` for every signed-in role, 401 for the anonymous caller."""
    return {**dict.fromkeys(ROLES, status), "anonymous": anonymous}


def roles(learner: int, author: int, other: int, admin: int) -> dict[str, int]:
    """One answer per signed-in role, 401 for the anonymous caller."""
    return {"anonymous": 401, "learner": learner, "author": author, "other": other, "admin": admin}


ADMIN_ONLY_READ = roles(403, 403, 403, 200)

EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    # Public
    ("/api/v1/health", "GET"): everyone(200),
    ("/api/v1/openapi.json", "GET"): everyone(200),
    ("/api/v1/docs", "GET"): everyone(200),
    # The caller's own account: always self
    ("/api/v1/me", "GET"): signed_in(200),
    ("/api/v1/me", "PATCH"): signed_in(200),
    ("/api/v1/me", "DELETE"): signed_in(204),
    ("/api/v1/me/password", "PUT"): signed_in(204),
    ("/api/v1/me/export", "GET"): signed_in(200),
    # Accounts: admins only
    ("/api/v1/users", "GET"): ADMIN_ONLY_READ,
    ("/api/v1/users", "POST"): roles(403, 403, 403, 201),
    ("/api/v1/users/<int:user_id>", "GET"): ADMIN_ONLY_READ,
    ("/api/v1/users/<int:user_id>", "PATCH"): ADMIN_ONLY_READ,
    ("/api/v1/users/<int:user_id>", "DELETE"): roles(403, 403, 403, 204),
    # Tokens: one's own only; a token never mints a token (session only)
    ("/api/v1/tokens", "GET"): signed_in(200),
    ("/api/v1/tokens", "POST"): signed_in(403),
    ("/api/v1/tokens/<int:token_id>", "GET"): roles(200, 200, 404, 200),
    ("/api/v1/tokens/<int:token_id>", "DELETE"): roles(204, 204, 404, 204),
    # Items of a course follow it: read where it is readable, written by its author and admins
    # (site-wide items, admins only: tests/api/test_item_policy.py)
    ("/api/v1/items", "GET"): signed_in(200),
    ("/api/v1/items", "POST"): roles(403, 201, 403, 201),
    ("/api/v1/items/<int:item_id>", "GET"): signed_in(200),
    ("/api/v1/items/<int:item_id>", "PATCH"): roles(403, 200, 403, 200),
    ("/api/v1/items/<int:item_id>", "DELETE"): roles(403, 204, 403, 204),
    # Courses, topics, questions: published ones readable; written by their author and admins;
    # anyone signed in may create a course (a private draft)
    ("/api/v1/courses", "GET"): signed_in(200),
    ("/api/v1/courses", "POST"): signed_in(201),
    ("/api/v1/courses/<int:course_id>", "GET"): signed_in(200),
    ("/api/v1/courses/<int:course_id>", "PATCH"): roles(403, 200, 403, 200),
    ("/api/v1/courses/<int:course_id>", "DELETE"): roles(403, 204, 403, 204),
    ("/api/v1/topics", "GET"): signed_in(200),
    ("/api/v1/topics", "POST"): roles(403, 201, 403, 201),
    ("/api/v1/topics/<int:topic_id>", "GET"): signed_in(200),
    ("/api/v1/topics/<int:topic_id>", "PATCH"): roles(403, 200, 403, 200),
    ("/api/v1/topics/<int:topic_id>", "DELETE"): roles(403, 204, 403, 204),
    ("/api/v1/questions", "GET"): signed_in(200),
    ("/api/v1/questions", "POST"): roles(403, 201, 403, 201),
    ("/api/v1/questions/<int:question_id>", "GET"): signed_in(200),
    ("/api/v1/questions/<int:question_id>", "PATCH"): roles(403, 200, 403, 200),
    ("/api/v1/questions/<int:question_id>", "DELETE"): roles(403, 204, 403, 204),
    # Learning (the signed-in learner's own data, on courses they can read)
    ("/api/v1/courses/<int:course_id>/tree", "GET"): signed_in(200),
    ("/api/v1/courses/<int:course_id>/topics/<int:topic_id>/children", "GET"): signed_in(200),
    ("/api/v1/topics/<int:topic_id>/quiz", "GET"): signed_in(200),
    ("/api/v1/attempts", "POST"): signed_in(201),
    ("/api/v1/attempts", "GET"): signed_in(200),
    ("/api/v1/preferences", "GET"): signed_in(200),
    ("/api/v1/preferences", "PUT"): signed_in(200),
    ("/api/v1/preferences", "PATCH"): signed_in(200),
    ("/api/v1/reviews", "GET"): signed_in(200),
    ("/api/v1/progress", "GET"): signed_in(200),
    # "Explique-moi autrement": whoever may read the question; without a language model (as here)
    # the answer is 503 llm_disabled (tests/integration/test_explanations.py tries it with one)
    ("/api/v1/questions/<int:question_id>/explanation", "POST"): signed_in(503),
    # Whole courses as files: anyone signed in imports a draft (without a file: 422); export is the
    # author's and the admins'; the document's JSON Schema is public
    ("/api/v1/courses/import", "POST"): signed_in(422),
    ("/api/v1/courses/<int:course_id>/export", "GET"): roles(403, 200, 403, 200),
    ("/api/v1/schemas/course-document.json", "GET"): everyone(200),
    # Course generations: authors and admins start and list theirs; each sees only their own
    # (others' answer 404, an admin's included). No model is configured here: starting one is 503.
    ("/api/v1/generations", "GET"): roles(403, 200, 200, 200),
    ("/api/v1/generations", "POST"): roles(403, 503, 503, 503),
    ("/api/v1/generations/<int:generation_id>", "GET"): roles(404, 200, 404, 404),
    ("/api/v1/generations/<int:generation_id>", "DELETE"): roles(404, 200, 404, 404),
}


def api_endpoints(app: Flask) -> set[tuple[str, str]]:
    """(rule, method) of every API route of the application (HEAD and OPTIONS are Flask's own)."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            for method in rule.methods or ():
                if method not in {"HEAD", "OPTIONS"}:
                    found.add((rule.rule, method))
    return found


def test_every_api_endpoint_has_an_entry_in_the_table(app: Flask) -> None:
    endpoints = api_endpoints(app)
    missing = sorted(endpoints - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - endpoints)
    assert not missing, f"endpoints without an expected-permission entry: {missing}"
    assert not stale, f"entries for endpoints that no longer exist: {stale}"


def _body(rule: str, method: str, world: World, role: str) -> Any:
    """A valid body, so that only permissions decide the answer."""
    target_course = world.others_published if role == "other" else world.published
    target_leaf = target_course.topics[0]
    bodies: dict[tuple[str, str], Any] = {
        ("/api/v1/me", "PATCH"): {"locale": "en"},
        ("/api/v1/me", "DELETE"): {"password": PASSWORD},
        ("/api/v1/me/password", "PUT"): {
            "current_password": PASSWORD,
            "new_password": "une toute autre phrase",
        },
        ("/api/v1/users", "POST"): {
            "username": "nouveau",
            "email": "nouveau@example.com",
            "password": PASSWORD,
        },
        ("/api/v1/users/<int:user_id>", "PATCH"): {"active": False},
        ("/api/v1/tokens", "POST"): {"name": "script"},
        ("/api/v1/items", "POST"): {"name": "Nouvelle ressource", "course_id": target_course.id},
        ("/api/v1/items/<int:item_id>", "PATCH"): {"description": "Mise à jour"},
        ("/api/v1/courses", "POST"): {"slug": "nouveau-cours", "title": "Nouveau cours"},
        ("/api/v1/courses/<int:course_id>", "PATCH"): {"title": "Titre changé"},
        ("/api/v1/topics", "POST"): {"course_id": target_course.id, "slug": "nouveau", "title": "Nouveau"},
        ("/api/v1/topics/<int:topic_id>", "PATCH"): {"title": "Titre changé"},
        ("/api/v1/questions", "POST"): {
            "topic_id": target_leaf.id,
            "kind": "short",
            "prompt": "Quelle étoile ?",
            "answers": ["Soleil"],
        },
        ("/api/v1/questions/<int:question_id>", "PATCH"): {"prompt": "Quelle planète rouge ?"},
        ("/api/v1/attempts", "POST"): {"question_id": target_leaf.questions[0].id, "answer": "Mars"},
        ("/api/v1/preferences", "PUT"): {
            "communication_style": "formal",
            "learning_pace": "slow",
            "learning_style": "visual",
            "custom_preferences": "",
        },
        ("/api/v1/preferences", "PATCH"): {"learning_pace": "fast"},
        ("/api/v1/generations", "POST"): {
            "subject": "Les volcans",
            "level": "élèves de 5e",
            "language": "fr",
            "topics": 3,
            "questions_per_topic": 2,
        },
    }
    return bodies.get((rule, method))


def _url(rule: str, world: World, role: str, callers: dict[str, User]) -> str:
    """The rule with its ids filled for this role (see the module docstring for `other`)."""
    course = world.others_published if role == "other" else world.published
    leaf = course.topics[0]
    token_owner = world.other_author if role == "other" else callers.get(role, world.author)
    own_token, _ = create_token(token_owner, "cible", TokenScope.READ)
    values = {
        "<int:course_id>": str(course.id),
        "<int:topic_id>": str(leaf.id),
        "<int:question_id>": str(leaf.questions[0].id),
        "<int:item_id>": str((world.others_item if role == "other" else world.course_item).id),
        "<int:user_id>": str(world.other_author.id),
        "<int:token_id>": str(own_token.id),
        "<int:generation_id>": str((world.others_generation if role == "other" else world.generation).id),
    }
    url = rule
    for placeholder, value in values.items():
        url = url.replace(placeholder, value)
    if rule == "/api/v1/reviews":
        url += f"?course_id={course.id}"
    return url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("rule", "method"), sorted(EXPECTED))
def test_endpoint_answers_the_expected_status_for_each_role(
    app: Flask,
    world: World,
    make_user: Callable[..., User],
    rule: str,
    method: str,
    role: str,
) -> None:
    callers = {
        "learner": make_user("lea", role=Role.LEARNER),
        "author": world.author,
        "other": world.author,
        "admin": make_user("ada", role=Role.ADMIN),
    }
    headers = {}
    if role != "anonymous":
        _, plaintext = create_token(callers[role], "matrix", TokenScope.WRITE)
        headers["Authorization"] = f"Bearer {plaintext}"
    url = _url(rule, world, role, callers)
    body = _body(rule, method, world, role)
    client = app.test_client()
    response = client.open(url, method=method, json=body, headers=headers)
    expected = EXPECTED[(rule, method)][role]
    assert response.status_code == expected, (
        f"{method} {url} as {role}: expected {expected}, got {response.status_code} "
        f"{response.get_data(as_text=True)[:300]}"
    )
    if response.status_code >= 400 and rule.startswith("/api/v1/") and rule != "/api/v1/docs":
        error = (response.get_json() or {}).get("error", {})
        assert error.get("status") == expected, f"{method} {url}: the error is not the JSON envelope"
