"""Text in another format's markup (HTML, Moodle's auto-format, Markdown) turned into our Markdown.

HTML is first sanitized with nh3, keeping only the tags with a plain Markdown equivalent
(paragraphs, line breaks, emphasis, code, lists); the words inside any other tag are kept and the
formatting is reported as lost. Images are never imported: Moodle's ``@@PLUGINFILE@@`` files are
not in the file a teacher uploads.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

# Tags with a direct Markdown equivalent; everything else loses its formatting (not its words).
SIMPLE_TAGS = {"p", "br", "em", "i", "strong", "b", "code", "ul", "ol", "li", "div", "span"}
_INLINE = {"em": "*", "i": "*", "strong": "**", "b": "**", "code": "`"}


def to_markdown(text: str, *, is_html: bool = True) -> tuple[str, list[str]]:
    """Return HTML as our Markdown, and the images it showed (not carried over)."""
    if not is_html:
        return text.strip(), []
    images = re.findall(r"<img[^>]*?src=[\"']?([^\"' >]*)", text, re.I)
    clean = nh3.clean(text, tags=SIMPLE_TAGS, attributes={})
    converter = _MarkdownWriter()
    converter.feed(clean)
    converter.close()
    return converter.markdown(), [image.removeprefix("@@PLUGINFILE@@/") for image in images]


class _MarkdownWriter(HTMLParser):
    """Write sanitized, simple HTML as Markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._lists: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INLINE:
            self._parts.append(_INLINE[tag])
        elif tag == "br":
            self._parts.append("\n")
        elif tag in ("p", "div"):
            self._parts.append("\n\n")
        elif tag in ("ul", "ol"):
            self._lists.append(tag)
            self._parts.append("\n\n")
        elif tag == "li":
            marker = "1." if self._lists and self._lists[-1] == "ol" else "-"
            self._parts.append(f"\n{'   ' * max(len(self._lists) - 1, 0)}{marker} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INLINE:
            self._parts.append(_INLINE[tag])
        elif tag in ("p", "div"):
            self._parts.append("\n\n")
        elif tag in ("ul", "ol"):
            if self._lists:
                self._lists.pop()
            self._parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self._parts.append(re.sub(r"\s+", " ", data))

    def markdown(self) -> str:
        """Return the Markdown written so far, without runs of blank lines."""
        text = "".join(self._parts)
        text = re.sub(r"[ \t]+\n", "\n", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip()
