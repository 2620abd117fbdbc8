"""The lesson editor: Markdown saved, previewed without JavaScript (the "Prévisualiser" button
re-renders the page) and with it (a JSON endpoint), both through the learners' sanitiser."""

from __future__ import annotations

from app import db
from tests.conftest import AuthActions, SignedIn, csrf_token
from tests.integration.studio_steps import course_with_question, leaf_of, page_text, post

DIGEST = "ab" * 32
LESSON = (
    "## Mars\n\n**Rouge** à cause de la rouille.\n\n<script>alert(1)</script>\n\n"
    f"![Mars](/media/{DIGEST}.png) ![pisteur](https://tracker.example/pixel.gif)"
)


def test_the_preview_button_shows_the_lesson_as_learners_will_see_it_without_saving(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    leaf = leaf_of(course_with_question(aurore))
    response = post(
        client, f"/studio/topics/{leaf.id}", {"title": "Planètes", "lesson": LESSON, "preview": "1"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    preview = page.split('id="lesson-preview"')[1].split("</section>")[0]
    assert "<h2>Mars</h2>" in preview and "<strong>Rouge</strong>" in preview
    assert "<script>" not in preview, "raw HTML is never rendered"
    assert f'<img src="/media/{DIGEST}.png" alt="Mars">' in preview, "course images are allowed"
    assert "tracker.example" not in preview, "an image from elsewhere loses its source"
    assert "## Mars" in page, "what was typed stays in the textarea"
    db.session.refresh(leaf)
    assert leaf.lesson == "", "previewing saves nothing"


def test_the_live_preview_answers_json_with_the_same_html(author: SignedIn) -> None:
    client = author.client
    response = AuthActions(client).post_json("/studio/preview", {"markdown": LESSON})
    assert response.status_code == 200
    html = response.get_json()["html"]
    assert "<strong>Rouge</strong>" in html and "<script>" not in html
    assert f'src="/media/{DIGEST}.png"' in html and "tracker.example" not in html
    wrong = client.post(
        "/studio/preview",
        json={"markdown": 3},
        headers={"X-CSRFToken": csrf_token(client), "Accept": "application/json"},
    )
    assert wrong.status_code == 422
    assert wrong.get_json()["error"]["fields"] == {"markdown": ["Texte Markdown attendu."]}


def test_saving_the_lesson_shows_it_to_learners(author: SignedIn, learner: SignedIn) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore, published=True)
    leaf = leaf_of(course)
    response = post(client, f"/studio/topics/{leaf.id}", {"title": "Planètes", "lesson": LESSON, "save": ""})
    assert response.status_code == 302
    assert "Leçon enregistrée." in page_text(client.get(response.headers["Location"]))
    reader = learner.client
    page = page_text(reader.get(f"/courses/{course.slug}/topics/{leaf.slug}"))
    assert "<strong>Rouge</strong>" in page and f'src="/media/{DIGEST}.png"' in page


def test_an_empty_title_is_shown_beside_the_field(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    leaf = leaf_of(course_with_question(aurore))
    response = post(client, f"/studio/topics/{leaf.id}", {"title": "", "lesson": "x"})
    assert response.status_code == 422
    assert '<ul class="field-errors" id="title-errors">' in page_text(response)
