"""`GET /api/v1/health`: is the service ready, and which of its dependencies answer?

503 when a required dependency (the database) is down, with the same document naming it.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields

from ...health import readiness
from .blueprint import Blueprint

URL_PREFIX = "/health"
bp = Blueprint("health", __name__, description="Service health")


class HealthSchema(Schema):
    """The health document."""

    status = fields.String(
        required=True, metadata={"example": "ok", "description": "ok, degraded or unavailable"}
    )
    database = fields.String(required=True, metadata={"example": "ok", "description": "ok or down"})
    rate_limit_storage = fields.String(
        required=True, metadata={"example": "ok", "description": "ok, degraded or disabled"}
    )
    version = fields.String(required=True, metadata={"example": "v1"})


@bp.route("")
class Health(MethodView):
    """Service health."""

    @bp.response(200, HealthSchema)
    @bp.alt_response(503, schema=HealthSchema, description="A required dependency is down")
    @bp.doc(security=[])
    def get(self) -> tuple[dict[str, Any], int]:
        """Report the service and each dependency (public, no authentication)."""
        state = readiness()
        return {**state.as_dict(), "version": "v1"}, 200 if state.ready else 503
