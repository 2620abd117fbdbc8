"""The studio's "Importer un fichier" page: a preview that writes nothing (counts per topic, every
problem with its line), then an import that is all or nothing; publishing needs the author role."""

from __future__ import annotations

import io
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import db
from app.models import Course, Question
from tests.conftest import SignedIn, csrf_token
from tests.integration.studio_steps import page_text

BANK = Path(__file__).resolve().parents[2] / "data" / "sample-bank"
MALFORMED = Path(__file__).resolve().parents[1] / "data" / "course_files" / "malformed.gift"


def send(client: FlaskClient, data: bytes, filename: str, *, confirm: bool, publish: bool = False) -> object:
    """Submit the import form as the page does (multipart, CSRF token, the chosen button)."""
    form: dict[str, object] = {
        "csrf_token": csrf_token(client, "/studio/import"),
        "file": (io.BytesIO(data), filename),
        "format": "auto",
    }
    if publish:
        form["publish"] = "y"
    if confirm:
        form["confirm"] = "1"
    return client.post("/studio/import", data=form, content_type="multipart/form-data")


def counts() -> tuple[int, int]:
    """How many courses and questions the database holds."""
    return (
        db.session.scalar(select(func.count(Course.id))) or 0,
        db.session.scalar(select(func.count(Question.id))) or 0,
    )


def test_the_studio_links_to_the_import_page(learner: SignedIn) -> None:
    client = learner.client
    assert 'href="/studio/import"' in page_text(client.get("/studio/"))


def test_the_page_shows_the_upload_form(learner: SignedIn) -> None:
    client = learner.client
    page = page_text(client.get("/studio/import"))
    assert 'name="file"' in page and 'name="format"' in page and 'name="publish"' in page


def test_the_preview_shows_the_counts_per_topic_and_writes_nothing(learner: SignedIn) -> None:
    client = learner.client
    before = counts()
    response = send(client, (BANK / "sample.gift").read_bytes(), "sample.gift", confirm=False)
    page = page_text(response)
    assert response.status_code == 200, page  # type: ignore[attr-defined]
    assert "Aperçu" in page and "21 questions" in page, "the preview counts the bank's questions"
    assert "<td>" in page, "each leaf is listed with its count"
    assert counts() == before, "a preview writes nothing"


def test_importing_creates_a_private_draft_and_opens_it_in_the_studio(learner: SignedIn) -> None:
    client, user = learner.client, learner.user
    response = send(client, (BANK / "sample.gift").read_bytes(), "sample.gift", confirm=True)
    assert response.status_code == 302  # type: ignore[attr-defined]
    course = db.session.scalars(select(Course).order_by(Course.id.desc())).first()
    assert course is not None and course.author_id == user.id and not course.published
    assert response.headers["Location"].endswith(f"/studio/courses/{course.id}")  # type: ignore[attr-defined]
    assert (
        db.session.scalar(
            select(func.count(Question.id))
            .join(Question.topic)
            .where(Question.topic.has(course_id=course.id))
        )
        == 21
    )


def test_a_malformed_file_lists_every_problem_with_its_line_and_imports_nothing(learner: SignedIn) -> None:
    client = learner.client
    before = counts()
    response = send(client, MALFORMED.read_bytes(), "malformed.gift", confirm=True)
    page = page_text(response)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "rien n'a été importé" in page
    assert "ligne 3 :" in page and "ligne 21 :" in page, "each problem names its line"
    assert counts() == before, "one bad question: nothing is written"


def test_a_learner_cannot_publish_an_import(learner: SignedIn) -> None:
    client = learner.client
    before = counts()
    response = send(client, (BANK / "sample.gift").read_bytes(), "sample.gift", confirm=True, publish=True)
    assert "Seuls les auteurs peuvent publier un cours." in page_text(response)
    assert counts() == before


def test_an_author_imports_and_publishes_at_once(author: SignedIn) -> None:
    client = author.client
    response = send(client, (BANK / "sample.csv").read_bytes(), "sample.csv", confirm=True, publish=True)
    assert response.status_code == 302  # type: ignore[attr-defined]
    course = db.session.scalars(select(Course).order_by(Course.id.desc())).first()
    assert course is not None and course.published
