"""Public pages (home, about, contact) and the language switch. The learning pages have their own
blueprint, `routes/learning.py`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.forms import ContactForm
from ..auth.redirects import safe_next
from ..extensions import limiter
from ..health import readiness
from ..services import accounts, contact

bp = Blueprint("main", __name__)


@bp.get("/")
def home() -> str:
    """The home page: what LearnAnything is and where to start."""
    return render_template("main/home.html")


# Addresses people type from memory, and the page under /auth/ each one means.
SHORT_ADDRESSES: dict[str, str] = {
    "login": "auth.login_page",
    "connexion": "auth.login_page",
    "register": "auth.register_page",
    "signup": "auth.register_page",
    "inscription": "auth.register_page",
}


@bp.get(f"/<any({', '.join(SHORT_ADDRESSES)}):address>")
def short_address(address: str) -> Response:
    """Send a short, obvious address (`/login`) to its page, keeping the query (`?next=`)."""
    query = request.query_string.decode("latin-1")
    return redirect(url_for(SHORT_ADDRESSES[address]) + (f"?{query}" if query else ""), code=301)


@bp.get("/about")
def about() -> str:
    """What LearnAnything is and how it teaches."""
    return render_template("main/about.html")


def _contact_limit() -> str:
    return str(current_app.config["RATELIMIT_CONTACT"])


@bp.route("/contact", methods=["GET", "POST"])
@limiter.limit(_contact_limit, methods=["POST"])
def contact_page() -> Any:
    """The contact form; messages are stored for the admins."""
    form = ContactForm()
    if request.method == "GET" and current_user.is_authenticated:
        form.name.data = form.name.data or current_user.username
        form.email.data = form.email.data or current_user.email
    if form.validate_on_submit():
        contact.save_message(
            form.name.data or "",
            form.email.data or "",
            form.message.data or "",
            user_id=current_user.id if current_user.is_authenticated else None,
        )
        flash(_("Merci ! Votre message a bien été envoyé."), "success")
        return redirect(url_for("main.contact_page"))
    status = 422 if request.method == "POST" else 200
    return render_template("main/contact.html", form=form), status


@bp.post("/language")
def set_language() -> Response:
    """Switch the interface language; remembered in the session and on the account.

    The session is what the locale selector reads (it never loads the user); the account keeps
    the choice for the next login on another device.
    """
    language = request.form.get("lang", "")
    if language in current_app.config["LANGUAGES"]:
        session["lang"] = language
        if current_user.is_authenticated:
            accounts.set_locale(current_user, language)
    return redirect(safe_next(request.form.get("next"), url_for("main.home")))


@bp.get("/privacy")
def privacy() -> str:
    """What the site stores about a person and why, and how to export or delete it (public)."""
    return render_template("main/privacy.html")


@bp.get("/healthz")
def health() -> tuple[dict[str, str], int]:
    """Liveness probe: the process answers (it asks no dependency, see app/health.py)."""
    return {"status": "ok"}, 200


@bp.get("/readyz")
def readiness_probe() -> tuple[dict[str, str], int]:
    """Readiness probe: each dependency's state; 503 while a required one is down."""
    state = readiness()
    return state.as_dict(), 200 if state.ready else 503
