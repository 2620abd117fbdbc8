"""The floor: the least a signed-in request can cost on the site's own packages, served by the same
gunicorn in the same run as the site and the bare endpoint (bench/run.py).

A Flask app with Flask-SQLAlchemy and Flask-Login and nothing else (no CSRF, no security
headers, no request ids, metrics, limiter or locale): the person comes from Flask-Login's cookie
and is loaded by primary key, as Flask-Login's own documentation does it, without the server-side
session row the site checks. Its endpoints are the shapes of the site's target rows:

- `GET /kept/<size>`: a signed-in view served from memory, as the site's kept dashboard
  (`size` 9,450: its HTML) and astronomy tree (5,040: its JSON) are: the person, one query for
  the key (the learner's course rows, as the site's key query reads them), then the kept body;
- `POST /write`: a signed-in write as small as an answer can be: the person, the learner's card
  read (made at sign-in), an attempt inserted, the card updated, one commit (four statements; the
  site's answer runs six, and grades, schedules and stores standings besides).

What the site adds on top of a floor row is its own cost; a target above the floor's ratio cannot
be met by any application built on these packages on this machine.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, abort, jsonify, request
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, ForeignKey, String, event, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.database import CUSTOM_PLANS, SQLITE_PRAGMAS


class Base(DeclarativeBase):
    """The floor's own models, apart from the site's."""


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    """The site's `users` table, as far as the floor reads it."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40))
    active: Mapped[bool]


class FloorCard(db.Model):  # type: ignore[name-defined]
    """A learner's card, as small as one can be: how often they answered."""

    __tablename__ = "floor_cards"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    answers: Mapped[int] = mapped_column(default=0)


class FloorAttempt(db.Model):  # type: ignore[name-defined]
    """An answer, as small as one can be."""

    __tablename__ = "floor_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    answer: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# The learner's course rows, as the site's key query reads them (app/services/learning.py).
KEY = text(
    "SELECT courses.id, courses.updated_at, standings.version, standings.valid_until FROM courses "
    "LEFT OUTER JOIN standings ON standings.user_id = :user_id AND standings.course_id = courses.id "
    "AND standings.node = 0 WHERE courses.published ORDER BY courses.id"
)
KEPT: dict[tuple[object, ...], bytes] = {}


def create_app() -> Flask:
    """The floor application on the benchmark's database (DATABASE_URL)."""
    app = Flask(__name__)
    url = os.environ["DATABASE_URL"]
    app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], SQLALCHEMY_DATABASE_URI=url)
    if make_url(url).get_backend_name() == "postgresql":  # the site's planning (app/database.py)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": CUSTOM_PLANS}}
    db.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":  # the site's pragmas: WAL, commits without waiting on the disk
            event.listen(db.engine, "connect", _sqlite_pragmas)

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id))

    @app.post("/login/<username>")
    def login(username: str) -> str:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            abort(404)
        if db.session.get(FloorCard, user.id) is None:  # the card exists before any write, as the site's does
            db.session.add(FloorCard(user_id=user.id, answers=0))
            db.session.commit()
        login_user(user)
        return "signed in"

    @app.get("/kept/<int:size>")
    @login_required
    def kept(size: int) -> Response:
        key = (current_user.id, size, *map(tuple, db.session.execute(KEY, {"user_id": current_user.id})))
        body = KEPT.get(key)
        if body is None:
            body = KEPT[key] = b"x" * size
        return Response(body, content_type="text/html; charset=utf-8")

    @app.post("/write")
    @login_required
    def write() -> tuple[Response, int]:
        answer = str((request.get_json(silent=True) or {}).get("answer", ""))[:200]
        card = db.session.get(FloorCard, current_user.id)
        if card is None:
            abort(409)
        db.session.add(FloorAttempt(user_id=current_user.id, answer=answer, created_at=datetime.now(UTC)))
        mine = FloorCard.user_id == current_user.id
        db.session.execute(update(FloorCard).where(mine).values(answers=FloorCard.answers + 1))
        db.session.commit()
        return jsonify(stored=True), 201

    return app


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    for pragma in SQLITE_PRAGMAS:
        dbapi_connection.execute(pragma)


def create_tables() -> None:
    """The floor's own tables in the benchmark's database (once, before its workers start)."""
    with create_app().app_context():
        Base.metadata.create_all(db.engine, tables=[FloorCard.__table__, FloorAttempt.__table__])
        db.engine.dispose()


if __name__ == "__main__":
    create_tables()
