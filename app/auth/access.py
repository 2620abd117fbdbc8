"""The one list of endpoints an anonymous visitor may open.

Every other endpoint of the site and of the API requires a login, except the few for monitoring
(`OPERATOR_ENDPOINTS`), which decide by address or by an admin's token. A test walks the whole URL map
against this list, so a new page or API resource is covered the day it is added: make it public
here, on purpose, or protect it.
"""

from __future__ import annotations

PUBLIC_ENDPOINTS: frozenset[str] = frozenset(
    {
        # Pages anyone may read, and the forms that open an account or a session.
        "main.home",
        "main.about",
        "main.contact_page",
        "main.set_language",
        "main.health",
        "main.privacy",
        "main.readiness_probe",
        "main.short_address",
        "auth.register_page",
        "auth.login_page",
        "auth.register",
        "auth.login",
        "auth.logout",
        "auth.google_login",
        "auth.google_callback",
        # The links mailed to people and the steps of a login or a reset that come before a session.
        "auth.verify_email",
        "auth.two_factor_login",
        "auth.forgot_password",
        "auth.reset_password",
        "auth.unlock",
        "static",
        # The API's own public documents: its health, its OpenAPI description and the page showing it.
        "health.Health",
        "api-docs.openapi_json",
        "api_docs_page.docs",
        # The JSON Schema of the native course document, for editors and scripts.
        "course_files.CourseDocumentSchema",
    }
)


# Endpoints for the machines that watch the site rather than its visitors: open to the addresses
# of a setting and to an admin's Bearer token, 401 to anyone else (not a login page: no person
# logs in to them). The access-control walk checks them from an address outside every list.
OPERATOR_ENDPOINTS: frozenset[str] = frozenset({"metrics.metrics"})


def is_public(endpoint: str | None) -> bool:
    """True when `endpoint` may be opened without logging in."""
    return endpoint in PUBLIC_ENDPOINTS


def is_for_operators(endpoint: str | None) -> bool:
    """True when `endpoint` decides its own access for monitoring (addresses, an admin's token)."""
    return endpoint in OPERATOR_ENDPOINTS
