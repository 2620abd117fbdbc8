"""Text search in lists (admin pages, API filters): "contains, ignoring case", where the
visitor's own % and _ are plain characters, never LIKE wildcards."""

from __future__ import annotations


def like_pattern(text: str) -> str:
    """A case-insensitive `LIKE` pattern matching `text` anywhere, its own % and _ taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
