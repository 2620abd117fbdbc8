"""Two-factor authentication: enrolment with a QR code that the strict CSP lets through, a code
after the password at login, codes that work once, recovery codes, and admins made to enrol.

Codes are computed with pyotp from the secret the page shows, as an authenticator app would.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import db
from app.auth.models import Role, User
from tests.conftest import PASSWORD, AuthActions, Mailbox, SignedIn, csrf_token, fresh_app, mail_settings

LAST_ENROLMENT_CODE: dict[str, str] = {}


def enrol(client: FlaskClient) -> tuple[str, list[str]]:
    """Enrol the signed-in person; return the secret and the recovery codes shown once (the code
    typed to confirm is kept in LAST_ENROLMENT_CODE under the secret)."""
    page = client.get("/auth/two-factor/setup").get_data(as_text=True)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page)
    assert secret, "the secret is shown as text beside the QR code"
    token = csrf_token(client, "/auth/profile")
    code = pyotp.TOTP(secret.group(1)).now()
    LAST_ENROLMENT_CODE[secret.group(1)] = code
    done = client.post("/auth/two-factor/setup", data={"csrf_token": token, "code": code})
    assert done.status_code == 201, done.get_data(as_text=True)
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", done.get_data(as_text=True))
    return secret.group(1), codes


def password_step(client: FlaskClient, login: str = "lea", password: str = PASSWORD) -> object:
    token = csrf_token(client, "/auth/login")
    return client.post(
        "/auth/login", data={"login-csrf_token": token, "login-login": login, "login-password": password}
    )


def code_step(client: FlaskClient, code: str) -> object:
    token = csrf_token(client, "/auth/two-factor")
    return client.post("/auth/two-factor", data={"csrf_token": token, "code": code})


def test_the_enrolment_page_shows_an_inline_svg_qr_code_without_style(
    learner: SignedIn,
) -> None:
    client, _user = learner.client, learner.user
    page = client.get("/auth/two-factor/setup").get_data(as_text=True)
    svg = re.search(r"<svg.*?</svg>", page, re.DOTALL)
    assert svg, "the QR code is inline SVG markup"
    assert "style" not in svg.group(0), "no style attribute or element: the strict CSP holds"
    assert "<script" not in svg.group(0)


def test_enrolment_needs_a_right_code_and_gives_ten_recovery_codes(learner: SignedIn) -> None:
    client, user = learner.client, learner.user
    client.get("/auth/two-factor/setup")
    wrong = client.post(
        "/auth/two-factor/setup", data={"csrf_token": csrf_token(client, "/auth/profile"), "code": "000000"}
    )
    assert wrong.status_code == 422
    assert "Ce code ne correspond pas." in wrong.get_data(as_text=True).replace("&#39;", "'")
    db.session.refresh(user)
    assert not user.two_factor_enabled

    _secret, codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    db.session.refresh(user)
    assert user.two_factor_enabled


def test_login_asks_for_the_code_after_the_password(app: Flask, learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    secret, _codes = enrol(client)
    browser = app.test_client()
    first = password_step(browser)
    assert first.headers["Location"] == "/auth/two-factor"  # type: ignore[attr-defined]
    assert browser.get("/auth/profile").status_code == 302, "the password alone does not log in"
    wrong = code_step(browser, "123456")
    assert wrong.status_code == 401  # type: ignore[attr-defined]
    assert "Ce code n&#39;est pas valable." in wrong.get_data(as_text=True)  # type: ignore[attr-defined]
    # The current code was spent on the enrolment; the next step's is accepted (clock drift).
    right = code_step(browser, pyotp.TOTP(secret).at(datetime.now(UTC), counter_offset=1))
    assert right.status_code == 302  # type: ignore[attr-defined]
    assert browser.get("/auth/profile").status_code == 200


@pytest.mark.parametrize("code", ["12345¹", "١٢٣٤٥٦", "𝟏𝟐𝟑𝟒𝟓𝟔"])
def test_a_code_in_other_digits_is_refused_not_a_server_error(
    app: Flask, learner: SignedIn, code: str
) -> None:
    enrol(learner.client)
    browser = app.test_client()
    password_step(browser)
    refused = code_step(browser, code)
    assert refused.status_code == 401, f"{code!r}: {refused.status_code}"  # type: ignore[attr-defined]
    assert "Ce code n&#39;est pas valable." in refused.get_data(as_text=True)  # type: ignore[attr-defined]


def test_a_code_is_accepted_only_once(app: Flask, learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    secret, _codes = enrol(client)  # the enrolment used the current code
    browser = app.test_client()
    password_step(browser)
    replay = code_step(browser, LAST_ENROLMENT_CODE[secret])
    assert replay.status_code == 401, "the code seen over a shoulder cannot be replayed"  # type: ignore[attr-defined]


def test_a_recovery_code_stands_in_once(app: Flask, learner: SignedIn) -> None:
    client, _user = learner.client, learner.user
    _secret, codes = enrol(client)
    browser = app.test_client()
    password_step(browser)
    assert code_step(browser, codes[0].upper()).status_code == 302  # type: ignore[attr-defined]
    again = app.test_client()
    password_step(again)
    assert code_step(again, codes[0]).status_code == 401, "a recovery code works once"  # type: ignore[attr-defined]


def test_the_code_step_needs_the_password_step_first(client: FlaskClient) -> None:
    response = client.post("/auth/two-factor", data={"csrf_token": csrf_token(client), "code": "123456"})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"


def test_disabling_needs_a_recent_password(learner: SignedIn, mailbox: Mailbox) -> None:
    from datetime import timedelta

    from app.auth.models import UserSession
    from app.types import utcnow

    client, user = learner.client, learner.user
    enrol(client)
    for row in db.session.scalars(db.select(UserSession)):
        row.reauthenticated_at = utcnow() - timedelta(minutes=6)
    db.session.commit()
    response = AuthActions(client).post("/auth/two-factor/disable")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/confirm?next=")
    db.session.refresh(user)
    assert user.two_factor_enabled, "not disabled without the password"
    AuthActions(client).post("/auth/confirm", {"password": PASSWORD})
    AuthActions(client).post("/auth/two-factor/disable")
    db.session.refresh(user)
    assert not user.two_factor_enabled
    subjects = [mailbox.body(m) for m in mailbox.to(user.email)]
    assert any("la double authentification a été activée." in body for body in subjects)
    assert any("la double authentification a été désactivée." in body for body in subjects)


@pytest.fixture
def strict_app(smtp_server: tuple[Mailbox, int]) -> Iterator[Flask]:
    """REQUIRE_ADMIN_2FA on, as in production."""
    with fresh_app(
        RATELIMIT_ENABLED=False, REQUIRE_ADMIN_2FA=True, **mail_settings(smtp_server)
    ) as application:
        yield application


def test_an_admin_without_two_factor_is_sent_to_enrolment(strict_app: Flask) -> None:
    from app.services import accounts

    accounts.register_user("ada", "ada@example.com", PASSWORD, role=Role.ADMIN, verified=True)
    client = strict_app.test_client()
    assert AuthActions(client).login("ada").status_code == 302
    response = client.get("/admin/users")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/two-factor/setup"
    enrol(client)
    assert client.get("/admin/users").status_code == 200


def test_an_admin_without_two_factor_has_no_admin_powers_in_the_api_either(strict_app: Flask) -> None:
    from app.models import Course
    from app.services import accounts

    author = accounts.register_user(
        "camille", "camille@example.com", PASSWORD, role=Role.AUTHOR, verified=True
    )
    draft = Course(slug="brouillon", title="Brouillon de Camille", author_id=author.id, published=False)
    db.session.add(draft)
    db.session.commit()
    accounts.register_user("ada", "ada@example.com", PASSWORD, role=Role.ADMIN, verified=True)
    client = strict_app.test_client()
    AuthActions(client).login("ada")

    users = client.get("/api/v1/users")
    assert users.status_code == 403, "the user list needs an admin with two-factor"
    assert users.get_json()["error"]["message"] == (
        "Activez la double authentification pour utiliser vos droits d'administrateur."
    )
    assert client.get(f"/api/v1/courses/{draft.id}").status_code == 404, "another author's draft stays hidden"
    assert client.get("/studio/").get_data(as_text=True).count("Brouillon de Camille") == 0

    enrol(client)
    assert client.get("/api/v1/users").status_code == 200
    assert client.get(f"/api/v1/courses/{draft.id}").status_code == 200
    assert "Brouillon de Camille" in client.get("/studio/").get_data(as_text=True)


def test_learners_are_not_asked_to_enrol(strict_app: Flask, make_user: Callable[..., User]) -> None:
    client = strict_app.test_client()
    make_user("lea")
    AuthActions(client).login("lea")
    assert client.get("/dashboard").status_code == 200
