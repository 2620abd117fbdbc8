"""The images' bytes on disk, as course files need them: `<digest>.<ext>` in the upload folder.

Deliberately tiny: the upload service owns everything else about images; an import only writes
the files of the images it brings and an export only reads them back.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import current_app

from .document import IMAGE_EXTENSIONS


def upload_folder() -> Path:
    """The folder of the images' files: UPLOAD_FOLDER, else `uploads` in the instance folder."""
    configured = current_app.config.get("UPLOAD_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def image_path(folder: Path, digest: str, content_type: str) -> Path:
    """Where the file of one image lives."""
    return folder / f"{digest}.{IMAGE_EXTENSIONS[content_type]}"


def read_image(folder: Path, digest: str, content_type: str) -> bytes | None:
    """The bytes of an image, or None when its file is missing."""
    path = image_path(folder, digest, content_type)
    return path.read_bytes() if path.is_file() else None


def write_image(folder: Path, digest: str, content_type: str, data: bytes) -> None:
    """Store an image's bytes once (same digest, same bytes), atomically: never a half file."""
    path = image_path(folder, digest, content_type)
    if path.is_file():
        return
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
