"""Stored XSS: what visitors type is shown to admins as text, never run as script."""

from __future__ import annotations

from flask.testing import FlaskClient

from app import db
from app.auth.models import User
from tests.conftest import AuthActions, SignedIn

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_a_contact_message_with_a_script_is_shown_escaped(client: FlaskClient, admin: SignedIn) -> None:
    admin_client, _admin = admin.client, admin.user
    response = AuthActions(client).post(
        "/contact", {"name": PAYLOAD, "email": "eve@example.com", "message": f"Bonjour {PAYLOAD}"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = admin_client.get("/admin/messages").get_data(as_text=True)
    assert PAYLOAD not in page, "the script must not reach the admin's page as markup"
    assert page.count(ESCAPED) == 2, "the name and the message are both shown, escaped"


def test_a_username_with_a_script_is_refused_at_registration(client: FlaskClient) -> None:
    response = AuthActions(client).client.post(
        "/auth/register",
        data={
            "register-csrf_token": "",
            "register-username": PAYLOAD,
            "register-email": "eve@example.com",
            "register-password": "correct horse battery staple",
        },
    )
    assert response.status_code in {400, 422}
    assert db.session.query(User).count() == 0


def test_a_stored_username_with_a_script_is_shown_escaped(admin: SignedIn) -> None:
    admin_client, _admin = admin.client, admin.user
    # Rows that did not come through the form (an import, an older version) are escaped all the same.
    db.session.add(User(username=PAYLOAD, email="eve@example.com"))
    db.session.commit()
    for path in ("/admin/users", "/admin/users?q=script"):
        page = admin_client.get(path).get_data(as_text=True)
        assert PAYLOAD not in page, f"{path} renders the username as markup"
        assert ESCAPED in page, f"{path} does not show the username"
