"""Soak: a minute of mixed traffic on two instances, through a PostgreSQL restart and a Redis stop.

    PYTHONPATH=scripts python bench/soak.py [--duration 60] [--connections 64]   (or `make soak`)

The stack of scripts/site_stack.py (two `learnanything run` instances of 2 workers on PostgreSQL,
a private redis-server on port 6390, loopback only). `--connections` clients share the instances
and loop: anonymous pages, course trees read by logged-in browsers, answers posted through the
API with Bearer tokens. A third of the way in PostgreSQL restarts; at the middle the private Redis
stops, and starts again ten seconds later. At the end it counts the answers acknowledged (201)
against the rows stored, the 5xx answers that are not the site's own (no JSON envelope, no error
page with the request id), the workers' memory (RSS from /proc) and how long each outage lasted,
and prints a table; results also go to bench/results/soak.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests
from site_stack import Account, Stack, restart_postgres, rss_kib

RESULTS = Path(__file__).resolve().parent / "results"
DATABASE = "learnanything_soak"
REDIS_PORT = 6390
BROWSERS = 8  # logged-in browsers sharing the tree reads (the login limit is 10 per minute)
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
PAGES = ("/", "/auth/login", "/about", "/auth/register")


@dataclass
class Tally:
    """What the clients saw, shared under a lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    acknowledged: list[int] = field(default_factory=list)
    no_answer: Counter[str] = field(default_factory=Counter)  # the connection failed: outcome unknown
    answers_without_reply: int = 0
    bare_5xx: list[str] = field(default_factory=list)
    failures: list[tuple[float, str, int]] = field(default_factory=list)  # (time, kind, status)

    def record(self, kind: str, response: requests.Response, seconds: float, moment: float) -> None:
        """One answered request."""
        with self.lock:
            self.statuses[kind][response.status_code] += 1
            self.latencies[kind].append(seconds)
            if response.status_code >= 400 and response.status_code != 429:
                self.failures.append((moment, kind, response.status_code))
            if response.status_code >= 500 and not site_error(response):
                self.bare_5xx.append(f"{kind} {response.status_code}: {response.text[:120]!r}")
            if kind == "answer" and response.status_code == 201:
                self.acknowledged.append(int(response.json()["attempt"]["id"]))


def site_error(response: requests.Response) -> bool:
    """True when an error response is the site's own: the JSON envelope, or the error page
    quoting the request id — not a proxy's or a server's bare "Internal Server Error"."""
    if response.headers.get("Content-Type", "").startswith("application/json"):
        try:
            return int(response.json()["error"]["status"]) == response.status_code
        except (ValueError, KeyError, TypeError):
            return False
    request_id = response.headers.get("X-Request-ID", "")
    return bool(request_id) and request_id in response.text


def log_in(base: str, account: Account) -> str:
    """Log `account` in through the form; the Cookie header of its session."""
    http = requests.Session()
    cookies: dict[str, str] = {}

    def send(method: str, url: str, **kwargs: object) -> requests.Response:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        response = http.request(method, url, headers=headers, allow_redirects=False, timeout=30, **kwargs)  # type: ignore[arg-type]
        for cookie in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            cookies[name] = rest.split(";", 1)[0]
        return response

    match = CSRF_META.search(send("GET", f"{base}/auth/login").text)
    assert match, "no CSRF token on the login page"
    form = {
        "login-csrf_token": match.group(1),
        "login-login": account.username,
        "login-password": account.password,
    }
    if send("POST", f"{base}/auth/login", data=form).status_code != 302:
        raise RuntimeError(f"{account.username} could not log in")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def client(
    number: int,
    bases: list[str],
    browsers: list[str],
    accounts: list[Account],
    course_ids: list[int],
    questions: list[tuple[int, str]],
    tally: Tally,
    stop: threading.Event,
) -> None:
    """One connection's loop: a page, a tree or an answer, picked at random, until `stop`."""
    chooser = random.Random(number)
    base = bases[number % len(bases)]
    http = requests.Session()
    account = accounts[number % len(accounts)]
    cookie = browsers[number % len(browsers)]
    while not stop.is_set():
        roll = chooser.random()
        if roll < 0.4:
            kind, method, url, options = "page", "GET", base + chooser.choice(PAGES), {}
        elif roll < 0.7:
            course = chooser.choice(course_ids)
            kind, method, url = "tree", "GET", f"{base}/api/v1/courses/{course}/tree"
            options = {"headers": {"Cookie": cookie}}
        else:
            question_id, expected = chooser.choice(questions)
            text = expected if chooser.random() < 0.6 else "je ne sais pas"
            kind, method, url = "answer", "POST", f"{base}/api/v1/attempts"
            options = {
                "json": {"question_id": question_id, "answer": text},
                "headers": {"Authorization": f"Bearer {account.token}"},
            }
        started = time.monotonic()
        try:
            response = http.request(method, url, timeout=30, allow_redirects=False, **options)  # type: ignore[arg-type]
        except requests.RequestException as error:
            with tally.lock:
                tally.no_answer[f"{kind}: {type(error).__name__}"] += 1
                tally.failures.append((started, kind, 0))
            time.sleep(0.2)
            continue
        tally.record(kind, response, time.monotonic() - started, started)
        if response.status_code >= 500:
            time.sleep(0.2)  # what a client does with Retry-After, shortened


@dataclass
class Watch:
    """Readiness of every instance and the workers' memory, sampled while the soak runs."""

    readiness: list[tuple[float, str]] = field(default_factory=list)  # (time, "db/redis" of the worst)
    memory: list[tuple[float, int, int]] = field(default_factory=list)  # (time, total KiB, largest KiB)


def watch(stack: Stack, found: Watch, stop: threading.Event) -> None:
    """Every half second readiness, every five seconds the workers' RSS."""
    last_memory = 0.0
    while not stop.is_set():
        states = []
        for port in stack.ports:
            try:
                body = requests.get(f"http://127.0.0.1:{port}/readyz", timeout=5).json()
                states.append(f"{body['database']}/{body['rate_limit_storage']}")
            except (requests.RequestException, ValueError, KeyError):
                states.append("no answer")
        found.readiness.append((time.monotonic(), ",".join(sorted(set(states)))))
        if time.monotonic() - last_memory >= 5:
            sizes = [rss_kib(pid) for pid in stack.worker_pids()]
            found.memory.append((time.monotonic(), sum(sizes), max(sizes, default=0)))
            last_memory = time.monotonic()
        time.sleep(0.5)


def setup(stack: Stack) -> tuple[list[int], list[tuple[int, str]]]:
    """The published courses and their short-answer questions (with one accepted answer)."""
    courses = [
        int(n) for n in stack.sql("SELECT string_agg(id::text, ',') FROM courses WHERE published").split(",")
    ]
    rows = stack.sql(
        "SELECT json_agg(json_build_array(q.id, q.answers->>0)) FROM questions q "
        "JOIN topics t ON q.topic_id = t.id JOIN courses c ON t.course_id = c.id "
        "WHERE c.published AND lower(q.kind::text) = 'short'"
    )
    return courses, [(int(a), str(b)) for a, b in json.loads(rows)]


def outage(
    failures: list[tuple[float, str, int]], start: float, end: float, fault: float
) -> tuple[int, float | None]:
    """Failed requests begun between `start` and `end` (those in flight when the fault began
    included), and the time from the `fault` to the beginning of the last one."""
    inside = [moment for moment, _kind, _status in failures if start <= moment <= end]
    return len(inside), (max(inside) - fault if inside else None)


def ready_again(readiness: list[tuple[float, str]], after: float) -> float | None:
    """Seconds from `after` until every instance says ok/ok."""
    moment = next((t for t, state in readiness if t >= after and state == "ok/ok"), None)
    return None if moment is None else moment - after


def outage_error(trace: str) -> bool:
    """True for a logged traceback whose error is a database or Redis outage, expected here."""
    last = trace.rstrip().splitlines()[-1]
    unreachable = ("OperationalError" in last and ("connection" in last or "shutting down" in last)) or (
        "AdminShutdown" in last
    )
    refused = "ConnectionError" in last or "ConnectionRefusedError" in last  # Redis, while it is stopped
    return unreachable or refused or last.startswith("sqlalchemy.exc.InvalidatePoolError")


def seconds(value: float | None) -> str:
    """A duration for the table, or "never"."""
    return "never" if value is None else f"{value:.1f} s"


def mib(sample: tuple[float, int, int]) -> str:
    """A memory sample (all workers / the largest) in MiB."""
    return f"{sample[1] / 1024:.0f} / {sample[2] / 1024:.0f} MiB"


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile of `values` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    """Run the soak, print the table, exit 0 when nothing is lost and no 5xx is bare."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    duration = max(
        30, min(args.duration, 600)
    )  # bounded: the faults need 30 s, nobody needs more than 10 min
    connections = max(4, min(args.connections, 256))

    stack = Stack(DATABASE, REDIS_PORT, extra_environment={"RATELIMIT_API_WRITE": "1000000 per minute"})
    tally, found, stop = Tally(), Watch(), threading.Event()
    timeline: dict[str, float] = {}
    try:
        stack.start()
        accounts = stack.accounts(connections // 2)
        bases = [f"http://127.0.0.1:{port}" for port in stack.ports]
        browsers = [log_in(bases[n % len(bases)], accounts[n]) for n in range(BROWSERS)]
        course_ids, questions = setup(stack)
        threads = [
            threading.Thread(
                target=client,
                args=(n, bases, browsers, accounts, course_ids, questions, tally, stop),
                daemon=True,
            )
            for n in range(connections)
        ]
        watcher = threading.Thread(target=watch, args=(stack, found, stop), daemon=True)
        begin = time.monotonic()
        watcher.start()
        for thread in threads:
            thread.start()
        time.sleep(duration / 4)
        timeline["postgres restart"] = time.monotonic()
        timeline["postgres restart took"] = restart_postgres()
        timeline["postgres back"] = time.monotonic()
        time.sleep(max(0.0, begin + duration / 2 - time.monotonic()))
        timeline["redis stop"] = time.monotonic()
        stack.stop_redis()
        time.sleep(10)
        stack.start_redis()
        timeline["redis back"] = time.monotonic()
        time.sleep(max(0.0, begin + duration - time.monotonic()))
        stop.set()
        for thread in [*threads, watcher]:
            thread.join(timeout=60)
        elapsed = time.monotonic() - begin
        time.sleep(1)

        ids = ",".join(str(i) for i in tally.acknowledged) or "0"
        stored_acknowledged = int(stack.sql(f"SELECT count(*) FROM attempts WHERE id IN ({ids})"))
        stored_total = int(stack.sql("SELECT count(*) FROM attempts"))
        tracebacks = [t for t in stack.tracebacks() if not outage_error(t)]
    finally:
        stop.set()
        stack.close()

    lost = len(tally.acknowledged) - stored_acknowledged
    unknown_answers = sum(n for key, n in tally.no_answer.items() if key.startswith("answer"))
    pg_failed, pg_last = outage(tally.failures, begin, timeline["redis stop"], timeline["postgres restart"])
    redis_failed, _ = outage(
        tally.failures, timeline["redis stop"], begin + duration + 60, timeline["redis stop"]
    )
    pg_ready = ready_again(found.readiness, timeline["postgres back"])
    redis_ready = ready_again(found.readiness, timeline["redis back"])
    total = sum(sum(c.values()) for c in tally.statuses.values())
    statuses = Counter[int]()
    for counter in tally.statuses.values():
        statuses.update(counter)
    memory_start = found.memory[0] if found.memory else (0, 0, 0)
    memory_peak = max(found.memory, key=lambda m: m[1]) if found.memory else (0, 0, 0)
    memory_end = found.memory[-1] if found.memory else (0, 0, 0)

    rows = [
        (
            "duration, connections",
            f"{elapsed:.0f} s, {connections} (2 instances × {stack.workers} workers × 4 threads)",
        ),
        (
            "requests answered",
            f"{total:,} ({total / elapsed:.0f}/s); statuses {dict(sorted(statuses.items()))}",
        ),
    ]
    for kind in ("page", "tree", "answer"):
        values = tally.latencies[kind]
        rows.append(
            (
                f"  {kind}s",
                f"{len(values):,}; p50 {percentile(values, 0.5) * 1000:.0f} ms, "
                f"p99 {percentile(values, 0.99) * 1000:.0f} ms;"
                f" {dict(sorted(tally.statuses[kind].items()))}",
            )
        )
    rows += [
        ("answers acknowledged (201)", f"{len(tally.acknowledged):,}"),
        ("acknowledged answers stored", f"{stored_acknowledged:,} — lost: {lost}"),
        (
            "answers stored in all",
            f"{stored_total:,} (acknowledged + {unknown_answers} whose reply never came)",
        ),
        ("bare 5xx (no envelope, no error page)", f"{len(tally.bare_5xx)}"),
        (
            "500 Internal Server Error (any)",
            f"{statuses[500]}; tracebacks other than outages: {len(tracebacks)}",
        ),
        ("connections without a reply", f"{sum(tally.no_answer.values())} {dict(tally.no_answer) or ''}"),
        (
            "PostgreSQL restart",
            f"took {timeline['postgres restart took']:.1f} s; {pg_failed} failed requests, the last "
            f"one begun {pg_last or 0:.1f} s after it began; ready again {seconds(pg_ready)} after it ended",
        ),
        (
            "Redis stopped 10 s",
            f"{redis_failed} failed requests; ready (ok/ok) {seconds(redis_ready)} after it came back",
        ),
        (
            "worker memory (RSS, all workers / largest)",
            f"start {mib(memory_start)}, peak {mib(memory_peak)}, end {mib(memory_end)}",
        ),
    ]
    print(
        f"\nsoak: {duration} s, {connections} connections, PostgreSQL `{DATABASE}`, Redis on {REDIS_PORT}\n"
    )
    print(f"| {'measure':42} | value |\n| {'---':42} | --- |")
    for name, value in rows:
        print(f"| {name:42} | {value} |")
    for sample in tally.bare_5xx[:5]:
        print(f"bare: {sample}", file=sys.stderr)
    for trace in tracebacks[:3]:
        print(trace, file=sys.stderr)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "soak.json").write_text(json.dumps(dict(rows), indent=2, ensure_ascii=False))
    return 0 if lost == 0 and not tally.bare_5xx else 1


if __name__ == "__main__":
    sys.exit(main())
