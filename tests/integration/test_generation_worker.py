"""Course generations run end to end on a real worker: the site queues the job (API), a huey
consumer thread takes it, writes the course with the local chat-completions stand-in, and the
job's row tells where it stands — done with its draft, failed in plain words, or cancelled in the
middle with nothing saved."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import db
from app.auth.models import Role, TokenScope, User
from app.auth.tokens import create_token
from app.models import Course, Generation, GenerationStatus
from app.services import accounts, generations
from tests.conftest import fresh_app, llm_settings, running_worker, worker_settings
from tests.generated_course import REQUEST, scripted_author
from tests.llm_stand_in import ChatCompletionsStandIn

FINAL = {"done", "failed", "cancelled"}


@pytest.fixture
def site(tmp_path: Path, llm_server: ChatCompletionsStandIn) -> Iterator[Flask]:
    """A site pointed at the stand-in, its jobs on a queue file of this test, served by a worker."""
    settings = worker_settings(tmp_path, **llm_settings(llm_server, LLM_TIMEOUT=2))
    with fresh_app(**settings) as application, running_worker(application):
        yield application


def make_author() -> User:
    user = accounts.register_user("aurore", "aurore@example.com", "une phrase assez longue", verified=True)
    user.role = Role.AUTHOR
    db.session.commit()
    return user


@pytest.fixture
def author(site: Flask) -> User:
    return make_author()


@pytest.fixture
def headers(author: User) -> dict[str, str]:
    _, plaintext = create_token(author, "script", TokenScope.WRITE)
    return {"Authorization": f"Bearer {plaintext}"}


def start(client: FlaskClient, headers: dict[str, str], **changes: Any) -> str:
    response = client.post("/api/v1/generations", json={**REQUEST, **changes}, headers=headers)
    assert response.status_code == 202, response.get_data(as_text=True)
    return str(response.headers["Location"])


def wait_until(
    client: FlaskClient, url: str, headers: dict[str, str], done: Any, timeout: float = 30
) -> dict[str, Any]:
    """Read the job until `done(job)` holds (as a script following it would)."""
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(url, headers=headers).get_json()
        if done(job):
            return job
        assert time.monotonic() < deadline, f"the job did not get there in {timeout} s: {job}"
        time.sleep(0.05)


def courses() -> int:
    db.session.rollback()  # a fresh read of what the worker committed
    return int(db.session.scalar(select(func.count()).select_from(Course)) or 0)


def test_the_worker_writes_the_course_and_the_job_ends_done_with_its_draft(
    site: Flask, llm_server: ChatCompletionsStandIn, author: User, headers: dict[str, str]
) -> None:
    llm_server.default = scripted_author
    client = site.test_client()
    url = start(client, headers)

    job = wait_until(client, url, headers, lambda job: job["status"] in FINAL)

    assert job["status"] == "done", job
    progress = job["progress"]
    assert progress["steps_total"] > 0 and progress["steps_done"] == progress["steps_total"], progress
    assert job["tokens"]["prompt"] > 0 and job["tokens"]["completion"] > 0
    assert job["tokens"]["total"] == job["tokens"]["prompt"] + job["tokens"]["completion"]
    assert job["duration_seconds"] is not None and job["error"] is None
    db.session.rollback()
    course = db.session.get(Course, job["course_id"])
    assert course is not None and course.author_id == author.id and not course.published, "a draft of hers"
    assert job["course_url"] == f"/studio/courses/{course.id}"
    assert len(llm_server.requests) == 1 + 3 * 2, "an outline, then a lesson and questions per leaf"


def test_a_job_cancelled_in_the_middle_stops_between_steps_and_saves_nothing(
    site: Flask, llm_server: ChatCompletionsStandIn, author: User, headers: dict[str, str]
) -> None:
    def slow_author(request: dict[str, Any]) -> str | None:
        time.sleep(0.3)
        return scripted_author(request)

    llm_server.default = slow_author
    client = site.test_client()
    url = start(client, headers, topics=4)
    wait_until(
        client, url, headers, lambda job: job["status"] == "running" and job["progress"]["steps_done"] >= 1
    )

    asked = client.delete(url, headers=headers)
    assert asked.status_code == 200 and asked.get_json()["cancel_requested"] is True

    job = wait_until(client, url, headers, lambda job: job["status"] in FINAL)
    assert job["status"] == "cancelled", job
    assert job["progress"]["steps_done"] < job["progress"]["steps_total"], "it stopped before the end"
    assert job["course_id"] is None and courses() == 0, "nothing half-made is saved"
    assert len(llm_server.requests) < 1 + 4 * 2


def test_a_provider_that_keeps_failing_ends_the_job_failed_in_plain_words(
    site: Flask, llm_server: ChatCompletionsStandIn, author: User, headers: dict[str, str]
) -> None:
    llm_server.default = lambda request: None  # every answer: 500
    client = site.test_client()
    url = start(client, headers)

    job = wait_until(client, url, headers, lambda job: job["status"] in FINAL)

    assert job["status"] == "failed", job
    assert "en panne" in job["error"] and "réessayez plus tard" in job["error"], job["error"]
    assert job["course_id"] is None and courses() == 0


def test_answers_that_are_never_json_end_the_job_failed_and_say_so(
    site: Flask, llm_server: ChatCompletionsStandIn, author: User, headers: dict[str, str]
) -> None:
    llm_server.default = lambda request: "Voici votre cours sur les volcans !"
    client = site.test_client()
    url = start(client, headers)

    job = wait_until(client, url, headers, lambda job: job["status"] in FINAL)

    assert job["status"] == "failed", job
    assert job["error"], "the author is told what went wrong"
    assert courses() == 0


def test_a_model_server_that_is_down_ends_the_job_failed(
    tmp_path: Path, llm_server: ChatCompletionsStandIn
) -> None:
    llm_server.stop()  # nothing listens at its address any more
    settings = worker_settings(tmp_path, **llm_settings(llm_server, LLM_TIMEOUT=1))
    with fresh_app(**settings) as application, running_worker(application):
        user = make_author()
        _, plaintext = create_token(user, "script", TokenScope.WRITE)
        headers = {"Authorization": f"Bearer {plaintext}"}
        client = application.test_client()
        url = start(client, headers)

        job = wait_until(client, url, headers, lambda job: job["status"] in FINAL)

        assert job["status"] == "failed", job
        assert job["error"] and courses() == 0


def test_a_job_cancelled_before_a_worker_takes_it_is_not_run(
    tmp_path: Path, llm_server: ChatCompletionsStandIn
) -> None:
    with fresh_app(**worker_settings(tmp_path, **llm_settings(llm_server))) as application:
        user = make_author()
        job = generations.start_generation(user, REQUEST)
        generations.cancel_generation(job)

        with running_worker(application):
            deadline = time.monotonic() + 5
            while application.extensions["jobs"].huey.pending_count() and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.2)  # the worker took the task and read the row

        db.session.rollback()
        stored = db.session.get(Generation, job.id)
        assert stored is not None and stored.status is GenerationStatus.CANCELLED
        assert stored.started_at is None and llm_server.requests == [], "the model was never asked"


def test_the_job_speaks_its_authors_language(
    site: Flask, llm_server: ChatCompletionsStandIn, author: User, headers: dict[str, str]
) -> None:
    author.locale = "en"
    db.session.commit()
    llm_server.default = lambda request: None  # every answer: 500
    client = site.test_client()

    job = wait_until(client, start(client, headers), headers, lambda job: job["status"] in FINAL)

    assert job["status"] == "failed"
    assert job["progress"]["current_step"] == "Failed.", job["progress"]
    assert "Rien n'a été enregistré" not in job["error"], f"the reason is in English: {job['error']}"
