"""Gunicorn settings shared by the site and the bare endpoint in bench/run.py: the production
hook that freezes the loaded application out of the garbage collector's sight (see
app/gunicorn.conf.py), applied to both servers so the ratio compares like with like."""

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """As in app/gunicorn.conf.py: the loaded application is frozen out of the collector's sight."""
    gc.freeze()
