"""Background jobs: the one huey queue of an application, built from its settings, and its tasks.

The site puts a job on the queue and answers at once; a worker process (`learnanything worker`,
`flask worker`, or the one `make run` starts beside the site) takes it and runs it. The queue is
named by JOB_QUEUE_URL: a SQLite file by default (no server to run), Redis in production, memory in
the tests (where a test starts its own worker on its own queue).

A task is bound to the application that built the queue: the worker builds the application with
`create_app` (so its settings, database and extensions are the site's) and runs each task inside
that application's context. A job's state lives in its database row, never in huey's results.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey
from huey.api import Huey
from huey.consumer import Consumer
from redis import ConnectionPool

QUEUE_NAME = "learnanything"
EXTENSION_KEY = "jobs"


@dataclass(frozen=True)
class JobQueue:
    """An application's queue and the tasks registered on it (call `task(args)` to enqueue)."""

    huey: Huey
    run_generation: Any  # huey's TaskWrapper: calling it enqueues the job


def huey_for(url: str) -> Huey:
    """The huey instance JOB_QUEUE_URL names: `sqlite:///path`, `redis://…` or `memory://`."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        # A Redis that does not answer fails the request within seconds instead of holding it.
        pool = ConnectionPool.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        return RedisHuey(QUEUE_NAME, connection_pool=pool, results=False, utc=True)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_absolute():
            path = Path.cwd() / path
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(QUEUE_NAME, filename=str(path), results=False, utc=True)
    if url == "memory://":
        return MemoryHuey(QUEUE_NAME, results=False, utc=True)
    raise ValueError(f"JOB_QUEUE_URL must start with sqlite:///, redis:// or be memory://, not {url!r}")


def queue_label(url: str) -> str:
    """JOB_QUEUE_URL without its password or options, fit for a log line."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"


def build_queue(app: Flask, url: str | None = None) -> JobQueue:
    """A queue for `app` (on `url`, else its JOB_QUEUE_URL) with the tasks bound to `app`."""
    huey = huey_for(url or str(app.config["JOB_QUEUE_URL"]))

    @huey.task(name="run_generation")
    def run_generation(generation_id: int) -> None:
        """Write the course of one Generation row (see services/generations.run_generation)."""
        from .services.generations import run_generation as run

        with app.app_context():
            run(generation_id)

    return JobQueue(huey=huey, run_generation=run_generation)


def register_jobs(app: Flask) -> None:
    """Give `app` its queue (`job_queue()` finds it)."""
    app.extensions[EXTENSION_KEY] = build_queue(app)


def job_queue(app: Flask | None = None) -> JobQueue:
    """The queue of `app`, or of the current application."""
    queue: JobQueue = (app or current_app).extensions[EXTENSION_KEY]
    return queue


def worker(app: Flask, workers: int | None = None, *, max_delay: float = 2.0) -> Consumer:
    """A huey consumer for `app`'s queue: `workers` threads, each running one job at a time.

    `run()` serves until SIGINT/SIGTERM (a running job finishes its step first); tests call
    `start()` and `stop()` instead. The queue is polled at most every `max_delay` seconds.
    """
    count = workers or int(app.config.get("JOB_WORKERS", 2))
    logging.getLogger("huey").setLevel(logging.INFO)
    return Consumer(
        job_queue(app).huey,
        workers=count,
        worker_type="thread",
        periodic=False,
        initial_delay=0.1,
        backoff=1.5,
        max_delay=max_delay,
    )
