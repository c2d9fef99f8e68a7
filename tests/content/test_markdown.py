"""A teacher's Markdown becomes safe HTML: formatting kept, anything that could run removed."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from teaching.content.markdown import ALLOWED_TAGS, render_markdown


class _Tags(HTMLParser):
    """Collect the real tags and attributes of some HTML (escaped text is not a tag)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def tags_of(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Return the tags a browser would build from ``html``."""
    parser = _Tags()
    parser.feed(html)
    return parser.found


def test_a_reading_keeps_its_formatting() -> None:
    html = render_markdown("# Yalta\n\nThe *secret* accord, **February 1945**:\n\n- Dairen\n"
                           "- [the archive](https://digitalarchive.wilsoncenter.org/)")

    # The reading's own heading sits below the lesson's h1 and h2.
    assert "<h3>Yalta</h3>" in html
    assert "<em>secret</em>" in html and "<strong>February 1945</strong>" in html
    assert "<li>Dairen</li>" in html
    assert ('<a href="https://digitalarchive.wilsoncenter.org/" rel="noopener noreferrer">'
            "the archive</a>") in html


@pytest.mark.parametrize("hostile", [
    "<script>alert('x')</script>",
    "<img src=x onerror=\"alert('x')\">",
    "[click me](javascript:alert('x'))",
    "[click me](JaVaScRiPt:alert('x'))",
    "<a href=\"javascript:alert('x')\">click me</a>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "![x](javascript:alert('x'))",
    "<svg onload=alert('x')>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<style>body{display:none}</style>",
])
def test_hostile_markdown_is_neutralized(hostile: str) -> None:
    html = render_markdown(f"Before.\n\n{hostile}\n\nAfter.")

    for tag, attributes in tags_of(html):
        assert tag in ALLOWED_TAGS
        for name, value in attributes:
            assert name in ("href", "rel", "title")
            if name == "href":
                assert (value or "").startswith(("http://", "https://", "mailto:"))
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html
