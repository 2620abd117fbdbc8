"""`/metrics`, for Prometheus: open to the addresses of METRICS_ALLOW and to an admin's Bearer token.

Not public, and not a page either: the numbers say how busy the site is and where it fails, so an
anonymous visitor from elsewhere gets 401 and a signed-in person who is not an admin 403.
Listed in `OPERATOR_ENDPOINTS` (app/auth/access.py), which the access-control walk checks.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized
from werkzeug.wrappers import Response

from ..auth.policy import acts_as_admin
from ..auth.session import bearer_credentials
from ..auth.tokens import find_usable_token
from ..metrics import address_allowed, exposition

bp = Blueprint("metrics", __name__)


def _allowed_addresses() -> list[str]:
    return [entry for entry in str(current_app.config["METRICS_ALLOW"]).split(",") if entry.strip()]


@bp.get("/metrics")
def metrics() -> Response:
    """The Prometheus text exposition of every worker's counters."""
    if not address_allowed(request.remote_addr, _allowed_addresses()):
        header = request.headers.get("Authorization", "")
        token = (
            find_usable_token(bearer_credentials(header)) if header.lower().startswith("bearer ") else None
        )
        if token is None:
            raise Unauthorized(www_authenticate=WWWAuthenticate("bearer", {"realm": "LearnAnything"}))
        if not acts_as_admin(token.user):
            abort(403)
    body, content_type = exposition()
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})
