"""The studio's "Générer un cours" page and a generation's job page, as an author sees them without
JavaScript: the form and its errors, the explanation when no model is configured, the job's
progress, cancel, its draft or its failure; and the admins' totals."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from app import db
from app.jobs import job_queue
from app.models import Course, Generation, GenerationStatus
from app.types import utcnow
from tests.conftest import SignedIn, csrf_token
from tests.generated_course import add_generation

FORM = {
    "subject": "Les volcans",
    "level": "élèves de 5e",
    "language": "fr",
    "topics": "3",
    "questions_per_topic": "2",
}


@pytest.fixture
def model_configured(app: Flask) -> Iterator[None]:
    """A language model is configured (jobs wait on the in-memory queue); the queue is emptied after."""
    app.config["LLM_BASE_URL"] = "http://127.0.0.1:9/v1"
    yield
    job_queue(app).huey.flush()


def _post_form(person: SignedIn, data: dict[str, Any], **kwargs: Any) -> Any:
    token = csrf_token(person.client, "/studio/generate")
    return person.client.post("/studio/generate", data={"csrf_token": token, **data}, **kwargs)


def test_the_studio_offers_generate_a_course_to_authors_only(author: SignedIn, learner: SignedIn) -> None:
    assert "Générer un cours" in author.client.get("/studio/").get_data(as_text=True)
    assert "Générer un cours" not in learner.client.get("/studio/").get_data(as_text=True)
    assert learner.client.get("/studio/generate").status_code == 403


def test_without_a_model_the_page_explains_how_to_enable_it_and_the_form_is_disabled(
    author: SignedIn,
) -> None:
    page = author.client.get("/studio/generate")
    html = page.get_data(as_text=True)

    assert page.status_code == 200
    assert "La génération n'est pas activée" in html
    assert "LLM_BASE_URL" in html and "LLM_MODEL" in html and "learnanything worker" in html
    assert '<fieldset class="plain-fieldset" disabled>' in html, "the form cannot be sent"

    sent = _post_form(author, FORM)
    assert sent.status_code == 503
    assert "LLM_BASE_URL" in sent.get_data(as_text=True)
    assert db.session.query(Generation).count() == 0


def test_the_form_shows_each_mistake_beside_its_field(author: SignedIn, model_configured: None) -> None:
    page = _post_form(author, {**FORM, "subject": "", "topics": "0", "questions_per_topic": "40"})
    html = page.get_data(as_text=True)

    assert page.status_code == 422
    assert 'id="subject-errors"' in html and 'id="topics-errors"' in html
    assert 'id="questions_per_topic-errors"' in html
    assert "Les volcans" not in html.split("Mes générations récentes")[1], "nothing was started"
    assert db.session.query(Generation).count() == 0


def test_a_source_file_of_another_kind_is_refused(author: SignedIn, model_configured: None) -> None:
    upload = (io.BytesIO(b"PK\x03\x04"), "notes.docx")
    page = _post_form(author, {**FORM, "source_file": upload}, content_type="multipart/form-data")

    assert page.status_code == 422
    assert "Un fichier .txt, .md ou .pdf." in page.get_data(as_text=True)


def test_an_uploaded_document_becomes_the_source_of_the_course(
    author: SignedIn, model_configured: None
) -> None:
    notes = "# Les volcans\n\nUn volcan est une ouverture de la croûte terrestre.\n".encode()
    upload = (io.BytesIO(notes), "mes-notes.md")
    sent = _post_form(author, {**FORM, "source_file": upload}, content_type="multipart/form-data")

    assert sent.status_code == 302, sent.get_data(as_text=True)
    job = db.session.query(Generation).one()
    assert job.source_name == "mes-notes.md"
    assert job.source_text is not None and "ouverture de la croûte terrestre" in job.source_text
    assert "mes-notes.md" in author.client.get(sent.headers["Location"]).get_data(as_text=True)


def test_starting_a_generation_leads_to_its_page_which_follows_the_job(
    author: SignedIn, model_configured: None
) -> None:
    sent = _post_form(author, {**FORM, "source_text": "Un volcan est une ouverture de la croûte."})
    assert sent.status_code == 302
    job = db.session.query(Generation).one()
    assert sent.headers["Location"] == f"/studio/generations/{job.id}"
    assert job.source_text == "Un volcan est une ouverture de la croûte."

    html = author.client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Génération : Les volcans" in html
    assert "En attente" in html and "0 / ?" in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html, "refreshes without JS"
    assert "Annuler la génération" in html and "Actualiser" in html
    assert 'src="/static/js/generation.js' in html or "js/generation." in html
    assert f'data-generation="/api/v1/generations/{job.id}"' in html

    listing = author.client.get("/studio/generate").get_data(as_text=True)
    assert f'href="/studio/generations/{job.id}">Les volcans</a>' in listing, "listed as a recent one"


def test_a_running_job_shows_its_steps_tokens_and_time(author: SignedIn) -> None:
    job = add_generation(
        author.user,
        status=GenerationStatus.RUNNING,
        steps_done=2,
        steps_total=7,
        current_step="Leçon 2 sur 3 : Les éruptions",
        prompt_tokens=900,
        completion_tokens=300,
        started_at=utcnow() - timedelta(seconds=75),
    )

    html = author.client.get(f"/studio/generations/{job.id}").get_data(as_text=True)

    assert "En cours" in html and "2 / 7" in html
    assert "Leçon 2 sur 3 : Les éruptions" in html
    assert ">1200<" in html, "tokens used so far"
    assert "1 min 1" in html, "elapsed time"


def test_cancelling_from_the_page_stops_a_queued_job(author: SignedIn, model_configured: None) -> None:
    job_url = _post_form(author, FORM).headers["Location"]
    token = csrf_token(author.client, job_url)

    response = author.client.post(f"{job_url}/cancel", data={"csrf_token": token}, follow_redirects=True)
    html = response.get_data(as_text=True)

    assert "Annulation demandée." in html
    assert "Annulée" in html and "rien n'a été enregistré" in html
    assert "Annuler la génération" not in html and "http-equiv" not in html, "a finished job stops refreshing"


def test_a_finished_job_links_its_draft_and_a_failed_one_says_why(author: SignedIn) -> None:
    course = Course(slug="les-volcans", title="Les volcans", author_id=author.user.id)
    db.session.add(course)
    db.session.flush()
    done = add_generation(author.user, status=GenerationStatus.DONE, course_id=course.id)
    failed = add_generation(
        author.user, status=GenerationStatus.FAILED, error="Le modèle ne répond pas : réessayez plus tard."
    )

    done_html = author.client.get(f"/studio/generations/{done.id}").get_data(as_text=True)
    assert "Ouvrir le brouillon dans le studio" in done_html
    assert f'href="/studio/courses/{course.id}"' in done_html

    failed_html = author.client.get(f"/studio/generations/{failed.id}").get_data(as_text=True)
    assert "Échouée" in failed_html
    assert "Le modèle ne répond pas : réessayez plus tard." in failed_html
    assert "Rien n'a été enregistré" in failed_html


def test_someone_elses_job_page_is_not_found(
    author: SignedIn, other_learner: SignedIn, admin: SignedIn
) -> None:
    job = add_generation(author.user)
    assert other_learner.client.get(f"/studio/generations/{job.id}").status_code == 404
    assert admin.client.get(f"/studio/generations/{job.id}").status_code == 404
    token = csrf_token(admin.client)
    cancel = admin.client.post(f"/studio/generations/{job.id}/cancel", data={"csrf_token": token})
    assert cancel.status_code == 404
    assert db.session.get(Generation, job.id).status is GenerationStatus.QUEUED  # type: ignore[union-attr]


def test_admins_see_what_the_generations_cost(author: SignedIn, admin: SignedIn) -> None:
    start = utcnow() - timedelta(minutes=10)
    add_generation(
        author.user,
        status=GenerationStatus.DONE,
        prompt_tokens=1000,
        completion_tokens=500,
        started_at=start,
        finished_at=start + timedelta(seconds=90),
    )
    add_generation(
        author.user,
        status=GenerationStatus.FAILED,
        prompt_tokens=200,
        completion_tokens=0,
        started_at=start,
        finished_at=start + timedelta(seconds=30),
    )

    html = admin.client.get("/admin/generations").get_data(as_text=True)

    assert "Générations demandées</th><td>2<" in html
    assert "Jetons en tout</th><td>1700<" in html
    assert "Durée totale</th><td>2 min 00 s<" in html
    assert "Durée moyenne d'une génération</th><td>1 min 00 s<" in html
    assert author.client.get("/admin/generations").status_code == 403
