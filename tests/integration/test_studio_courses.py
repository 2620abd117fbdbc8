"""The course pages of the studio: the form (slug from the title, errors beside the fields), the
publication check that lists every problem with a link to fix it, and deletion that keeps other
learners' history."""

from __future__ import annotations

import re

from sqlalchemy import select

from app import db
from app.models import Course, Question, QuestionKind
from app.services import authoring
from tests.conftest import AuthActions, SignedIn
from tests.integration.studio_steps import course_with_question, field_errors, leaf_of, page_text, post


def test_the_slug_is_made_from_the_title_with_accents_ligatures_and_apostrophes(author: SignedIn) -> None:
    client = author.client
    response = post(client, "/studio/courses/new", {"title": "L'Œuvre d'Émile à Noël", "language": "fr"})
    assert response.status_code == 302
    again = post(client, "/studio/courses/new", {"title": "L’Œuvre d’Émile à Noël", "language": "fr"})
    assert again.status_code == 302
    slugs = sorted(db.session.scalars(select(Course.slug)))
    assert slugs == ["l-oeuvre-d-emile-a-noel", "l-oeuvre-d-emile-a-noel-2"], slugs


def test_a_taken_or_malformed_slug_is_shown_beside_its_field(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    course_with_question(aurore, title="Astronomie")
    taken = post(client, "/studio/courses/new", {"title": "Autre", "language": "fr", "slug": "astronomie"})
    assert taken.status_code == 409
    assert field_errors(taken) == ["Un cours porte déjà ce nom court."]
    malformed = post(client, "/studio/courses/new", {"title": "Autre", "language": "fr", "slug": "Pas Bon!"})
    assert malformed.status_code == 422
    assert field_errors(malformed) == ["Lettres minuscules, chiffres et tirets."]
    empty = post(client, "/studio/courses/new", {"title": "", "language": "de"})
    assert empty.status_code == 422
    assert len(field_errors(empty)) == 2, "a missing title and an unknown language, each beside its field"
    assert db.session.scalar(select(Course).where(Course.title == "Autre")) is None, "nothing saved"


def test_publishing_is_refused_with_every_problem_and_a_link_to_fix_it(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    empty = authoring.save_course(Course(), {"title": "Vide", "slug": "vide"}, author=aurore)
    response = post(client, f"/studio/courses/{empty.id}/publish")
    assert response.status_code == 422
    page = page_text(response)
    assert "À corriger avant de publier" in page and "Le cours n'a encore aucun thème." in page

    course = course_with_question(aurore)
    leaf = leaf_of(course)
    authoring.add_topic(course, "Étoiles")  # an empty leaf
    bad = Question(
        topic_id=leaf.id,
        position=5,
        kind=QuestionKind.CHOICE,
        prompt="  ",
        answers=["Vénus"],
        choices=["Mars", "Mars", "Jupiter"],
    )
    db.session.add(bad)  # written past the services, as an old import could have
    db.session.commit()
    response = post(client, f"/studio/courses/{course.id}/publish")
    assert response.status_code == 422
    page = page_text(response)
    for message in (
        "Le thème « Étoiles » n'a aucune question.",
        "Thème « Planètes », question 2 : L'énoncé est vide.",
        "Thème « Planètes », question 2 : Le choix « Mars » apparaît deux fois.",
        "Thème « Planètes », question 2 : La réponse « Vénus » n'est pas l'un des choix.",
    ):
        assert message in page, f"missing problem: {message}"
    assert f'href="/studio/questions/{bad.id}"' in page, "a link to the question to fix"
    etoiles = next(t for t in authoring.topic_tree(course) if t.topic.title == "Étoiles").topic
    assert f'href="/studio/topics/{etoiles.id}"' in page, "a link to the empty leaf"
    db.session.refresh(course)
    assert course.published is False, "nothing is published while a problem remains"


def test_the_settings_form_saves_and_can_take_a_course_back_to_draft(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore, published=True)
    response = post(
        client,
        f"/studio/courses/{course.id}",
        {
            "title": "Astronomie (2e éd.)",
            "description": "Revue",
            "language": "fr",
            "slug": "",
            "visibility": "0",
        },
    )
    assert response.status_code == 302, page_text(response)
    db.session.refresh(course)
    assert (course.title, course.slug, course.published) == (
        "Astronomie (2e éd.)",
        "astronomie-pratique",
        False,
    ), "an empty slug keeps the current one"


def test_deleting_a_course_others_answered_is_refused_with_the_reason(
    author: SignedIn, learner: SignedIn
) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore, published=True)
    reader = learner.client
    question = leaf_of(course).questions[0]
    answered = AuthActions(reader).post_json(
        "/api/v1/attempts", {"question_id": question.id, "answer": "Mars"}
    )
    assert answered.status_code == 201, answered.get_json()
    response = post(client, f"/studio/courses/{course.id}/delete")
    assert response.status_code == 409
    assert "dépubliez le cours plutôt que de le supprimer" in page_text(response)
    assert db.session.get(Course, course.id) is not None


def test_deleting_an_unanswered_course_removes_it(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    course_id = course_with_question(aurore).id
    response = post(client, f"/studio/courses/{course_id}/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/studio/"
    assert "Cours « Astronomie pratique » supprimé." in page_text(client.get("/studio/"))
    assert db.session.get(Course, course_id) is None


def test_a_learner_saves_their_draft_s_settings_without_a_visibility_choice(learner: SignedIn) -> None:
    client, lea = learner.client, learner.user
    course = course_with_question(lea, title="Fiches")
    page = page_text(client.get(f"/studio/courses/{course.id}"))
    assert 'name="visibility"' not in page, "no publish choice for a learner"
    response = post(
        client,
        f"/studio/courses/{course.id}",
        {"title": "Fiches de révision", "language": "fr", "slug": "fiches"},
    )
    assert response.status_code == 302, field_errors(response)
    db.session.refresh(course)
    assert (course.title, course.published) == ("Fiches de révision", False)


def test_the_visibility_shows_the_course_s_state(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore)
    for published, checked_value in ((False, "0"), (True, "1")):
        authoring.set_published(course, published)
        page = page_text(client.get(f"/studio/courses/{course.id}"))
        radios = re.findall(r'<input[^>]*name="visibility"[^>]*>', page)
        checked = [radio for radio in radios if "checked" in radio]
        assert len(radios) == 2 and len(checked) == 1 and f'value="{checked_value}"' in checked[0], radios
