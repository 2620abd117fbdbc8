"""`learnanything run` serves the installed site on gunicorn with the production configuration:
a secret key made and kept in the instance folder, a SQLite file migrated and seeded on first
run, request ids in the access log, and a graceful stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from .conftest import closed_port

pytestmark = pytest.mark.slow  # starts gunicorn and the launcher in subprocesses

LAUNCHER = Path(sys.executable).with_name("learnanything")


def site_environment(port: int) -> dict[str, str]:
    """The environment of a first run: no secret key, no database URL, two workers."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name
        not in {"SECRET_KEY", "DATABASE_URL", "FLASK_CONFIG", "SEED_DEMO_DATA", "LEARNANYTHING_INSTANCE"}
    }
    return {**environment, "PORT": str(port), "WEB_CONCURRENCY": "2"}


def wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90  # two cores shared with other work: workers may boot slowly
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.5)
    output = server.stdout.read().decode() if server.stdout and server.poll() is not None else ""
    pytest.fail(f"the site did not start: {output[-2000:]}")


@pytest.fixture
def installed_site(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    """`learnanything run` started from an empty folder, stopped (SIGTERM) after the test."""
    if not LAUNCHER.exists():
        pytest.skip("the package is not installed in this virtualenv (make install)")
    port = closed_port()
    server = subprocess.Popen(
        [str(LAUNCHER), "run"],
        cwd=tmp_path,
        env=site_environment(port),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        yield base, tmp_path, server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if server.stdout:
            server.stdout.close()


def test_the_installed_site_is_served_by_gunicorn_in_production(
    installed_site: tuple[str, Path, subprocess.Popen[bytes]],
) -> None:
    base, folder, server = installed_site
    page = requests.get(f"{base}/auth/register", timeout=10)
    assert page.status_code == 200
    assert "Rejoignez LearnAnything" in page.text
    assert "gunicorn" in page.headers["Server"].lower(), f"served by {page.headers['Server']}"
    assert "werkzeug" not in page.headers["Server"].lower(), "not the development server"
    assert "Strict-Transport-Security" in page.headers, "the production configuration is the one served"
    assert requests.get(f"{base}/readyz", timeout=10).json()["database"] == "ok"

    key = folder / "instance" / "secret_key"
    assert key.exists(), "a secret key is made on first run"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600, "readable by its owner only"
    assert len(key.read_text().strip()) >= 32
    assert (folder / "instance" / "learnanything.sqlite").exists(), "SQLite by default"

    courses = requests.get(f"{base}/api/v1/courses", timeout=10)
    assert courses.status_code == 401, "the API answers (its refusal) from the same server"

    request_id = requests.get(f"{base}/about", headers={"X-Request-ID": "from-the-proxy-1"}, timeout=10)
    assert request_id.headers["X-Request-ID"] == "from-the-proxy-1"
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=40) == 0, "a graceful stop on SIGTERM"
    log = server.stdout.read().decode() if server.stdout else ""
    assert "request_id=from-the-proxy-1" in log, "the access log names the request id"


def test_the_secret_key_is_kept_across_runs(tmp_path: Path) -> None:
    if not LAUNCHER.exists():
        pytest.skip("the package is not installed in this virtualenv (make install)")
    environment = site_environment(closed_port())
    for _ in range(2):
        done = subprocess.run([str(LAUNCHER), "init"], cwd=tmp_path, env=environment, capture_output=True)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        if _ == 0:
            first = (tmp_path / "instance" / "secret_key").read_text()
    assert (tmp_path / "instance" / "secret_key").read_text() == first, "the second run keeps the key"
