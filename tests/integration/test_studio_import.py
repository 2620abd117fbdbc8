"""The studio's "Importer un fichier" page: linked from the studio, signed-in people only. The
reading of course files lives in app/services/course_files; where that package is not installed
the page says so with a 503 rather than failing."""

from __future__ import annotations

import importlib.util

import pytest
from flask.testing import FlaskClient

from app.auth.models import User
from tests.integration.studio_steps import page_text

Client = tuple[FlaskClient, User]


def importer_installed() -> bool:
    """Whether app.services.course_files.importer exists in this checkout."""
    try:
        return importlib.util.find_spec("app.services.course_files.importer") is not None
    except ModuleNotFoundError:
        return False


def test_the_studio_links_to_the_import_page(learner: Client) -> None:
    client, _ = learner
    assert 'href="/studio/import"' in page_text(client.get("/studio/"))


@pytest.mark.skipif(importer_installed(), reason="the course file importer is installed")
def test_without_the_importer_the_page_says_it_is_unavailable(learner: Client) -> None:
    client, _ = learner
    response = client.get("/studio/import")
    assert response.status_code == 503
    assert "L'import de fichiers n'est pas disponible sur ce site pour le moment." in page_text(response)


@pytest.mark.skipif(not importer_installed(), reason="the course file importer is not installed")
def test_with_the_importer_the_page_shows_the_upload_form(learner: Client) -> None:
    client, _ = learner
    page = page_text(client.get("/studio/import"))
    assert 'name="file"' in page and 'name="format"' in page and 'name="publish"' in page
