"""Question text between the HTML other systems write and the plain text our banks hold.

Moodle keeps question text as HTML. Reading it, nh3 first removes anything unsafe, then the
simple structure (paragraphs, line breaks, lists) is written as Markdown writes it, which reads
well as plain text, and everything else becomes its text: our pages show a prompt as plain text,
so bold and italics are dropped rather than shown as asterisks, and a link becomes its words
with the address in brackets. Images cannot come along (a bank has no files): each is reported.
Writing, our text is escaped and its paragraphs become <p> elements.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

# What survives sanitizing: the structure converted below, and images so that they are reported.
_KEPT_TAGS = {"p", "br", "div", "strong", "b", "em", "i", "a", "ul", "ol", "li", "img",
              "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "blockquote"}
_KEPT_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
_BLOCKS = {"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"}
_PLUGINFILE = "@@PLUGINFILE@@/"
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\r\f\v]+")
# Text with no tag, or paragraphs of such text (their attributes are dropped anyway).
# Leading space belongs to one alternative only: "\s*[^<]*" would try every split of it.
_SIMPLE = re.compile(r"[^<]*|\s*(?:<p(?:\s[^<>]*)?>[^<]*</p>\s*)+")
_PARAGRAPH = re.compile(r"<p(?:\s[^<>]*)?>([^<]*)</p>")
_LIST_ITEM = re.compile(r"^ *(- |\d+\. )")


class _Converter(HTMLParser):
    """Collect Markdown from sanitized HTML, noting the images met on the way."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[str] = []
        self._lists: list[tuple[str, int]] = []
        self._link: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in _BLOCKS or tag == "li":
            self.parts.append("\n\n" if tag in _BLOCKS and not self._lists else "\n")
        if tag in ("ul", "ol"):
            self._lists.append((tag, 0))
        elif tag == "li" and self._lists:
            kind, count = self._lists[-1]
            self._lists[-1] = (kind, count + 1)
            self.parts.append("  " * (len(self._lists) - 1)
                              + (f"{count + 1}. " if kind == "ol" else "- "))
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self._link = found.get("href")
        elif tag == "img":
            source = found.get("src") or ""
            name = source.removeprefix(_PLUGINFILE) if source.startswith(_PLUGINFILE) else source
            self.images.append(name or found.get("alt") or "(unnamed)")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self._lists:
            self._lists.pop()
        if tag == "a" and self._link:
            self.parts.append(f" ({self._link})")
            self._link = None
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(_SPACES.sub(" ", data.replace("\n", " ")))


def to_markdown(text: str, is_html: bool = True) -> tuple[str, list[str]]:
    """Return HTML as our Markdown, and the names of the images it showed (not carried)."""
    if not is_html:
        return text.strip(), []
    if _SIMPLE.fullmatch(text):  # plain paragraphs, as most exports write: no parser needed
        paragraphs = (" ".join(html.unescape(part).split())
                      for part in _PARAGRAPH.findall(text) or [text])
        return "\n\n".join(part for part in paragraphs if part), []
    converter = _Converter()
    converter.feed(nh3.clean(text, tags=_KEPT_TAGS, attributes=_KEPT_ATTRIBUTES,
                             url_schemes={"http", "https", "mailto"}, link_rel=None))
    converter.close()
    joined = "".join(converter.parts)
    # Nested list items keep their indent; every other line loses the spaces around it.
    lines = [line.rstrip() if _LIST_ITEM.match(line) else line.strip()
             for line in joined.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip(), converter.images


def to_plain(text: str, is_html: bool = True) -> tuple[str, list[str]]:
    """Return HTML as one line of plain text (for options and answers), and its images."""
    markdown, images = to_markdown(text, is_html=is_html)
    return " ".join(markdown.split()), images


def to_html(text: str) -> str:
    """Return our plain text as HTML paragraphs, every character escaped."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join(f"<p>{html.escape(part, quote=False).replace(chr(10), '<br>')}</p>"
                   for part in paragraphs)
