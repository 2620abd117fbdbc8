"""What each learning style changes on a leaf, decided on the server (app/services/learning_styles.py):
visual learners get the lesson's figures before its text, kinesthetic learners the quiz before the
lesson, auditory learners the lesson as written with the offer to read it aloud."""

from __future__ import annotations

from app.models import LearningStyle
from app.services.learning_styles import LeafOrder, leaf_layout
from app.services.lessons import lesson_parts, render_markdown

DIAGRAM = "/media/" + "a" * 64 + ".png"
PHOTO = "/media/" + "b" * 64 + ".jpg"
IN_TABLE = "/media/" + "c" * 64 + ".png"
LESSON = (
    "Le magma monte par la cheminée.\n\n"
    f'![Schéma d\'un volcan]({DIAGRAM} "Coupe")\n\n'
    f"Une éruption ![Photo de l'Etna]({PHOTO}) impressionne.\n\n"
    f"| Volcan | Image |\n|---|---|\n| Etna | ![Etna]({IN_TABLE}) |\n"
)


def test_a_visual_learner_gets_the_figures_first_in_reading_order_and_not_twice() -> None:
    layout = leaf_layout(LESSON, LearningStyle.VISUAL, has_questions=True)
    assert layout.order is LeafOrder.FIGURES_FIRST
    assert [DIAGRAM in f or PHOTO in f for f in layout.figures] == [True, True], "both, in order"
    assert DIAGRAM in layout.figures[0] and 'alt="Schéma d\'un volcan"' in layout.figures[0]
    assert DIAGRAM not in layout.lesson_html and PHOTO not in layout.lesson_html, "never shown twice"
    assert "Le magma monte par la cheminée." in layout.lesson_html
    assert "Une éruption" in layout.lesson_html and "impressionne." in layout.lesson_html
    assert IN_TABLE in layout.lesson_html, "an image in a table cell stays in its row"


def test_a_paragraph_made_only_of_an_image_leaves_no_empty_paragraph() -> None:
    parts = lesson_parts(f"Avant.\n\n![Schéma]({DIAGRAM})\n\nAprès.")
    assert str(parts.text).count("<p>") == 2 and "<p></p>" not in parts.text


def test_figures_go_through_the_lesson_sanitiser() -> None:
    parts = lesson_parts('![pixel](https://tracker.example/p.gif)\n\n![x](javascript:alert(1) "t")\n\nTexte')
    assert all("tracker.example" not in f and "javascript" not in f for f in parts.figures)
    assert "<script" not in parts.text


def test_an_image_inside_a_link_stays_the_face_of_its_link() -> None:
    parts = lesson_parts(f"[![Voir]({DIAGRAM})](https://example.org)")
    assert parts.figures == () and DIAGRAM in parts.text


def test_a_visual_learner_without_images_keeps_the_ordinary_lesson() -> None:
    layout = leaf_layout("Juste du texte.", LearningStyle.VISUAL, has_questions=True)
    assert layout.order is LeafOrder.LESSON_FIRST and layout.figures == ()
    assert layout.lesson_html == render_markdown("Juste du texte.")


def test_a_kinesthetic_learner_starts_with_practice_when_there_is_a_quiz() -> None:
    assert leaf_layout(LESSON, LearningStyle.KINESTHETIC, has_questions=True).practice_first
    without_quiz = leaf_layout(LESSON, LearningStyle.KINESTHETIC, has_questions=False)
    assert without_quiz.order is LeafOrder.LESSON_FIRST, "nothing to practise: the lesson comes first"
    assert DIAGRAM in without_quiz.lesson_html, "figures stay in the text for non-visual learners"


def test_only_an_auditory_learner_is_offered_reading_aloud_and_keeps_the_lesson_as_written() -> None:
    auditory = leaf_layout(LESSON, LearningStyle.AUDITORY, has_questions=True)
    assert auditory.read_aloud and auditory.order is LeafOrder.LESSON_FIRST
    assert auditory.lesson_html == render_markdown(LESSON)
    for style in (LearningStyle.VISUAL, LearningStyle.KINESTHETIC):
        assert not leaf_layout(LESSON, style, has_questions=True).read_aloud
