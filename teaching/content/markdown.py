"""Render teachers' Markdown to HTML that is safe to put in a page: no script gets through."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# Raw HTML in the Markdown is shown as text, not obeyed; nh3 then removes anything that still
# could run (javascript: links, event attributes) in case a future option lets HTML through.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str) -> str:
    """Return ``text`` as sanitized HTML; headings start at level 3, below the lesson's own."""
    html = _MARKDOWN.render(_demote_headings(text))
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


def _demote_headings(text: str) -> str:
    """Shift ATX headings down two levels so a reading's '# Title' does not outrank the page."""
    lines = []
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("#") and stripped.lstrip("#").startswith((" ", "\t")):
            level = len(stripped) - len(stripped.lstrip("#"))
            line = "#" * min(level + 2, 6) + stripped[level:]
        lines.append(line)
    return "\n".join(lines)
