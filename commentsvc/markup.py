"""Markdown subset in, sanitised HTML out, rendered once when a comment is written."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# No raw HTML and no images: readers get emphasis, links, lists, quotes and code.
_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .disable("image")
    .disable("heading")
    .disable("lheading")
    .disable("hr")
)

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
LINK_REL = "nofollow ugc noopener"


def render(source: str) -> str:
    """Render Markdown to HTML that is safe to serve to every reader."""
    html = _markdown.render(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
    ).strip()
