"""Lessons and explanations are written in Markdown by authors; this renders them to safe HTML.

markdown-it-py turns the text into HTML with raw HTML disabled, then nh3 keeps only an allow-list
of tags and attributes, so nothing an author types can run script in a learner's browser. Images
are allowed only from the site's own course images (`/media/<sha256>.<extension>`): no tracking
pixel, no other site's picture.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import nh3
from cachetools import LRUCache
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
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
    return _clean(_markdown.render(text))


def _clean(html: str) -> Markup:
    """Keep only the allow-listed tags and attributes of rendered Markdown."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)  # noqa: S704 (sanitised just above)


@dataclass(frozen=True)
class LessonParts:
    """A lesson cut in two for learners who see pictures first: its figures, each one sanitised
    `<img>`, in reading order, and the rest of its text, sanitised, without them."""

    figures: tuple[Markup, ...]
    text: Markup


def lesson_parts(text: str) -> LessonParts:
    """Lift the lesson's images out of its text (docs/learning-rules.md, "Styles d'apprentissage").

    A figure is an image standing in the text's flow: one inside a table cell stays in its row and
    one inside a link stays the link's face, since moving them would break what they belong to. A
    paragraph left empty once its images are lifted disappears. A lesson without images gives no
    figures and the very HTML of `render_markdown`.
    """
    source = text or ""
    if "![" not in source:  # every Markdown image, inline or by reference, starts so
        return LessonParts(figures=(), text=render_markdown(source))
    env: dict[str, object] = {}
    tokens = _markdown.parse(source, env)
    figures: list[Token] = []
    table_depth = 0
    for token in tokens:
        table_depth += {"table_open": 1, "table_close": -1}.get(token.type, 0)
        if token.type != "inline" or table_depth or not token.children:
            continue
        kept: list[Token] = []
        link_depth = 0
        for child in token.children:
            link_depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            if child.type == "image" and not link_depth:
                figures.append(child)
            else:
                kept.append(child)
        token.children = kept
    if not figures:
        return LessonParts(figures=(), text=render_markdown(source))
    remaining = _without_empty_paragraphs(tokens)
    options = _markdown.options
    renderer = RendererHTML()
    return LessonParts(
        figures=tuple(_clean(renderer.renderInline([image], options, env)) for image in figures),
        text=_clean(renderer.render(remaining, options, env)),
    )


def _without_empty_paragraphs(tokens: list[Token]) -> list[Token]:
    """The tokens less every paragraph whose text is now only spaces and line breaks."""
    kept: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "paragraph_open" and index + 2 < len(tokens):
            inline = tokens[index + 1]
            if not any(
                child.type not in {"softbreak", "hardbreak", "text"} or child.content.strip()
                for child in inline.children or []
            ):
                index += 3  # paragraph_open, inline, paragraph_close
                continue
        kept.append(token)
        index += 1
    return kept
