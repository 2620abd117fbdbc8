"""The tree editor: add topics at the top or under a parent, move them up and down among their
siblings or under another parent, rename and delete them."""

from __future__ import annotations

import pytest

from app import db
from app.models import Course
from app.services import authoring
from tests.conftest import SignedIn
from tests.integration.studio_steps import (
    add_topic,
    course_with_question,
    field_errors,
    leaf_of,
    page_text,
    post,
)


def titles(course_id: int) -> list[tuple[int, str]]:
    """The tree as the editor lists it: (depth, title) depth first."""
    found = db.session.get(Course, course_id)
    assert found is not None
    return [(entry.depth, entry.topic.title) for entry in authoring.topic_tree(found)]


def test_topics_are_added_at_the_top_or_under_a_parent(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore)
    branch = next(t for t in course.topics if t.parent_id is None)
    response = add_topic(client, course.id, "Étoiles")
    assert response.status_code == 302
    add_topic(client, course.id, "Lunes", branch.id)
    assert titles(course.id) == [
        (0, "Système solaire"),
        (1, "Planètes"),
        (1, "Lunes"),
        (0, "Étoiles"),
    ]
    page = page_text(client.get(f"/studio/courses/{course.id}"))
    assert "Lunes" in page and "0 question" in page and "1 question" in page
    assert "0 questions" not in page, "French takes the singular for 0: expected '0 question'"


def test_a_topic_without_a_title_is_refused_beside_the_field(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore)
    response = add_topic(client, course.id, "")
    assert response.status_code == 422
    assert field_errors(response) == ["Ce champ est requis."]


def test_topics_move_up_down_and_under_another_parent(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore)
    branch = next(t for t in course.topics if t.parent_id is None)
    lunes = authoring.add_topic(course, "Lunes", branch)
    etoiles = authoring.add_topic(course, "Étoiles")
    assert post(client, f"/studio/topics/{lunes.id}/move", {"direction": "up"}).status_code == 302
    assert titles(course.id)[:3] == [(0, "Système solaire"), (1, "Lunes"), (1, "Planètes")]
    post(client, f"/studio/topics/{etoiles.id}/move", {"direction": "up"})
    assert titles(course.id)[0] == (0, "Étoiles")
    post(client, f"/studio/topics/{lunes.id}/move", {"parent_id": str(etoiles.id)})
    assert titles(course.id) == [(0, "Étoiles"), (1, "Lunes"), (0, "Système solaire"), (1, "Planètes")]
    post(client, f"/studio/topics/{lunes.id}/move", {"parent_id": ""})
    assert titles(course.id)[-1] == (0, "Lunes"), "back to the top level, last"


@pytest.mark.parametrize("parent", ["¹", "٣", "9" * 30, "-1", "abc"])
def test_a_parent_that_is_no_topic_id_is_refused_beside_the_field(author: SignedIn, parent: str) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore)
    lunes = authoring.add_topic(course, "Lunes")
    response = post(client, f"/studio/topics/{lunes.id}/move", {"parent_id": parent})
    assert response.status_code == 422, f"{parent!r}: {response.status_code}"
    assert "Le thème parent doit appartenir au même cours." in page_text(response)


def test_a_topic_cannot_move_below_itself(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore)
    branch = next(t for t in course.topics if t.parent_id is None)
    response = post(client, f"/studio/topics/{branch.id}/move", {"parent_id": str(leaf_of(course).id)})
    assert response.status_code == 422
    assert "Un thème ne peut pas être placé sous lui-même." in page_text(response)


def test_a_topic_is_renamed_and_deleted(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore)
    leaf = leaf_of(course)
    response = post(client, f"/studio/topics/{leaf.id}", {"title": "Les planètes", "lesson": "Huit."})
    assert response.status_code == 302
    db.session.refresh(leaf)
    assert (leaf.title, leaf.lesson) == ("Les planètes", "Huit.")
    response = post(client, f"/studio/topics/{leaf.id}/delete")
    assert response.status_code == 302
    assert titles(course.id) == [(0, "Système solaire")]
