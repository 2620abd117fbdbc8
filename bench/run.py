"""Throughput and latency of LearnAnything next to a bare Flask endpoint, in one run.

    python bench/run.py --db sqlite|postgres [--duration 10]

Sets up a fresh database (a temporary SQLite file, or the PostgreSQL database `bench` on
127.0.0.1), migrates and seeds it, generates a course of 2,000 topics and 20,000 questions, serves
the site and a bare Flask app with the pinned gunicorn (2 sync workers each, production config),
logs the demo learner in, then measures every endpoint with wrk (2 threads, 32 connections) and
prints requests per second, p99 latency and the ratio to the bare endpoint, against the targets.
Results also go to bench/results/<db>.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
DEMO = ("testuser", "etoiles-et-planetes")
CONNECTIONS, THREADS, WORKERS = 32, 2, 2


@dataclass
class Measure:
    """One endpoint's numbers and its target."""

    name: str
    rps: float
    p99_ms: float
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None


def free_port() -> int:
    """A TCP port nobody listens on, for one of the servers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, path: str, timeout: float = 30) -> None:
    """Block until the server on `port` answers `path`, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def gunicorn(app: str, port: int, env: dict[str, str], chdir: Path) -> subprocess.Popen[bytes]:
    """Serve `app` with the pinned gunicorn: the same workers for the site and the bare endpoint."""
    command = [
        str(BIN / "gunicorn"), "--workers", str(WORKERS), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--chdir", str(chdir), app,
    ]  # fmt: skip
    return subprocess.Popen(command, env=env)


def prepare_database(db: str, workdir: Path) -> str:
    """A fresh, empty database for the run, and its URL."""
    if db == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite'}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "bench"], capture_output=True)
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "bench", "-qc",
         "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
        check=True, capture_output=True,
    )  # fmt: skip
    return PG_URL


class Session:
    """A logged-in browser, as far as the benchmark needs one: the cookie and the CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> str:
        """Send one request with the cookies; keep the cookies it sets; return the body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        all_headers = {"Cookie": self.cookie_header(), **(headers or {})}
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.read().decode()

    def cookie_header(self) -> str:
        """The Cookie header of this browser."""
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def csrf(self, path: str) -> str:
        """The CSRF token of the page at `path`, as its meta tag gives it."""
        match = re.search(r'name="csrf-token" content="([^"]+)"', self.request("GET", path))
        if not match:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)

    def login(self) -> str:
        """Log the demo learner in through the form; return the session's CSRF token."""
        token = self.csrf("/auth/login")
        form = f"login-csrf_token={token}&login-login={DEMO[0]}&login-password={DEMO[1]}"
        self.request("POST", "/auth/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        return self.csrf("/dashboard")


def wrk(
    url: str, duration: int, workdir: Path, headers: dict[str, str], body: str | None = None
) -> tuple[float, float]:
    """Load `url` with wrk (after a warm-up); return requests per second and p99 in ms."""
    script = workdir / "request.lua"
    lines = [f'wrk.headers["{k}"] = {json.dumps(v)}' for k, v in headers.items()]
    if body is not None:
        lines += ['wrk.method = "POST"', f"wrk.body = {json.dumps(body)}"]
    script.write_text("\n".join(lines) + "\n")
    command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{duration}s", "--latency",
               "-s", str(script), url]  # fmt: skip
    subprocess.run([*command[:5], "-d", "2s", *command[7:]], capture_output=True, check=True)  # warm-up
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99_text = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    assert p99_text, out
    value, unit = float(p99_text.group(1)), p99_text.group(2)
    p99 = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", out)
    if timeouts and int(timeouts.group(1)) > 0:
        p99 = max(p99, 2000.0)  # wrk gives up after 2 s: a timed-out request is slower than that
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} failed responses\n{out}")
    return rps, p99


def main() -> int:
    """Set up, serve, measure every endpoint and print the table; exit status 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    env = {
        **os.environ,
        "FLASK_APP": "app",
        "FLASK_CONFIG": "production",
        "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnop",
        "DATABASE_URL": prepare_database(args.db, workdir),
        "LEARNANYTHING_INSTANCE": str(workdir),
        "RATELIMIT_API_WRITE": "1000000 per minute",  # measure the work, not the limiter's refusals
    }
    run = {"env": env, "cwd": ROOT, "check": True}
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], capture_output=True, **run)  # type: ignore[call-overload]
    subprocess.run([str(BIN / "flask"), "seed", "--force"], capture_output=True, **run)  # type: ignore[call-overload]
    generated = json.loads(
        subprocess.run(  # type: ignore[call-overload]
            [sys.executable, "bench/generate_course.py"], capture_output=True, text=True, **run
        ).stdout
    )

    site_port, bare_port = free_port(), free_port()
    servers = [
        gunicorn("app:create_app()", site_port, env, ROOT),
        gunicorn("bare:create_app()", bare_port, env, ROOT / "bench"),
    ]
    try:
        wait_for(site_port, "/healthz")
        wait_for(bare_port, "/bare")
        browser = Session(site_port)
        csrf = browser.login()
        cookie = {"Cookie": browser.cookie_header()}
        astronomy = json.loads(browser.request("GET", "/api/v1/progress"))
        astronomy_id = next(
            p["course"]["id"] for p in astronomy["items"] if p["course"]["slug"] == "astronomie"
        )
        quiz = json.loads(browser.request("GET", f"/api/v1/courses/{astronomy_id}/tree"))
        assert quiz["roots"], "the astronomy tree is empty"
        first_leaf = next(iter(quiz["roots"][0]["children"][0]["children"]))
        question = json.loads(browser.request("GET", f"/api/v1/topics/{first_leaf['id']}/quiz"))["questions"][
            0
        ]
        answer_body = json.dumps({"question_id": question["id"], "answer": "Jupiter"})
        big_answer = json.dumps({"question_id": generated["question_id"], "answer": "reponse 0"})
        post_headers = {**cookie, "X-CSRFToken": csrf, "Content-Type": "application/json"}

        site = f"http://127.0.0.1:{site_port}"
        bare_rps, bare_p99 = wrk(f"http://127.0.0.1:{bare_port}/bare", args.duration, workdir, {})
        plan = [
            ("login page", f"{site}/auth/login", {}, None, 0.55),
            ("dashboard", f"{site}/dashboard", cookie, None, 0.45),
            ("astronomy tree", f"{site}/api/v1/courses/{astronomy_id}/tree", cookie, None, 0.25),
            ("answer (astronomy)", f"{site}/api/v1/attempts", post_headers, answer_body, 0.20),
            ("2,000-topic tree", f"{site}/api/v1/courses/{generated['course_id']}/tree", cookie, None, None),
            ("answer (2,000-topic course)", f"{site}/api/v1/attempts", post_headers, big_answer, None),
        ]
        results = [Measure("bare Flask endpoint", bare_rps, bare_p99, 1.0)]
        for name, url, headers, body, target in plan:
            rps, p99 = wrk(url, args.duration, workdir, headers, body)
            measure = Measure(name, rps, p99, rps / bare_rps)
            if target is not None:
                measure.target, measure.passed = f"ratio ≥ {target:.2f}", rps / bare_rps >= target
            if name == "2,000-topic tree":
                measure.target, measure.passed = "p99 < 100 ms", p99 < 100
            results.append(measure)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=15)

    print(f"\n{args.db}: {WORKERS} sync workers, wrk -t{THREADS} -c{CONNECTIONS} -d{args.duration}s\n")
    print(f"{'endpoint':30} {'req/s':>9} {'p99 ms':>8} {'ratio':>6}  target")
    for m in results:
        verdict = "" if m.passed is None else ("pass" if m.passed else "MISS")
        print(f"{m.name:30} {m.rps:9.0f} {m.p99_ms:8.1f} {m.ratio or 0:6.2f}  {m.target} {verdict}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.db}.json").write_text(json.dumps([asdict(m) for m in results], indent=2))
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
