"""The deployment, proved: deploy/nginx/ in front of two `learnanything run` instances on PostgreSQL
and Redis, all on loopback (scripts/deploy-check.sh installs nginx first; `make deploy-check`).

    python scripts/deploy_check.py

It checks what the deployment promises: nginx serves the static files and passes the request id,
keeps the body limits of the site and hides /metrics; a session opened on one instance works on
the other, and a rate limit counts across both; 20 clients sending their bodies byte by byte do
not hold up anyone else (nginx buffers them; straight to gunicorn, for comparison, they do); a
PostgreSQL restart gives 503s with Retry-After, then recovery, and every answer acknowledged
before, during and after it is stored. Prints one line per check; exit status 1 if one fails.
Everything it starts is stopped, and its database emptied at the next run.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests
from site_stack import Account, Stack, restart_postgres

DATABASE = "learnanything_deploy_check"
REDIS_PORT = 6391
SLOW_CLIENTS = 20
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass
class Report:
    """The checks and their outcome, printed as a table."""

    rows: list[tuple[str, bool, str]] = field(default_factory=list)

    def check(self, name: str, passed: bool, detail: str) -> None:
        """Record one check and print it at once."""
        self.rows.append((name, passed, detail))
        print(f"{'PASS' if passed else 'FAIL'}  {name:58} {detail}", flush=True)

    @property
    def passed(self) -> bool:
        """True when every check passed."""
        return all(passed for _name, passed, _detail in self.rows)


class Browser:
    """A browser as far as the check needs one: cookies kept by hand (the site's cookies are Secure
    `__Host-` cookies, which a client only sends over HTTPS; the check talks HTTP on loopback)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()

    def request(self, method: str, url: str, **kwargs: object) -> requests.Response:
        """Send the cookies, keep the ones set, never follow redirects."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        response = self.http.request(
            method,
            url,
            headers=headers,
            allow_redirects=False,
            timeout=15,
            **kwargs,  # type: ignore[arg-type]
        )
        for cookie in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response

    def csrf(self, url: str) -> str:
        """The CSRF token of the page at `url`."""
        match = CSRF_META.search(self.request("GET", url).text)
        if not match:
            raise RuntimeError(f"no CSRF token on {url}")
        return match.group(1)


def check_nginx(stack: Stack, report: Report, base: str, static: Path) -> None:
    """Static files from nginx, request ids passed, body limits kept, /metrics hidden."""
    styles = requests.get(f"{base}/static/css/styles.css", timeout=10)
    on_disk = (static / "css" / "styles.css").read_bytes()
    report.check(
        "static files served by nginx, cached for a month",
        styles.status_code == 200
        and styles.content == on_disk
        and "max-age=2592000" in styles.headers.get("Cache-Control", "")
        and "gunicorn" not in styles.headers.get("Server", ""),
        f"{styles.status_code}, Cache-Control: {styles.headers.get('Cache-Control')}, "
        f"Server: {styles.headers.get('Server')}",
    )
    page = requests.get(f"{base}/auth/login", headers={"X-Request-ID": "deploy-check-42"}, timeout=10)
    generated = requests.get(f"{base}/auth/login", timeout=10).headers.get("X-Request-ID", "")
    report.check(
        "X-Request-ID passed through, or made by nginx",
        page.status_code == 200
        and page.headers.get("X-Request-ID") == "deploy-check-42"
        and re.fullmatch(r"[0-9a-f]{32}", generated) is not None,
        f"sent deploy-check-42 → {page.headers.get('X-Request-ID')}; none sent → {generated}",
    )
    too_big = b"x" * (1024 * 1024 + 4096)
    refused = requests.post(f"{base}/contact", data=too_big, timeout=15)
    import_body = requests.post(
        f"{base}/api/v1/courses/import",
        data=too_big,
        headers={"Content-Type": "application/json"},
        timeout=15,
    )
    report.check(
        "bodies over 1 MiB refused by nginx, larger course files let through",
        refused.status_code == 413 and import_body.status_code == 401,
        f"1 MiB + 4 KiB to /contact → {refused.status_code}; to /api/v1/courses/import → "
        f"{import_body.status_code} (the site's answer to an anonymous caller)",
    )
    hidden = requests.get(f"{base}/metrics", timeout=10).status_code
    direct = requests.get(f"http://127.0.0.1:{stack.ports[0]}/metrics", timeout=10)
    report.check(
        "/metrics hidden by nginx, read on each instance's own port",
        hidden == 404 and direct.status_code == 200 and "learnanything_http_requests_total" in direct.text,
        f"through nginx → {hidden}; 127.0.0.1:{stack.ports[0]}/metrics → {direct.status_code}",
    )


def check_sessions(stack: Stack, report: Report, account: Account) -> None:
    """Log in on instance 1, use the same cookie on instance 2."""
    first, second = (f"http://127.0.0.1:{port}" for port in stack.ports[:2])
    browser = Browser()
    token = browser.csrf(f"{first}/auth/login")
    login = browser.request(
        "POST",
        f"{first}/auth/login",
        data={"login-csrf_token": token, "login-login": account.username, "login-password": account.password},
    )
    dashboard = browser.request("GET", f"{second}/dashboard")
    report.check(
        "a session opened on instance 1 works on instance 2",
        login.status_code == 302 and dashboard.status_code == 200 and account.username in dashboard.text,
        f"login on :{stack.ports[0]} → {login.status_code}; /dashboard on :{stack.ports[1]} → "
        f"{dashboard.status_code}",
    )


def check_rate_limit(stack: Stack, report: Report, account: Account) -> None:
    """Wrong passwords for one account alternate between the instances; the limit on one account
    from one address (5 per 15 minutes) holds for their sum."""
    browser = Browser()
    instances = [f"http://127.0.0.1:{port}" for port in stack.ports[:2]]
    token = browser.csrf(f"{instances[0]}/auth/login")
    statuses: list[tuple[int, int]] = []
    for attempt in range(12):
        instance = attempt % 2
        response = browser.request(
            "POST",
            f"{instances[instance]}/auth/login",
            data={
                "login-csrf_token": token,
                "login-login": account.username,
                "login-password": "wrong-password",
            },
        )
        statuses.append((instance, response.status_code))
        if response.status_code == 429:
            break
    refused_at = len(statuses) if statuses[-1][1] == 429 else None
    per_instance = Counter(instance for instance, status in statuses if status != 429)
    report.check(
        "a login limit (5 per 15 minutes) counts across both instances",
        refused_at == 6 and per_instance[0] == 3 and per_instance[1] == 2,
        f"429 at attempt {refused_at} (instance 1 took {per_instance[0]} wrong passwords, instance 2 "
        f"{per_instance[1]}; counted apart, each would take 5)",
    )


def questions(stack: Stack) -> list[tuple[int, str]]:
    """Short-answer questions of the published courses, with one accepted answer each."""
    rows = stack.sql(
        "SELECT json_agg(json_build_array(q.id, q.answers->>0)) FROM questions q "
        "JOIN topics t ON q.topic_id = t.id JOIN courses c ON t.course_id = c.id "
        "WHERE c.published AND lower(q.kind::text) = 'short'"
    )
    found = [(int(row[0]), str(row[1])) for row in json.loads(rows or "[]")]
    if not found:
        raise RuntimeError("no short-answer question in the seeded courses")
    return found


def slow_post(port: int, account: Account, body: bytes, pause: float) -> tuple[int, float]:
    """POST an answer, sending the body one byte at a time; the status and the seconds it took."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        head = (
            f"POST /api/v1/attempts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {account.token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        sock.sendall(head.encode())
        for byte in body:
            sock.sendall(bytes([byte]))
            time.sleep(pause)
        answer = sock.recv(64).decode(errors="replace")
    match = re.match(r"HTTP/1\.[01] (\d{3})", answer)
    return (int(match.group(1)) if match else 0), time.monotonic() - started


def others_during_slow_clients(
    port: int, account: Account, body: bytes, pause: float, seconds: float
) -> tuple[list[int], float, list[int]]:
    """Run SLOW_CLIENTS slow posts against `port` while another client reads pages there; the other
    client's statuses, its slowest request, and the slow clients' statuses."""
    slow_statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: slow_statuses.append(slow_post(port, account, body, pause)[0]))
        for _ in range(SLOW_CLIENTS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1)  # every slow client has sent its headers and is trickling its body
    statuses, slowest = [], 0.0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            statuses.append(requests.get(f"http://127.0.0.1:{port}/auth/login", timeout=5).status_code)
        except requests.RequestException:
            statuses.append(0)
        slowest = max(slowest, time.monotonic() - started)
    for thread in threads:
        thread.join(timeout=120)
    return statuses, slowest, slow_statuses


def check_slow_clients(stack: Stack, report: Report, account: Account, question: tuple[int, str]) -> None:
    """Through nginx the slow bodies hold nobody up; straight to one instance they do."""
    body = json.dumps({"question_id": question[0], "answer": question[1]}).encode()
    pause = 6.0 / len(body)  # about six seconds per body
    statuses, slowest, slow = others_during_slow_clients(stack.nginx_port, account, body, pause, 4)
    report.check(
        f"{SLOW_CLIENTS} clients sending byte by byte do not hold up others (nginx)",
        bool(statuses)
        and all(s == 200 for s in statuses)
        and slowest < 1.0
        and slow.count(201) == SLOW_CLIENTS,
        f"{len(statuses)} other requests, all 200: {all(s == 200 for s in statuses)}, "
        f"slowest {slowest:.2f} s; "
        f"slow answers stored: {slow.count(201)}/{SLOW_CLIENTS} {dict(Counter(slow))}",
    )
    statuses, slowest, slow = others_during_slow_clients(stack.ports[0], account, body, pause, 4)
    print(
        f"      for comparison, straight to one instance ({stack.workers} workers × 4 threads): "
        f"{len(statuses)} other requests, slowest {slowest:.2f} s, statuses {dict(Counter(statuses))}",
        flush=True,
    )


def check_postgres_restart(
    stack: Stack, report: Report, accounts: list[Account], pool: list[tuple[int, str]]
) -> None:
    """Answers flow through nginx while PostgreSQL restarts: 503s, then recovery, nothing lost."""
    base = f"http://127.0.0.1:{stack.nginx_port}"
    acknowledged: list[int] = []
    unknown = Counter[str]()
    statuses = Counter[int]()
    bad_503: list[str] = []
    events: list[tuple[float, int]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def learner(account: Account, offset: int) -> None:
        http = requests.Session()
        headers = {"Authorization": f"Bearer {account.token}"}
        n = offset
        while not stop.is_set():
            question_id, expected = pool[n % len(pool)]
            n += 1
            try:
                response = http.post(
                    f"{base}/api/v1/attempts",
                    json={"question_id": question_id, "answer": expected if n % 3 else "autre chose"},
                    headers=headers,
                    timeout=30,
                )
            except requests.RequestException as error:
                with lock:
                    unknown[type(error).__name__] += 1
                continue
            with lock:
                statuses[response.status_code] += 1
                events.append((time.monotonic(), response.status_code))
                if response.status_code == 201:
                    acknowledged.append(int(response.json()["attempt"]["id"]))
                elif response.status_code == 503:
                    envelope = response.headers.get("Content-Type", "").startswith("application/json") and (
                        response.json().get("error", {}).get("status") == 503
                    )
                    if not envelope or not response.headers.get("Retry-After"):
                        bad_503.append(response.text[:200])
            if response.status_code == 503:
                time.sleep(0.2)

    threads = [threading.Thread(target=learner, args=(account, i * 7)) for i, account in enumerate(accounts)]
    for thread in threads:
        thread.start()
    time.sleep(4)
    restart_started = time.monotonic()
    took = restart_postgres()
    restarted = time.monotonic()
    time.sleep(8)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    outage = [t for t, status in events if status == 503]
    recovered = next((t for t, status in events if t > restarted and status == 201), None)
    recovery = f"{recovered - restart_started:.1f} s after the restart began" if recovered else "never"
    report.check(
        "PostgreSQL restart: 503s (JSON envelope, Retry-After), then recovery",
        bool(outage) and not bad_503 and recovered is not None and set(statuses) <= {201, 503},
        f"restart took {took:.1f} s; statuses {dict(statuses)}; first 201 after it {recovery}; "
        f"lost connections {dict(unknown) or 0}",
    )
    ids = ",".join(str(i) for i in acknowledged) or "0"
    stored = int(stack.sql(f"SELECT count(*) FROM attempts WHERE id IN ({ids})"))
    names = ",".join(f"'{a.username}'" for a in accounts)
    total = int(
        stack.sql(
            f"SELECT count(*) FROM attempts a JOIN users u ON a.user_id = u.id WHERE u.username IN ({names})"
        )
    )
    # Only the slow clients' answers (check above) and these are the learners' attempts.
    report.check(
        "every acknowledged answer is stored",
        stored == len(acknowledged) and len(set(acknowledged)) == len(acknowledged),
        f"{len(acknowledged)} acknowledged, {stored} of them stored; "
        f"{total} stored for these learners in all",
    )
    ready = [requests.get(f"http://127.0.0.1:{port}/readyz", timeout=10).json() for port in stack.ports]
    report.check(
        "both instances ready again, without a restart",
        all(r["status"] == "ok" for r in ready),
        f"/readyz: {[r['status'] for r in ready]}",
    )


def outage_error(trace: str) -> bool:
    """True for a traceback whose error is the database being unreachable (logged during the restart):
    a failed connection, or the pool's pre-ping finding its connections dead (InvalidatePoolError)."""
    last = trace.rstrip().splitlines()[-1]
    unreachable = "OperationalError" in last and ("shutting down" in last or "connection" in last)
    return unreachable or "AdminShutdown" in last or last.startswith("sqlalchemy.exc.InvalidatePoolError")


def static_folder() -> Path:
    """The static files of the installed package, as nginx serves them."""
    import app

    return Path(app.__file__).resolve().parent / "static"


def main() -> int:
    """Start the stack, run every check, print the table, stop everything."""
    stack = Stack(DATABASE, REDIS_PORT, extra_environment={"RATELIMIT_API_WRITE": "100000 per minute"})
    report = Report()
    steps: list[Callable[[], None]] = []
    try:
        started = time.monotonic()
        stack.start()
        stack.start_nginx(static_folder())
        base = f"http://127.0.0.1:{stack.nginx_port}"
        print(
            f"stack up in {time.monotonic() - started:.0f} s: instances on {stack.ports} "
            f"({stack.workers} workers each), nginx on {stack.nginx_port}, PostgreSQL `{DATABASE}`, "
            f"Redis on {REDIS_PORT}\n",
            flush=True,
        )
        accounts = stack.accounts(9)
        pool = questions(stack)
        steps = [
            lambda: check_nginx(stack, report, base, static_folder()),
            lambda: check_sessions(stack, report, accounts[0]),
            lambda: check_slow_clients(stack, report, accounts[1], pool[0]),
            lambda: check_postgres_restart(stack, report, accounts[2:], pool),
            lambda: check_rate_limit(stack, report, accounts[1]),
        ]
        for step in steps:
            step()
        logged = stack.tracebacks()
        errors = [trace for trace in logged if not outage_error(trace)]
        report.check(
            "no exception but the outage's (database unreachable)",
            not errors,
            f"{len(logged)} tracebacks logged, {len(logged) - len(errors)} of them the database "
            f"unreachable while PostgreSQL restarted, {len(errors)} other",
        )
        for error in errors[:3]:
            print(error, file=sys.stderr)
    except Exception as error:
        report.check("the check ran to the end", False, f"{type(error).__name__}: {error}")
        print(stack.log_tail(), file=sys.stderr)
    finally:
        stack.close()
    failed = [name for name, passed, _detail in report.rows if not passed]
    print(
        f"\n{len(report.rows) - len(failed)}/{len(report.rows)} checks passed"
        + (f"; failed: {failed}" if failed else "")
    )
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
