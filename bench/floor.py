"""The floor: the least a signed-in request can cost on the site's own packages, served by the same
gunicorn in the same run as the site and the bare endpoint (bench/run.py).

A Flask app with the site's one SQLAlchemy instance, models and engine tuning (SQLite's pragmas,
PostgreSQL's planning: app/database.py), Flask-Login and nothing else: no CSRF, security headers,
request ids, metrics, limiter or locale. The person comes from Flask-Login's cookie and is loaded
by primary key, as Flask-Login's own documentation does it, without the server-side session row
the site checks. Its endpoints are the shapes of the site's target rows:

- `GET /kept/<size>`: a signed-in view served from memory, as the site's kept dashboard
  (`size` 9,450: its HTML) and astronomy tree (5,040: its JSON) are: the person, the site's own
  key query (`progress_marks`), then the kept body;
- `POST /write`: a signed-in write as small as an answer can be: the person, the learner's card
  of the question read, an attempt inserted, the card written, one commit (four statements; the
  site's answer runs six, and grades, schedules and stores standings besides).

What the site adds on top of a floor row is its own cost; a target above the floor's ratio cannot
be met by any application built on these packages on this machine.
"""

from __future__ import annotations

import os

from flask import Flask, Response, abort, jsonify, request
from flask_login import LoginManager, current_user, login_required, login_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.auth.models import User
from app.database import plan_postgresql_per_query, tune_sqlite_files
from app.extensions import db
from app.models import Attempt, ReviewState, Verdict
from app.services.learning import progress_marks
from app.types import utcnow

KEPT: dict[tuple[object, ...], bytes] = {}


def create_app() -> Flask:
    """The floor application on the benchmark's database (DATABASE_URL)."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ["SECRET_KEY"],
        SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"],
        DATABASE_CONNECT_TIMEOUT=5,
    )
    plan_postgresql_per_query(app)
    db.init_app(app)
    tune_sqlite_files(app)
    login_manager = LoginManager(app)

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        user = db.session.get(User, int(user_id))
        if user is not None:
            user.bind_session(user_id)  # the site's User names its browser session for Flask-Login
        return user

    @app.post("/login/<username>")
    def login(username: str) -> str:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            abort(404)
        user.bind_session(str(user.id))
        login_user(user)
        return "signed in"

    @app.get("/kept/<int:size>")
    @login_required
    def kept(size: int) -> Response:
        key = (current_user.id, size, progress_marks(current_user))
        body = KEPT.get(key)
        if body is None:
            body = KEPT[key] = b"x" * size
        return Response(body, content_type="text/html; charset=utf-8")

    @app.post("/write")
    @login_required
    def write() -> tuple[Response, int]:
        body = request.get_json(silent=True) or {}
        question_id = body.get("question_id")
        if not isinstance(question_id, int):
            abort(422)
        learner = {"user_id": current_user.id, "question_id": question_id}
        card = db.session.scalar(select(ReviewState).filter_by(**learner))
        now = utcnow()
        answer = str(body.get("answer", ""))[:200]
        db.session.add(Attempt(**learner, answer=answer, verdict=Verdict.CORRECT, tier=1, created_at=now))
        if card is None:
            db.session.add(ReviewState(**learner, reps=1, last_review=now))
        else:
            card.reps, card.last_review = card.reps + 1, now
        try:
            db.session.commit()
        except IntegrityError:  # the learner's first write on this card, raced by another
            db.session.rollback()
            abort(409)
        return jsonify(stored=True), 201

    return app
