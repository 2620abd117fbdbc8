"""Changing one's email from the profile page: the current password is asked, the old address
is warned, the new one must be confirmed, and a taken or malformed address gets a form error."""

from __future__ import annotations

from collections.abc import Callable

from app import db
from app.auth.models import User
from tests.conftest import PASSWORD, AuthActions, Mailbox, SignedIn


def change_email(learner: SignedIn, address: str, password: str = PASSWORD) -> object:
    """Fill the profile page's email form."""
    return AuthActions(learner.client).post(
        "/auth/profile/email", {"email-email": address, "email-current_password": password}
    )


def test_the_profile_page_offers_an_email_change_asking_the_current_password(learner: SignedIn) -> None:
    page = learner.client.get("/auth/profile").get_data(as_text=True)
    assert "Changer d'adresse email" in page
    assert 'name="email-email"' in page and 'name="email-current_password"' in page
    assert page.count('id="current_password"') == 1, "the two forms' password fields keep distinct ids"


def test_an_email_changed_on_the_page_warns_the_old_address_and_verifies_the_new_one(
    learner: SignedIn, mailbox: Mailbox
) -> None:
    response = change_email(learner, "Lea.Nouvelle@Example.com")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/profile"  # type: ignore[attr-defined]
    db.session.refresh(learner.user)
    assert learner.user.email == "lea.nouvelle@example.com"
    assert learner.user.email_verified_at is None
    [warning] = mailbox.to("lea@example.com")
    assert "votre adresse email est maintenant lea.nouvelle@example.com." in mailbox.body(warning)
    [verification] = mailbox.to("lea.nouvelle@example.com")
    assert verification["Subject"] == "Confirmez votre adresse email"
    page = learner.client.get("/auth/profile").get_data(as_text=True)
    assert "Un lien pour la confirmer est parti vers lea.nouvelle@example.com." in page


def test_a_wrong_current_password_keeps_the_old_email_and_says_why(
    learner: SignedIn, mailbox: Mailbox
) -> None:
    response = change_email(learner, "voleur@example.com", password="pas le bon mot de passe")
    assert response.status_code == 422  # type: ignore[attr-defined]
    page = response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert "Le mot de passe actuel est nécessaire pour changer d&#39;adresse email." in page
    db.session.refresh(learner.user)
    assert learner.user.email == "lea@example.com"
    assert mailbox.to("voleur@example.com") == []


def test_an_address_already_used_by_another_account_is_refused_on_the_form(
    learner: SignedIn, make_user: Callable[..., User]
) -> None:
    make_user("camille")
    response = change_email(learner, "camille@example.com")
    assert response.status_code == 409  # type: ignore[attr-defined]
    assert "Cette adresse email est déjà utilisée." in response.get_data(as_text=True)  # type: ignore[attr-defined]
    db.session.refresh(learner.user)
    assert learner.user.email == "lea@example.com"


def test_a_malformed_address_gets_a_form_error_not_a_change(learner: SignedIn) -> None:
    response = change_email(learner, "pas-une-adresse")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert 'aria-invalid="true"' in response.get_data(as_text=True)  # type: ignore[attr-defined]
    db.session.refresh(learner.user)
    assert learner.user.email == "lea@example.com"


def test_the_email_form_without_its_csrf_token_is_refused(learner: SignedIn) -> None:
    response = learner.client.post(
        "/auth/profile/email", data={"email-email": "x@example.com", "email-current_password": PASSWORD}
    )
    assert response.status_code == 400
    db.session.refresh(learner.user)
    assert learner.user.email == "lea@example.com"
