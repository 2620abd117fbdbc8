"""Self-service on the profile page: download one's data, delete one's account with the password
again; and the public privacy page that registration asks consent to, in French and English."""

from __future__ import annotations

import json

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import db
from app.auth.models import User, UserSession
from tests.conftest import PASSWORD, AuthActions, SignedIn


def test_the_profile_downloads_all_of_ones_data_as_json(learner: SignedIn) -> None:
    client, user = learner.client, learner.user
    assert 'href="/auth/export"' in client.get("/auth/profile").get_data(as_text=True)
    response = client.get("/auth/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="learnanything-export.json"'
    document = json.loads(response.get_data(as_text=True))
    assert document["profile"]["username"] == "lea"
    assert len(document["sessions"]) == 1 and "session_hash" not in document["sessions"][0]
    assert document["account_security"]["email_verified_at"] is not None
    assert "password_hash" not in json.dumps(document) and user.password_hash not in json.dumps(document)


def test_deleting_the_account_needs_the_password_and_removes_everything(
    learner: SignedIn,
) -> None:
    client, user = learner.client, learner.user
    user_id = user.id
    actions = AuthActions(client)
    wrong = actions.post("/auth/delete-account", {"password": "not my password at all", "sure": "y"})
    assert wrong.status_code == 422
    assert "Le mot de passe est incorrect." in wrong.get_data(as_text=True)
    unticked = actions.post("/auth/delete-account", {"password": PASSWORD})
    assert unticked.status_code == 422
    assert "Cochez la case pour confirmer." in unticked.get_data(as_text=True)
    assert db.session.get(User, user_id) is not None

    done = actions.post("/auth/delete-account", {"password": PASSWORD, "sure": "y"}, follow_redirects=True)
    assert "Votre compte et vos données sont supprimés. Au revoir !" in done.get_data(as_text=True)
    assert db.session.get(User, user_id) is None
    left = db.session.scalar(
        select(func.count()).select_from(UserSession).where(UserSession.user_id == user_id)
    )
    assert left == 0, "the account's sessions went with it"
    assert client.get("/auth/profile").status_code == 302


def test_the_privacy_page_is_public_in_french_and_english(client: FlaskClient) -> None:
    french = client.get("/privacy")
    assert french.status_code == 200
    assert "Ce que nous gardons et pourquoi" in french.get_data(as_text=True)
    english = client.get("/privacy", headers={"Accept-Language": "en"})
    assert "What we keep and why" in english.get_data(as_text=True)
    register = client.get("/auth/register").get_data(as_text=True)
    assert 'href="/privacy"' in register and 'name="register-privacy"' in register
