"""One error path for the whole site: HTML error pages for people, the JSON error envelope for
API clients (every path under /api/), for HTTP errors, CSRF refusals, rate limits, domain errors
and unexpected exceptions alike. No stack trace ever reaches a response.

The error path depends on nothing that may be the cause of the error: it reads no database, loads
no user and asks no rate-limit storage. The page is rendered from its template alone (no context
processor, so not even Flask-Login's, which would load the user), in the language the session or
the browser asks for. A lost database is an outage, not a bug: 503 with Retry-After.

The envelope: {"error": {"status": 422, "title": "Unprocessable Entity", "message": "…",
"fields": {"email": ["…"]}}}.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db
from .services.errors import DomainError
from .validation_messages import translate_messages


def wants_json() -> bool:
    """API paths always answer JSON; so does a page request whose client asks only for JSON."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def default_message(status: int) -> str:
    """A short, human message for a status, in the visitor's language."""
    messages = {
        400: _("La requête est invalide."),
        401: _("Connectez-vous pour accéder à cette page."),
        403: _("Vous n'avez pas le droit d'accéder à cette page."),
        404: _("Cette page n'existe pas."),
        405: _("Cette méthode n'est pas permise ici."),
        409: _("Cette action entre en conflit avec des données existantes."),
        413: _("Le contenu envoyé est trop volumineux."),
        415: _("Ce type de contenu n'est pas accepté."),
        422: _("Certaines données sont invalides."),
        429: _("Trop de tentatives. Merci de patienter avant de réessayer."),
        500: _("Une erreur inattendue est survenue. Nous avons été prévenus."),
        503: _("Le service est momentanément indisponible. Merci de réessayer dans un instant."),
    }
    return messages.get(status, _("Une erreur est survenue."))


def error_response(
    status: int,
    message: str | None = None,
    *,
    fields: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
    code: str | None = None,
) -> tuple[Response | str, int, dict[str, str]]:
    """Render one error as JSON envelope or HTML page, with the right status and headers.

    `errors` lists the problems of an uploaded file, each `{line, message}`; `code` is the domain
    error's stable word (`llm_disabled`…), for clients.
    """
    from http import HTTPStatus

    title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    text = message or default_message(status)
    extra = dict(headers or {})
    if wants_json():
        body: dict[str, Any] = {"status": status, "title": title, "message": text}
        if fields:
            body["fields"] = fields
        if errors:
            body["errors"] = errors
        if code:
            body["code"] = code
        return jsonify(error=body), status, extra
    return _error_page(status, title, text, fields), status, extra


def _error_page(status: int, title: str, message: str, fields: dict[str, Any] | None) -> str:
    """The HTML error page, rendered from what is passed here and nothing else.

    `render_template` would run every context processor, and Flask-Login's loads the user from
    the database: the very thing that may have just failed.
    """
    template = current_app.jinja_env.get_template("errors/error.html")
    return template.render(
        status=status,
        title=title,
        message=message,
        fields=fields,
        request_id=g.get("request_id"),
        current_locale=str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]),
    )


def is_database_outage(error: SQLAlchemyError) -> bool:
    """True when the database could not be reached, dropped the connection or none was free in time."""
    if isinstance(error, OperationalError | PoolTimeout):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def _discard_transaction() -> None:
    """Roll back whatever the failed request left pending; a dead connection has nothing to undo."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.remove()


def _fields_from(error: HTTPException) -> dict[str, Any] | None:
    """Field messages of a webargs/flask-smorest validation error, merged across locations and
    put in the request's language (marshmallow words them in English)."""
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    if not isinstance(messages, dict):
        return None
    merged: dict[str, Any] = {}
    for location, value in messages.items():
        if isinstance(value, dict):
            merged.update(value)
        else:
            merged[location] = value
    return translate_messages(merged) or None


def _headers_from(error: HTTPException) -> dict[str, str]:
    """Headers that must survive the rewrite of an error (Allow on 405, Retry-After on 429…)."""
    keep = {"Allow", "Retry-After", "WWW-Authenticate"}
    headers = {k: v for k, v in (error.get_headers() or []) if k in keep}
    data = getattr(error, "data", None)
    if isinstance(data, dict) and isinstance(data.get("headers"), dict):
        headers.update({k: v for k, v in data["headers"].items() if k in keep})
    return headers


def retry_after_at_least_one_second(response: Response) -> Response:
    """Every 429 tells how long to wait, one second at least: the limiter rounds down the time
    left in its window, and "Retry-After: 0" invites a client to retry at once, in a loop."""
    if response.status_code == 429:
        value = response.headers.get("Retry-After", "")
        try:
            seconds = max(1, math.ceil(float(value)))
        except ValueError:
            seconds = 0 if value else 1  # an HTTP date is left as it is
        if seconds:
            response.headers["Retry-After"] = str(seconds)
    return response


def register_error_handlers(app: Flask) -> None:
    """Install the handlers; they replace flask-smorest's app-wide JSON handler for HTML pages."""

    # Flask runs after-request functions last registered first. Flask-Limiter's, registered with
    # the extensions, rewrites Retry-After: this one goes first in the list, so it runs after it.
    app.after_request_funcs.setdefault(None, []).insert(0, retry_after_at_least_one_second)

    @app.errorhandler(CSRFError)
    def handle_csrf(error: CSRFError) -> Any:
        return error_response(
            400,
            _("Le jeton de sécurité (CSRF) est manquant ou invalide. Rechargez la page et réessayez."),
        )

    @app.errorhandler(DomainError)
    def handle_domain(error: DomainError) -> Any:
        _discard_transaction()
        return error_response(
            error.status,
            error.message,
            fields=error.fields or None,
            errors=getattr(error, "errors", None),
            code=error.code,
        )

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException) -> Any:
        status = error.code or 500
        if status >= 500:
            return handle_unexpected(error)
        message = None
        if status == 429:
            message = default_message(429)
            headers = _headers_from(error)
            limit = getattr(error, "retry_after", None)
            if limit:
                headers["Retry-After"] = str(limit)
            return error_response(429, message, headers=headers)
        data = getattr(error, "data", None)
        if isinstance(data, dict) and isinstance(data.get("message"), str):
            message = data["message"]
        elif error.description and error.description != type(error).description:
            message = error.description
        return error_response(status, message, fields=_fields_from(error), headers=_headers_from(error))

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> Any:
        if isinstance(error, HTTPException) and (error.code or 500) < 500:
            return handle_http(error)
        _discard_transaction()
        if not isinstance(error, InternalServerError):
            current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(500)

    @app.errorhandler(SQLAlchemyError)
    def handle_database_error(error: SQLAlchemyError) -> Any:
        if not is_database_outage(error):
            return handle_unexpected(error)
        _discard_transaction()
        cause = type(getattr(error, "orig", None) or error).__name__
        current_app.logger.error("Database unavailable on %s %s: %s", request.method, request.path, cause)
        retry = str(current_app.config.get("OUTAGE_RETRY_AFTER", 30))
        return error_response(503, headers={"Retry-After": retry})
