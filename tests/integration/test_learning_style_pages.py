"""The learning style of the preferences changes the leaf page, without JavaScript and through the
quiz API the page script uses: figures first for visual learners, the quiz first for kinesthetic
learners (the lesson one click away, in a disclosure), and the marks the script needs to offer
"Écouter" to auditory learners (the button itself is made by the script, only where the browser
can speak)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import db
from app.models import Topic
from app.services.preferences import update_preferences
from tests.conftest import SignedIn

DIAGRAM = "/media/" + "d" * 64 + ".png"
LEAF = "/courses/astronomie/topics/planetes"


@pytest.fixture
def illustrated_leaf(astronomy: object) -> Topic:
    """The Planètes leaf of the seeded course, with a diagram in the middle of its lesson."""
    leaf = db.session.scalar(select(Topic).where(Topic.slug == "planetes"))
    assert leaf is not None
    leaf.lesson = (
        f"Les planètes tournent autour du Soleil.\n\n![Schéma des orbites]({DIAGRAM})\n\nFin de la leçon."
    )
    db.session.commit()
    return leaf


def leaf_page(learner: SignedIn, style: str) -> str:
    update_preferences(learner.user, learning_style=style)
    response = learner.client.get(LEAF)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_visual_learner_sees_the_diagram_before_the_lesson_text(
    learner: SignedIn, illustrated_leaf: Topic
) -> None:
    html = leaf_page(learner, "visual")
    assert 'data-layout="figures-first"' in html
    figure, text = html.index(DIAGRAM), html.index("Les planètes tournent autour du Soleil.")
    assert figure < text, "the diagram comes before the lesson's text"
    assert html.count(DIAGRAM) == 1, "the diagram is shown once, not also in the text"
    assert '<figure class="lesson-figure"><img src="' + DIAGRAM in html
    assert text < html.index('class="card quiz"'), "then the quiz, as usual"


def test_other_styles_keep_the_diagram_where_the_author_put_it(
    learner: SignedIn, illustrated_leaf: Topic
) -> None:
    html = leaf_page(learner, "auditory")
    assert html.index("Les planètes tournent") < html.index(DIAGRAM) < html.index("Fin de la leçon.")


def test_a_kinesthetic_learner_starts_with_the_quiz_and_the_lesson_is_one_click_away(
    learner: SignedIn, illustrated_leaf: Topic
) -> None:
    html = leaf_page(learner, "kinesthetic")
    quiz = html.index('class="card quiz"')
    assert 'data-layout="practice-first"' in html
    assert html.index("Tu apprends en pratiquant : commence par le quiz") < quiz
    disclosure = html.index('<details class="lesson-disclosure">')
    assert quiz < disclosure < html.index("Les planètes tournent autour du Soleil."), (
        "the quiz first, then the lesson inside a closed disclosure"
    )
    assert "<summary>Lire la leçon</summary>" in html
    assert '<details class="lesson-disclosure" open' not in html, "the lesson waits for one click"


def test_an_auditory_learner_page_carries_what_the_reading_script_needs(
    learner: SignedIn, illustrated_leaf: Topic
) -> None:
    html = leaf_page(learner, "auditory")
    assert 'data-read-aloud="true"' in html and 'data-listen-label="Écouter"' in html
    assert 'data-course-language="fr"' in html
    assert 'data-speak data-speak-what="la leçon"' in html
    assert html.count('data-speak data-speak-what="la question"') >= 3, "each question can be read"
    assert '<div class="lesson-text" lang="fr">' in html and '<div class="question-prompt" lang="fr">' in html
    assert "listen-button" not in html, "the button is made by the script, only where speech exists"


def test_no_other_style_is_offered_reading_aloud(learner: SignedIn, illustrated_leaf: Topic) -> None:
    for style in ("visual", "kinesthetic"):
        assert "data-read-aloud" not in leaf_page(learner, style)


def test_the_quiz_api_gives_the_script_the_same_layout(learner: SignedIn, illustrated_leaf: Topic) -> None:
    expected = {"visual": "figures-first", "kinesthetic": "practice-first", "auditory": "lesson-first"}
    for style, order in expected.items():
        update_preferences(learner.user, learning_style=style)
        body = learner.client.get(f"/api/v1/topics/{illustrated_leaf.id}/quiz").get_json()
        layout = body["layout"]
        assert layout["order"] == order, f"{style}: {layout['order']}"
        assert layout["read_aloud"] is (style == "auditory")
        if style == "visual":
            assert len(layout["figures_html"]) == 1 and DIAGRAM in layout["figures_html"][0]
            assert DIAGRAM not in layout["lesson_html"]
        else:
            assert layout["figures_html"] == [] and DIAGRAM in layout["lesson_html"]
        assert DIAGRAM in body["topic"]["lesson_html"], "the whole lesson is still there for other clients"
