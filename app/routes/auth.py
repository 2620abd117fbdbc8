"""Account pages: the inscription page (register and log in on one page), logout, profile.

Every form works as a plain POST with a redirect and flashed messages, and also answers JSON
when the page's script sends it with `Accept: application/json` (fetch, no reload).
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import page_cache
from ..auth import oauth
from ..auth import tokens as token_service
from ..auth.forms import ChangePasswordForm, ConfirmForm, LoginForm, RegisterForm, TokenForm
from ..auth.models import ApiToken, TokenScope, User
from ..auth.redirects import safe_next
from ..errors import error_response, wants_json
from ..extensions import db, limiter
from ..i18n import remember_locale
from ..services import accounts
from ..services.errors import AuthenticationFailed, DomainError
from ..types import utcnow

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return str(current_app.config["RATELIMIT_LOGIN"])


def _login_account_limit() -> str:
    return str(current_app.config["RATELIMIT_LOGIN_ACCOUNT"])


def _login_account_key() -> str:
    """Count login attempts per account: the identifier typed, normalised as the lookup reads it.

    Hashed, so the limiter's storage (Redis in production) holds neither emails nor a key as long
    as whatever was posted.
    """
    identifier = accounts.normalise_login(request.form.get("login-login", ""))
    return "account:" + hashlib.sha256(identifier.encode()).hexdigest()


def _register_limit() -> str:
    return str(current_app.config["RATELIMIT_REGISTER"])


def _form_errors(form: FlaskForm) -> dict[str, list[str]]:
    """WTForms errors without the CSRF field (its refusal is a 400 of its own)."""
    return {name: list(messages) for name, messages in form.errors.items() if name != "csrf_token"}


def _failure(form: FlaskForm, error: DomainError | None, template_mode: str) -> Any:
    """Answer a refused form: JSON envelope for scripts, the page again with messages otherwise."""
    fields = error.fields if error else _form_errors(form)
    message = error.message if error else _("Vérifiez les champs du formulaire.")
    status = error.status if error else 422
    if wants_json():
        return error_response(status, message, fields=fields)
    flash(message, "error")
    return _render_inscription(template_mode, status=status, fields=fields)


def _render_inscription(mode: str, *, status: int = 200, fields: dict[str, list[str]] | None = None) -> Any:
    """The one inscription page, opened on the register or the login form.

    The plain page (no query string, no form errors, no flashed message) is the same for every
    visitor but for the CSRF token, so it comes from the page cache (app/page_cache.py).
    """

    def render() -> str:
        return render_template(
            "auth/inscription.html",
            mode=mode,
            register_form=RegisterForm(prefix="register"),
            login_form=LoginForm(prefix="login"),
            next=safe_next(request.args.get("next"), ""),
            google_enabled=oauth.google_enabled(),
            fields=fields or {},
        )

    if fields or request.args or request.method != "GET" or not page_cache.cacheable():
        return render(), status
    key = ("auth/inscription.html", mode, str(get_locale()), oauth.google_enabled())
    return page_cache.cached_page(key, render), status


def reset_session() -> None:
    """Drop everything the session held (login state, CSRF token, flashes) but the chosen language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def start_session(user: User, *, remember: bool) -> str:
    """Log `user` in on a fresh session (no pre-login data survives) and say where to go next."""
    first_login = user.last_login_at is None
    reset_session()
    accounts.record_login(user)
    login_user(user, remember=remember)
    remember_locale(user.locale)  # the account's language, read from the session from now on
    default = url_for("main.preferences") if first_login else url_for("main.dashboard")
    return safe_next(request.args.get("next") or request.form.get("next"), default)


def _signed_in_user() -> User:
    """The real User behind `current_user`.

    `login_user` keeps what it is given as the request's user: given the `current_user` proxy it
    would make the proxy point at itself, and the next use of it would recurse until the process dies.
    """
    user: User = current_user._get_current_object()
    return user


@bp.get("/register")
def register_page() -> Any:
    """The inscription page on its register form."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return _render_inscription("register")


@bp.get("/login")
def login_page() -> Any:
    """The inscription page on its login form."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), url_for("main.dashboard")))
    return _render_inscription("login")


@bp.post("/register")
@limiter.limit(_register_limit, methods=["POST"])
def register() -> Any:
    """Create an account; the person then logs in (as in the mock-up)."""
    form = RegisterForm(prefix="register")
    if not form.validate_on_submit():
        return _failure(form, None, "register")
    try:
        accounts.register_user(form.username.data or "", form.email.data or "", form.password.data or "")
    except DomainError as error:
        return _failure(form, error, "register")
    message = _("Inscription réussie! Vous pouvez maintenant vous connecter.")
    if wants_json():
        return jsonify(message=message, next=url_for("auth.login_page")), 201
    flash(message, "success")
    return redirect(url_for("auth.login_page"))


@bp.post("/login")
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_account_limit, key_func=_login_account_key, methods=["POST"])
def login() -> Any:
    """Log in by email or username; one vague message for every kind of failure."""
    form = LoginForm(prefix="login")
    if not form.validate_on_submit():
        return _failure(form, None, "login")
    user = accounts.authenticate(form.login.data or "", form.password.data or "")
    if user is None:
        message = _("Identifiants incorrects.")
        return _failure(form, AuthenticationFailed(message, fields={"login": [message]}), "login")
    target = start_session(user, remember=bool(form.remember.data))
    message = _("Connexion réussie!")
    if wants_json():
        return jsonify(message=message, next=target)
    flash(message, "success")
    return redirect(target)


@bp.post("/logout")
def logout() -> Response:
    """Log out (POST only: a link or an image cannot log anyone out)."""
    reset_session()
    logout_user()  # after the reset: it marks the remember-me cookie for deletion in the session
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(url_for("main.home"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile() -> Any:
    """Account settings: change password, log out everywhere, API tokens."""
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            accounts.change_password(
                _signed_in_user(), form.current_password.data or "", form.new_password.data or ""
            )
        except DomainError as error:
            for name, messages in error.fields.items():
                getattr(form, name if name != "password" else "new_password").errors = list(messages)
            status = error.status
        else:
            login_user(_signed_in_user(), remember=False)  # this session goes on with the new token
            flash(_("Mot de passe modifié. Vos autres sessions sont fermées."), "success")
            return redirect(url_for("auth.profile"))
    elif request.method == "POST":
        status = 422
    return _profile_page(form, status=status)


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere() -> Response:
    """End every other session and remember-me cookie; this browser stays logged in."""
    if not ConfirmForm().validate_on_submit():
        flash(_("Le formulaire a expiré, réessayez."), "error")
        return redirect(url_for("auth.profile"))
    user = _signed_in_user()
    accounts.log_out_everywhere(user)
    login_user(user, remember=False)
    flash(_("Toutes vos autres sessions sont fermées."), "success")
    return redirect(url_for("auth.profile"))


@bp.get("/google")
def google_login() -> Any:
    """Start Google sign-in (only when an OAuth client is configured)."""
    if not oauth.google_enabled():
        return error_response(404)
    try:
        return oauth.authorize_redirect(url_for("auth.google_callback", _external=True))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("auth.login_page"))


@bp.get("/google/callback")
def google_callback() -> Any:
    """Finish Google sign-in: find or create the account, then log in."""
    if not oauth.google_enabled():
        return error_response(404)
    try:
        user = oauth.user_from_callback()
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("auth.login_page"))
    target = start_session(user, remember=False)  # clears the session: flash after it
    flash(_("Connexion réussie!"), "success")
    return redirect(target)


# --- Personal access tokens (the profile page's "API tokens" section) ------------------------------


def _profile_page(
    form: ChangePasswordForm,
    *,
    status: int = 200,
    new_token: str | None = None,
    token_form: TokenForm | None = None,
) -> Any:
    """The profile page with its token section; `new_token` is shown this once and never again."""
    user = _signed_in_user()
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
    ).all()
    page = render_template(
        "auth/tokens.html",
        form=form,
        confirm_form=ConfirmForm(),
        token_form=token_form or TokenForm(formdata=None),
        tokens=tokens,
        new_token=new_token,
        now=utcnow(),
    )
    return page, status


@bp.post("/tokens")
@login_required
def create_token() -> Any:
    """Create a personal access token; the page shows its value once (no redirect, nothing stored)."""
    token_form = TokenForm()
    if not token_form.validate_on_submit():
        return _profile_page(ChangePasswordForm(formdata=None), status=422, token_form=token_form)
    created, plaintext = token_service.create_token(
        _signed_in_user(),
        token_form.name.data or "",
        TokenScope(token_form.scope.data),
        days=int(token_form.days.data or 90),
    )
    flash(_("Jeton « %(name)s » créé.", name=created.name), "success")
    return _profile_page(ChangePasswordForm(formdata=None), status=201, new_token=plaintext)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> Response:
    """Revoke one of one's tokens (another person's token is simply not found)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != _signed_in_user().id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        flash(_("Le formulaire a expiré, réessayez."), "error")
        return redirect(url_for("auth.profile"))
    token_service.revoke_token(token)
    flash(_("Jeton révoqué."), "success")
    return redirect(url_for("auth.profile") + "#jetons")
