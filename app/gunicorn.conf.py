"""Gunicorn settings of the installed site (`learnanything run`); every value can be overridden
from the environment, and gunicorn's own command-line options win over this file.

Behind a reverse proxy that terminates TLS and buffers slow clients (see README, "Production").
"""

import gc
import multiprocessing
import os
from typing import Any

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
# The usual rule: two workers per core plus one; each worker serves a few requests at once.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer is stuck: its worker is replaced (the proxy's timeout is longer).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (a deploy), requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# A worker is replaced after this many requests (with jitter), so a slow leak cannot grow forever.
max_requests = 2000
max_requests_jitter = 200

# The access log: one line per request, with the request id the application returns.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s "%(a)s"'


def post_worker_init(worker: Any) -> None:
    """The worker has loaded the application: freeze what exists now (modules, the app, its
    caches) out of the garbage collector's sight, so each collection walks only what requests
    made instead of the whole heap (about a tenth of an anonymous page's time, measured)."""
    gc.freeze()


def child_exit(server: Any, worker: Any) -> None:
    """A worker is gone: drop its live gauges (the database pool) from the Prometheus numbers."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
