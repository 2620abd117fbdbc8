"""Request and response hardening: bodies over MAX_CONTENT_LENGTH refused, CSRF on every
state-changing request, NUL characters refused, security headers on every response.

Flask-WTF's automatic check is replaced by one `before_request` hook so that API clients that
authenticate with a Bearer token (and never with the session cookie) are the only exception.
"""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, g, request, session
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from .extensions import csrf

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# The largest id or page number the database's INTEGER columns (and OFFSET arithmetic) can hold.
MAX_URL_INTEGER = 2**31 - 1

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def uses_bearer_token() -> bool:
    """True for an API request that carries a personal access token (no cookie auth, no CSRF)."""
    header = request.headers.get("Authorization", "")
    return request.path.startswith("/api/") and header.lower().startswith("bearer ")


# The endpoints whose bodies may be larger than MAX_CONTENT_LENGTH, and the setting that says how
# large: an author's image, and a whole course file (the JSON document may carry its images).
LARGER_BODIES: dict[str, str] = {
    "studio.upload_image": "MAX_IMAGE_BYTES",
    "studio.import_course": "MAX_COURSE_FILE_BYTES",
    "course_files.CourseImport": "MAX_COURSE_FILE_BYTES",
    "studio_generation.generate": "MAX_COURSE_FILE_BYTES",  # a source document (PDF) to build from
}
UPLOAD_MARGIN = 256 * 1024  # the multipart envelope and the other fields around the file


def register_body_limit(app: Flask) -> None:
    """Refuse a body over its limit (MAX_CONTENT_LENGTH, or LARGER_BODIES for the upload endpoints)
    with 413 before any other hook or view looks at it."""

    @app.before_request
    def refuse_oversized_bodies() -> None:
        # Werkzeug enforces MAX_CONTENT_LENGTH only when a view reads the body, so a view that
        # ignores it would run anyway. Refuse here, before any view: a declared length at once,
        # a chunked body (no declared length) by reading it, which stops at the limit with 413.
        environ = request.environ
        if "CONTENT_LENGTH" not in environ and "HTTP_TRANSFER_ENCODING" not in environ:
            return  # neither a declared length nor a chunked body: the request has no body at all
        larger = LARGER_BODIES.get(request.endpoint or "")
        if larger is not None:
            request.max_content_length = int(app.config[larger]) + UPLOAD_MARGIN
        limit = request.max_content_length
        if limit is None:
            return
        if request.content_length is not None:
            if request.content_length > limit:
                raise RequestEntityTooLarge()
        elif "chunked" in request.headers.get("Transfer-Encoding", "").lower():
            # Werkzeug's stream stops at the limit without a word; one byte more means too large.
            body = request.get_data(cache=True)  # kept: the form parser or the view reads it from memory
            if len(body) >= limit and request.environ["wsgi.input"].read(1):
                raise RequestEntityTooLarge()


def register_security(app: Flask) -> None:
    """Install the CSRF hook and the security headers on `app`."""
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False

    @app.before_request
    def check_request() -> None:
        # One hook for the three checks (each hook costs every request its dispatch), in order.
        refuse_nul_characters()
        refuse_out_of_range_integers()
        check_csrf(app)

    fixed_headers = {hsts: security_headers(hsts) for hsts in (False, True)}

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        # The fixed headers are worked out once; a view that set one of them keeps its own value.
        headers = response.headers
        fixed = fixed_headers[bool(app.config.get("SECURITY_HSTS"))]
        present = {name.lower() for name, _value in headers.items()}
        headers.extend([(name, value) for name, value in fixed if name.lower() not in present])
        if "cache-control" not in present and request.endpoint and not request.endpoint.startswith("static"):
            headers["Cache-Control"] = page_cache_control()
        return response


def refuse_nul_characters() -> None:
    """No page field has a use for a NUL character and PostgreSQL cannot store one: refuse it
    here, once, rather than let it reach a query (400). The API refuses it in its argument parser
    with a 422 naming the field."""
    if request.path.startswith("/api/"):
        return
    fields = [*request.args.items(multi=True)] if request.query_string else []
    if request.method not in SAFE_METHODS:
        fields += request.form.items(multi=True)
    if any("\x00" in value for _name, value in fields):
        abort(400, description=_("La requête contient un caractère interdit (NUL)."))


def refuse_out_of_range_integers() -> None:
    """An id in the path, or a page number, beyond what the database holds names nothing: 404,
    rather than an overflow deep in a query."""
    values = [v for v in (request.view_args or {}).values() if isinstance(v, int)]
    page = request.args.get("page", "") if request.query_string else ""
    if page.isascii() and page.isdigit():  # "¹" is a digit to str.isdigit, not to int()
        values.append(int(page))
    if any(value > MAX_URL_INTEGER for value in values):
        abort(404)


def check_csrf(app: Flask) -> None:
    """The CSRF token of every state-changing request (a Bearer-token API call excepted)."""
    if request.method in SAFE_METHODS or uses_bearer_token():
        return
    if not app.config.get("WTF_CSRF_ENABLED", True):
        return
    csrf.protect()


def security_headers(hsts: bool) -> list[tuple[str, str]]:
    """The headers every response carries, in order (HSTS only where the site is served over HTTPS)."""
    fixed = [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if hsts:
        fixed.append(("Strict-Transport-Security", "max-age=63072000; includeSubDomains"))
    return fixed


def page_cache_control() -> str:
    """How long a browser may keep this page or API answer.

    Signed-in pages and the API hold personal data: `no-store`. An anonymous page holds nothing
    personal, so the browser may keep it (and its back/forward cache may restore it) but must ask
    again before reusing it, since the same address changes once the visitor signs in.
    """
    if request.path.startswith("/api/") or signed_in():
        return "no-store"
    return "private, no-cache"


def signed_in() -> bool:
    """Whether this request belongs to a signed-in person, without asking the database (the
    answer must hold on an error page during an outage): the user this request already loaded,
    or a login kept in the session or in the remember-me cookie."""
    user = g.get("_login_user")
    if user is not None:
        return bool(user.is_authenticated)
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or remember_cookie in request.cookies
