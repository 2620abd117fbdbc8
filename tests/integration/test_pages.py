"""The public pages a visitor opens first: home, about, contact (and its form), health."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app import db
from app.auth.models import User
from app.models import ContactMessage
from tests.conftest import AuthActions, SignedIn


def test_the_home_page_invites_to_register_and_log_in(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "Apprends n&#39;importe quoi" in page or "Apprends n'importe quoi" in page
    assert 'href="/auth/register"' in page and 'href="/auth/login"' in page


def test_the_navigation_of_a_logged_in_user_offers_a_post_logout(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    page = client.get("/").get_data(as_text=True)
    assert 'action="/auth/logout"' in page and 'method="post"' in page
    assert "Se déconnecter" in page
    assert 'href="/admin/users"' not in page, "learners are not shown the admin links"


def test_admins_see_the_admin_links(admin: SignedIn) -> None:
    page = admin.client.get("/").get_data(as_text=True)
    assert 'href="/admin/users"' in page and 'href="/admin/messages"' in page


def test_the_about_page_answers(client: FlaskClient) -> None:
    response = client.get("/about")
    assert response.status_code == 200
    assert "À propos" in response.get_data(as_text=True)


def test_the_footer_api_link_leads_somewhere(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'href="/api/v1/docs"' in page, "the footer links to the API documentation"
    assert client.get("/api/v1/docs").status_code == 200, "and that page exists"


def test_the_contact_form_stores_the_message(client: FlaskClient) -> None:
    response = AuthActions(client).post(
        "/contact",
        {"name": "Zoé", "email": "Zoe@Example.com", "message": "Pouvez-vous ajouter un cours de chimie ?"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Merci ! Votre message a bien été envoyé." in response.get_data(as_text=True)
    stored = db.session.scalars(select(ContactMessage)).one()
    assert (stored.name, stored.email) == ("Zoé", "zoe@example.com")


def test_an_incomplete_contact_form_is_shown_again_with_422(client: FlaskClient) -> None:
    response = AuthActions(client).post("/contact", {"name": "", "email": "pas-un-email", "message": "court"})
    assert response.status_code == 422
    assert db.session.scalars(select(ContactMessage)).first() is None


def test_the_contact_form_is_prefilled_for_a_logged_in_user(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    page = client.get("/contact").get_data(as_text=True)
    assert 'value="lea@example.com"' in page and 'value="lea"' in page


def test_the_liveness_probe_answers_ok(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}


@pytest.mark.parametrize("path", ["/auth/register", "/auth/login", "/contact"])
def test_form_pages_never_show_none_in_an_attribute(client: FlaskClient, path: str) -> None:
    page = client.get(path).get_data(as_text=True)
    leftovers = re.findall(r'[a-z-]+="None"', page)
    assert not leftovers, f"{path} shows the word None in {leftovers} (an unset option rendered as text)"


def test_form_pages_of_a_learner_never_show_none_in_an_attribute(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    for path in ("/preferences", "/auth/profile", "/contact"):
        page = client.get(path).get_data(as_text=True)
        leftovers = re.findall(r'[a-z-]+="None"', page)
        assert not leftovers, f"{path} shows the word None in {leftovers}"


def _duplicate_ids(page: str) -> list[str]:
    page = re.sub(r"<template.*?</template>", "", page, flags=re.DOTALL)  # inert until a script clones it
    ids = re.findall(r'\sid="([^"]+)"', page)
    return sorted({value for value in ids if ids.count(value) > 1})


def test_every_element_id_is_unique_on_the_pages_of_a_learner(learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    for path in ("/", "/dashboard", "/courses", "/preferences", "/auth/profile", "/contact"):
        response = client.get(path)
        assert response.status_code == 200, path
        duplicates = _duplicate_ids(response.get_data(as_text=True))
        assert not duplicates, (
            f"{path} repeats the ids {duplicates} (labels and scripts would target the wrong one)"
        )


def test_every_element_id_is_unique_on_the_admin_users_page(
    admin: SignedIn, make_user: Callable[..., User]
) -> None:
    client, _admin = admin.client, admin.user
    make_user("camille")
    make_user("dominique")
    page = client.get("/admin/users").get_data(as_text=True)
    assert not _duplicate_ids(page), _duplicate_ids(page)


def test_every_element_id_is_unique_on_a_quiz_whose_questions_are_also_exercises(
    learner: SignedIn, astronomy: object
) -> None:
    client, _user = learner.client, learner.user
    page = client.get("/courses/astronomie/topics/planetes").get_data(as_text=True)
    assert 'id="question-' in page and 'id="exercise-' in page, (
        "the quiz and the exercises are both on the page"
    )
    assert not _duplicate_ids(page), _duplicate_ids(page)
