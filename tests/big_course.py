"""A generated course with a regular tree (branches, sub-branches, leaves), larger than the tree's
node budget, shaped like bench/generate_course.py's 2,000-topic course but smaller.

Topics are titled and slugged by their place: branch `b3`, sub-branch `b3-s1`, leaf `b3-s1-l4`
("Branche 3", "Sous-branche 3.1", "Feuille 3.1.4"); each leaf holds one short question.
"""

from __future__ import annotations

from sqlalchemy import insert, select

from app import db
from app.models import Course, Question, Topic

BRANCHES, SUB_BRANCHES, LEAVES = 6, 6, 10  # 6 + 36 + 360 = 402 topics, above TREE_NODE_BUDGET


def add_big_course(
    slug: str = "grand-cours",
    *,
    branches: int = BRANCHES,
    sub_branches: int = SUB_BRANCHES,
    leaves: int = LEAVES,
    published: bool = True,
    author_id: int | None = None,
) -> Course:
    """Insert the course and its topics and questions (committed), and return the course."""
    course = Course(
        slug=slug, title=f"Cours {slug}", description="", published=published, author_id=author_id
    )
    db.session.add(course)
    db.session.flush()
    position = 0

    def topic(parent: int | None, name: str, title: str, lesson: str = "") -> int:
        nonlocal position
        position += 1
        row = {
            "course_id": course.id,
            "parent_id": parent,
            "position": position,
            "slug": name,
            "title": title,
        }
        return db.session.execute(insert(Topic).returning(Topic.id), [{**row, "lesson": lesson}]).scalar_one()

    leaf_ids: list[int] = []
    for b in range(branches):
        branch = topic(None, f"b{b}", f"Branche {b}")
        for s in range(sub_branches):
            sub = topic(branch, f"b{b}-s{s}", f"Sous-branche {b}.{s}")
            for leaf in range(leaves):
                leaf_ids.append(topic(sub, f"b{b}-s{s}-l{leaf}", f"Feuille {b}.{s}.{leaf}", "Une **leçon**."))
    db.session.execute(
        insert(Question),
        [
            {"topic_id": leaf, "position": 0, "kind": "short", "prompt": "Quelle réponse ?",
             "answers": ["oui"], "choices": None, "tolerance": None, "explanation": "", "tier": 1}
            for leaf in leaf_ids
        ],
    )  # fmt: skip
    db.session.commit()
    return course


def topic_id(course: Course, slug: str) -> int:
    """The id of the course's topic of this slug."""
    found = db.session.scalar(select(Topic.id).where(Topic.course_id == course.id, Topic.slug == slug))
    assert found is not None, f"the generated course has no topic {slug}"
    return found
