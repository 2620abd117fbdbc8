"""`/api/v1/docs`: the API's documentation page — Swagger UI served from our own static files
(no CDN, works offline) and started by a script file of ours (no inline script: the CSP forbids it).

It is a plain Flask page, not an API operation, so it stays out of the OpenAPI document it shows.
"""

from __future__ import annotations

from flask import Blueprint, render_template, url_for

bp = Blueprint("api_docs_page", __name__)


@bp.get("")
def docs() -> str:
    """The Swagger UI page reading /api/v1/openapi.json (public, like the document itself)."""
    return render_template("api/docs.html", spec_url=url_for("api-docs.openapi_json"))
