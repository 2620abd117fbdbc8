"""Importing and exporting whole courses through the API: one upload is one transaction, every
problem comes back with its line, nothing is half-written, and only a course's author (and admins)
take it away again."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import db
from app.auth.models import Role, TokenScope, User
from app.auth.tokens import create_token
from app.models import Course, CourseImage, Question, Topic
from app.services.course_files.native import read_native, schema_text
from tests.conftest import fresh_app

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "data" / "sample-bank"
DATA = ROOT / "tests" / "data" / "course_files"
SAMPLE_QUESTIONS = 21
SAMPLE_LEAVES = 8


def bearer(user: User) -> dict[str, str]:
    """The Authorization header of a fresh read-write token of `user`."""
    _, plaintext = create_token(user, "import", TokenScope.WRITE)
    return {"Authorization": f"Bearer {plaintext}"}


def upload(client: FlaskClient, user: User, data: bytes, filename: str, query: str = "") -> Any:
    """POST one course file as a script would (multipart, Bearer token)."""
    return client.post(
        f"/api/v1/courses/import{query}",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
        headers=bearer(user),
    )


def rows() -> tuple[int, int, int]:
    """How many courses, topics and questions the database holds."""
    return (
        db.session.scalar(select(func.count(Course.id))) or 0,
        db.session.scalar(select(func.count(Topic.id))) or 0,
        db.session.scalar(select(func.count(Question.id))) or 0,
    )


@pytest.fixture
def people(make_user: Callable[..., User]) -> dict[str, User]:
    """A learner, an author, another learner and an admin."""
    return {
        "learner": make_user("lea", role=Role.LEARNER),
        "author": make_user("aurore", role=Role.AUTHOR),
        "other": make_user("oscar", role=Role.LEARNER),
        "admin": make_user("ada", role=Role.ADMIN),
    }


@pytest.mark.parametrize("name", ["sample.gift", "sample.csv", "sample.json"])
def test_a_learner_imports_the_sample_bank_as_a_private_draft(
    app: Flask, client: FlaskClient, people: dict[str, User], name: str
) -> None:
    response = upload(client, people["learner"], (BANK / name).read_bytes(), name)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.json
    assert body["published"] is False
    assert body["counts"]["questions"] == SAMPLE_QUESTIONS
    assert len(body["counts"]["per_topic"]) == SAMPLE_LEAVES
    assert body["counts"]["per_topic"][0] == {
        "path": "Astronomie / Système solaire / Planètes",
        "slug": "planetes",
        "questions": 5,
    }
    course = db.session.get(Course, body["course_id"])
    assert course is not None and course.author_id == people["learner"].id and not course.published
    hidden = client.get(f"/api/v1/courses/{course.id}", headers=bearer(people["other"]))
    assert hidden.status_code == 404, "a draft stays private to its author"


def test_an_author_publishes_an_import_and_a_learner_answers_one_of_its_questions(
    app: Flask, client: FlaskClient, people: dict[str, User]
) -> None:
    response = upload(
        client, people["author"], (BANK / "sample.gift").read_bytes(), "sample.gift", "?publish=true"
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["published"] is True
    assert response.json["slug"] == "culture-generale-en-questions"
    red = db.session.scalar(
        select(Question).where(Question.prompt.startswith("Quelle planète est surnommée"))
    )
    assert red is not None and red.choices == ["Mars", "Vénus", "Jupiter"]
    answered = client.post(
        "/api/v1/attempts", json={"question_id": red.id, "answer": "Mars"}, headers=bearer(people["other"])
    )
    assert answered.status_code == 201, answered.get_data(as_text=True)
    assert answered.json["feedback"]["verdict"] == "correct"


def test_publishing_an_import_needs_the_author_role(
    app: Flask, client: FlaskClient, people: dict[str, User]
) -> None:
    response = upload(
        client, people["learner"], (BANK / "sample.gift").read_bytes(), "sample.gift", "?publish=true"
    )
    assert response.status_code == 403
    assert response.json["error"]["message"] == "Seuls les auteurs peuvent publier un cours."
    assert rows() == (0, 0, 0)


def test_a_malformed_file_answers_422_with_every_problem_and_its_line(
    app: Flask, client: FlaskClient, people: dict[str, User]
) -> None:
    response = upload(client, people["author"], (DATA / "malformed.gift").read_bytes(), "malformed.gift")
    assert response.status_code == 422
    error = response.json["error"]
    assert error["message"] == "Le fichier contient 9 erreurs : rien n'a été importé."
    assert [item["line"] for item in error["errors"]] == [3, 5, 10, 12, 15, 15, 17, 19, 21]
    assert error["errors"][0] == {
        "line": 3,
        "message": "Les questions à développement (bloc vide « {} ») ne sont pas prises en charge.",
    }
    assert rows() == (0, 0, 0)


def test_the_problems_speak_the_callers_language(
    app: Flask, client: FlaskClient, people: dict[str, User]
) -> None:
    response = client.post(
        "/api/v1/courses/import",
        data={"file": (io.BytesIO((DATA / "malformed.gift").read_bytes()), "malformed.gift")},
        content_type="multipart/form-data",
        headers={**bearer(people["author"]), "Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert response.json["error"]["message"] == "The file has 9 errors: nothing was imported."
    assert response.json["error"]["errors"][1] == {
        "line": 5,
        "message": "Matching questions (“->”) are not supported.",
    }


def test_a_json_document_reports_paths_instead_of_lines(
    app: Flask, client: FlaskClient, people: dict[str, User]
) -> None:
    response = upload(client, people["author"], (DATA / "malformed.json").read_bytes(), "malformed.json")
    assert response.status_code == 422
    problems = response.json["error"]["errors"]
    assert {"line": None, "message": "Champ inconnu.", "path": "course.colour"} in problems


def test_one_bad_question_among_a_thousand_writes_nothing(
    app: Flask, client: FlaskClient, people: dict[str, User]
) -> None:
    good = "\n\n".join(f"Question {n} ? {{=réponse {n}}}" for n in range(999))
    bad = "Question fautive ? {~a ~b}"  # no right answer
    response = upload(
        client, people["author"], f"$CATEGORY: Banque\n\n{good}\n\n{bad}\n".encode(), "banque.gift"
    )
    assert response.status_code == 422
    assert response.json["error"]["errors"] == [{"line": 2001, "message": "Indiquez la bonne réponse."}]
    assert rows() == (0, 0, 0), "all or nothing"


def test_a_thousand_question_gift_file_imports_in_one_request(
    app: Flask, client: FlaskClient, people: dict[str, User]
) -> None:
    blocks = []
    for leaf in range(20):
        blocks.append(f"$CATEGORY: Banque/Partie {leaf // 5}/Feuille {leaf}")
        for n in range(50):
            blocks.append(f"::q{leaf}-{n}:: Combien font {n} + {leaf} ? {{#{n + leaf}}}")
    response = upload(client, people["author"], "\n\n".join(blocks).encode(), "grande-banque.gift")
    assert response.status_code == 201, response.get_data(as_text=True)[:500]
    assert response.json["counts"]["questions"] == 1000
    assert response.json["counts"]["topics"] == 1 + 4 + 20
    assert rows() == (1, 25, 1000)


def test_the_same_title_twice_gets_a_numbered_slug(
    app: Flask, client: FlaskClient, people: dict[str, User]
) -> None:
    text = "// @title: L'œuvre d’Hugo\n\nQui a écrit Les Misérables ? {=Victor Hugo}\n".encode()
    slugs = [upload(client, people["author"], text, "hugo.gift").json["slug"] for _ in range(3)]
    assert slugs == ["l-oeuvre-d-hugo", "l-oeuvre-d-hugo-2", "l-oeuvre-d-hugo-3"]


def test_the_format_can_be_named_when_the_extension_says_nothing(
    app: Flask, client: FlaskClient, people: dict[str, User]
) -> None:
    aiken = (DATA / "kinds.aiken.txt").read_bytes()
    response = upload(client, people["author"], aiken, "export-moodle", "?format=aiken")
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["title"] == "export-moodle"
    assert response.json["counts"]["questions"] == 2
    unknown = upload(client, people["author"], aiken, "export.txt", "?format=docx")
    assert unknown.status_code == 422


def test_an_import_without_a_file_or_with_another_body_is_refused(
    app: Flask, client: FlaskClient, people: dict[str, User]
) -> None:
    headers = bearer(people["author"])
    empty = client.post(
        "/api/v1/courses/import", data={}, content_type="multipart/form-data", headers=headers
    )
    assert empty.status_code == 422
    extra = client.post(
        "/api/v1/courses/import",
        data={"file": (io.BytesIO(b"Q ? {=a}"), "q.gift"), "title": "Autre"},
        content_type="multipart/form-data",
        headers=headers,
    )
    assert extra.status_code == 422
    assert extra.json["error"]["fields"] == {
        "title": ["Champ inconnu : seul le fichier « file » est attendu."]
    }
    plain = client.post("/api/v1/courses/import", data="Q ? {=a}", content_type="text/plain", headers=headers)
    assert plain.status_code == 415, "only this endpoint's multipart upload passes the JSON guard"
    elsewhere = client.post(
        "/api/v1/courses",
        data={"file": (io.BytesIO(b"x"), "x.gift")},
        content_type="multipart/form-data",
        headers=headers,
    )
    assert elsewhere.status_code == 415, "other endpoints still take JSON only"


def test_an_upload_beyond_the_size_limit_is_413_and_imports_nothing(make_user: Callable[..., User]) -> None:
    with fresh_app(RATELIMIT_ENABLED=False, MAX_COURSE_FILE_BYTES=4096) as application:
        author = make_user_in(application, "aurore", Role.AUTHOR)
        text = "\n\n".join(f"Question {n} ? {{=oui}}" for n in range(20000)).encode()  # > 4 KiB + margin
        response = upload(application.test_client(), author, text, "grosse.gift")
        assert response.status_code == 413
        assert response.json["error"]["message"] == "Le contenu envoyé est trop volumineux."
        assert rows() == (0, 0, 0)


def make_user_in(application: Flask, name: str, role: Role) -> User:
    """A user of an application built for one test."""
    from app.services import accounts

    return accounts.register_user(name, f"{name}@example.com", "correct horse battery staple", role=role)


def test_an_import_counts_once_against_the_write_limit() -> None:
    with fresh_app(RATELIMIT_ENABLED=True, RATELIMIT_API_WRITE="2 per minute") as application:
        author = make_user_in(application, "aurore", Role.AUTHOR)
        client = application.test_client()
        text = (BANK / "sample.gift").read_bytes()
        statuses = [upload(client, author, text, "sample.gift").status_code for _ in range(3)]
        assert statuses == [201, 201, 429], "a 21-question import is one write, not 25"


def test_export_is_for_the_author_and_admins_only(
    app: Flask, client: FlaskClient, people: dict[str, User]
) -> None:
    published = upload(
        client, people["author"], (BANK / "sample.gift").read_bytes(), "s.gift", "?publish=true"
    ).json
    draft = upload(client, people["author"], (BANK / "sample.gift").read_bytes(), "s.gift").json
    url = "/api/v1/courses/{}/export?format=gift"
    assert client.get(url.format(published["course_id"])).status_code == 401
    learner_sees = client.get(url.format(published["course_id"]), headers=bearer(people["learner"]))
    assert learner_sees.status_code == 403, "a published course is readable, not exportable"
    assert learner_sees.json["error"]["status"] == 403
    assert client.get(url.format(draft["course_id"]), headers=bearer(people["learner"])).status_code == 404
    for who in ("author", "admin"):
        response = client.get(url.format(draft["course_id"]), headers=bearer(people[who]))
        assert response.status_code == 200, who
        assert response.headers["Content-Disposition"] == f'attachment; filename="{draft["slug"]}.gift"'
        assert response.get_data(as_text=True).startswith("// @title: Culture générale en questions\n")


@pytest.mark.parametrize(
    ("fmt", "media_type"), [("json", "application/json"), ("csv", "text/csv"), ("gift", "text/plain")]
)
def test_export_then_import_then_export_gives_the_same_file(
    app: Flask, client: FlaskClient, people: dict[str, User], fmt: str, media_type: str
) -> None:
    author = people["author"]
    first = upload(client, author, (BANK / "sample.gift").read_bytes(), "sample.gift").json
    exported = client.get(f"/api/v1/courses/{first['course_id']}/export?format={fmt}", headers=bearer(author))
    assert exported.status_code == 200 and exported.mimetype == media_type
    again = upload(client, author, exported.data, f"{first['slug']}.{fmt}")
    assert again.status_code == 201, again.get_data(as_text=True)
    second = client.get(
        f"/api/v1/courses/{again.json['course_id']}/export?format={fmt}", headers=bearer(author)
    )
    if fmt == "json":  # the slug is the only difference: the first course keeps its own
        first_data, second_data = json.loads(exported.data), json.loads(second.data)
        assert second_data["course"].pop("slug") == f"{first['slug']}-2"
        first_data["course"].pop("slug")
        assert first_data == second_data
    else:
        assert second.data == exported.data


def test_the_native_document_survives_a_trip_through_the_database_with_its_images(
    tmp_path: Path, make_user: Callable[..., User]
) -> None:
    with fresh_app(RATELIMIT_ENABLED=False, UPLOAD_FOLDER=str(tmp_path)) as application:
        author = make_user_in(application, "aurore", Role.AUTHOR)
        client = application.test_client()
        original = (DATA / "full.json").read_text(encoding="utf-8")
        imported = upload(client, author, original.encode(), "full.json", "?publish=true")
        assert imported.status_code == 201, imported.get_data(as_text=True)
        assert imported.json["counts"]["images"] == 1
        image = db.session.scalar(select(CourseImage))
        assert image is not None and (tmp_path / f"{image.digest}.png").read_bytes().startswith(b"\x89PNG")
        exported = client.get(f"/api/v1/courses/{imported.json['course_id']}/export", headers=bearer(author))
        assert exported.status_code == 200
        assert exported.headers["Content-Disposition"] == 'attachment; filename="optique.json"'
        before, _ = read_native(original)
        after, problems = read_native(exported.get_data(as_text=True))
        assert problems == []
        assert after == before, "every field of the course, its tree, questions and images"


def test_the_aiken_export_says_how_many_questions_it_left_out(
    app: Flask, client: FlaskClient, people: dict[str, User]
) -> None:
    course = upload(client, people["author"], (BANK / "sample.gift").read_bytes(), "sample.gift").json
    response = client.get(
        f"/api/v1/courses/{course['course_id']}/export?format=aiken", headers=bearer(people["author"])
    )
    assert response.status_code == 200
    assert response.headers["X-Omitted-Questions"] == "18"
    assert response.get_data(as_text=True).count("ANSWER: ") == 3


def test_the_json_schema_is_public(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/v1/schemas/course-document.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_data(as_text=True) == schema_text()
    assert response.json["$id"] == "urn:learnanything:course-document:1"
