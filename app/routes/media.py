"""`/media/<digest>.<extension>`: the images authors uploaded, served to whoever may read their course.

A file's name is the SHA-256 of its bytes, so its content never changes: browsers keep it for a
year without asking again (immutable, with the digest as ETag). Images of a published course may
also be kept by shared caches; those of drafts only by the reader's own browser.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..auth.policy import can_read_course
from ..services.course_images import courses_showing
from ..services.errors import NotFound

bp = Blueprint("media", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.get("/media/<name>")
@login_required
def serve(name: str) -> Response:
    """One course image, if the visitor may read a course that uses it (else 404, drafts stay secret)."""
    image_format, courses = courses_showing(name)
    readable = [course for course in courses if can_read_course(current_user, course)]
    path = Path(current_app.config["UPLOAD_FOLDER"]) / name
    if not readable or not path.is_file():
        raise NotFound(_("Cette image n'existe pas."))
    response = send_file(
        path, mimetype=image_format.content_type, etag=name.split(".")[0], max_age=ONE_YEAR, conditional=True
    )
    if not any(course.published for course in readable):
        response.cache_control.public = False
        response.cache_control.private = True
    response.cache_control.immutable = True
    return response
