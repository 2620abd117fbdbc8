"""The JSON endpoints the learning pages call: tree with standing, quiz without answers, answering
with verdict, feedback and new standing, preferences, reviews and progress — one learner's data
only."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from app import db
from app.models import Course, Question, Topic
from tests.conftest import SignedIn, csrf_token


def topic(course: Course, slug: str) -> Topic:
    found = db.session.scalar(select(Topic).where(Topic.course_id == course.id, Topic.slug == slug))
    assert found is not None, f"no topic {slug}"
    return found


def question(course: Course, topic_slug: str, prompt_start: str) -> Question:
    leaf = topic(course, topic_slug)
    found = db.session.scalar(
        select(Question).where(Question.topic_id == leaf.id, Question.prompt.startswith(prompt_start))
    )
    assert found is not None, f"no question starting {prompt_start!r}"
    return found


def answer(client: FlaskClient, question_id: int, text: str, **headers: str) -> Any:
    token = csrf_token(client, "/dashboard")
    return client.post(
        "/api/v1/attempts",
        json={"question_id": question_id, "answer": text},
        headers={"X-CSRFToken": token, **headers},
    )


def test_the_tree_shows_every_node_with_a_starting_standing(learner: SignedIn, astronomy) -> None:
    client = learner.client
    response = client.get(f"/api/v1/courses/{astronomy.id}/tree")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.json
    assert body["course"]["title"] == "Cours d'Astronomie"
    assert [node["title"] for node in body["roots"]] == ["Cours d'Astronomie"]
    solar = next(node for node in body["roots"][0]["children"] if node["title"] == "Système Solaire")
    planets = next(node for node in solar["children"] if node["title"] == "Planètes")
    assert planets["is_leaf"] and planets["has_quiz"]
    assert planets["standing"] == {
        "tier": 1, "step": 1, "level": 1, "tier_name": "Découvreur", "emoji": "😐",
        "tier_emoji": "🔭", "css_class": "standing-t1-s1",
    }  # fmt: skip


def test_the_quiz_never_carries_the_accepted_answers(learner: SignedIn, astronomy) -> None:
    client = learner.client
    planets = topic(astronomy, "planetes")
    response = client.get(f"/api/v1/topics/{planets.id}/quiz")
    assert response.status_code == 200
    questions = response.json["questions"]
    assert [q["prompt"] for q in questions] == [
        "Combien y a-t-il de planètes dans notre système solaire ?",
        "Quelle est la plus grande planète de notre système solaire ?",
        "Quelle planète est connue sous le nom de planète rouge ?",
    ], "a new learner gets the tier-1 questions of the mock-up"
    for item in questions:
        expected = {"id", "topic_id", "kind", "prompt", "prompt_html", "choices", "options", "tier"}
        assert set(item) == expected, item
    assert "answers" not in response.get_data(as_text=True)
    assert "<p>" in response.json["topic"]["lesson_html"], "the lesson comes rendered"


def test_a_right_answer_is_correct_with_kind_feedback_and_climbs_a_step(learner: SignedIn, astronomy) -> None:
    client = learner.client
    biggest = question(astronomy, "planetes", "Quelle est la plus grande")
    response = answer(client, biggest.id, "jupiter")
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.json
    assert body["feedback"]["verdict"] == "correct"
    assert body["feedback"]["message"] == "Excellent travail ! Ta réponse est parfaite. Continue comme ça !"
    leaf = next(s for s in body["standings"] if s["topic_id"] == biggest.topic_id)
    assert (leaf["standing"]["step"], leaf["standing"]["emoji"]) == (2, "🙂")
    assert len(body["standings"]) == 3, "the leaf, Système Solaire and the course root"
    assert body["score"] == {"correct": 1, "incorrect": 0}


def test_a_typo_is_almost_and_shows_the_right_spelling(learner: SignedIn, astronomy) -> None:
    client = learner.client
    biggest = question(astronomy, "planetes", "Quelle est la plus grande")
    body = answer(client, biggest.id, "Jupyter").json
    assert body["feedback"]["verdict"] == "almost"
    assert "« Jupiter »" in body["feedback"]["message"]


def test_a_wrong_answer_shows_the_right_one_and_encourages(learner: SignedIn, astronomy) -> None:
    client = learner.client
    red = question(astronomy, "planetes", "Quelle planète est connue")
    body = answer(client, red.id, "Vénus").json
    assert body["feedback"]["verdict"] == "incorrect"
    assert body["feedback"]["message"].startswith("Bonne tentative ! La réponse correcte est « Mars ».")
    assert body["score"] == {"correct": 0, "incorrect": 1}


def test_another_answer_of_the_same_quiz_is_not_a_typo(learner: SignedIn, astronomy) -> None:
    client = learner.client
    earth_moon = question(astronomy, "lunes", "Quel est le nom de la lune")
    assert answer(client, earth_moon.id, "Saturne").json["feedback"]["verdict"] == "incorrect"


def test_the_formal_style_says_vous_and_the_detailed_style_explains(learner: SignedIn, astronomy) -> None:
    client = learner.client
    red = question(astronomy, "planetes", "Quelle planète est connue")
    token = csrf_token(client, "/dashboard")
    put = client.patch(
        "/api/v1/preferences", json={"communication_style": "formal"}, headers={"X-CSRFToken": token}
    )
    assert put.status_code == 200, put.get_data(as_text=True)
    message = answer(client, red.id, "Vénus").json["feedback"]["message"]
    assert "Ne vous découragez pas" in message, message
    client.patch(
        "/api/v1/preferences", json={"communication_style": "detailed"}, headers={"X-CSRFToken": token}
    )
    detailed = answer(client, red.id, "Vénus").json["feedback"]
    assert detailed["explanation_html"] and "oxyde de fer" in detailed["explanation_html"]
    client.patch(
        "/api/v1/preferences", json={"communication_style": "concise"}, headers={"X-CSRFToken": token}
    )
    assert answer(client, red.id, "Vénus").json["feedback"]["message"] == "C'était « Mars ». Courage !"


def test_feedback_is_in_english_for_an_english_learner(learner: SignedIn, astronomy) -> None:
    client = learner.client
    red = question(astronomy, "planetes", "Quelle planète est connue")
    body = answer(client, red.id, "mars", **{"Accept-Language": "en"}).json
    assert body["feedback"]["message"] == "Excellent work! Your answer is perfect. Keep it up!"


def test_bad_answers_get_a_clear_422_envelope(learner: SignedIn, astronomy) -> None:
    client = learner.client
    red = question(astronomy, "planetes", "Quelle planète est connue")
    token = csrf_token(client, "/dashboard")
    for payload in ({"question_id": red.id, "answer": ""}, {"question_id": red.id}, {"answer": "Mars"},
                    {"question_id": red.id, "answer": "Mars", "verdict": "correct"},
                    {"question_id": red.id, "answer": "x" * 501}):  # fmt: skip
        response = client.post("/api/v1/attempts", json=payload, headers={"X-CSRFToken": token})
        assert response.status_code == 422, (payload, response.status_code)
        assert response.json["error"]["status"] == 422 and response.json["error"]["fields"], response.json


def test_a_draft_course_of_someone_else_is_404(learner: SignedIn, astronomy, make_user) -> None:
    client = learner.client
    writer = make_user("writer")
    draft = Course(slug="brouillon", title="Brouillon", published=False, author_id=writer.id)
    leaf = Topic(course=draft, slug="feuille", title="Feuille", position=0)
    secret = Question(topic=leaf, position=0, prompt="Secret ?", answers=["oui"], tier=1)
    db.session.add_all([draft, leaf, secret])
    db.session.commit()
    assert client.get(f"/api/v1/courses/{draft.id}/tree").status_code == 404
    assert client.get(f"/api/v1/topics/{leaf.id}/quiz").status_code == 404
    assert answer(client, secret.id, "oui").status_code == 404
    assert client.get("/api/v1/courses/999999/tree").status_code == 404


def test_preferences_read_and_update_only_ones_own(learner: SignedIn, other_learner) -> None:
    client = learner.client
    other_client, other = other_learner.client, other_learner.user
    token = csrf_token(client, "/dashboard")
    new = {"communication_style": "concise", "learning_pace": "fast", "learning_style": "auditory",
           "custom_preferences": "Des schémas, SVP"}  # fmt: skip
    response = client.put("/api/v1/preferences", json=new, headers={"X-CSRFToken": token})
    assert response.status_code == 200 and response.json["learning_pace"] == "fast"
    assert client.get("/api/v1/preferences").json["custom_preferences"] == "Des schémas, SVP"
    assert other_client.get("/api/v1/preferences").json["learning_pace"] == "moderate", "untouched"
    bad = client.put(
        "/api/v1/preferences", json={**new, "learning_pace": "warp"}, headers={"X-CSRFToken": token}
    )
    assert bad.status_code == 422 and "learning_pace" in bad.json["error"]["fields"]
    sneaky = client.patch("/api/v1/preferences", json={"user_id": other.id}, headers={"X-CSRFToken": token})
    assert sneaky.status_code == 422


def test_reviews_and_progress_follow_the_answers(learner: SignedIn, astronomy) -> None:
    client = learner.client
    page = client.get(f"/api/v1/reviews?course_id={astronomy.id}").json
    reviews = page["items"]
    assert page["total"] == 10, "moderate pace: 10 new"
    assert len(reviews) == 10 and {r["reason"] for r in reviews} == {"new"}, "moderate pace: 10 new"
    assert all("answers" not in r["question"] for r in reviews)
    red = question(astronomy, "planetes", "Quelle planète est connue")
    answer(client, red.id, "Mars")
    progress = {p["course"]["slug"]: p for p in client.get("/api/v1/progress").json["items"]}
    assert progress["astronomie"]["seen"] == 1 and progress["astronomie"]["questions"] == 77
    assert progress["mathematiques-5e"]["seen"] == 0
    assert client.get("/api/v1/reviews").status_code == 422, "the course is required"


def test_reviews_are_paginated_like_every_list(learner: SignedIn, astronomy) -> None:
    client = learner.client
    whole = client.get(f"/api/v1/reviews?course_id={astronomy.id}").json
    assert (whole["page"], whole["per_page"], whole["total"], whole["pages"]) == (1, 20, 10, 1), whole
    assert whole["links"]["next"] is None and whole["links"]["prev"] is None

    first = client.get(f"/api/v1/reviews?course_id={astronomy.id}&per_page=4").json
    assert (len(first["items"]), first["total"], first["pages"]) == (4, 10, 3), "10 exercises, 4 a page"
    assert first["links"]["prev"] is None
    assert f"course_id={astronomy.id}" in first["links"]["next"], "the next link keeps the course"
    second = client.get(first["links"]["next"]).json
    last = client.get(first["links"]["last"]).json
    assert (second["page"], len(second["items"])) == (2, 4)
    assert (last["page"], len(last["items"]), last["links"]["next"]) == (3, 2, None), (
        "the last page holds the rest"
    )
    walked = [r["question"]["id"] for page in (first, second, last) for r in page["items"]]
    assert walked == [r["question"]["id"] for r in whole["items"]], "the pages walk the session in its order"

    past_the_end = client.get(f"/api/v1/reviews?course_id={astronomy.id}&page=9").json
    assert (past_the_end["items"], past_the_end["total"]) == ([], 10), "past the end: empty, true total"
    refused = client.get(f"/api/v1/reviews?course_id={astronomy.id}&per_page=0")
    assert refused.status_code == 422 and "per_page" in refused.json["error"]["fields"]


def test_anonymous_callers_get_401_on_learning_endpoints(client, astronomy) -> None:
    for url in (f"/api/v1/courses/{astronomy.id}/tree", "/api/v1/preferences", "/api/v1/progress"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json["error"]["status"] == 401


def test_the_answer_history_is_paginated_and_only_ones_own(
    learner: SignedIn, other_learner, astronomy
) -> None:
    client = learner.client
    other_client = other_learner.client
    red = question(astronomy, "planetes", "Quelle planète est connue")
    for text in ("Vénus", "Mars", "mars"):
        answer(client, red.id, text)
    answer(other_client, red.id, "Saturne")
    first = client.get("/api/v1/attempts?per_page=2").json
    assert first["total"] == 3 and len(first["items"]) == 2 and first["links"]["next"]
    assert [item["answer"] for item in first["items"]] == ["mars", "Mars"], "newest first"
    wrong = client.get("/api/v1/attempts?verdict=incorrect").json
    assert [item["answer"] for item in wrong["items"]] == ["Vénus"]
    assert client.get("/api/v1/attempts?page=0").status_code == 422
    assert other_client.get("/api/v1/attempts").json["total"] == 1


def test_progress_is_paginated_like_every_list(learner: SignedIn, astronomy) -> None:
    client = learner.client
    whole = client.get("/api/v1/progress").json
    assert whole["total"] == 2 and whole["pages"] == 1, "the two seeded courses on one page"
    first = client.get("/api/v1/progress?per_page=1").json
    assert [p["course"]["slug"] for p in first["items"]] == [whole["items"][0]["course"]["slug"]]
    assert first["pages"] == 2 and first["links"]["next"] is not None
    second = client.get(first["links"]["next"]).json
    assert [p["course"]["slug"] for p in second["items"]] == [whole["items"][1]["course"]["slug"]]
    assert second["links"]["next"] is None
    assert client.get("/api/v1/progress?per_page=0").status_code == 422
