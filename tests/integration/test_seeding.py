"""The SQL seed loads on the test database, twice without change, and its text reaches the
driver untouched (no placeholder parsing of `%` or `:name`)."""

from __future__ import annotations

from sqlalchemy import func, select

from app import db, seed_file
from app.models import Course, Item, Question, Topic, User
from app.services.seeding import load_seed_file, split_statements


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (User, Course, Topic, Question, Item)
    }


def test_seed_loads_twice_and_the_second_load_changes_nothing(app):
    load_seed_file(seed_file(app))
    first = _counts()
    load_seed_file(seed_file(app))
    assert _counts() == first, "expected the second load to change no row count"
    assert first["Course"] == 2, f"expected the astronomy and mathematics courses, got {first}"
    astronomy = db.session.scalar(select(Course).where(Course.slug == "astronomie"))
    assert astronomy is not None and astronomy.title == "Cours d'Astronomie"


def test_seed_text_keeps_percent_signs_and_colons(app, tmp_path):
    sql = tmp_path / "seed.sql"
    sql.write_text(
        "-- a comment line\n"
        "INSERT INTO items (name, description, created_at) "
        "VALUES ('Taux', '99 % des cas :exemple', CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING;\n",
        encoding="utf-8",
    )
    assert load_seed_file(sql) == 1
    item = db.session.scalar(select(Item).where(Item.name == "Taux"))
    assert item is not None and item.description == "99 % des cas :exemple"


def test_statements_split_on_semicolons_that_end_a_line_only():
    text = "INSERT INTO t VALUES ('a;b');\n-- note\nINSERT INTO t VALUES ('c');\n"
    assert split_statements(text) == ["INSERT INTO t VALUES ('a;b')", "INSERT INTO t VALUES ('c')"]


def test_seeded_accounts_get_random_session_tokens_not_the_public_placeholders(app):
    load_seed_file(seed_file(app))
    tokens = {user.username: user.session_token for user in db.session.scalars(select(User))}
    assert tokens, "the seed creates accounts"
    published = [name for name, token in tokens.items() if token.startswith("seed-")]
    assert not published, f"{published} kept the session token written in the public seed file"
    assert len(set(tokens.values())) == len(tokens), "every account has its own token"
    load_seed_file(seed_file(app))
    again = {user.username: user.session_token for user in db.session.scalars(select(User))}
    assert again == tokens, "loading the seed again logs nobody out"
