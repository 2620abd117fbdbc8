"""The yardstick: the smallest Flask application, served by the same gunicorn in the same run.
Every LearnAnything endpoint is reported as a ratio of this endpoint's throughput."""

from __future__ import annotations

from flask import Flask


def create_app() -> Flask:
    """A Flask app with one endpoint that returns a short text."""
    app = Flask(__name__)

    @app.get("/bare")
    def bare() -> str:
        return "ok"

    return app
