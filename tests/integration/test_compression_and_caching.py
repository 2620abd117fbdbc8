"""Text leaves compressed; a browser keeps what it may: anonymous pages privately (revalidated, so
the back/forward cache works), nothing of a signed-in page or of the API, and the static files for a
year when their URL carries the hash of their content."""

from __future__ import annotations

import gc
import re
import warnings
from collections.abc import Callable

import brotli
from flask import Flask
from flask.testing import FlaskClient

from app.auth.models import User
from tests.conftest import AuthActions


def test_pages_are_compressed_for_browsers_that_accept_it(client: FlaskClient) -> None:
    for encoding in ("br", "gzip"):
        response = client.get("/about", headers={"Accept-Encoding": encoding})
        assert response.headers.get("Content-Encoding") == encoding, f"expected {encoding} for /about"
        assert "Accept-Encoding" in response.headers.get("Vary", ""), "caches must key on Accept-Encoding"
    page = client.get("/about", headers={"Accept-Encoding": "br"})
    assert "LearnAnything" in brotli.decompress(page.data).decode(), "the page reads back whole"


def test_a_browser_without_compression_gets_plain_text(client: FlaskClient) -> None:
    response = client.get("/about", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers and "LearnAnything" in response.get_data(as_text=True)


def test_anonymous_pages_may_be_kept_privately_and_revalidated(client: FlaskClient) -> None:
    for path in ("/", "/about", "/auth/register"):
        header = client.get(path).headers.get("Cache-Control")
        assert header == "private, no-cache", f"{path}: expected 'private, no-cache', got {header!r}"


def test_signed_in_pages_and_the_api_are_never_stored(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user("noa")
    assert AuthActions(client).login(user.email).status_code == 302
    for path in ("/", "/dashboard", "/about", "/api/v1/me"):
        header = client.get(path).headers.get("Cache-Control")
        assert header == "no-store", f"{path} signed in: expected 'no-store', got {header!r}"


def test_static_files_are_linked_with_their_content_hash_and_kept_a_year(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    match = re.search(r'href="(/static/css/styles\.css\?v=([0-9a-f]{12}))"', page)
    assert match, "expected the stylesheet linked with ?v=<content hash>"
    response = client.get(match.group(1), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers.get("Content-Encoding") == "gzip", "the stylesheet leaves compressed"
    response.close()


def test_a_stale_or_missing_hash_is_not_kept_for_a_year(client: FlaskClient) -> None:
    for url in ("/static/css/styles.css", "/static/css/styles.css?v=000000000000"):
        response = client.get(url)
        assert "immutable" not in response.headers.get("Cache-Control", ""), f"{url} must be revalidated"
        response.close()


def test_a_static_file_is_closed_once_read_even_if_the_server_never_closes_the_response(app: Flask) -> None:
    # Werkzeug's server skips closing a response when the browser drops the connection (an image
    # given up on a page left early): the file must not wait for that close.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        with app.test_request_context("/static/img/logo.svg"):
            response = app.full_dispatch_request()
            assert response.status_code == 200 and b"<svg" in response.get_data()
        del response
        gc.collect()
    unclosed = [str(warning.message) for warning in caught if issubclass(warning.category, ResourceWarning)]
    assert not unclosed, unclosed
