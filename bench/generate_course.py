"""Insert a generated course of 2,000 topics and 20,000 questions (published, slug bench-2000),
plus a history for the demo learner on it, to measure the course tree at scale. The learner's
stored standings are then computed from that history by the service `flask standings recompute`
uses.

Run inside the configured environment: `python bench/generate_course.py` (uses create_app()).
Prints the course id and a question id as JSON.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta

from sqlalchemy import insert, select

from app import create_app, db
from app.models import Attempt, Course, Question, ReviewState, StoredStanding, Topic, User
from app.services.standings import rebuild_all
from app.types import utcnow

BRANCHES, SUB_BRANCHES, LEAVES = 20, 10, 9  # 20 + 200 + 1,800 = 2,020 topics
QUESTIONS_PER_LEAF = 11  # 19,800 questions, ~20,000
HISTORY = 2_000


def main() -> None:
    """Add the generated course and the demo learner's history (once), and print their ids as JSON."""
    app = create_app()
    rng = random.Random(42)
    now = utcnow()
    with app.app_context():
        existing = db.session.scalar(select(Course).where(Course.slug == "bench-2000"))
        if existing is None:
            course = Course(slug="bench-2000", title="Cours généré (2 000 thèmes)", published=True)
            db.session.add(course)
            db.session.flush()
            position = 0
            leaf_ids: list[int] = []
            for b in range(BRANCHES):
                position += 1
                branch = db.session.execute(
                    insert(Topic).returning(Topic.id),
                    [{"course_id": course.id, "parent_id": None, "position": position,
                      "slug": f"b{b}", "title": f"Branche {b}", "lesson": ""}],
                ).scalar_one()  # fmt: skip
                for s in range(SUB_BRANCHES):
                    position += 1
                    sub = db.session.execute(
                        insert(Topic).returning(Topic.id),
                        [{"course_id": course.id, "parent_id": branch, "position": position,
                          "slug": f"b{b}-s{s}", "title": f"Sous-branche {b}.{s}", "lesson": ""}],
                    ).scalar_one()  # fmt: skip
                    rows = [
                        {"course_id": course.id, "parent_id": sub, "position": position + leaf + 1,
                         "slug": f"b{b}-s{s}-l{leaf}", "title": f"Feuille {b}.{s}.{leaf}",
                         "lesson": "Une **leçon** courte."}
                        for leaf in range(LEAVES)
                    ]  # fmt: skip
                    position += LEAVES
                    leaf_ids.extend(db.session.scalars(insert(Topic).returning(Topic.id), rows))
            questions = [
                {"topic_id": leaf, "position": q, "kind": "short", "prompt": f"Question {q} ?",
                 "answers": [f"reponse {q}"], "choices": None, "tolerance": None, "explanation": "",
                 "tier": q % 3 + 1}
                for leaf in leaf_ids
                for q in range(QUESTIONS_PER_LEAF)
            ]  # fmt: skip
            db.session.execute(insert(Question), questions)
            db.session.commit()
        course = db.session.scalar(select(Course).where(Course.slug == "bench-2000"))
        assert course is not None
        learner = db.session.scalar(select(User).where(User.username == "testuser"))
        assert learner is not None
        question_ids = list(
            db.session.scalars(
                select(Question.id)
                .join(Topic, Topic.id == Question.topic_id)
                .where(Topic.course_id == course.id)
            )
        )
        already = db.session.scalar(select(ReviewState.id).where(ReviewState.user_id == learner.id).limit(1))
        if already is None:
            chosen = rng.sample(question_ids, HISTORY)
            db.session.execute(
                insert(ReviewState),
                [{"user_id": learner.id, "question_id": q, "state": 2, "stability": rng.uniform(1, 30),
                  "difficulty": 5.0, "due": now + timedelta(days=rng.randint(-5, 20)),
                  "last_review": now - timedelta(days=rng.randint(0, 40)), "reps": 2, "lapses": 0}
                 for q in chosen],
            )  # fmt: skip
            db.session.execute(
                insert(Attempt),
                [{"user_id": learner.id, "question_id": q, "answer": "x", "verdict": "correct", "tier": 1,
                  "created_at": now - timedelta(days=rng.randint(0, 40))} for q in chosen],
            )  # fmt: skip
            topics = {
                row.topic_id
                for row in db.session.execute(select(Question.topic_id).where(Question.id.in_(chosen)))
            }
            # The standings earned on the leaves answered; the rest of each row is computed below.
            db.session.execute(
                insert(StoredStanding),
                [{"user_id": learner.id, "course_id": course.id, "node": t, "tier": rng.randint(1, 3),
                  "step": rng.randint(1, 6), "level_sum": 0, "started": 0, "seen": 0, "day_accepted": 0,
                  "day_incorrect": 0, "updated_at": now} for t in topics],
            )  # fmt: skip
            db.session.commit()
        rebuild_all(now, learner)
        print(json.dumps({"course_id": course.id, "question_id": question_ids[0]}))


if __name__ == "__main__":
    main()
