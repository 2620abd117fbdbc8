"""Admin pages: manage users (role, active flag), read contact messages, see what course generations
cost. Admins only."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.decorators import role_required
from ..auth.forms import ActiveForm, RoleForm
from ..auth.models import Role, User
from ..services import accounts, contact, generations, records
from ..services.errors import DomainError

bp = Blueprint("admin", __name__)

USERS_PER_PAGE = 50


@bp.before_request
def require_two_factor() -> Response | None:
    """With REQUIRE_ADMIN_2FA on, an admin without two-factor is sent to enrolment first."""
    if (
        current_app.config["REQUIRE_ADMIN_2FA"]
        and current_user.is_authenticated
        and current_user.has_role(Role.ADMIN)
        and not current_user.two_factor_enabled
    ):
        flash(_("Activez la double authentification pour accéder à l'administration."), "info")
        return redirect(url_for("auth.two_factor_setup"))
    return None


@bp.get("/users")
@role_required(Role.ADMIN)
def users() -> str:
    """Every account, searchable by name or email, with forms to change role and status."""
    query = request.args.get("q", "").strip()[:100]
    page = accounts.users_page(query, request.args.get("page", 1, type=int), USERS_PER_PAGE)
    if page is None:
        abort(404)  # a page past the last one (or a number too big for the database) does not exist
    return render_template(
        "admin/users.html", page=page, query=query, role_form=RoleForm(), active_form=ActiveForm()
    )


def _target(user_id: int) -> User:
    user = records.by_id(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.post("/users/<int:user_id>/role")
@role_required(Role.ADMIN)
def change_role(user_id: int) -> Response:
    """Give a user another role (never one's own)."""
    user = _target(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            accounts.set_role(current_user, user, Role(form.role.data))
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("Rôle de %(name)s mis à jour.", name=user.username), "success")
    else:
        flash(_("Rôle inconnu."), "error")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/active")
@role_required(Role.ADMIN)
def change_active(user_id: int) -> Response:
    """Activate or deactivate an account (never one's own)."""
    user = _target(user_id)
    form = ActiveForm()
    if form.validate_on_submit():
        try:
            accounts.set_active(current_user, user, form.active.data == "1")
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("Statut de %(name)s mis à jour.", name=user.username), "success")
    else:
        flash(_("Statut inconnu."), "error")
    return redirect(url_for("admin.users"))


@bp.get("/messages")
@role_required(Role.ADMIN)
def messages() -> Any:
    """Messages sent through the contact form, newest first."""
    return render_template("admin/messages.html", messages=contact.latest_messages())


@bp.get("/generations")
@role_required(Role.ADMIN)
def generation_totals() -> str:
    """What the course generations of the whole site cost: jobs per status, tokens, run time."""
    return render_template("admin/generations.html", totals=generations.generation_totals())
