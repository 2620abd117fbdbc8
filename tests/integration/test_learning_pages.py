"""The learning pages without JavaScript: preferences, catalogue, dashboard and the session with
its four tabs — forms that post and redirect, texts of docs/pages.md, real standing on every node."""

from __future__ import annotations

import re

from sqlalchemy import select

from app import db
from app.models import Course, Preferences, Question, Topic
from tests.conftest import SignedIn, csrf_token


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.get_data(as_text=True)


def test_the_preferences_page_has_the_mock_up_fields_and_texts(learner: SignedIn) -> None:
    client = learner.client
    html = page(client, "/preferences")
    for text in (
        "Personnalise ton aventure d'apprentissage ! 🚀",
        "Comment préfères-tu qu'on te parle ? 🗣️",
        "Comme un prof 👨‍🏫", "Comme un pote 🤙", "Avec plein de détails 🔍", "Court et précis ⚡",
        "À quelle vitesse veux-tu apprendre ? 🏃‍♂️",
        "Tranquille, on a le temps 🐢", "Un bon rythme 🚶‍♂️", "À fond les ballons ! 🚀",
        "Comment tu apprends le mieux ? 🧠",
        "Avec des images et des schémas 📊", "En écoutant des explications 🎧",
        "En pratiquant, les mains dans le cambouis 🛠️",
        "Des trucs spéciaux à nous dire ? 🌈", "Dis-nous tout ce qui te passe par la tête !",
        "C'est parti pour l'aventure ! 🎉",
    ):  # fmt: skip
        assert text.replace("'", "&#39;") in html or text in html, f"missing {text!r}"


def test_preferences_are_saved_by_a_plain_post_and_prefilled_after(learner: SignedIn) -> None:
    client, user = learner.client, learner.user
    response = client.post(
        "/preferences",
        data={
            "csrf_token": csrf_token(client, "/preferences"),
            "communication_style": "formal",
            "learning_pace": "slow",
            "learning_style": "kinesthetic",
            "custom_preferences": "J'aime les schémas",
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/courses")
    prefs = db.session.scalar(select(Preferences).where(Preferences.user_id == user.id))
    assert prefs is not None and (prefs.communication_style, prefs.learning_pace) == ("formal", "slow")
    html = page(client, "/courses")
    assert "Woohoo ! Tes préférences sont enregistrées." in html
    form = page(client, "/preferences")
    assert re.search(r'value="formal"[^>]*checked|checked[^>]*value="formal"', form), "prefilled"
    assert "J&#39;aime les schémas" in form


def test_an_unknown_preference_is_refused_with_a_message(learner: SignedIn) -> None:
    client = learner.client
    response = client.post(
        "/preferences",
        data={"csrf_token": csrf_token(client, "/preferences"), "communication_style": "shouting",
              "learning_pace": "slow", "learning_style": "visual"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True) or "choix" in response.get_data(
        as_text=True
    )


def test_the_catalogue_lists_published_courses_and_hides_others_drafts(
    learner: SignedIn, seeded, make_user
) -> None:
    client = learner.client
    writer = make_user("writer")
    db.session.add(Course(slug="secret", title="Cours secret", published=False, author_id=writer.id))
    db.session.commit()
    html = page(client, "/courses")
    assert "Cours d&#39;Astronomie" in html and "Mathématiques" in html
    assert "Cours secret" not in html
    assert client.get("/courses/secret").status_code == 404


def test_the_session_page_shows_the_tree_with_standing_and_four_tabs(learner: SignedIn, astronomy) -> None:
    client = learner.client
    html = page(client, "/courses/astronomie")
    for tab in ("Cours", "Exercices", "Profil", "Ressources"):
        assert f"{tab}</a>" in html or f"{tab} <span" in html, f"tab {tab} missing"
    assert "Système Solaire" in html and "Planètes" in html
    assert html.count("standing-t1-s1") >= 15, "every node shows its (starting) standing"
    assert '<span aria-hidden="true">❓ </span>Planètes<span class="visually-hidden"> (quiz)' in html, (
        "a leaf with a quiz shows ❓, and says 'quiz' to screen readers"
    )
    assert "Correct : 0, Incorrect : 0" in html


def test_a_leaf_opens_its_lesson_and_quiz_without_revealing_answers(learner: SignedIn, astronomy) -> None:
    client = learner.client
    html = page(client, "/courses/astronomie/topics/planetes")
    assert "Combien y a-t-il de planètes dans notre système solaire ?" in html
    assert html.count("Vérifier") >= 3 and "Votre réponse" in html
    quiz = html[html.index('class="card quiz"') : html.index("</section>", html.index('class="card quiz"'))]
    for secret in ("Jupiter", "huit"):
        assert secret not in quiz, f"the quiz must not contain the answer {secret!r}"
    assert not re.search(r"data-(answers?|expected|solution)=", html), "no answer in data attributes"


def test_answering_without_javascript_shows_the_verdict_and_moves_the_standing(
    learner: SignedIn, astronomy
) -> None:
    client = learner.client
    leaf = db.session.scalar(select(Topic).where(Topic.slug == "planetes"))
    assert leaf is not None
    biggest = db.session.scalar(
        select(Question).where(Question.topic_id == leaf.id, Question.prompt.startswith("Quelle est la plus"))
    )
    assert biggest is not None
    token = csrf_token(client, "/courses/astronomie/topics/planetes")
    response = client.post(
        f"/courses/astronomie/questions/{biggest.id}/answer",
        data={"csrf_token": token, f"q{biggest.id}-csrf_token": token, f"q{biggest.id}-answer": "Jupiter"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/courses/astronomie/topics/planetes#question-{biggest.id}")
    html = page(client, "/courses/astronomie/topics/planetes")
    assert "Excellent travail ! Ta réponse est parfaite. Continue comme ça !" in html
    assert f'id="node-{leaf.id}"' in html
    node = html[html.index(f'id="node-{leaf.id}"') - 200 : html.index(f'id="node-{leaf.id}"')]
    assert "standing-t1-s2" in node, "the leaf climbed to step 2 (🙂)"
    assert "Correct : 1, Incorrect : 0" in html


def test_the_dashboard_shows_progress_continue_reviews_and_activity(learner: SignedIn, astronomy) -> None:
    client = learner.client
    html = page(client, "/dashboard")
    assert "Continuer" in html and "Progression par cours" in html
    assert "Pas encore de réponse" in html
    red = db.session.scalar(select(Question).where(Question.prompt.startswith("Quelle planète est connue")))
    assert red is not None
    token = csrf_token(client, "/dashboard")
    client.post(
        "/api/v1/attempts", json={"question_id": red.id, "answer": "Vénus"}, headers={"X-CSRFToken": token}
    )
    html = page(client, "/dashboard")
    assert "Quelle planète est connue sous le nom de planète rouge ?" in html
    assert "❌ Incorrect" in html


def test_the_resources_tab_lists_the_course_items_only(learner: SignedIn, astronomy) -> None:
    client = learner.client
    html = page(client, "/courses/astronomie")
    resources = html[html.index('id="ressources"') :]
    assert "NASA : le Système solaire" in resources, "an item of the course is missing"
    assert "Item1" not in resources, "a site-wide item (no course) is listed among the course's resources"


def test_learning_pages_are_in_english_for_an_english_browser(learner: SignedIn, astronomy) -> None:
    client = learner.client
    html = client.get("/courses/astronomie", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for text in ("Exercises", "Resources", "Course", "Correct: 0, Incorrect: 0"):
        assert text in html, f"missing {text!r} on the English session page"
    prefs = client.get("/preferences", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Customise your learning adventure! 🚀" in prefs
