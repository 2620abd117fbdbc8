"""The background-job queue: JOB_QUEUE_URL picks SQLite (the default, no server), Redis or memory;
the worker commands serve it until stopped; a generation runs on a Redis queue as on SQLite."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from flask import Flask
from huey import MemoryHuey, RedisHuey, SqliteHuey

from app import db
from app.auth.models import Role, TokenScope, User
from app.auth.tokens import create_token
from app.config import Config
from app.jobs import huey_for, job_queue, queue_label
from app.models import Generation, GenerationStatus
from app.services import accounts, generations
from tests.conftest import fresh_app, llm_settings, running_worker, worker_settings
from tests.generated_course import scripted_author
from tests.llm_stand_in import ChatCompletionsStandIn

REDIS_QUEUE = "redis://127.0.0.1:6379/12"  # a database of its own: other suites use 0 and the next ones


def make_author() -> User:
    user = accounts.register_user("aurore", "aurore@example.com", "une phrase assez longue", verified=True)
    user.role = Role.AUTHOR
    db.session.commit()
    return user


def test_the_default_queue_is_a_sqlite_file_in_the_instance_folder() -> None:
    if "JOB_QUEUE_URL" in os.environ:
        pytest.skip("JOB_QUEUE_URL is set in this environment")
    assert Config.JOB_QUEUE_URL.startswith("sqlite:///") and Config.JOB_QUEUE_URL.endswith("/jobs.sqlite")


def test_the_queue_setting_chooses_sqlite_redis_or_memory(tmp_path: Path) -> None:
    assert isinstance(huey_for(f"sqlite:///{tmp_path}/queue/jobs.sqlite"), SqliteHuey)
    assert (tmp_path / "queue").is_dir(), "the folder of the queue file is made"
    assert isinstance(huey_for(REDIS_QUEUE), RedisHuey)
    assert isinstance(huey_for("memory://"), MemoryHuey)
    with pytest.raises(ValueError, match="JOB_QUEUE_URL"):
        huey_for("amqp://127.0.0.1/")


def test_the_queue_is_named_in_logs_without_its_password() -> None:
    assert queue_label("redis://:s3cret@10.0.0.5:6379/1?timeout=2") == "redis://10.0.0.5:6379/1"


def test_flask_worker_is_a_command(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["worker", "--help"])
    assert result.exit_code == 0 and "--threads" in result.output


def _redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_QUEUE, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")


def test_a_generation_runs_on_a_redis_queue(tmp_path: Path, llm_server: ChatCompletionsStandIn) -> None:
    _redis_or_skip()
    llm_server.default = scripted_author
    settings = worker_settings(tmp_path, **llm_settings(llm_server), JOB_QUEUE_URL=REDIS_QUEUE)
    with fresh_app(**settings) as application:
        job_queue(application).huey.flush()
        user = accounts.register_user(
            "aurore", "aurore@example.com", "une phrase assez longue", verified=True
        )
        user.role = Role.AUTHOR
        db.session.commit()
        try:
            with running_worker(application):
                job = generations.start_generation(
                    user, {"subject": "Les volcans", "language": "fr", "topics": 1, "questions_per_topic": 2}
                )
                deadline = time.monotonic() + 30
                while True:
                    db.session.rollback()
                    stored = db.session.get(Generation, job.id)
                    assert stored is not None
                    if stored.status.finished or time.monotonic() > deadline:
                        break
                    time.sleep(0.05)
            assert stored.status is GenerationStatus.DONE, stored.error
            assert stored.course_id is not None
        finally:
            job_queue(application).huey.flush()


@pytest.mark.slow
def test_learnanything_worker_serves_until_interrupted(tmp_path: Path) -> None:
    launcher = Path(sys.executable).with_name("learnanything")
    if not launcher.exists():
        pytest.skip("the package is not installed in this environment")
    environment = {
        **os.environ,
        "LEARNANYTHING_INSTANCE": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/site.sqlite",
        "JOB_QUEUE_URL": f"sqlite:///{tmp_path}/jobs.sqlite",
        "PYTHONUNBUFFERED": "1",
    }
    worker = subprocess.Popen(
        [str(launcher), "worker", "--dev", "--threads", "1"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert worker.stdout is not None
    seen = []
    for line in worker.stdout:
        seen.append(line)
        if "commands are available" in line:
            break
    time.sleep(0.5)  # the signal handlers are installed right after that line
    worker.send_signal(signal.SIGINT)
    rest, _ = worker.communicate(timeout=30)
    output = "".join(seen) + rest
    assert worker.returncode == 0, output
    assert f"Job worker: 1 threads on sqlite:///{tmp_path}/jobs.sqlite" in output
    assert "app.jobs.run_generation" in output and "Consumer exiting." in output
    assert (tmp_path / "jobs.sqlite").exists()


def test_a_queue_that_does_not_answer_refuses_the_job_with_503_and_records_it_failed(
    tmp_path: Path, llm_server: ChatCompletionsStandIn
) -> None:
    from tests.conftest import free_port

    unreachable = f"redis://127.0.0.1:{free_port()}/0"
    with fresh_app(**llm_settings(llm_server), JOB_QUEUE_URL=unreachable) as application:
        user = make_author()
        _, plaintext = create_token(user, "script", TokenScope.WRITE)
        response = application.test_client().post(
            "/api/v1/generations",
            json={"subject": "Les volcans", "language": "fr", "topics": 1, "questions_per_topic": 2},
            headers={"Authorization": f"Bearer {plaintext}"},
        )

        assert response.status_code == 503
        assert response.get_json()["error"]["code"] == "job_queue_unavailable"
        stored = db.session.query(Generation).one()
        assert (
            stored.status is GenerationStatus.FAILED and stored.error == "La file des travaux ne répond pas."
        )


@pytest.mark.slow
def test_a_job_whose_worker_is_killed_ends_failed_once_its_heartbeat_stops(
    tmp_path: Path, llm_server: ChatCompletionsStandIn
) -> None:
    launcher = Path(sys.executable).with_name("learnanything")
    if not launcher.exists():
        pytest.skip("the package is not installed in this environment")
    answer_now = threading.Event()

    def slow_model(_request: dict[str, object]) -> str | None:
        """The model takes its time on the first step: the worker is inside it when it is killed."""
        answer_now.wait(20)
        return None

    llm_server.default = slow_model
    heartbeat = 0.2
    settings = worker_settings(tmp_path, **llm_settings(llm_server), JOB_HEARTBEAT_SECONDS=heartbeat)
    with fresh_app(**settings) as application:
        user = make_author()
        _, plaintext = create_token(user, "script", TokenScope.WRITE)
        headers = {"Authorization": f"Bearer {plaintext}"}
        client = application.test_client()
        started = client.post(
            "/api/v1/generations",
            json={"subject": "Les volcans", "language": "fr", "topics": 1, "questions_per_topic": 2},
            headers=headers,
        )
        assert started.status_code == 202
        url = started.headers["Location"]
        environment = {
            **os.environ,
            "LEARNANYTHING_INSTANCE": str(tmp_path),
            "DATABASE_URL": str(application.config["SQLALCHEMY_DATABASE_URI"]),
            "JOB_QUEUE_URL": str(application.config["JOB_QUEUE_URL"]),
            "JOB_HEARTBEAT_SECONDS": str(heartbeat),
            **{key: str(value) for key, value in llm_settings(llm_server).items()},
        }
        worker = subprocess.Popen(
            [str(launcher), "worker", "--dev", "--threads", "1"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            beats = []
            deadline = time.monotonic() + 30
            while len(beats) < 3:
                assert time.monotonic() < deadline, f"the worker did not beat while running: {beats}"
                db.session.rollback()
                stored = db.session.get(Generation, int(url.rsplit("/", 1)[1]))
                assert stored is not None
                if stored.status is GenerationStatus.RUNNING and stored.heartbeat_at not in beats:
                    beats.append(stored.heartbeat_at)
                time.sleep(heartbeat / 2)
            assert beats == sorted(beats), "the heartbeat moves on while a step waits on the model"
            assert client.get(url, headers=headers).get_json()["status"] == "running", "a beating job runs"
        finally:
            worker.kill()  # SIGKILL: no chance to write anything
            worker.wait(timeout=10)
            answer_now.set()

        time.sleep(generations.LOST_AFTER_HEARTBEATS * heartbeat + 0.5)
        job = client.get(url, headers=headers).get_json()

        assert job["status"] == "failed", job
        assert job["error"] == (
            "Le travail s'est interrompu : le service qui l'exécutait s'est arrêté. Relancez la génération."
        )
        assert job["course_id"] is None
        listed = client.get("/api/v1/generations", headers=headers).get_json()["items"]
        assert [item["status"] for item in listed] == ["failed"]
