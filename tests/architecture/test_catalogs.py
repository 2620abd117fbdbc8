"""The English catalog is complete: every message of the code is in it, translated, none fuzzy.

French is the source language, so a message missing from the English catalog shows French to an
English reader. The extraction is the one `make extract-messages` runs (babel.cfg, same keywords).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ROOT / "app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def english() -> Catalog:
    """The English catalog as Babel reads it."""
    with ENGLISH.open("rb") as handle:
        return read_po(handle)


def extracted_ids() -> set[str]:
    """Every msgid the code and templates use, as `pybabel extract -F babel.cfg` finds them."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    ids = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        ids.add(message[0] if isinstance(message, tuple | list) else message)
    return ids


def test_no_english_translation_is_empty_or_fuzzy() -> None:
    catalog = english()
    empty = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not empty, f"untranslated in {ENGLISH.relative_to(ROOT)}: {empty}"
    assert not fuzzy, f"fuzzy (to check, then unmark) in {ENGLISH.relative_to(ROOT)}: {fuzzy}"


def test_every_message_of_the_code_is_in_the_english_catalog() -> None:
    catalog = english()
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    used = extracted_ids()
    assert len(used) > 50, f"the extraction found almost nothing ({len(used)} messages): is babel.cfg read?"
    missing = sorted(used - known)
    assert not missing, f"run `make extract-messages` and translate: {missing}"
