"""Fingerprinted URLs for the files of `app/static`, so browsers may keep them for a year.

`static_url("css/styles.css")` gives `/static/css/styles.css?v=<hash of the content>`: a changed
file gets a new URL, so the old one can be cached as immutable. A request whose `v` matches the
file's current hash is answered with `Cache-Control: public, max-age=31536000, immutable`; any
other request for a static file keeps Flask's default (revalidated on every use).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for

IMMUTABLE = "public, max-age=31536000, immutable"
EXTENSION_KEY = "learnanything.static_versions"
VERSION_LENGTH = 12
COMPRESSIBLE = frozenset(
    {"text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/json"}
)


def asset_version(filename: str) -> str | None:
    """The short content hash of `app/static/<filename>`, or None when there is no such file.

    Hashes are kept per process; with templates auto-reloaded (debug) they are read again each time.
    """
    versions: dict[str, str | None] = current_app.extensions.setdefault(EXTENSION_KEY, {})
    if filename in versions and not current_app.jinja_env.auto_reload:
        return versions[filename]
    folder = Path(current_app.static_folder or "")
    path = (folder / filename).resolve()
    version = None
    if path.is_file() and path.is_relative_to(folder.resolve()):
        version = hashlib.sha256(path.read_bytes()).hexdigest()[:VERSION_LENGTH]
    versions[filename] = version
    return version


def static_url(filename: str) -> str:
    """The URL of a static file with its content hash, for templates (`{{ static_url('js/x.js') }}`)."""
    version = asset_version(filename)
    if version is None:
        return url_for("static", filename=filename)
    return url_for("static", filename=filename, v=version)


def register_static_assets(app: Flask) -> None:
    """Offer `static_url` to templates and let fingerprinted static files be cached for a year."""
    app.add_template_global(static_url, "static_url")

    @app.after_request
    def cache_fingerprinted_files(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        filename = (request.view_args or {}).get("filename", "")
        requested = request.args.get("v")
        if requested and requested == asset_version(str(filename)):
            response.headers["Cache-Control"] = IMMUTABLE
        if response.mimetype in COMPRESSIBLE:
            # Read the (small) file into the response, so Flask-Compress compresses it whole, and
            # close it at once: a server that loses the connection before it closes the response
            # (Werkzeug's, when the browser gives up on an image) would otherwise leave it open.
            stream = response.response
            response.direct_passthrough = False
            response.get_data()
            close = getattr(stream, "close", None)
            if close is not None:
                close()
        return response
