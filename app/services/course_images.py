"""Images authors upload for a course's lessons and prompts: checked, stored by digest, found again.

An upload is accepted only if its first bytes are those of a PNG, JPEG, WebP or GIF file *and*
Pillow decodes it as that same format: a renamed text file or an SVG (which could carry script) is
refused whatever its name says. The bytes are stored once under `<sha256>.<extension>` in the
upload folder and served at `/media/<digest>.<extension>` to whoever may read the course.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from flask_babel import format_decimal
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..models import Course, CourseImage
from .errors import InvalidInput, NotFound


@dataclass(frozen=True)
class ImageFormat:
    """One accepted image format: how its file starts, what Pillow calls it, how it is served."""

    content_type: str
    extension: str
    pillow_name: str
    magic: tuple[bytes, ...]


FORMATS = (
    ImageFormat("image/png", "png", "PNG", (b"\x89PNG\r\n\x1a\n",)),
    ImageFormat("image/jpeg", "jpg", "JPEG", (b"\xff\xd8\xff",)),
    ImageFormat("image/gif", "gif", "GIF", (b"GIF87a", b"GIF89a")),
    ImageFormat("image/webp", "webp", "WEBP", ()),  # RIFF....WEBP, checked below
)
BY_EXTENSION = {image_format.extension: image_format for image_format in FORMATS}
MEDIA_NAME = re.compile(r"^(?P<digest>[0-9a-f]{64})\.(?P<extension>png|jpg|gif|webp)$")
MAX_PIXELS = 40_000_000  # a small file may still claim a huge canvas: refuse it before decoding


def _sniff(data: bytes) -> ImageFormat | None:
    """The accepted format whose signature opens `data`, or None."""
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return BY_EXTENSION["webp"]
    for image_format in FORMATS:
        if any(data.startswith(magic) for magic in image_format.magic):
            return image_format
    return None


def size_label(byte_count: int) -> str:
    """A size as people read it, in the visitor's language: "2 Mio", "1,5 Mio", "4 Kio"."""
    if byte_count >= 1024 * 1024:
        return _("%(size)s Mio", size=format_decimal(byte_count / (1024 * 1024), "#,##0.##"))
    return _("%(size)s Kio", size=format_decimal(byte_count / 1024, "#,##0.##"))


def check_image(data: bytes, max_bytes: int) -> ImageFormat:
    """The format of an acceptable image, or InvalidInput saying why `data` is refused."""
    if not data:
        raise _refused(_("Le fichier est vide."))
    if len(data) > max_bytes:
        raise _refused(_("L'image dépasse la taille permise (%(limit)s).", limit=size_label(max_bytes)))
    image_format = _sniff(data)
    if image_format is None:
        raise _refused(_("Seules les images PNG, JPEG, WebP et GIF sont acceptées."))
    try:
        with Image.open(io.BytesIO(data), formats=[image_format.pillow_name]) as image:
            if image.width * image.height > MAX_PIXELS:
                raise _refused(_("L'image est trop grande (nombre de pixels)."))
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refused(_("Ce fichier n'est pas une image lisible.")) from None
    return image_format


def _refused(message: str) -> InvalidInput:
    return InvalidInput(message, fields={"image": [message]})


def store_image(
    course: Course, data: bytes, original_name: str, uploader: User, *, folder: Path, max_bytes: int
) -> CourseImage:
    """Check and keep an image for `course`; the same bytes uploaded twice are the same image."""
    image_format = check_image(data, max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest}.{image_format.extension}"
    if not path.exists():
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(path)  # atomic: a reader never sees half a file
    existing = db.session.scalar(
        select(CourseImage).where(CourseImage.course_id == course.id, CourseImage.digest == digest)
    )
    if existing is not None:
        return existing
    image = CourseImage(
        course_id=course.id,
        digest=digest,
        content_type=image_format.content_type,
        byte_size=len(data),
        original_name=(original_name or "")[:255],
        uploaded_by=uploader.id,
    )
    db.session.add(image)
    db.session.commit()
    return image


def images_of(course: Course) -> list[CourseImage]:
    """The course's images, newest first."""
    return list(
        db.session.scalars(
            select(CourseImage)
            .where(CourseImage.course_id == course.id)
            .order_by(CourseImage.created_at.desc(), CourseImage.id.desc())
        )
    )


def media_name(image: CourseImage) -> str:
    """The file name an image is served under: `<digest>.<extension>`."""
    extension = next(f.extension for f in FORMATS if f.content_type == image.content_type)
    return f"{image.digest}.{extension}"


def courses_showing(name: str) -> tuple[ImageFormat, list[Course]]:
    """The format of a media file and the courses it belongs to; NotFound for any other name."""
    match = MEDIA_NAME.match(name)
    if match is None:
        raise NotFound(_("Cette image n'existe pas."))
    image_format = BY_EXTENSION[match["extension"]]
    courses = list(
        db.session.scalars(
            select(Course)
            .join(CourseImage, CourseImage.course_id == Course.id)
            .where(
                CourseImage.digest == match["digest"], CourseImage.content_type == image_format.content_type
            )
        )
    )
    if not courses:
        raise NotFound(_("Cette image n'existe pas."))
    return image_format, courses
