"""The profile page and what it manages: the password, the open sessions, the API tokens,
two-factor authentication, the export of one's data and the deletion of the account.

Sensitive actions need a recent password (app/auth/decorators.py `recent_password_required`);
forms that ask for the password themselves (change it, delete the account) count as one.
"""

from __future__ import annotations

import json
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..auth import oauth, two_factor, user_sessions
from ..auth import tokens as token_service
from ..auth.decorators import recent_password_required
from ..auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmForm,
    DeleteAccountForm,
    LogoutEverywhereForm,
    TokenForm,
    TwoFactorCodeForm,
)
from ..auth.models import TokenScope
from ..auth.session import current_session
from ..extensions import limiter
from ..services import account_data, accounts, mail
from ..services.errors import DomainError
from ..types import utcnow
from .api.schemas.me import ExportSchema
from .auth import (
    _signed_in_user,
    bp,
    end_session,
    password_check_limit,
    signed_in_key,
    verification_link,
)

TOTP_ENROLMENT = "totp_enrolment_secret"
EMAIL_FORM = "email"  # the prefix of the email form's fields: the password form also has current_password


def _profile_page(
    form: ChangePasswordForm | None = None,
    *,
    status: int = 200,
    new_token: str | None = None,
    token_form: TokenForm | None = None,
    delete_form: DeleteAccountForm | None = None,
    email_form: ChangeEmailForm | None = None,
) -> Any:
    """The profile page with its sections; `new_token` is shown this once and never again."""
    user = _signed_in_user()
    tokens = token_service.tokens_of(user)
    record = current_session()
    page = render_template(
        "auth/tokens.html",
        form=form or ChangePasswordForm(formdata=None),
        confirm_form=ConfirmForm(),
        everywhere_form=LogoutEverywhereForm(formdata=None),
        token_form=token_form or TokenForm(formdata=None),
        delete_form=delete_form or DeleteAccountForm(formdata=None),
        email_form=email_form or ChangeEmailForm(formdata=None, prefix=EMAIL_FORM),
        tokens=tokens,
        new_token=new_token,
        sessions=user_sessions.active_sessions(user),
        current_session_id=record.id if record else None,
        recovery_left=two_factor.remaining_recovery_codes(user) if user.two_factor_enabled else 0,
        google_enabled=oauth.google_enabled(),
        now=utcnow(),
    )
    return page, status


@bp.route("/profile", methods=["GET", "POST"])
@login_required
@limiter.limit(password_check_limit, key_func=signed_in_key, methods=["POST"])
def profile() -> Any:
    """Account settings; the POST changes the password (the current one is asked, which is the
    re-authentication), ends every other session, and the API tokens when the box is ticked."""
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        record = current_session()
        try:
            accounts.change_password(
                _signed_in_user(),
                form.current_password.data or "",
                form.new_password.data or "",
                keep=record,
                revoke_tokens=bool(form.revoke_tokens.data),
            )
        except DomainError as error:
            for name, messages in error.fields.items():
                getattr(form, name if name != "password" else "new_password").errors = list(messages)
            status = error.status
        else:
            if record is not None:
                user_sessions.mark_reauthenticated(record)
            flash(_("Mot de passe modifié. Vos autres sessions sont fermées."), "success")
            return redirect(url_for("auth.profile"))
    elif request.method == "POST":
        status = 422
    return _profile_page(form, status=status)


@bp.post("/profile/email")
@login_required
@limiter.limit(password_check_limit, key_func=signed_in_key)
def change_email() -> Any:
    """Change one's email: the current password is asked (the account's mail goes to the new
    address), the old address is told, and the new one gets a link to confirm it."""
    form = ChangeEmailForm(prefix=EMAIL_FORM)
    if not form.validate_on_submit():
        return _profile_page(email_form=form, status=422)
    user = _signed_in_user()
    before = user.email
    try:
        account_data.update_profile(
            user, {"email": form.email.data or ""}, current_password=form.current_password.data
        )
    except DomainError as error:
        for name, messages in error.fields.items():
            getattr(form, name).errors = list(messages)
        return _profile_page(email_form=form, status=error.status)
    if user.email != before:
        mail.send_verification(user, verification_link(user))
        flash(
            _("Adresse changée. Un lien pour la confirmer est parti vers %(address)s.", address=user.email),
            "success",
        )
    return redirect(url_for("auth.profile"))


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere() -> Response:
    """End every session, this one included (and the API tokens when the box is ticked)."""
    form = LogoutEverywhereForm()
    if not form.validate_on_submit():
        flash(_("Le formulaire a expiré, réessayez."), "error")
        return redirect(url_for("auth.profile"))
    accounts.log_out_everywhere(_signed_in_user(), revoke_tokens=bool(form.revoke_tokens.data))
    end_session()
    flash(_("Toutes vos sessions sont fermées, celle-ci comprise."), "success")
    return redirect(url_for("auth.login_page"))


@bp.post("/sessions/<int:session_id>/revoke")
@login_required
def revoke_session(session_id: int) -> Response:
    """End one of one's sessions (another person's is simply not found)."""
    record = user_sessions.own_session(_signed_in_user(), session_id)
    if record is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        flash(_("Le formulaire a expiré, réessayez."), "error")
        return redirect(url_for("auth.profile"))
    current = current_session()
    if current is not None and current.id == record.id:
        end_session()
        flash(_("Vous êtes déconnecté."), "info")
        return redirect(url_for("main.home"))
    user_sessions.revoke(record, reason="revoked_from_profile")
    flash(_("Session fermée."), "success")
    return redirect(url_for("auth.profile") + "#sessions")


@bp.post("/tokens")
@recent_password_required
def create_token() -> Any:
    """Create a personal access token; the page shows its value once (no redirect, nothing stored)."""
    token_form = TokenForm()
    if not token_form.validate_on_submit():
        return _profile_page(status=422, token_form=token_form)
    created, plaintext = token_service.create_token(
        _signed_in_user(),
        token_form.name.data or "",
        TokenScope(token_form.scope.data),
        days=int(token_form.days.data or 90),
    )
    flash(_("Jeton « %(name)s » créé.", name=created.name), "success")
    return _profile_page(status=201, new_token=plaintext)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> Response:
    """Revoke one of one's tokens (another person's token is simply not found)."""
    token = token_service.own_token(_signed_in_user(), token_id)
    if token is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        flash(_("Le formulaire a expiré, réessayez."), "error")
        return redirect(url_for("auth.profile"))
    token_service.revoke_token(token)
    flash(_("Jeton révoqué."), "success")
    return redirect(url_for("auth.profile") + "#jetons")


@bp.route("/two-factor/setup", methods=["GET", "POST"])
@recent_password_required
@limiter.limit(password_check_limit, key_func=signed_in_key, methods=["POST"])
def two_factor_setup() -> Any:
    """Enrol an authenticator app: a QR code and the secret; a first code confirms it. The secret
    waits in the session until then, and the recovery codes are shown once."""
    user = _signed_in_user()
    if user.two_factor_enabled:
        flash(_("La double authentification est déjà activée."), "info")
        return redirect(url_for("auth.profile") + "#double-authentification")
    secret = session.get(TOTP_ENROLMENT)
    if not isinstance(secret, str) or request.method == "GET":
        secret = two_factor.new_secret()
        session[TOTP_ENROLMENT] = secret
    form = TwoFactorCodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm_enrolment(user, secret, form.code.data or "")
        except DomainError as error:
            form.code.errors = list(error.fields.get("code", [error.message]))
            status = error.status
        else:
            session.pop(TOTP_ENROLMENT, None)
            accounts.notify_change(user, _("la double authentification a été activée."))
            return render_template("auth/recovery_codes.html", codes=codes), 201
    elif request.method == "POST":
        status = 422
    uri = two_factor.provisioning_uri(user, secret)
    return render_template(
        "auth/two_factor_setup.html", form=form, qr=two_factor.qr_svg(uri), secret=secret
    ), status


@bp.post("/two-factor/disable")
@recent_password_required
def two_factor_disable() -> Response:
    """Turn two-factor off (admins who must keep it are sent back to enrolment on their next page)."""
    if not ConfirmForm().validate_on_submit():
        flash(_("Le formulaire a expiré, réessayez."), "error")
        return redirect(url_for("auth.profile"))
    user = _signed_in_user()
    two_factor.disable(user)
    accounts.notify_change(user, _("la double authentification a été désactivée."))
    flash(_("Double authentification désactivée."), "success")
    return redirect(url_for("auth.profile") + "#double-authentification")


@bp.get("/export")
@login_required
def export() -> Response:
    """Download everything stored about oneself as one JSON file."""
    document = ExportSchema().dump(account_data.export_user(_signed_in_user()))
    response = Response(json.dumps(document, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="learnanything-export.json"'
    return response


@bp.post("/delete-account")
@login_required
@limiter.limit(password_check_limit, key_func=signed_in_key, methods=["POST"])
def delete_account() -> Any:
    """Delete one's account and all its data, after the password again and a ticked box."""
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return _profile_page(status=422, delete_form=form)
    user = _signed_in_user()
    try:
        account_data.delete_account(user, form.password.data or "")
    except DomainError as error:
        form.password.errors = list(error.fields.get("password", [error.message]))
        return _profile_page(status=error.status, delete_form=form)
    end_session(revoke=False)  # the session rows went with the account
    flash(_("Votre compte et vos données sont supprimés. Au revoir !"), "success")
    return redirect(url_for("main.home"))
