"""Fixtures for the API tests: Bearer tokens for any user, and a small course world to act on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask

from app import db
from app.auth.models import Role, TokenScope, User
from app.auth.tokens import create_token
from app.models import Course, Generation, Item, Question, QuestionKind, Topic


@pytest.fixture
def bearer(app: Flask) -> Callable[..., dict[str, str]]:
    """`bearer(user, scope="write")` → the Authorization header of a fresh token of `user`."""

    def make(user: User, scope: str = "write") -> dict[str, str]:
        _, plaintext = create_token(user, f"test-{scope}", TokenScope(scope))
        return {"Authorization": f"Bearer {plaintext}"}

    return make


@dataclass
class World:
    """Two authors' courses (published and draft), their topics and questions, a site-wide item,
    an item of each author's published course, and a queued course generation of each author."""

    author: User
    other_author: User
    published: Course
    draft: Course
    others_published: Course
    others_draft: Course
    leaf: Topic
    question: Question
    draft_question: Question
    others_question: Question
    item: Item
    course_item: Item
    others_item: Item
    generation: Generation
    others_generation: Generation


def _course(author: User, slug: str, published: bool) -> tuple[Course, Topic, Question]:
    course = Course(slug=slug, title=slug.title(), description="", published=published, author_id=author.id)
    topic = Topic(course=course, slug=f"{slug}-theme", title="Thème", lesson="Leçon")
    question = Question(
        topic=topic,
        position=0,
        kind=QuestionKind.SHORT,
        prompt="Quelle planète ?",
        answers=["Mars"],
        explanation="La planète rouge.",
        tier=1,
    )
    db.session.add_all([course, topic, question])
    return course, topic, question


@pytest.fixture
def world(app: Flask, make_user: Callable[..., User]) -> World:
    """Courses of two authors: 'aurore-pub', 'aurore-draft' (of `author` user 'aurore2') and 'autre-*'."""
    author = make_user("auteur", role=Role.AUTHOR)
    other = make_user("autrice", role=Role.AUTHOR)
    published, leaf, question = _course(author, "aurore-pub", True)
    draft, _, draft_question = _course(author, "aurore-draft", False)
    others_published, _, others_question = _course(other, "autre-pub", True)
    others_draft, _, _ = _course(other, "autre-draft", False)
    item = Item(name="Carte du ciel", description="Une carte", url="https://example.org/carte")
    db.session.flush()  # the courses' ids, for their items
    course_item = Item(name="Atlas d'Aurore", description="", course_id=published.id)
    others_item = Item(name="Atlas d'autrice", description="", course_id=others_published.id)
    db.session.add_all([item, course_item, others_item])
    generation, others_generation = (
        Generation(user_id=owner.id, subject="Les volcans", language="fr", topics=3, questions_per_topic=2)
        for owner in (author, other)
    )
    db.session.add_all([generation, others_generation])
    db.session.commit()
    return World(
        author,
        other,
        published,
        draft,
        others_published,
        others_draft,
        leaf,
        question,
        draft_question,
        others_question,
        item,
        course_item,
        others_item,
        generation,
        others_generation,
    )
