"""Prometheus metrics: what the site does, counted where it happens, read by `/metrics`.

Requests by endpoint and status, their latency, answers by verdict, errors by status and the
database pool. Under gunicorn every worker is a process of its own: `learnanything run` sets
`PROMETHEUS_MULTIPROC_DIR`, each worker writes its numbers to files there, and the scrape adds
them up (the gunicorn `child_exit` hook forgets the gauges of a worker that is gone). Without it
(the development server, the tests) one process counts in memory.
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Iterable
from typing import Any

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event

from .extensions import db

MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
UNMATCHED = "<unmatched>"  # a 404 or 405 that matched no route: one label, not one per URL

REQUESTS = Counter(
    "learnanything_http_requests_total",
    "Requests answered, by endpoint, method and status.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "learnanything_http_request_duration_seconds",
    "Time from the first hook to the response, by endpoint.",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
ERRORS = Counter(
    "learnanything_http_errors_total",
    "Responses with an error status (4xx and 5xx), by status.",
    ["status"],
)
ANSWERS = Counter(
    "learnanything_answers_total",
    "Answers graded and stored, by verdict.",
    ["verdict"],
)
# Gauges of the live workers, added up: a worker that exits takes its share with it.
POOL_CHECKED_OUT = Gauge(
    "learnanything_db_pool_checked_out",
    "Database connections in use by a request now.",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "learnanything_db_pool_size",
    "Connections the database pools keep open at most (without overflow).",
    multiprocess_mode="livesum",
)


def count_answer(verdict: str) -> None:
    """One more stored answer with this verdict."""
    ANSWERS.labels(verdict=verdict).inc()


def exposition() -> tuple[bytes, str]:
    """The text Prometheus reads: every worker's numbers in multiprocess mode, else this process's."""
    if os.environ.get(MULTIPROCESS_VARIABLE):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def address_allowed(address: str | None, allowed: Iterable[str]) -> bool:
    """True when `address` is one of `allowed` (addresses or networks such as 10.0.0.0/8)."""
    if not address:
        return False
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in allowed:
        try:
            if client in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def clean_multiprocess_folder(folder: str) -> None:
    """Empty the metrics folder before the workers start: files of a previous run would be added up."""
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.endswith(".db"):
            os.remove(os.path.join(folder, name))


def register_metrics(app: Flask) -> None:
    """Time and count every request, from the first hook to the response."""

    @app.before_request
    def start_timer() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def count_request(response: Response) -> Response:
        endpoint = request.endpoint or UNMATCHED
        started = g.get("metrics_started")
        status = response.status_code
        latency, requests, errors = _series(endpoint, request.method, status)
        if started is not None:
            latency.observe(time.perf_counter() - started)
        requests.inc()
        if errors is not None:
            errors.inc()
        return response


# The labelled series of each (endpoint, method, status) seen, looked up once: prometheus_client
# validates the labels and takes a lock on every `labels()` call.
_SERIES: dict[tuple[str, str, int], tuple[Any, Any, Any]] = {}


def _series(endpoint: str, method: str, status: int) -> tuple[Any, Any, Any]:
    """The latency histogram, the request counter and the error counter (None below 400) of a
    request's labels."""
    key = (endpoint, method, status)
    series = _SERIES.get(key)
    if series is None:
        label = str(status)
        errors = ERRORS.labels(status=label) if status >= 400 else None
        series = (
            LATENCY.labels(endpoint=endpoint),
            REQUESTS.labels(endpoint=endpoint, method=method, status=label),
            errors,
        )
        _SERIES[key] = series
    return series


def watch_database_pool(app: Flask) -> None:
    """Follow the connections of this application's pool as they are checked out and back in."""
    with app.app_context():
        engine = db.engine
    size = getattr(engine.pool, "size", None)
    if callable(size):
        POOL_SIZE.inc(size())

    @event.listens_for(engine, "checkout")
    def connection_checked_out(*_args: object) -> None:
        POOL_CHECKED_OUT.inc()

    @event.listens_for(engine, "checkin")
    def connection_checked_in(*_args: object) -> None:
        POOL_CHECKED_OUT.dec()
