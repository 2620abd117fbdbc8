"""URL names made from titles, for courses and topics: one rule for the studio, the API and imports.

`slugify` spells accents and ligatures out in ASCII (« L'Œuvre d'Émile » → "l-oeuvre-d-emile");
`free_slug` adds -2, -3… until the name is not taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from slugify import slugify as _library_slugify

SLUG_MAX = 80  # Course.slug and Topic.slug are VARCHAR(80)
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # what `slugify` makes, and all a typed URL name may be
# Apostrophes (straight and typographic) separate words: « l'étoile » → l-etoile.
_REPLACEMENTS = [["'", " "], ["’", " "], ["‘", " "], ["ʼ", " "]]


def slugify(text: str, fallback: str = "cours") -> str:
    """A URL name from a title: ASCII, lower case, words joined by dashes; `fallback` when empty."""
    slug: str = _library_slugify(text or "", max_length=SLUG_MAX, replacements=_REPLACEMENTS)
    return slug or fallback


def is_slug(text: str) -> bool:
    """Whether `text` may be a URL name as typed: lower-case letters, digits and single dashes."""
    return len(text) <= SLUG_MAX and re.match(SLUG_PATTERN, text) is not None


def free_slug(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base-2`, `base-3`… the first that is not taken, never longer than SLUG_MAX."""
    used = set(taken)
    candidate, number = base, 1
    while candidate in used:
        number += 1
        suffix = f"-{number}"
        candidate = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
    return candidate
