"""Reading an author's source document for a generated course: what is accepted, and the message
for everything that is not."""

from __future__ import annotations

import pytest
from flask import Flask

from app.services.generation import SourceInvalid, read_source
from app.services.generation.sources import MAX_SOURCE_BYTES, passages
from tests.pdf_files import pdf_with_text


def test_text_and_markdown_are_read_as_utf8(app: Flask) -> None:
    assert (
        read_source("notes.txt", "\ufeffLes volcans\r\nsont actifs.  \n".encode())
        == "Les volcans\nsont actifs."
    )
    assert read_source("Cours.MD", "# Volcans\n\nÉruptions.".encode()) == "# Volcans\n\nÉruptions."


def test_a_pdf_gives_its_text(app: Flask) -> None:
    text = read_source("volcans.pdf", pdf_with_text(["Les volcans d'Auvergne", "sont éteints."]))

    assert "Les volcans d'Auvergne" in text and "sont éteints." in text


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("notes.docx", b"PK\x03\x04", "Type de fichier non accepté « .docx »"),
        ("notes", b"texte", "Type de fichier non accepté « notes »"),
        ("vide.txt", b"  \n\n ", "ne contient aucun texte"),
        ("latin1.txt", "Éruption".encode("latin-1"), "pas du texte en UTF-8"),
        ("faux.pdf", b"%PDF-1.4 this is not a pdf", "Ce PDF est illisible"),
        ("blanc.pdf", pdf_with_text([]), "pas de texte lisible"),
        ("gros.txt", b"a" * (MAX_SOURCE_BYTES + 1), "Le document dépasse 10 Mo."),
        ("long.txt", b"mot " * 100_000, "Le texte source est trop long"),
    ],
)
def test_an_unusable_source_is_refused_with_the_reason(
    app: Flask, filename: str, data: bytes, message: str
) -> None:
    with pytest.raises(SourceInvalid, match=message) as refused:
        read_source(filename, data)
    assert refused.value.fields == {"source": [refused.value.message]}, "the form shows it beside the file"


def test_a_source_is_cut_into_numbered_passages_on_paragraphs() -> None:
    paragraphs = [f"Paragraphe {n}. " + "mot " * 200 for n in range(1, 7)]

    cut = passages("\n\n".join(paragraphs), size=2_500)

    assert [p.number for p in cut] == list(range(1, len(cut) + 1))
    assert all(len(p.text) <= 2_500 for p in cut)
    assert cut[0].text.startswith("Paragraphe 1.") and "Paragraphe 2." in cut[0].text
    assert "".join(p.text for p in cut).count("Paragraphe") == 6, "nothing is lost"
