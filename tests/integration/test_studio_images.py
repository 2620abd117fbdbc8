"""Course images: real PNG/JPEG/WebP/GIF files only (magic bytes and a Pillow decode), a size
limit, stored once by digest and served at /media/<digest>.<ext> with long caching to those who
may read the course."""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import func, select

from app import db
from app.models import CourseImage
from app.services import authoring
from tests.conftest import SignedIn, fresh_app
from tests.integration.studio_steps import course_with_question, field_errors, leaf_of, page_text, post

LIMIT = 4096


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """The usual test application, with its uploads in a temporary folder and a 4 KiB image limit."""
    with fresh_app(
        RATELIMIT_ENABLED=False, UPLOAD_FOLDER=str(tmp_path / "uploads"), MAX_IMAGE_BYTES=LIMIT
    ) as app:
        yield app


def png(size: int = 4, noise: bool = False) -> bytes:
    """A real PNG made by Pillow (random pixels do not compress: a big file)."""
    image = (
        Image.frombytes("RGB", (size, size), os.urandom(size * size * 3))
        if noise
        else Image.new("RGB", (size, size), "red")
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def upload(client: FlaskClient, topic_id: int, data: bytes, name: str) -> object:
    return post(
        client,
        f"/studio/topics/{topic_id}/images",
        {"image": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_a_real_png_is_stored_by_digest_and_listed_with_its_snippet(author: SignedIn, app: Flask) -> None:
    client, aurore = author.client, author.user
    leaf = leaf_of(course_with_question(aurore))
    data = png()
    response = upload(client, leaf.id, data, "rouge.png")
    assert response.status_code == 302, field_errors(response)
    digest = hashlib.sha256(data).hexdigest()
    stored = Path(app.config["UPLOAD_FOLDER"]) / f"{digest}.png"
    assert stored.read_bytes() == data
    page = page_text(client.get(f"/studio/topics/{leaf.id}"))
    assert f"![rouge.png](/media/{digest}.png)" in page, "the Markdown to paste"
    assert upload(client, leaf.id, data, "encore.png").status_code == 302
    assert db.session.scalar(select(func.count(CourseImage.id))) == 1, "the same bytes are one image"


@pytest.mark.parametrize(("pillow_format", "extension"), [("JPEG", "jpg"), ("GIF", "gif"), ("WEBP", "webp")])
def test_jpeg_gif_and_webp_are_accepted_too(
    author: SignedIn, app: Flask, pillow_format: str, extension: str
) -> None:
    client, aurore = author.client, author.user
    leaf = leaf_of(course_with_question(aurore))
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, pillow_format)
    response = upload(client, leaf.id, buffer.getvalue(), f"bleu.{extension}")
    assert response.status_code == 302, field_errors(response)
    digest = hashlib.sha256(buffer.getvalue()).hexdigest()
    assert (Path(app.config["UPLOAD_FOLDER"]) / f"{digest}.{extension}").is_file()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "dessin.svg",
            "Seules les images PNG, JPEG, WebP et GIF sont acceptées.",
        ),
        (
            b"just some text, not an image",
            "faux.png",
            "Seules les images PNG, JPEG, WebP et GIF sont acceptées.",
        ),
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "tronque.png", "Ce fichier n'est pas une image lisible."),
    ],
    ids=["svg", "text-named-png", "png-signature-but-broken"],
)
def test_anything_but_a_readable_image_is_refused_beside_the_field(
    author: SignedIn, data: bytes, name: str, message: str
) -> None:
    client, aurore = author.client, author.user
    leaf = leaf_of(course_with_question(aurore))
    response = upload(client, leaf.id, data, name)
    assert response.status_code == 422
    assert field_errors(response) == [message]
    assert db.session.scalar(select(func.count(CourseImage.id))) == 0


def test_an_image_over_the_size_limit_is_refused(author: SignedIn) -> None:
    client, aurore = author.client, author.user
    leaf = leaf_of(course_with_question(aurore))
    big = png(64, noise=True)
    assert len(big) > LIMIT
    response = upload(client, leaf.id, big, "bruit.png")
    assert response.status_code == 422
    assert field_errors(response) == ["L'image dépasse la taille permise (4 Kio)."]


def stored_image(client: FlaskClient, topic_id: int) -> str:
    data = png()
    assert upload(client, topic_id, data, "rouge.png").status_code == 302
    return f"/media/{hashlib.sha256(data).hexdigest()}.png"


def test_a_draft_s_image_is_served_to_its_author_only(author: SignedIn, learner: SignedIn) -> None:
    client, aurore = author.client, author.user
    leaf = leaf_of(course_with_question(aurore))
    url = stored_image(client, leaf.id)
    response = client.get(url)
    response.close()  # the file is streamed: close it as a server does after sending
    assert response.status_code == 200 and response.mimetype == "image/png"
    cache = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert cache == {"private", "max-age=31536000", "immutable"}, "kept by the author's browser only"
    reader = learner.client
    assert reader.get(url).status_code == 404, "a draft's image is as secret as the draft"


def test_a_published_course_s_image_is_cached_for_a_year(author: SignedIn, learner: SignedIn) -> None:
    client, aurore = author.client, author.user
    course = course_with_question(aurore)
    url = stored_image(client, leaf_of(course).id)
    authoring.set_published(course, True)
    reader = learner.client
    response = reader.get(url)
    response.close()
    assert response.status_code == 200
    cache = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert cache == {"public", "max-age=31536000", "immutable"}
    etag = response.headers["ETag"]
    assert etag == f'"{url.split("/")[-1].split(".")[0]}"', "the digest is the ETag"
    again = reader.get(url, headers={"If-None-Match": etag})
    again.close()
    assert again.status_code == 304, "a browser that has it is told so"


def test_unknown_or_malformed_media_names_are_404(learner: SignedIn, client: FlaskClient) -> None:
    reader = learner.client
    assert reader.get(f"/media/{'0' * 64}.png").status_code == 404
    assert reader.get("/media/..%2Fsecret.png").status_code == 404
    assert reader.get("/media/x.svg").status_code == 404
    anonymous = client.get(f"/media/{'0' * 64}.png")
    assert anonymous.status_code == 302, "signed-in readers only"
