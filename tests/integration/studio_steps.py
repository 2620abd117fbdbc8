"""Steps shared by the studio's tests: post a studio form as a signed-in person, build a course
through the authoring services, read what a page shows."""

from __future__ import annotations

import html
import re
from typing import Any

from flask.testing import FlaskClient

from app.auth.models import User
from app.models import Course, Question, QuestionKind, Topic
from app.services import authoring
from tests.conftest import AuthActions, csrf_token


def post(client: FlaskClient, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """POST a form with the session's CSRF token, as the page's own form does."""
    return AuthActions(client).post(path, data, **kwargs)


def add_topic(client: FlaskClient, course_id: int, title: str, parent_id: int | None = None) -> Any:
    """Submit the tree editor's "Ajouter le thème" form (its fields carry the `topic-` prefix)."""
    token = csrf_token(client)
    data = {"topic-csrf_token": token, "topic-title": title, "topic-parent_id": str(parent_id or "")}
    return client.post(f"/studio/courses/{course_id}/topics", data=data)


def page_text(response: Any) -> str:
    """The page's HTML with its character references decoded (« l'apprenant », not « l&#39;apprenant »)."""
    return html.unescape(response.get_data(as_text=True))


def field_errors(response: Any) -> list[str]:
    """Every message shown beside a field."""
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for block in re.findall(r'<ul class="field-errors"[^>]*>(.*?)</ul>', page_text(response), re.S)
        for item in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]


def course_with_question(
    author: User, *, title: str = "Astronomie pratique", published: bool = False
) -> Course:
    """A course with one branch, one leaf and one short question on it: ready to publish."""
    course = authoring.save_course(
        Course(), {"title": title, "slug": authoring.free_course_slug(title)}, author=author
    )
    branch = authoring.add_topic(course, "Système solaire")
    leaf = authoring.add_topic(course, "Planètes", branch)
    authoring.write_question(
        Question(topic_id=leaf.id, position=None),
        {"kind": QuestionKind.SHORT, "prompt": "Quelle planète est rouge ?", "answers": ["Mars"]},
    )
    if published:
        authoring.set_published(course, True)
    return course


def leaf_of(course: Course) -> Topic:
    """The course's leaf "Planètes"."""
    return next(topic for topic in course.topics if topic.slug == "planetes")
