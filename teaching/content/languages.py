"""The language of a text as a page declares it: a BCP 47 tag and the direction of its script.

Archive records name languages in English ("Transcript - Russian", "Original Language:
Chinese"). A screen reader reads a text in the voice of its declared language, so a Russian
transcript on an English page must say so, or it is read as garbled English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The languages of the archives this course draws on (and their neighbours), by English name.
TAGS = {
    "albanian": "sq", "arabic": "ar", "bulgarian": "bg", "burmese": "my", "chinese": "zh",
    "croatian": "hr", "czech": "cs", "danish": "da", "dutch": "nl", "english": "en",
    "finnish": "fi", "french": "fr", "german": "de", "greek": "el", "hebrew": "he",
    "hindi": "hi", "hungarian": "hu", "indonesian": "id", "italian": "it", "japanese": "ja",
    "kazakh": "kk", "khmer": "km", "korean": "ko", "lao": "lo", "mandarin": "zh",
    "mongolian": "mn", "norwegian": "no", "persian": "fa", "farsi": "fa", "polish": "pl",
    "portuguese": "pt", "romanian": "ro", "russian": "ru", "serbian": "sr", "slovak": "sk",
    "spanish": "es", "swedish": "sv", "thai": "th", "tibetan": "bo", "turkish": "tr",
    "ukrainian": "uk", "urdu": "ur", "uyghur": "ug", "uighur": "ug", "vietnamese": "vi",
    "yiddish": "yi",
}
# Scripts named in brackets after a language: "Chinese (Traditional)".
SCRIPTS = {"traditional": "Hant", "simplified": "Hans", "cyrillic": "Cyrl", "latin": "Latn"}
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ug", "ur", "yi"})
NAME = re.compile(r"\s*(?P<name>[^()]+?)\s*(?:\((?P<script>[^()]*)\))?\s*")


@dataclass(frozen=True)
class Language:
    """A language a page can declare: ``lang`` and ``dir`` of the element that holds the text."""

    tag: str
    direction: str = "ltr"

    @property
    def is_english(self) -> bool:
        """Tell whether this is English, the language every page declares already."""
        return self.tag.split("-")[0] == "en"


def language_named(name: str | None) -> Language | None:
    """Return the language an archive names ("Russian", "Chinese (Traditional)"), if known.

    None for no name, a name not in the table, or several languages ("Russian and Chinese"):
    the text then inherits the page's language rather than a wrong one.
    """
    match = NAME.fullmatch(name or "")
    if match is None:
        return None
    tag = TAGS.get(match.group("name").casefold())
    if tag is None:
        return None
    script = SCRIPTS.get((match.group("script") or "").strip().casefold())
    return Language(f"{tag}-{script}" if script else tag,
                    "rtl" if tag in RIGHT_TO_LEFT else "ltr")
