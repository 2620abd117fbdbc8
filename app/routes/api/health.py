"""`GET /api/v1/health`: is the service up, and can it reach its database?"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields

from ...services import records
from .blueprint import Blueprint

URL_PREFIX = "/health"
bp = Blueprint("health", __name__, description="Service health")


class HealthSchema(Schema):
    """The health document."""

    status = fields.String(required=True, metadata={"example": "ok"})
    database = fields.String(required=True, metadata={"example": "ok"})
    version = fields.String(required=True, metadata={"example": "v1"})


@bp.route("")
class Health(MethodView):
    """Service health."""

    @bp.response(200, HealthSchema)
    @bp.doc(security=[])
    def get(self) -> dict[str, Any]:
        """Report the service and database status (public, no authentication)."""
        records.database_ready()
        return {"status": "ok", "database": "ok", "version": "v1"}
