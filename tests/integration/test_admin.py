"""The admin pages: only admins get in; they change roles and deactivate accounts, never their own."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from app import db
from app.auth.models import Role, User
from tests.conftest import AuthActions, SignedIn

ADMIN_PAGES = ["/admin/users", "/admin/messages"]
FORBIDDEN = "Vous n&#39;avez pas le droit d&#39;accéder à cette page."


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_learners_are_refused_the_admin_pages(learner: SignedIn, path: str) -> None:
    client, _user = learner.client, learner.user
    response = client.get(path)
    assert response.status_code == 403
    assert FORBIDDEN in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_authors_are_refused_the_admin_pages(author: SignedIn, path: str) -> None:
    client, _user = author.client, author.user
    assert client.get(path).status_code == 403


def test_a_learner_cannot_change_roles(learner: SignedIn) -> None:
    client, user = learner.client, learner.user
    response = AuthActions(client).post(f"/admin/users/{user.id}/role", {"role": "admin"})
    assert response.status_code == 403
    db.session.refresh(user)
    assert user.role is Role.LEARNER, "the learner did not promote themselves"


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admins_open_the_admin_pages(admin: SignedIn, path: str) -> None:
    client, _user = admin.client, admin.user
    assert client.get(path).status_code == 200


def test_the_users_page_lists_accounts_with_words_not_booleans(
    admin: SignedIn, make_user: Callable[..., User]
) -> None:
    client, _user = admin.client, admin.user
    make_user("camille")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "camille@example.com" in page
    assert "Activé" in page and "Apprenant" in page
    assert "True" not in page and "False" not in page, "booleans are shown as words"


def test_the_users_page_searches_by_name_or_email(admin: SignedIn, make_user: Callable[..., User]) -> None:
    client, _user = admin.client, admin.user
    make_user("camille")
    make_user("bruno")
    page = client.get("/admin/users", query_string={"q": "CAMI"}).get_data(as_text=True)
    assert "camille@example.com" in page and "bruno@example.com" not in page


def test_an_admin_changes_a_role(admin: SignedIn, make_user: Callable[..., User]) -> None:
    client, _admin = admin.client, admin.user
    camille = make_user("camille")
    response = AuthActions(client).post(
        f"/admin/users/{camille.id}/role", {"role": "author"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Rôle de camille mis à jour." in response.get_data(as_text=True)
    db.session.refresh(camille)
    assert camille.role is Role.AUTHOR


def test_an_unknown_role_is_refused(admin: SignedIn, make_user: Callable[..., User]) -> None:
    client, _admin = admin.client, admin.user
    camille = make_user("camille")
    response = AuthActions(client).post(
        f"/admin/users/{camille.id}/role", {"role": "emperor"}, follow_redirects=True
    )
    assert "Rôle inconnu." in response.get_data(as_text=True)
    db.session.refresh(camille)
    assert camille.role is Role.LEARNER


def test_an_admin_deactivates_an_account_and_its_sessions_end(
    app: object, admin: SignedIn, learner: SignedIn
) -> None:
    client, _admin = admin.client, admin.user
    learner_client, lea = learner.client, learner.user
    response = AuthActions(client).post(
        f"/admin/users/{lea.id}/active", {"active": "0"}, follow_redirects=True
    )
    assert "Statut de lea mis à jour." in response.get_data(as_text=True)
    db.session.refresh(lea)
    assert lea.active is False
    assert learner_client.get("/auth/profile").status_code == 302, "the deactivated learner is logged out"
    assert AuthActions(learner_client).login("lea").status_code == 401, "and cannot log back in"

    AuthActions(client).post(f"/admin/users/{lea.id}/active", {"active": "1"})
    assert AuthActions(learner_client).login("lea").status_code == 302, "reactivated, lea logs in again"


def test_an_admin_cannot_change_their_own_account(admin: SignedIn) -> None:
    client, ada = admin.client, admin.user
    actions = AuthActions(client)
    response = actions.post(f"/admin/users/{ada.id}/role", {"role": "learner"}, follow_redirects=True)
    assert "Vous ne pouvez pas modifier votre propre compte ici." in response.get_data(as_text=True)
    response = actions.post(f"/admin/users/{ada.id}/active", {"active": "0"}, follow_redirects=True)
    assert "Vous ne pouvez pas modifier votre propre compte ici." in response.get_data(as_text=True)
    db.session.refresh(ada)
    assert ada.role is Role.ADMIN and ada.active, "the admin's own account is unchanged"
    assert client.get("/admin/users").status_code == 200


def test_changing_an_unknown_user_is_a_404(admin: SignedIn) -> None:
    client, _admin = admin.client, admin.user
    response = AuthActions(client).post("/admin/users/999999/role", {"role": "author"})
    assert response.status_code == 404


def test_contact_messages_reach_the_admins(client: FlaskClient, admin: SignedIn) -> None:
    admin_client, _admin = admin.client, admin.user
    response = AuthActions(client).post(
        "/contact", {"name": "Zoé", "email": "zoe@example.com", "message": "Merci pour ce site !"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = admin_client.get("/admin/messages").get_data(as_text=True)
    assert "Zoé" in page and "Merci pour ce site !" in page


def test_the_users_page_is_paginated_and_keeps_the_search(
    admin: SignedIn, make_user: Callable[..., User]
) -> None:
    client, _admin = admin.client, admin.user
    for number in range(55):
        db.session.add(User(username=f"eleve{number:02d}", email=f"eleve{number:02d}@example.com"))
    db.session.commit()
    first = client.get("/admin/users", query_string={"q": "eleve"}).get_data(as_text=True)
    assert "eleve00" in first and "eleve49" in first and "eleve50" not in first, "50 accounts a page"
    assert "Page 1 sur 2 (55 comptes)" in first
    assert 'href="/admin/users?q=eleve&amp;page=2"' in first, "the next page keeps the search"
    second = client.get("/admin/users", query_string={"q": "eleve", "page": 2}).get_data(as_text=True)
    assert "eleve50" in second and "eleve54" in second and "eleve00" not in second
    beyond = client.get("/admin/users", query_string={"page": 99})
    assert beyond.status_code == 404, "a page past the last one does not exist"


def test_the_users_search_takes_percent_and_underscore_literally(
    admin: SignedIn, make_user: Callable[..., User]
) -> None:
    client, _admin = admin.client, admin.user
    make_user("camille")
    make_user("jean_paul")
    page = client.get("/admin/users", query_string={"q": "_"}).get_data(as_text=True)
    assert "jean_paul" in page and "camille" not in page, "_ is a character, not a wildcard"
    page = client.get("/admin/users", query_string={"q": "%"}).get_data(as_text=True)
    assert "Aucun utilisateur trouvé." in page
