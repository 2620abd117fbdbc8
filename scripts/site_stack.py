"""The production stack on loopback, for the deploy check and the soak: two `learnanything run`
instances (gunicorn, production configuration) on one PostgreSQL database and a private Redis,
optionally nginx in front (deploy/nginx/), and the means to hurt them (restart PostgreSQL, stop
Redis) and to watch them (worker memory). Everything started here is stopped by `close()`.

Loopback only. PostgreSQL is the machine's cluster (a database of the stack's own, emptied first);
Redis is a private `redis-server` on its own port, so stopping it touches nobody else's.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD_LENGTH = 20


def free_port() -> int:
    """A loopback TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers(port: int, path: str, timeout: float = 2) -> int | None:
    """The status `path` answers on `port`, or None when nothing answers."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request("GET", path)
        status = connection.getresponse().status
        connection.close()
        return status
    except OSError:
        return None


def wait_until(port: int, path: str, statuses: set[int], timeout: float = 90) -> None:
    """Block until `path` on `port` answers one of `statuses`, or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(port, path) in statuses:
            return
        time.sleep(0.3)
    raise RuntimeError(f"127.0.0.1:{port}{path} did not answer {statuses} within {timeout:.0f} s")


def postgres_cluster() -> str:
    """The version of the machine's PostgreSQL cluster (its folder in /etc/postgresql)."""
    versions = sorted(os.listdir("/etc/postgresql"))
    if not versions:
        raise RuntimeError("no PostgreSQL cluster in /etc/postgresql")
    return versions[-1]


def restart_postgres() -> float:
    """Restart the PostgreSQL cluster (every connection dropped); the seconds it took."""
    started = time.monotonic()
    subprocess.run(
        [
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            "--mode",
            "fast",
            postgres_cluster(),
            "main",
            "restart",
        ],
        check=True,
        capture_output=True,
    )
    return time.monotonic() - started


def children(pid: int) -> list[int]:
    """The child processes of `pid` (gunicorn's workers), read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The second field may hold spaces and parentheses: the parent id follows the last ')'.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def rss_kib(pid: int) -> int:
    """Resident memory of `pid` in KiB (VmRSS), 0 when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


@dataclass
class Account:
    """A learner of the stack: login, password, API token."""

    username: str
    password: str
    token: str


@dataclass
class Stack:
    """Two instances of the site on one database and one private Redis, and optionally nginx."""

    database: str
    redis_port: int
    instances: int = 2
    workers: int = 2
    extra_environment: dict[str, str] = field(default_factory=dict)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="learnanything-stack-")))
    ports: list[int] = field(default_factory=list)
    servers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    redis: subprocess.Popen[bytes] | None = None
    nginx: subprocess.Popen[bytes] | None = None
    nginx_port: int = 0
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL of the stack's database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.database}"

    @property
    def redis_url(self) -> str:
        """The rate-limit storage of the stack."""
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def environment(self, index: int) -> dict[str, str]:
        """The environment of instance `index`: production, the shared database, Redis and key."""
        keep = {"PATH", "LANG", "LC_ALL", "HOME", "TZ"}
        return {
            **{name: value for name, value in os.environ.items() if name in keep},
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_url,
            "RATELIMIT_STORAGE_URI": self.redis_url,
            "LEARNANYTHING_INSTANCE": str(self.folder / f"instance{index}"),
            "HOST": "127.0.0.1",
            "PORT": str(self.ports[index]),
            "WEB_CONCURRENCY": str(self.workers),
            "GUNICORN_THREADS": "4",
            "TRUSTED_PROXIES": "1",
            "SEED_DEMO_DATA": "1",
            "MAIL_BACKEND": "locmem",
            "LOG_LEVEL": "WARNING",
            **self.extra_environment,
        }

    def start(self) -> None:
        """Empty the database, start Redis, then the instances one after the other (the first migrates)."""
        self.empty_database()
        self.start_redis()
        self.ports = [free_port() for _ in range(self.instances)]
        for index in range(self.instances):
            log = (self.folder / f"instance{index}.log").open("wb")
            self.servers.append(
                subprocess.Popen(
                    [str(BIN / "learnanything"), "run"],
                    cwd=self.folder,
                    env=self.environment(index),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            wait_until(self.ports[index], "/readyz", {200})

    def empty_database(self) -> None:
        """Create the stack's database if needed and drop everything in it."""
        psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc"]
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", self.database], capture_output=True)
        subprocess.run(
            [*psql[:-1], "-d", self.database, "-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
            check=True,
            capture_output=True,
        )

    def start_redis(self) -> None:
        """A private redis-server on `redis_port`, keeping nothing on disk."""
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.redis_port}")

    def stop_redis(self) -> None:
        """Stop the private Redis (SIGTERM, no save)."""
        if self.redis is not None and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(timeout=10)
        self.redis = None

    def start_nginx(self, static_folder: Path) -> int:
        """nginx in front of the instances, with deploy/nginx/'s files; its loopback port."""
        self.nginx_port = free_port()
        site = (ROOT / "deploy" / "nginx" / "learnanything.conf").read_text()
        locations = (ROOT / "deploy" / "nginx" / "learnanything-locations.conf").read_text()
        upstreams = "".join(f"    server 127.0.0.1:{port};\n" for port in self.ports)
        replacements = [
            ("    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;\n", upstreams),
            ("    listen 80;\n    listen [::]:80;\n    server_name learnanything.example.org;\n",
             f"    listen 127.0.0.1:{self.nginx_port};\n"),
            ("access_log /var/log/nginx/learnanything.access.log learnanything;",
             f"access_log {self.folder}/nginx-access.log learnanything;"),
            ("include /etc/nginx/snippets/learnanything-locations.conf;",
             f"include {self.folder}/learnanything-locations.conf;"),
        ]  # fmt: skip
        for old, new in replacements:
            if old not in site:
                raise RuntimeError(f"deploy/nginx/learnanything.conf changed: cannot find {old.strip()!r}")
            site = site.replace(old, new, 1)
        static = "alias /opt/learnanything/static/;"
        if static not in locations:
            raise RuntimeError("deploy/nginx/learnanything-locations.conf changed: no static alias")
        locations = locations.replace(static, f"alias {static_folder}/;")
        (self.folder / "learnanything-locations.conf").write_text(locations)
        (self.folder / "learnanything.conf").write_text(site)
        temp = self.folder / "nginx-temp"
        temp.mkdir()
        main = f"""# Test harness only: the main context Debian's /etc/nginx/nginx.conf gives a site.
user root;
worker_processes 2;
pid {self.folder}/nginx.pid;
error_log {self.folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    server_tokens off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.folder}/learnanything.conf;
}}
"""
        (self.folder / "nginx.conf").write_text(main)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        test = subprocess.run(
            [nginx, "-t", "-c", str(self.folder / "nginx.conf")], capture_output=True, text=True
        )
        if test.returncode != 0:
            raise RuntimeError(f"nginx -t refused the configuration:\n{test.stderr}")
        self.nginx = subprocess.Popen(
            [nginx, "-c", str(self.folder / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(self.nginx_port, "/healthz", {200}, timeout=20)
        return self.nginx_port

    def worker_pids(self) -> list[int]:
        """The gunicorn workers of every instance."""
        return [pid for server in self.servers for pid in children(server.pid)]

    def accounts(self, count: int) -> list[Account]:
        """`count` learners with a write token each, made through the account and token services."""
        environment = self.environment(0)
        script = (
            "import json, sys\n"
            "from app import create_app\n"
            "from app.auth.models import TokenScope\n"
            "from app.auth.tokens import create_token\n"
            "from app.services.accounts import register_user\n"
            "app = create_app('production', DATABASE_URL=sys.argv[1], SQLALCHEMY_DATABASE_URI=sys.argv[1])\n"
            "out = []\n"
            "with app.app_context():\n"
            "    for name, password in json.loads(sys.argv[2]):\n"
            "        user = register_user(name, name + '@example.org', password, verified=True)\n"
            "        out.append([name, password, create_token(user, 'stack', TokenScope.WRITE)[1]])\n"
            "print(json.dumps(out))\n"
        )
        import json

        wanted = [[f"learner{n:03d}", secrets.token_urlsafe(PASSWORD_LENGTH)] for n in range(count)]
        done = subprocess.run(
            [sys.executable, "-c", script, self.database_url, json.dumps(wanted)],
            env=environment,
            cwd=self.folder,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"could not create the accounts:\n{done.stderr[-3000:]}")
        return [Account(*row) for row in json.loads(done.stdout.strip().splitlines()[-1])]

    def sql(self, query: str) -> str:
        """One value from the stack's database (psql, unaligned)."""
        return subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", self.database, "-tAc", query],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    def close(self) -> None:
        """Stop nginx, the instances (gracefully, then by force) and Redis; remove the folder."""
        processes = [p for p in (self.nginx, *self.servers) if p is not None]
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT if process is self.nginx else signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.stop_redis()
        shutil.rmtree(self.folder, ignore_errors=True)

    def tracebacks(self) -> list[str]:
        """Every traceback the instances logged (a request that failed unexpectedly)."""
        found = []
        for path in sorted(self.folder.glob("instance*.log")):
            text = path.read_text(errors="replace")
            found += re.findall(r"Traceback \(most recent call last\):\n(?:[ \t].*\n)+.*", text)
        return found

    def log_tail(self, characters: int = 3000) -> str:
        """The end of every instance's log, for a failure report."""
        return "\n".join(
            path.read_text(errors="replace")[-characters:] for path in sorted(self.folder.glob("*.log"))
        )
