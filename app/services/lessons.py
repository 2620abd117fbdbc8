"""Lessons and explanations are written in Markdown by authors; this renders them to safe HTML.

markdown-it-py turns the text into HTML with raw HTML disabled, then nh3 keeps only an allow-list
of tags and attributes, so nothing an author types can run script in a learner's browser. Images
are allowed only from the site's own course images (`/media/<sha256>.<extension>`): no tracking
pixel, no other site's picture.
"""

from __future__ import annotations

import re
import threading

import nh3
from cachetools import LRUCache
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "hr", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
COURSE_IMAGE_SRC = re.compile(r"^/media/[0-9a-f]{64}\.(?:png|jpg|gif|webp)$")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """An image's source must be a course image of this site; every other kept attribute stays."""
    if tag == "img" and attribute == "src" and not COURSE_IMAGE_SRC.match(value):
        return None
    return value


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


# Rendered lessons are kept by size, not by count: 4096 lessons of 100 KB would be 400 MB.
RENDER_CACHE_BYTES = 8 * 1024 * 1024
# Texts larger than this are rendered each time rather than evicting everything else.
RENDER_CACHE_ITEM_MAX = 256 * 1024


def _entry_size(entry: tuple[str, Markup]) -> int:
    source, html = entry
    return len(source.encode()) + len(html.encode())


_cache: LRUCache[str, tuple[str, Markup]] = LRUCache(maxsize=RENDER_CACHE_BYTES, getsizeof=_entry_size)
_cache_lock = threading.Lock()


def render_markdown(text: str) -> Markup:
    """Markdown to sanitised HTML, safe to insert in a page or a script's innerHTML (cached by bytes)."""
    source = text or ""
    with _cache_lock:
        hit = _cache.get(source)
    if hit is not None:
        return hit[1]
    html = _render(source)
    entry = (source, html)
    if _entry_size(entry) <= RENDER_CACHE_ITEM_MAX:
        with _cache_lock:
            _cache[source] = entry
    return html


def cache_size() -> int:
    """Bytes the render cache holds now (sources and their HTML)."""
    with _cache_lock:
        return int(_cache.currsize)


def _render(text: str) -> Markup:
    html = _markdown.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 (sanitised just above)
