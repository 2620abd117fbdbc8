"""The versioned JSON API under /api/v1 (flask-smorest: schemas in, schemas out, OpenAPI generated).

Each resource is a module with its own flask-smorest Blueprint and a `URL_PREFIX`; `register_api`
mounts them all and installs, once for every API blueprint (present and future), the rules that
must never be forgotten by one view: authentication, token scope, JSON bodies and write limits.
"""

from __future__ import annotations

from typing import NamedTuple

from flask import Flask, current_app, g, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.access import is_public
from ...errors import error_response
from ...extensions import api, limiter
from ...security import SAFE_METHODS
from . import (
    course_files,
    courses,
    docs,
    explanations,
    generations,
    health,
    items,
    me,
    questions,
    study,
    tokens,
    topics,
    users,
)
from .schemas.common import MAX_ID, ErrorEnvelopeSchema

# Adding a resource is one line here (and one module with URL_PREFIX and bp).
API_MODULES = (
    health,
    me,
    users,
    tokens,
    items,
    courses,
    topics,
    questions,
    study,
    course_files,
    generations,
    explanations,
)

API_ROOT = "/api/v1"
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
# The only writes whose body is a file upload (multipart/form-data) rather than JSON.
MULTIPART_ENDPOINTS = frozenset({"course_files.CourseImport"})


def _write_limit() -> str:
    return str(current_app.config["RATELIMIT_API_WRITE"])


def _rate_limit_key() -> str:
    """Writes are counted per account when signed in (token or cookie), per address otherwise."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"addr:{request.remote_addr or 'unknown'}"


class Refusal(NamedTuple):
    """The guard's answer to a request no API endpoint accepts (the message defaults per status)."""

    status: int
    message: str | None = None
    headers: dict[str, str] | None = None


def guard_api_request() -> ResponseReturnValue | None:
    """Refuse, before any view runs, what no API endpoint accepts (see `_refusal`)."""
    refusal = _refusal()
    if refusal is None:
        return None
    return error_response(refusal.status, refusal.message, headers=refusal.headers)


def _refused_by_guard() -> bool:
    """The write limit's `exempt_when`: a request the guard refuses spends none of the budget.

    Flask-Limiter checks its limits in its own `before_request` hook, which runs before the guard,
    so without this a read-only token's refused writes would use up the account's budget and then
    be answered 429 instead of 403.
    """
    return _refusal() is not None


def _refusal() -> Refusal | None:
    """Why the guard refuses this request, or None when the request may go on.

    * anonymous callers get 401 everywhere but the public endpoints;
    * a read-scoped token gets 403 on every write;
    * a write whose body is not JSON gets 415 (a file upload to one of `MULTIPART_ENDPOINTS` excepted);
    * an id in the path beyond any database integer is simply not found (404).

    A pure decision (no response is built, the user is loaded once per request by Flask-Login),
    so the rate limiter and the guard can both ask it.
    """
    if not request.path.startswith(f"{API_ROOT}/") or request.url_rule is None:
        return None  # not ours, or a 404/405 that the router reports itself
    if is_public(request.endpoint):
        return None
    if any(isinstance(value, int) and value > MAX_ID for value in (request.view_args or {}).values()):
        return Refusal(404)  # no row has such an id; the database would overflow on it
    if not current_user.is_authenticated:
        return Refusal(401, headers={"WWW-Authenticate": 'Bearer realm="LearnAnything"'})
    if request.method in SAFE_METHODS:
        return None
    token = g.get("api_token")
    if token is not None and token.scope.value == "read":
        return Refusal(403, _("Ce jeton ne permet que la lecture."))
    has_body = bool(request.content_length) or request.headers.get("Transfer-Encoding") == "chunked"
    uploads_file = request.endpoint in MULTIPART_ENDPOINTS and request.mimetype == "multipart/form-data"
    if has_body and not request.is_json and not uploads_file:
        return Refusal(415, _("Le corps de la requête doit être du JSON (application/json)."))
    return None


# One shared bucket for every write of every API blueprint, built once: the limiter keeps
# blueprint limits in a set, so reusing this object keeps repeated `create_app` calls idempotent.
# Writes the guard refuses (401/403/404/415) are exempt: they count for nothing and keep their status.
API_WRITE_LIMIT = limiter.shared_limit(
    _write_limit,
    scope="api-write",
    key_func=_rate_limit_key,
    methods=WRITE_METHODS,
    exempt_when=_refused_by_guard,
)


def register_api(app: Flask) -> None:
    """Register every API blueprint on the one flask-smorest `Api` instance, plus the shared guards."""
    _document_error_envelope()
    _document_authentication()
    for module in API_MODULES:
        API_WRITE_LIMIT(module.bp)
        api.register_blueprint(module.bp, url_prefix=f"{API_ROOT}{module.URL_PREFIX}")
    app.register_blueprint(docs.bp, url_prefix=f"{API_ROOT}/docs")
    app.before_request(guard_api_request)


def _document_error_envelope() -> None:
    """Make the OpenAPI error responses describe our envelope instead of flask-smorest's own schema.

    flask-smorest registers its error responses (lazily, pointing at its `Error` schema, which
    forbids extra properties) when the app initialises the extension; they are pointed here, in
    this application's fresh spec, at our `ErrorEnvelope`, and the unused `Error` is dropped.
    """
    components = api.spec.components
    components.schema("ErrorEnvelope", schema=ErrorEnvelopeSchema)
    envelope = {"$ref": "#/components/schemas/ErrorEnvelope"}
    for response in components.responses_lazy.values():
        content = response.get("content", {}).get("application/json")
        if content is not None and "schema" in content:
            content["schema"] = envelope
    components.schemas.pop("Error", None)


def _document_authentication() -> None:
    """Declare the Bearer token as the API's authentication (public operations say `security: []`)."""
    api.spec.components.security_scheme(
        "bearerAuth",
        {"type": "http", "scheme": "bearer", "description": "A personal access token (la_…)"},
    )
    api.spec.options["security"] = [{"bearerAuth": []}]
