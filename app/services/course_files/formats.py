"""Which format a course file is in, and reading any of them into a CourseDocument.

The format is what the caller says, else the file's extension, else a look at its first lines.
"""

from __future__ import annotations

import enum
import re
from pathlib import PurePath

from flask_babel import gettext as _

from .aiken import read_aiken
from .csv_format import read_csv
from .document import CourseDocument
from .gift import read_gift
from .native import read_native
from .problems import Problem


class CourseFormat(enum.StrEnum):
    """The formats a whole course can be read from or written to."""

    GIFT = "gift"
    AIKEN = "aiken"
    CSV = "csv"
    JSON = "json"


EXTENSIONS = {
    ".gift": CourseFormat.GIFT,
    ".csv": CourseFormat.CSV,
    ".json": CourseFormat.JSON,
    ".aiken": CourseFormat.AIKEN,
}
_AIKEN_ANSWER = re.compile(r"^ANSWER\s*:\s*[A-Z]\s*$", re.MULTILINE | re.IGNORECASE)


def detect_format(filename: str, text: str) -> CourseFormat | None:
    """The format named by the extension, else guessed from the content; None when unsure."""
    by_extension = EXTENSIONS.get(PurePath(filename).suffix.lower())
    if by_extension is not None:
        return by_extension
    start = text.lstrip("\ufeff \t\r\n")
    if start.startswith("{"):
        return CourseFormat.JSON
    if _AIKEN_ANSWER.search(text) and "{" not in text:
        return CourseFormat.AIKEN
    if "{" in text and "}" in text:
        return CourseFormat.GIFT
    header = start.split("\n", 1)[0].lower()
    if ("prompt" in header or "question" in header) and (";" in header or "," in header):
        return CourseFormat.CSV
    return None


def decode(data: bytes) -> str | None:
    """The text of a file: UTF-8 with or without a byte-order mark, or Windows-1252 as some French
    spreadsheets still save; None when it is neither (a binary file)."""
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def title_from_filename(filename: str) -> str:
    """A course title for formats that carry none: the file's name without extension."""
    stem = PurePath(filename.replace("\\", "/")).stem.replace("_", " ").strip()
    return stem or _("Cours importé")


def read_document(
    data: bytes, filename: str, fmt: CourseFormat | None = None
) -> tuple[CourseDocument, list[Problem]]:
    """Read a course file in `fmt` (or the detected format) into a document and its problems."""
    text = decode(data)
    if text is None:
        return CourseDocument(title=""), [Problem(_("Le fichier n'est pas un texte UTF-8."), line=1)]
    fmt = fmt or detect_format(filename, text)
    if fmt is None:
        return CourseDocument(title=""), [
            Problem(_("Format de fichier non reconnu : précisez gift, aiken, csv ou json."), line=1)
        ]
    title = title_from_filename(filename)
    if fmt is CourseFormat.GIFT:
        return read_gift(text, title)
    if fmt is CourseFormat.AIKEN:
        return read_aiken(text, title)
    if fmt is CourseFormat.CSV:
        return read_csv(text, title)
    return read_native(text)
