"""Source material of a generated course: the author's notes or document, read as plain text and cut
into numbered passages, so a prompt carries only what fits and each question can cite where it
came from.

Plain text and Markdown are read as UTF-8; a PDF's text is extracted with pypdf (no OCR: a
scanned PDF has no text and is refused with a message saying so). Nothing in a source is ever
followed: it is quoted to the model as material, never as instructions, and never fetched.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from pathlib import PurePath

from flask_babel import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ..errors import InvalidInput

MAX_SOURCE_BYTES = 10 * 1024 * 1024  # an uploaded document
MAX_SOURCE_CHARS = 300_000  # the text read from it (about 75,000 tokens)
PASSAGE_CHARS = 2_500  # a passage: a few paragraphs, about 600 tokens
TEXT_EXTENSIONS = {".txt", ".md", ".markdown"}
PDF_EXTENSIONS = {".pdf"}


class SourceInvalid(InvalidInput):
    """A source that cannot be used: another type, too large, empty or unreadable."""

    def __init__(self, message: str) -> None:
        super().__init__(message, fields={"source": [message]})


@dataclass(frozen=True)
class Passage:
    """A numbered piece of the source (numbers start at 1, as the prompts and citations say)."""

    number: int
    text: str


def read_source(filename: str, data: bytes) -> str:
    """The text of an uploaded source (.txt, .md, .pdf); SourceInvalid says why it cannot be used."""
    extension = PurePath(filename).suffix.lower()
    if extension not in TEXT_EXTENSIONS | PDF_EXTENSIONS:
        raise SourceInvalid(
            _(
                "Type de fichier non accepté « %(extension)s » : donnez un texte (.txt), "
                "du Markdown (.md) ou un PDF (.pdf).",
                extension=extension or filename,
            )
        )
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceInvalid(
            _("Le document dépasse %(size)d Mo.", size=MAX_SOURCE_BYTES // (1024 * 1024)),
        )
    text = _pdf_text(data) if extension in PDF_EXTENSIONS else _plain_text(data)
    return checked_source(text)


def checked_source(text: str) -> str:
    """A pasted or extracted source, tidied (line ends, NUL, trailing spaces); refused empty or too long."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t]+\n", "\n", text).strip()
    if not text:
        raise SourceInvalid(_("Le document ne contient aucun texte."))
    if len(text) > MAX_SOURCE_CHARS:
        raise SourceInvalid(
            _(
                "Le texte source est trop long : %(length)d caractères (au plus %(limit)d).",
                length=len(text),
                limit=MAX_SOURCE_CHARS,
            )
        )
    return text


def _plain_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceInvalid(_("Le fichier n'est pas du texte en UTF-8.")) from error


def _pdf_text(data: bytes) -> str:
    # pypdf reports damaged-but-readable files on its logger; the author only needs the outcome.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SourceInvalid(
                _("Ce PDF est protégé par un mot de passe : donnez une version sans protection.")
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except SourceInvalid:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise SourceInvalid(_("Ce PDF est illisible (fichier abîmé ou qui n'est pas un PDF).")) from error
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise SourceInvalid(
            _("Ce PDF ne contient pas de texte lisible (pages scannées ?) : collez le texte à la place.")
        )
    return text


def passages(text: str, size: int = PASSAGE_CHARS) -> list[Passage]:
    """The source cut into passages of about `size` characters, on paragraph boundaries when possible."""
    pieces: list[str] = []
    current = ""
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        while len(paragraph) > size:  # a paragraph longer than a passage is cut at a space
            cut = paragraph.rfind(" ", 0, size)
            cut = cut if cut > size // 2 else size
            if current:
                pieces.append(current)
                current = ""
            pieces.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        if current and len(current) + len(paragraph) + 2 > size:
            pieces.append(current)
            current = ""
        current = f"{current}\n\n{paragraph}" if current else paragraph
    if current:
        pieces.append(current)
    return [Passage(number, piece) for number, piece in enumerate(pieces, start=1)]


def normalised(text: str) -> str:
    """Text compared for citations: case, spacing and typographic quotes ignored."""
    text = text.lower().replace("’", "'").replace("«", '"').replace("»", '"')
    return re.sub(r"\s+", " ", text).strip()


def quotes(passage: Passage, quote: str) -> bool:
    """Whether `quote` is, word for word, a piece of `passage` (case and spacing aside)."""
    wanted = normalised(quote).strip(" .…\"'")
    return bool(wanted) and wanted in normalised(passage.text)
