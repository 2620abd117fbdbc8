"""`/api/v1/generations`: starting a course generation (202 and its URL), reading it, listing one's
own, cancelling it, and every refusal — invalid fields, someone else's job, the wrong role, no
model configured, too many in an hour. The jobs here wait on the application's in-memory queue;
tests/integration/test_generation_worker.py runs them on a real worker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import db
from app.auth.models import Role, User
from app.auth.tokens import create_token
from app.jobs import job_queue
from app.models import Course, Generation, GenerationStatus, TokenScope
from app.types import utcnow
from tests.conftest import PASSWORD, fresh_app
from tests.generated_course import REQUEST, add_generation

Bearer = Callable[..., dict[str, str]]

STAND_IN_URL = "http://127.0.0.1:9/v1"  # never called here: the jobs only wait on the queue


@pytest.fixture
def model_configured(app: Flask) -> Iterator[None]:
    """The site has a language model (the jobs are queued, not run); the queue is emptied after."""
    app.config["LLM_BASE_URL"] = STAND_IN_URL
    yield
    job_queue(app).huey.flush()


@pytest.fixture
def author(make_user: Callable[..., User]) -> User:
    return make_user("aurore", role=Role.AUTHOR)


def test_an_author_starts_a_generation_and_gets_202_with_the_job_and_its_url(
    app: Flask, client: FlaskClient, author: User, bearer: Bearer, model_configured: None
) -> None:
    response = client.post("/api/v1/generations", json=REQUEST, headers=bearer(author))

    assert response.status_code == 202, response.get_data(as_text=True)
    job = response.get_json()
    assert response.headers["Location"] == job["url"] == f"/api/v1/generations/{job['id']}"
    assert job["page"] == f"/studio/generations/{job['id']}", "the job links its page in the studio"
    assert job["status"] == "queued"
    assert (job["subject"], job["level"], job["topics"], job["questions_per_topic"]) == (
        "Les volcans",
        "élèves de 5e",
        3,
        2,
    )
    assert job["progress"] == {"steps_done": 0, "steps_total": 0, "current_step": "En attente d'un worker…"}
    assert job["tokens"] == {"prompt": 0, "completion": 0, "total": 0}
    assert job["duration_seconds"] is None and job["course_id"] is None and job["error"] is None
    assert job_queue(app).huey.pending_count() == 1, "the job was put on the queue for a worker"


def test_the_source_text_is_kept_with_the_request(
    client: FlaskClient, author: User, bearer: Bearer, model_configured: None
) -> None:
    body = {**REQUEST, "source_text": "Un volcan est une ouverture de la croûte terrestre."}
    job = client.post("/api/v1/generations", json=body, headers=bearer(author)).get_json()

    stored = db.session.get(Generation, job["id"])
    assert stored is not None and stored.source_text == body["source_text"]


def test_missing_and_invalid_fields_answer_422_naming_each_field(
    client: FlaskClient, author: User, bearer: Bearer, model_configured: None
) -> None:
    headers = bearer(author)
    empty = client.post("/api/v1/generations", json={}, headers=headers)
    assert empty.status_code == 422
    assert set(empty.get_json()["error"]["fields"]) == {
        "subject",
        "language",
        "topics",
        "questions_per_topic",
    }

    wrong = {**REQUEST, "subject": "x", "language": "de", "topics": 0, "questions_per_topic": 99}
    fields = client.post("/api/v1/generations", json=wrong, headers=headers).get_json()["error"]["fields"]
    assert set(fields) == {"subject", "language", "topics", "questions_per_topic"}, fields

    unknown = client.post("/api/v1/generations", json={**REQUEST, "course_id": 1}, headers=headers)
    assert unknown.status_code == 422 and "course_id" in unknown.get_json()["error"]["fields"]
    assert db.session.query(Generation).count() == 0, "nothing is stored for a refused request"


def test_without_a_model_starting_answers_503_generation_disabled_saying_how_to_enable_it(
    client: FlaskClient, author: User, bearer: Bearer
) -> None:
    response = client.post("/api/v1/generations", json=REQUEST, headers=bearer(author))

    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "generation_disabled"
    assert "LLM_BASE_URL" in error["message"] and "learnanything worker" in error["message"]
    assert db.session.query(Generation).count() == 0


def test_anonymous_callers_get_401_and_learners_403(
    client: FlaskClient, make_user: Callable[..., User], bearer: Bearer, model_configured: None
) -> None:
    assert client.post("/api/v1/generations", json=REQUEST).status_code == 401
    assert client.get("/api/v1/generations").status_code == 401

    learner = bearer(make_user("lea", role=Role.LEARNER))
    refused = client.post("/api/v1/generations", json=REQUEST, headers=learner)
    assert refused.status_code == 403, "writing courses with the model is for authors"
    assert client.get("/api/v1/generations", headers=learner).status_code == 403


def test_someone_elses_generation_answers_404_even_to_an_admin(
    client: FlaskClient, author: User, make_user: Callable[..., User], bearer: Bearer
) -> None:
    job = add_generation(author)
    for caller in (make_user("autrice", role=Role.AUTHOR), make_user("ada", role=Role.ADMIN)):
        headers = bearer(caller)
        assert client.get(f"/api/v1/generations/{job.id}", headers=headers).status_code == 404
        assert client.delete(f"/api/v1/generations/{job.id}", headers=headers).status_code == 404
        listed = client.get("/api/v1/generations", headers=headers).get_json()
        assert listed["total"] == 0, "nobody lists another person's jobs"
    assert client.get("/api/v1/generations/999999", headers=bearer(author)).status_code == 404


def test_the_list_holds_ones_own_jobs_newest_first_a_page_at_a_time(
    client: FlaskClient, author: User, make_user: Callable[..., User], bearer: Bearer
) -> None:
    first = add_generation(author, created_at=utcnow() - timedelta(hours=1))
    second = add_generation(author, status=GenerationStatus.DONE)
    add_generation(make_user("autrice", role=Role.AUTHOR))
    headers = bearer(author)

    page = client.get("/api/v1/generations?per_page=1", headers=headers).get_json()
    assert [job["id"] for job in page["items"]] == [second.id]
    assert (page["total"], page["pages"]) == (2, 2)
    assert page["links"]["next"] is not None
    done = client.get("/api/v1/generations?status=done", headers=headers).get_json()
    assert [job["id"] for job in done["items"]] == [second.id]
    everything = client.get("/api/v1/generations", headers=headers).get_json()
    assert [job["id"] for job in everything["items"]] == [second.id, first.id]


def test_a_finished_job_shows_its_tokens_duration_and_draft_course(
    client: FlaskClient, author: User, bearer: Bearer
) -> None:
    course = Course(slug="les-volcans", title="Les volcans", author_id=author.id)
    db.session.add(course)
    db.session.flush()
    started = utcnow() - timedelta(seconds=125)
    job = add_generation(
        author,
        status=GenerationStatus.DONE,
        steps_done=7,
        steps_total=7,
        current_step="Terminé.",
        prompt_tokens=1200,
        completion_tokens=800,
        started_at=started,
        finished_at=started + timedelta(seconds=95),
        course_id=course.id,
    )

    document = client.get(f"/api/v1/generations/{job.id}", headers=bearer(author)).get_json()

    assert document["status"] == "done"
    assert document["progress"] == {"steps_done": 7, "steps_total": 7, "current_step": "Terminé."}
    assert document["tokens"] == {"prompt": 1200, "completion": 800, "total": 2000}
    assert document["duration_seconds"] == 95
    assert document["course_id"] == course.id
    assert document["course_url"] == f"/studio/courses/{course.id}"


def test_a_failed_job_says_what_went_wrong(client: FlaskClient, author: User, bearer: Bearer) -> None:
    job = add_generation(author, status=GenerationStatus.FAILED, error="Le modèle ne répond pas.")

    document = client.get(f"/api/v1/generations/{job.id}", headers=bearer(author)).get_json()

    assert (document["status"], document["error"], document["course_url"]) == (
        "failed",
        "Le modèle ne répond pas.",
        None,
    )


def test_cancelling_a_queued_job_cancels_it_at_once(
    client: FlaskClient, author: User, bearer: Bearer, model_configured: None
) -> None:
    headers = bearer(author)
    job = client.post("/api/v1/generations", json=REQUEST, headers=headers).get_json()

    response = client.delete(job["url"], headers=headers)

    assert response.status_code == 200
    assert response.get_json()["status"] == "cancelled"
    assert response.get_json()["finished_at"] is not None
    assert client.get(job["url"], headers=headers).get_json()["status"] == "cancelled"


def test_cancelling_a_running_job_asks_the_worker_to_stop(
    client: FlaskClient, author: User, bearer: Bearer
) -> None:
    job = add_generation(author, status=GenerationStatus.RUNNING, started_at=utcnow())

    response = client.delete(f"/api/v1/generations/{job.id}", headers=bearer(author))

    assert response.status_code == 200
    document = response.get_json()
    assert (document["status"], document["cancel_requested"]) == ("running", True)
    assert document["duration_seconds"] is not None, "a running job shows its time so far"


def test_a_finished_job_cannot_be_cancelled(client: FlaskClient, author: User, bearer: Bearer) -> None:
    job = add_generation(author, status=GenerationStatus.DONE)

    response = client.delete(f"/api/v1/generations/{job.id}", headers=bearer(author))

    assert response.status_code == 409
    assert response.get_json()["error"]["message"] == "Cette génération est déjà terminée."


def test_a_read_only_token_cannot_start_or_cancel(
    client: FlaskClient, author: User, bearer: Bearer, model_configured: None
) -> None:
    job = add_generation(author)
    headers = bearer(author, "read")
    assert client.post("/api/v1/generations", json=REQUEST, headers=headers).status_code == 403
    assert client.delete(f"/api/v1/generations/{job.id}", headers=headers).status_code == 403
    assert client.get(f"/api/v1/generations/{job.id}", headers=headers).status_code == 200


def test_each_person_may_start_only_so_many_generations_an_hour() -> None:
    with fresh_app(
        RATELIMIT_ENABLED=True, RATELIMIT_GENERATION="2 per hour", LLM_BASE_URL=STAND_IN_URL
    ) as application:
        from app.services import accounts

        client = application.test_client()
        tokens = {}
        for name in ("aurore", "autrice"):
            user = accounts.register_user(
                name, f"{name}@example.com", "une phrase assez longue", verified=True
            )
            user.role = Role.AUTHOR
            db.session.commit()
            _, plaintext = create_token(user, "script", TokenScope.WRITE)
            tokens[name] = {"Authorization": f"Bearer {plaintext}"}

        mistake = client.post("/api/v1/generations", json={}, headers=tokens["aurore"])
        assert mistake.status_code == 422, "a refused request spends nothing"
        statuses = [
            client.post("/api/v1/generations", json=REQUEST, headers=tokens["aurore"]).status_code
            for _ in range(3)
        ]
        assert statuses == [202, 202, 429], statuses
        third = client.post("/api/v1/generations", json=REQUEST, headers=tokens["aurore"])
        assert third.get_json()["error"]["status"] == 429 and "Retry-After" in third.headers
        other = client.post("/api/v1/generations", json=REQUEST, headers=tokens["autrice"])
        assert other.status_code == 202, "the limit is per person"
        job_queue(application).huey.flush()


def test_ones_generations_are_exported_and_deleted_with_the_account(
    client: FlaskClient, author: User, bearer: Bearer
) -> None:
    job = add_generation(author, source_text="Mes notes sur les volcans.", prompt_tokens=40)
    headers = bearer(author)

    export = client.get("/api/v1/me/export", headers=headers).get_json()
    exported = export["generations"]
    assert [row["id"] for row in exported] == [job.id]
    assert (
        exported[0]["subject"] == "Les volcans" and exported[0]["source_text"] == "Mes notes sur les volcans."
    )
    assert exported[0]["status"] == "queued" and exported[0]["prompt_tokens"] == 40

    assert client.delete("/api/v1/me", json={"password": PASSWORD}, headers=headers).status_code == 204
    assert db.session.query(Generation).count() == 0, "the account's generations went with it"
