"""Access-control decorators for views: `role_required(Role.ADMIN)`, `recent_password_required`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..services.errors import PermissionDenied
from . import user_sessions
from .models import Role
from .policy import acts_as_admin
from .redirects import safe_next
from .session import current_session

F = TypeVar("F", bound=Callable[..., Any])


def role_required(role: Role) -> Callable[[F], F]:
    """Allow the view to users with `role` or a more privileged one; 401 anonymous, 403 others
    (an admin's powers count only once unlocked, see `policy.acts_as_admin`)."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(role) or (role is Role.ADMIN and not acts_as_admin(current_user)):
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


def recent_password_required(view: F) -> F:
    """Sensitive page actions need the password entered within REAUTH_WINDOW in this session.

    Otherwise the person is sent to /auth/confirm, which brings them back: to this page for a GET,
    to the page the form was on (Referer inside the site) or the profile page for a POST, which the
    browser cannot replay.
    """

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if user_sessions.recently_authenticated(current_session()):
            return view(*args, **kwargs)
        if request.method == "GET":
            back = request.full_path.rstrip("?")
        else:
            referrer = urlsplit(request.referrer or "")
            same_site = referrer.netloc in ("", request.host)
            back = safe_next(referrer.path if same_site else None, url_for("auth.profile"))
        flash(_("Confirmez votre mot de passe pour continuer."), "info")
        return redirect(url_for("auth.confirm", next=back))

    return cast(F, wrapped)


def require_recent_password() -> None:
    """The API's form of `recent_password_required`: a 403 envelope that says what to do."""
    if not user_sessions.recently_authenticated(current_session()):
        raise PermissionDenied(
            _(
                "Confirmez d'abord votre mot de passe (page /auth/confirm) : cette action demande "
                "une authentification de moins de %(minutes)d minutes.",
                minutes=int(current_app.config["REAUTH_WINDOW"].total_seconds() // 60),
            )
        )
