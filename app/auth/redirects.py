"""Safe redirects: `?next=` only ever leads to a path inside this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    """Return `target` when it is a local path (no scheme, no host, no `//` trick), else `default`."""
    if not target:
        return default
    cleaned = target.strip().replace("\\", "/")
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc or not cleaned.startswith("/") or cleaned.startswith("//"):
        return default
    if any(ord(char) < 32 for char in cleaned):
        return default
    return cleaned
