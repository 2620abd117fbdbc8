"""Account pages: the inscription page (register and log in on one page), address verification,
the two-factor step of a login, logout, re-authentication, forgotten passwords and login unlock.

Every form works as a plain POST with a redirect and flashed messages, and the register and login
forms also answer JSON when the page's script sends them with `Accept: application/json`. The
profile page and what it manages (sessions, tokens, two-factor, export, deletion) are in
app/routes/account.py, on the same blueprint.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter import RequestLimit
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from limits import RateLimitItemPerHour
from werkzeug.wrappers import Response

from .. import page_cache
from ..auth import links, oauth, two_factor, user_sessions
from ..auth.audit import security_event
from ..auth.forms import (
    ForgotPasswordForm,
    LoginForm,
    PasswordConfirmForm,
    RegisterForm,
    ResetPasswordForm,
    TwoFactorCodeForm,
)
from ..auth.models import User
from ..auth.redirects import safe_next
from ..auth.session import current_session
from ..errors import error_response, wants_json
from ..extensions import limiter
from ..i18n import remember_locale
from ..services import accounts, mail
from ..services.errors import AuthenticationFailed, DomainError, PermissionDenied
from ..types import utcnow

bp = Blueprint("auth", __name__)

UNLOCK_COOKIE = "login_unlock"
TWO_FACTOR_PENDING = "two_factor_pending"
# A pending two-factor login must be finished within this many seconds.
TWO_FACTOR_PENDING_SECONDS = 300
# The owner of an account held back by guesses is mailed an unlock link at most this often.
UNLOCK_MAIL_LIMIT = RateLimitItemPerHour(1)


def _setting(name: str) -> str:
    return str(current_app.config[name])


def _login_limit() -> str:
    return _setting("RATELIMIT_LOGIN")


def _login_account_limit() -> str:
    return _setting("RATELIMIT_LOGIN_ACCOUNT")


def _login_account_address_limit() -> str:
    return _setting("RATELIMIT_LOGIN_ACCOUNT_ADDRESS")


def _register_limit() -> str:
    return _setting("RATELIMIT_REGISTER")


def password_check_limit() -> str:
    """Limit on password checks of a signed-in person (confirm, change, delete)."""
    return _setting("RATELIMIT_PASSWORD_CHECK")


def _two_factor_limit() -> str:
    return _setting("RATELIMIT_TWO_FACTOR")


def _password_reset_limit() -> str:
    return _setting("RATELIMIT_PASSWORD_RESET")


def _target_account() -> User | None:
    """The account the login form names, resolved once per request (email or username, any case)."""
    if "login_target" not in g:
        g.login_target = accounts.find_by_login(request.form.get("login-login", ""))
    target: User | None = g.login_target
    return target


def _login_account_key() -> str:
    """Count login attempts per account: the account the identifier resolves to, whatever spelling
    (username or email, any case) is typed; an unknown identifier by its normalised form, hashed so
    the limiter's storage holds no email address."""
    user = _target_account()
    if user is not None:
        return f"account:{user.id}"
    identifier = accounts.normalise_login(request.form.get("login-login", ""))
    return "unknown:" + hashlib.sha256(identifier.encode()).hexdigest()


def _login_account_address_key() -> str:
    """The tight limit: one account from one address."""
    return f"{_login_account_key()}:{request.remote_addr or ''}"


def _unlock_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="learnanything-unlocked-browser")


def _browser_unlocked() -> bool:
    """True when this browser opened the account owner's unlock link (its signed cookie names the
    account): the owner is not held back by guesses that come from elsewhere."""
    user = _target_account()
    cookie = request.cookies.get(UNLOCK_COOKIE)
    if user is None or not cookie:
        return False
    try:
        return _unlock_serializer().loads(cookie) == user.id
    except BadSignature:
        return False


def _mail_unlock_link(limit: RequestLimit) -> None:
    """The per-account limit holds an account back: mail its owner an unlock link, once an hour."""
    user = _target_account()
    if user is None:
        return
    security_event("login.account_limited", user_id=user.id)
    if limiter.limiter.hit(UNLOCK_MAIL_LIMIT, "unlock-mail", str(user.id)):
        link = url_for("auth.unlock", token=links.make_token("unlock", user), _external=True)
        mail.send_unlock(user, link)


def signed_in_key() -> str:
    """Rate-limit key of the signed-in person (their address when nobody is signed in)."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"address:{request.remote_addr or ''}"


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


def start_session(user: User, *, remember: bool, method: str, next_url: str | None = None) -> str:
    """Log `user` in on a fresh session (no pre-login data survives) and say where to go next.

    A `user_sessions` row is opened and the cookie carries its random id.
    """
    first_login = user.last_login_at is None
    previous = current_session()
    if previous is not None:  # signing in again (Google linking): the old session ends
        user_sessions.revoke(previous, reason="replaced")
    reset_session()
    accounts.record_login(user, method=method)
    _record, secret = user_sessions.open_session(
        user,
        remember=remember,
        user_agent=request.user_agent.string,
        address=request.remote_addr or "",
    )
    user.bind_session(secret)
    login_user(user, remember=remember)
    remember_locale(user.locale)  # the account's language, read from the session from now on
    default = url_for("learning.preferences") if first_login else url_for("learning.dashboard")
    return safe_next(next_url or request.args.get("next") or request.form.get("next"), default)


def end_session(*, revoke: bool = True) -> None:
    """Log this browser out: its session row is revoked (unless the account and its rows are
    already gone: `revoke=False`), its cookies emptied."""
    record = current_session() if revoke else None
    if record is not None:
        user_sessions.revoke(record, reason="logout")
    reset_session()
    logout_user()  # after the reset: it marks the remember-me cookie for deletion in the session


def verification_link(user: User) -> str:
    """The address-verification link mailed to `user`."""
    return url_for("auth.verify_email", token=links.make_token("verify", user), _external=True)


def reset_link(user: User) -> str:
    """The single-use password-reset link mailed to `user`."""
    return url_for("auth.reset_password", token=links.make_token("reset", user), _external=True)


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
        return redirect(url_for("learning.dashboard"))
    return _render_inscription("register")


@bp.get("/login")
def login_page() -> Any:
    """The inscription page on its login form."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), url_for("learning.dashboard")))
    return _render_inscription("login")


@bp.post("/register")
@limiter.limit(_register_limit, methods=["POST"])
def register() -> Any:
    """Create an account and mail the verification link. The answer is the same whether the address
    already had an account or not (its owner is mailed instead), so it reveals no address."""
    form = RegisterForm(prefix="register")
    if not form.validate_on_submit():
        return _failure(form, None, "register")
    try:
        outcome = accounts.sign_up(
            form.username.data or "",
            form.email.data or "",
            form.password.data or "",
            privacy_accepted=bool(form.privacy.data),
        )
    except DomainError as error:
        return _failure(form, error, "register")
    if outcome.created is not None:
        mail.send_verification(outcome.created, verification_link(outcome.created))
    elif outcome.existing is not None and not outcome.existing.email_verified:
        mail.send_verification(outcome.existing, verification_link(outcome.existing))
    elif outcome.existing is not None:
        mail.send_already_registered(outcome.existing, url_for("auth.forgot_password", _external=True))
    message = _("Si cette adresse peut être utilisée, un message est en route.")
    message += " " + _("Ouvrez le lien qu'il contient pour activer votre compte.")
    if wants_json():
        return jsonify(message=message, next=url_for("auth.login_page")), 202
    flash(message, "success")
    return redirect(url_for("auth.login_page"))


@bp.get("/verify/<token>")
def verify_email(token: str) -> Response:
    """The link of the verification mail: the address is confirmed, the person may sign in."""
    user = links.read_token("verify", token)
    if user is None:
        flash(_("Ce lien n'est plus valable. Connectez-vous pour en recevoir un nouveau."), "error")
        return redirect(url_for("auth.login_page"))
    accounts.verify_email(user)
    flash(_("Adresse confirmée ! Vous pouvez maintenant vous connecter."), "success")
    return redirect(url_for("auth.login_page"))


@bp.post("/login")
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_account_address_limit, key_func=_login_account_address_key, methods=["POST"])
@limiter.limit(
    _login_account_limit,
    key_func=_login_account_key,
    methods=["POST"],
    exempt_when=_browser_unlocked,
    on_breach=_mail_unlock_link,
)
def login() -> Any:
    """Log in by email or username; one vague message for every kind of failure."""
    form = LoginForm(prefix="login")
    if not form.validate_on_submit():
        return _failure(form, None, "login")
    user = accounts.authenticate(form.login.data or "", form.password.data or "")
    if user is None:
        message = _("Identifiants incorrects.")
        return _failure(form, AuthenticationFailed(message, fields={"login": [message]}), "login")
    if not user.email_verified:
        # The password was right, so saying this reveals nothing to a stranger.
        mail.send_verification(user, verification_link(user))
        message = _("Confirmez d'abord votre adresse email : nous venons de vous renvoyer le lien.")
        return _failure(form, PermissionDenied(message, fields={"login": [message]}), "login")
    next_url = safe_next(request.args.get("next") or request.form.get("next"), "")
    if user.two_factor_enabled:
        _await_second_factor(user, remember=bool(form.remember.data), next_url=next_url)
        target = url_for("auth.two_factor_login")
        message = _("Entrez le code de votre application d'authentification.")
    else:
        target = start_session(user, remember=bool(form.remember.data), method="password")
        message = _("Connexion réussie!")
    if wants_json():
        return jsonify(message=message, next=target)
    flash(message, "success" if not user.two_factor_enabled else "info")
    return redirect(target)


def _await_second_factor(user: User, *, remember: bool, next_url: str) -> None:
    """The first factor passed: remember, in a fresh session, who still owes a code."""
    reset_session()
    session[TWO_FACTOR_PENDING] = {
        "user": user.id,
        "remember": remember,
        "next": next_url,
        "at": int(utcnow().timestamp()),
    }


def _pending_two_factor() -> tuple[User, dict[str, Any]] | None:
    """The account whose password was just checked and that still owes its second factor."""
    pending = session.get(TWO_FACTOR_PENDING)
    if not isinstance(pending, dict):
        return None
    if int(utcnow().timestamp()) - int(pending.get("at", 0)) > TWO_FACTOR_PENDING_SECONDS:
        session.pop(TWO_FACTOR_PENDING, None)
        return None
    user = accounts.active_user(pending.get("user"))
    if user is None or not user.two_factor_enabled:
        return None
    return user, pending


def _pending_two_factor_key() -> str:
    pending = session.get(TWO_FACTOR_PENDING)
    user_id = pending.get("user") if isinstance(pending, dict) else None
    return f"two-factor:{user_id}" if user_id else f"address:{request.remote_addr or ''}"


@bp.route("/two-factor", methods=["GET", "POST"])
@limiter.limit(_two_factor_limit, key_func=_pending_two_factor_key, methods=["POST"])
def two_factor_login() -> Any:
    """The second step of a login with two-factor on: a code from the app, or a recovery code."""
    found = _pending_two_factor()
    if found is None:
        flash(_("Connectez-vous d'abord avec votre mot de passe."), "info")
        return redirect(url_for("auth.login_page"))
    user, pending = found
    form = TwoFactorCodeForm()
    status = 200
    if form.validate_on_submit():
        if two_factor.check_code(user, form.code.data or ""):
            target = start_session(
                user, remember=bool(pending.get("remember")), method="password+totp", next_url=pending["next"]
            )
            flash(_("Connexion réussie!"), "success")
            return redirect(target)
        form.code.errors = [_("Ce code n'est pas valable.")]
        status = 401
    elif request.method == "POST":
        status = 422
    return render_template("auth/two_factor_login.html", form=form), status


@bp.post("/logout")
def logout() -> Response:
    """Log out (POST only: a link or an image cannot log anyone out); the session row is revoked,
    so a copy of the cookie is worthless from now on."""
    end_session()
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(url_for("main.home"))


@bp.route("/confirm", methods=["GET", "POST"])
@login_required
@limiter.limit(password_check_limit, key_func=signed_in_key, methods=["POST"])
def confirm() -> Any:
    """Re-authentication: the password again, then back to the sensitive page (`next`)."""
    user = _signed_in_user()
    form = PasswordConfirmForm()
    target = safe_next(request.args.get("next"), url_for("auth.profile"))
    status = 200
    if form.validate_on_submit():
        try:
            accounts.check_password(user, form.password.data or "")
        except DomainError as error:
            form.password.errors = list(error.fields.get("password", [error.message]))
            status = error.status
        else:
            record = current_session()
            if record is not None:
                user_sessions.mark_reauthenticated(record)
            security_event("reauth.succeeded", user_id=user.id)
            return redirect(target)
    elif request.method == "POST":
        status = 422
    return render_template(
        "auth/confirm.html", form=form, next=target, has_password=bool(user.password_hash)
    ), status


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(_password_reset_limit, methods=["POST"])
def forgot_password() -> Any:
    """Ask for a reset link; the answer never says whether the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = accounts.find_by_login(form.email.data or "")
        if user is not None and user.active and user.email == accounts.normalise_login(form.email.data or ""):
            mail.send_password_reset(user, reset_link(user))
            security_event("password.reset_requested", user_id=user.id)
        flash(
            _(
                "Si un compte utilise cette adresse, un lien pour choisir un nouveau mot de passe "
                "est en route."
            ),
            "success",
        )
        return redirect(url_for("auth.login_page"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/forgot.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_password_reset_limit, methods=["POST"])
def reset_password(token: str) -> Any:
    """Choose a new password from the mailed link (valid once, for PASSWORD_RESET_MAX_AGE)."""
    user = links.read_token("reset", token)
    if user is None:
        flash(_("Ce lien n'est plus valable : demandez-en un nouveau."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            accounts.reset_password(
                user, form.new_password.data or "", revoke_tokens=bool(form.revoke_tokens.data)
            )
        except DomainError as error:
            form.new_password.errors = list(error.fields.get("password", [error.message]))
            status = error.status
        else:
            if current_user.is_authenticated:
                end_session()
            flash(_("Mot de passe changé. Toutes vos sessions sont fermées : connectez-vous."), "success")
            return redirect(url_for("auth.login_page"))
    elif request.method == "POST":
        status = 422
    return render_template("auth/reset.html", form=form), status


@bp.get("/unlock/<token>")
def unlock(token: str) -> Response:
    """The link mailed when guesses held an account back: this browser may log in to it again."""
    user = links.read_token("unlock", token)
    if user is None:
        flash(_("Ce lien n'est plus valable."), "error")
        return redirect(url_for("auth.login_page"))
    security_event("login.unlocked", user_id=user.id)
    flash(_("Ce navigateur peut de nouveau se connecter à votre compte."), "success")
    response = redirect(url_for("auth.login_page"))
    response.set_cookie(
        UNLOCK_COOKIE,
        _unlock_serializer().dumps(user.id),
        max_age=int(current_app.config["LOGIN_UNLOCK_MAX_AGE"]),
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite="Lax",
        path="/auth/",
    )
    return response


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
    """Finish Google sign-in: find, link (see app/auth/oauth.py) or create the account, then log in."""
    if not oauth.google_enabled():
        return error_response(404)
    signed_in = _signed_in_user() if current_user.is_authenticated else None
    try:
        user = oauth.user_from_callback(signed_in=signed_in)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("auth.login_page"))
    if user.two_factor_enabled:
        _await_second_factor(user, remember=False, next_url="")
        flash(_("Entrez le code de votre application d'authentification."), "info")
        return redirect(url_for("auth.two_factor_login"))
    target = start_session(user, remember=False, method="google")  # clears the session: flash after it
    flash(_("Connexion réussie!"), "success")
    return redirect(target)
