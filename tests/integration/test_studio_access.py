"""Who may do what in the studio: anyone signed in writes private drafts, authors publish, admins
edit any course, another person's draft does not exist for you, and every write needs the CSRF
token. Roles are granted on the admin users page and with `flask set-role`."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import db
from app.auth.models import Role, User
from app.models import Course
from tests.conftest import SignedIn, csrf_token
from tests.integration.studio_steps import course_with_question, page_text, post


def test_the_studio_link_is_in_every_signed_in_page(learner: SignedIn) -> None:
    client = learner.client
    page = page_text(client.get("/dashboard"))
    assert 'href="/studio/"' in page and ">Studio<" in page, "the nav links to the studio"


def test_an_anonymous_visitor_is_sent_to_login(client: FlaskClient) -> None:
    response = client.get("/studio/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def test_a_learner_creates_a_private_draft(learner: SignedIn, other_learner: SignedIn) -> None:
    client, lea = learner.client, learner.user
    response = post(client, "/studio/courses/new", {"title": "Mes fiches de révision", "language": "fr"})
    assert response.status_code == 302, page_text(response)
    course = db.session.scalar(select(Course).where(Course.author_id == lea.id))
    assert course is not None and course.slug == "mes-fiches-de-revision" and course.published is False
    listing = page_text(client.get("/studio/"))
    assert "Mes fiches de révision" in listing and "Brouillon" in listing, "draft shown in words"
    other = other_learner.client
    assert other.get(f"/studio/courses/{course.id}").status_code == 404, "another's draft does not exist"
    assert other.get(f"/courses/{course.slug}").status_code == 404, "nor on the learning pages"


def test_a_learner_cannot_publish_even_a_complete_course(learner: SignedIn) -> None:
    client, lea = learner.client, learner.user
    course = course_with_question(lea)
    page = page_text(client.get(f"/studio/courses/{course.id}"))
    assert "seuls les auteurs publient" in page, "the page says why there is no publish button"
    response = post(client, f"/studio/courses/{course.id}/publish")
    assert response.status_code == 403, "publishing is refused with the 403 page"
    assert "Seuls les auteurs peuvent publier un cours." in page_text(response)
    forged = post(
        client,
        f"/studio/courses/{course.id}",
        {"title": course.title, "language": "fr", "slug": course.slug, "visibility": "1"},
    )
    assert forged.status_code == 403, "the settings form cannot publish around the rule"
    db.session.refresh(course)
    assert course.published is False


def test_an_author_publishes_a_complete_course(author: SignedIn, learner: SignedIn) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore)
    response = post(client, f"/studio/courses/{course.id}/publish")
    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert "Le cours est publié : tout le monde peut le suivre." in page and "Publié" in page
    reader = learner.client
    assert reader.get(f"/courses/{course.slug}").status_code == 200, "learners can open it now"
    assert reader.get(f"/studio/courses/{course.id}").status_code == 403, "but not edit it"


def test_an_admin_edits_anyone_s_course(admin: SignedIn, learner: SignedIn) -> None:
    lea = learner.user
    course = course_with_question(lea, title="Brouillon de Léa")
    client = admin.client
    listing = page_text(client.get("/studio/"))
    assert "Tous les cours" in listing and "Brouillon de Léa" in listing
    response = post(
        client,
        f"/studio/courses/{course.id}",
        {"title": "Brouillon relu", "language": "en", "slug": course.slug, "visibility": "0"},
    )
    assert response.status_code == 302, page_text(response)
    db.session.refresh(course)
    assert (course.title, course.language, course.author_id) == ("Brouillon relu", "en", lea.id)


def test_a_write_without_the_csrf_token_is_refused(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore)
    response = client.post(f"/studio/courses/{course.id}/topics", data={"topic-title": "Sans jeton"})
    assert response.status_code == 400
    assert "Le jeton de sécurité (CSRF) est manquant ou invalide." in page_text(response)
    preview = client.post("/studio/preview", json={"markdown": "*x*"})
    assert preview.status_code == 400, "the JSON preview needs the X-CSRFToken header too"


def test_an_admin_grants_the_author_role_on_the_users_page(admin: SignedIn, learner: SignedIn) -> None:
    client = admin.client
    lea = learner.user
    page = page_text(client.get("/admin/users"))
    assert f'id="role-{lea.id}"' in page, "a role select per user"
    response = post(client, f"/admin/users/{lea.id}/role", {"role": "author"})
    assert response.status_code == 302
    db.session.refresh(lea)
    assert lea.role is Role.AUTHOR


def test_flask_set_role_grants_a_role_by_email(app: Flask, make_user: Callable[..., User]) -> None:
    lea = make_user("lea")
    result = app.test_cli_runner().invoke(args=["set-role", "LEA@example.com", "author"])
    assert result.exit_code == 0, result.output
    assert "lea <lea@example.com> is now author." in result.output
    db.session.refresh(lea)
    assert lea.role is Role.AUTHOR
    unknown = app.test_cli_runner().invoke(args=["set-role", "nobody@example.com", "author"])
    assert unknown.exit_code != 0 and "Aucun compte n'a cet email." in unknown.output
    wrong = app.test_cli_runner().invoke(args=["set-role", "lea@example.com", "king"])
    assert wrong.exit_code != 0, "only learner, author and admin exist"


def test_the_english_studio_speaks_english(learner: SignedIn) -> None:
    client = learner.client
    token = csrf_token(client)
    client.post("/language", data={"csrf_token": token, "lang": "en", "next": "/studio/"})
    page = page_text(client.get("/studio/"))
    assert "New course" in page and "My courses" in page, "the studio is translated"
