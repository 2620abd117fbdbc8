"""`/metrics` speaks Prometheus: requests by endpoint and status, their latency, answers by verdict,
errors by status and the database pool; it answers the addresses of METRICS_ALLOW and an admin's
token, nobody else. Under `learnanything run` the workers' numbers are added up."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from app import db
from app.auth.models import Role, TokenScope, User
from app.auth.tokens import create_token
from app.models import Course, Question, Topic
from tests.conftest import SignedIn, csrf_token, fresh_app

from .conftest import closed_port
from .test_production_server import LAUNCHER, site_environment, wait_until_up
from .test_rate_limit_storage import redis_is_up

VISITOR = {"REMOTE_ADDR": "203.0.113.7"}  # an address of the internet, outside METRICS_ALLOW


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of an exposition, by name and labels."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(text: str, name: str, **labels: str) -> float:
    """One sample's value, 0 when the series does not exist yet."""
    return samples(text).get((name, frozenset(labels.items())), 0.0)


def scrape(client: FlaskClient) -> str:
    """The exposition, read from the loopback address (allowed by default)."""
    response = client.get("/metrics")
    assert response.status_code == 200, f"/metrics refused the loopback address: {response.status_code}"
    return response.get_data(as_text=True)


def test_requests_are_counted_by_endpoint_method_and_status(client: FlaskClient) -> None:
    before = scrape(client)
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    after = scrape(client)
    labels = {"endpoint": "main.health", "method": "GET", "status": "200"}
    counted = value(after, "learnanything_http_requests_total", **labels)
    assert counted - value(before, "learnanything_http_requests_total", **labels) == 3, after
    timed = value(after, "learnanything_http_request_duration_seconds_count", endpoint="main.health")
    assert (
        timed - value(before, "learnanything_http_request_duration_seconds_count", endpoint="main.health")
        == 3
    )
    assert value(
        after, "learnanything_http_request_duration_seconds_bucket", endpoint="main.health", le="+Inf"
    )


def test_errors_are_counted_by_status_and_unknown_urls_share_one_label(client: FlaskClient) -> None:
    before = scrape(client)
    assert client.get("/no-such-page-1").status_code == 404
    assert client.get("/no-such-page-2").status_code == 404
    after = scrape(client)
    assert (
        value(after, "learnanything_http_errors_total", status="404")
        - value(before, "learnanything_http_errors_total", status="404")
        == 2
    )
    unmatched = {"endpoint": "<unmatched>", "method": "GET", "status": "404"}
    assert (
        value(after, "learnanything_http_requests_total", **unmatched)
        - value(before, "learnanything_http_requests_total", **unmatched)
        == 2
    )
    assert "no-such-page" not in after, "a URL became a label: the number of series would be unbounded"


def _question(course_slug: str, topic_slug: str, prompt_start: str) -> Question:
    found = db.session.scalar(
        select(Question)
        .join(Topic, Question.topic_id == Topic.id)
        .join(Course, Topic.course_id == Course.id)
        .where(Course.slug == course_slug, Topic.slug == topic_slug, Question.prompt.startswith(prompt_start))
    )
    assert found is not None, f"no question starting {prompt_start!r}"
    return found


def test_answers_are_counted_by_verdict(learner: SignedIn, seeded: None, client: FlaskClient) -> None:
    browser = learner.client
    red = _question("astronomie", "planetes", "Quelle planète est connue")
    before = scrape(client)
    token = csrf_token(browser, "/dashboard")
    for text in ("Mars", "Mrs", "Vénus", "Vénus"):
        response = browser.post(
            "/api/v1/attempts", json={"question_id": red.id, "answer": text}, headers={"X-CSRFToken": token}
        )
        assert response.status_code in {200, 201}, response.get_data(as_text=True)
    refused = browser.post("/api/v1/attempts", json={"question_id": red.id}, headers={"X-CSRFToken": token})
    assert refused.status_code == 422, "an answer without text is not graded"
    after = scrape(client)
    counted = {
        verdict: value(after, "learnanything_answers_total", verdict=verdict)
        - value(before, "learnanything_answers_total", verdict=verdict)
        for verdict in ("correct", "almost", "incorrect")
    }
    assert counted == {"correct": 1, "almost": 1, "incorrect": 2}, counted


def test_the_database_pool_is_exported(client: FlaskClient) -> None:
    client.get("/dashboard")
    text = scrape(client)
    names = {name for name, _labels in samples(text)}
    assert {"learnanything_db_pool_checked_out", "learnanything_db_pool_size"} <= names, sorted(names)
    assert value(text, "learnanything_db_pool_checked_out") >= 0


def test_an_anonymous_visitor_from_elsewhere_gets_401(client: FlaskClient) -> None:
    response = client.get("/metrics", environ_base=VISITOR)
    assert response.status_code == 401, f"expected 401, got {response.status_code}"
    assert response.headers["WWW-Authenticate"].startswith("Bearer"), "no Bearer challenge"
    assert "learnanything_http_requests_total" not in response.get_data(as_text=True)


def _bearer(user: User, scope: TokenScope = TokenScope.READ) -> dict[str, str]:
    _token, plaintext = create_token(user, "prometheus", scope)
    return {"Authorization": f"Bearer {plaintext}"}


def test_an_admin_token_reads_the_metrics_from_anywhere(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    headers = _bearer(make_user("ops", role=Role.ADMIN))
    response = client.get("/metrics", environ_base=VISITOR, headers=headers)
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert response.mimetype == "text/plain"
    assert "learnanything_http_requests_total" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_token_of_someone_who_is_not_an_admin_gets_403(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    for role in (Role.LEARNER, Role.AUTHOR):
        headers = _bearer(make_user(f"not-admin-{role.value}", role=role), TokenScope.WRITE)
        response = client.get("/metrics", environ_base=VISITOR, headers=headers)
        assert response.status_code == 403, f"{role}: expected 403, got {response.status_code}"


def test_a_made_up_token_gets_401(client: FlaskClient) -> None:
    response = client.get("/metrics", environ_base=VISITOR, headers={"Authorization": "Bearer la_forged"})
    assert response.status_code == 401, f"expected 401, got {response.status_code}"


def test_metrics_allow_takes_networks_and_replaces_the_loopback_default() -> None:
    with fresh_app(METRICS_ALLOW="10.0.0.0/8, 192.0.2.1") as application:
        client = application.test_client()
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.20.30.40"}).status_code == 200
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": "192.0.2.1"}).status_code == 200
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": "192.0.2.2"}).status_code == 401
        assert client.get("/metrics").status_code == 401, "127.0.0.1 is no longer listed"


@pytest.fixture
def multiprocess_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`learnanything run` with two workers, a stale metrics file left by a previous run."""
    if not LAUNCHER.exists():
        pytest.skip("the package is not installed in this virtualenv (make install)")
    if not redis_is_up():
        pytest.skip("two workers need shared rate limits: no Redis at 127.0.0.1:6379")
    folder = tmp_path / "instance" / "metrics"
    folder.mkdir(parents=True)
    (folder / "counter_999999.db").write_bytes(b"stale")
    port = closed_port()
    environment = {**site_environment(port), "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/11"}
    environment.pop("PROMETHEUS_MULTIPROC_DIR", None)
    server = subprocess.Popen(
        [str(LAUNCHER), "run"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        yield base, folder
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout:
            server.stdout.close()


@pytest.mark.slow
def test_gunicorn_workers_add_up_their_numbers_in_one_scrape(multiprocess_site: tuple[str, Path]) -> None:
    base, folder = multiprocess_site
    assert not (folder / "counter_999999.db").exists(), "the metrics folder was not emptied on start"
    for _ in range(40):  # a new connection each time, so both workers take some
        assert requests.get(f"{base}/healthz", timeout=10).status_code == 200
    worker_files = {name.rsplit("_", 1)[-1] for name in os.listdir(folder) if name.startswith("counter_")}
    text = requests.get(f"{base}/metrics", timeout=10).text
    labels = {"endpoint": "main.health", "method": "GET", "status": "200"}
    # wait_until_up's probes may have counted a few more before the loop.
    assert value(text, "learnanything_http_requests_total", **labels) >= 40, text[:2000]
    assert len(worker_files) >= 1, f"no worker wrote its counters to {folder}"
