"""The API's field messages speak the request's language: French by default, English when the
client asks for it (Accept-Language: en). marshmallow and webargs word them in English; the
API must not answer a French user "Unknown field."."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.auth.models import Role, User

Bearer = Callable[..., dict[str, str]]

# (method, path, JSON body, field, French message, English message)
CASES: list[tuple[str, str, Any, str, str, str]] = [
    (
        "POST",
        "/api/v1/items",
        {"name": "Carte", "colour": "bleu"},
        "colour",
        "Champ inconnu.",
        "Unknown field.",
    ),
    (
        "POST",
        "/api/v1/items",
        {"description": "sans nom"},
        "name",
        "Ce champ est obligatoire.",
        "Missing data for required field.",
    ),
    (
        "POST",
        "/api/v1/items",
        {"name": None},
        "name",
        "Ce champ ne peut pas être nul.",
        "Field may not be null.",
    ),
    (
        "POST",
        "/api/v1/items",
        {"name": "Carte", "course_id": "trois"},
        "course_id",
        "Ce n'est pas un nombre entier valide.",
        "Not a valid integer.",
    ),
    (
        "POST",
        "/api/v1/items",
        {"name": ""},
        "name",
        "La longueur doit être comprise entre 1 et 120.",
        "Length must be between 1 and 120.",
    ),
    (
        "POST",
        "/api/v1/items",
        {"name": "Carte", "url": "pas une adresse"},
        "url",
        "Ce n'est pas une URL valide.",
        "Not a valid URL.",
    ),
    (
        "POST",
        "/api/v1/items",
        {"name": "Carte", "description": "x" * 5001},
        "description",
        "Plus long que la longueur maximale (5000).",
        "Longer than maximum length 5000.",
    ),
    (
        "GET",
        "/api/v1/items?per_page=0",
        None,
        "per_page",
        "Doit être supérieur ou égal à 1 et inférieur ou égal à 100.",
        "Must be greater than or equal to 1 and less than or equal to 100.",
    ),
    (
        "GET",
        "/api/v1/items?sort=prix",
        None,
        "sort",
        "Doit être l'une de ces valeurs : name, -name, created_at, -created_at.",
        "Must be one of: name, -name, created_at, -created_at.",
    ),
    (
        "GET",
        "/api/v1/courses?published=peut-etre",
        None,
        "published",
        "Ce n'est pas un booléen valide.",
        "Not a valid boolean.",
    ),
    (
        "PATCH",
        "/api/v1/me",
        {"locale": "de"},
        "locale",
        "Doit être l'une de ces valeurs : fr, en.",
        "Must be one of: fr, en.",
    ),
    (
        "POST",
        "/api/v1/courses",
        {"slug": "Pas Bon", "title": "Cours"},
        "slug",
        "Lettres minuscules, chiffres et tirets.",
        "Lowercase letters, digits and dashes.",
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "field", "french", "english"), CASES)
def test_field_messages_are_french_by_default_and_english_on_request(
    client: FlaskClient,
    make_user: Callable[..., User],
    bearer: Bearer,
    method: str,
    path: str,
    body: Any,
    field: str,
    french: str,
    english: str,
) -> None:
    headers = bearer(make_user("auteur", role=Role.AUTHOR))
    for language, expected in ((None, french), ("en", english)):
        sent = {**headers, **({"Accept-Language": language} if language else {})}
        response = client.open(path, method=method, json=body, headers=sent)
        assert response.status_code == 422, f"{method} {path} must be refused: {response.get_json()}"
        fields = response.get_json()["error"]["fields"]
        assert fields.get(field) == [expected], f"{field} in {language or 'fr'}: {fields}"


def test_a_french_account_hears_french_even_from_an_english_browser(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    user = make_user("lea")
    headers = bearer(user)
    assert client.patch("/api/v1/me", json={"locale": "fr"}, headers=headers).status_code == 200
    response = client.post("/api/v1/tokens", json={"nom": "x"}, headers={**headers, "Accept-Language": "en"})
    fields = response.get_json()["error"]["fields"]
    assert fields.get("nom") == ["Champ inconnu."], "the language saved on the account wins, as on pages"


def test_messages_of_list_entries_are_translated(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer, world: Any
) -> None:
    headers = bearer(world.author)
    body = {"topic_id": world.leaf.id, "kind": "short", "prompt": "Quelle planète ?", "answers": ["Mars", ""]}
    french = client.post("/api/v1/questions", json=body, headers=headers).get_json()["error"]["fields"]
    assert french["answers"] == {"1": ["La longueur doit être comprise entre 1 et 200."]}, french
    english = client.post(
        "/api/v1/questions", json=body, headers={**headers, "Accept-Language": "en"}
    ).get_json()["error"]["fields"]
    assert english["answers"] == {"1": ["Length must be between 1 and 200."]}, english


def test_question_shape_messages_follow_the_language(client: FlaskClient, bearer: Bearer, world: Any) -> None:
    headers = bearer(world.author)
    body = {"topic_id": world.leaf.id, "kind": "choice", "prompt": "Laquelle ?", "answers": ["Mars"]}
    french = client.post("/api/v1/questions", json=body, headers=headers).get_json()["error"]["fields"]
    assert french["choices"] == ["Une question à choix a besoin d'au moins deux choix."], french
    english = client.post(
        "/api/v1/questions", json=body, headers={**headers, "Accept-Language": "en"}
    ).get_json()["error"]["fields"]
    assert english["choices"] == ["A choice question needs at least two choices."], english


def test_an_invalid_json_body_is_explained_in_the_request_language(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer
) -> None:
    headers = {**bearer(make_user("lea")), "Content-Type": "application/json"}
    french = client.patch("/api/v1/me", data="{pas du json", headers=headers)
    assert french.status_code == 400
    assert french.get_json()["error"]["fields"] == {
        "json": ["Le corps de la requête n'est pas du JSON valide."]
    }
    english = client.patch("/api/v1/me", data="{pas du json", headers={**headers, "Accept-Language": "en"})
    assert english.get_json()["error"]["fields"] == {"json": ["Invalid JSON body."]}
