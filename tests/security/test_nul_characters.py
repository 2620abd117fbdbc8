"""A NUL character in a page's form or query is refused with a clear 400 page before it reaches
the database (PostgreSQL cannot store one)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import db
from app.auth.models import User
from tests.conftest import csrf_token

PAGE_MESSAGE = "La requête contient un caractère interdit (NUL)."


def test_registration_form_with_nul_is_refused_with_a_clear_page_and_creates_nobody(
    client: FlaskClient,
) -> None:
    token = csrf_token(client, "/auth/register")
    response = client.post(
        "/auth/register",
        data={
            "register-csrf_token": token,
            "register-username": "nul\x00user",
            "register-email": "nul@example.com",
            "register-password": "une phrase de passe assez longue",
        },
    )
    assert response.status_code == 400
    assert PAGE_MESSAGE in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_page_query_argument_with_nul_is_refused_with_400(client: FlaskClient) -> None:
    response = client.get("/auth/login?next=/dashboard%00")
    assert response.status_code == 400
    assert PAGE_MESSAGE in response.get_data(as_text=True)
