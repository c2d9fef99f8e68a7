"""Moodle XML in and out: the format Moodle's question bank exports and imports.

Reading is done by defusedxml with document type declarations refused, so a file cannot
expand entities (the "billion laughs") or reach for external ones. Each <question> is read by
the reader of its Moodle type (moodle_read, moodle_passages) into the mapping our bank's YAML
writes; the keys every question has are read here. Writing is moodle_write's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import get_args
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import fromstring

from teaching.content.formats.common import FormatError, Imported, Lossy, QuestionIds
from teaching.content.formats.moodle_passages import cloze, essay
from teaching.content.formats.moodle_read import READERS, Keys, Reading
from teaching.content.formats.moodle_write import SKILL_TAG
from teaching.content.formats.moodle_write import write as write
from teaching.content.questions.base import Skill

_READERS: dict[str, Callable[[Element, Reading], Keys | None]] = {
    **READERS, "cloze": cloze, "multianswer": cloze, "essay": essay}
# Elements that only set how Moodle shows or scores a question in its own quizzes; nothing a
# bank holds is lost by leaving them.
_DISPLAY_ONLY = {
    "name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "idnumber",
    "single", "shuffleanswers", "answernumbering", "showstandardinstruction", "shownumcorrect",
    "answer", "hint", "tags", "usecase", "units", "unitgradingtype", "unitpenalty", "showunits",
    "unitsleft", "subquestion", "layouttype", "selecttype", "selectcount", "gradingtype",
    "showgrading", "numberingstyle", "responseformat", "responserequired",
    "responsefieldlines", "minwordlimit", "maxwordlimit", "attachments", "attachmentsrequired",
    "maxbytes", "filetypeslist", "graderinfo", "responsetemplate", "correctfeedback",
    "partiallycorrectfeedback", "incorrectfeedback",
}
_COMBINED_FEEDBACK = ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")
_HIDDEN = re.compile(r"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<\?.*?\?>", re.DOTALL)
_QUESTION_TAG = re.compile(r"<question(?=[\s/>])")  # not <questiontext>, not <question-x>
SKILLS = set(get_args(Skill))


def looks_like(text: str) -> bool:
    """Say whether a text is XML (it starts with a tag, after any byte-order mark and spaces)."""
    return text.lstrip("\ufeff \t\r\n").startswith("<")


def _parse(text: str, source: str) -> Element:
    """Parse the XML; refuse declarations and entities; report a broken file at its line."""
    try:
        root = fromstring(text, forbid_dtd=True)
    except ParseError as error:
        line, column = error.position
        raise FormatError(f"{source}:{line}", f"this is not well-formed XML (column {column}): "
                          f"{str(error).split(':')[0]}; check the tags around that line") from None
    except defusedxml.DefusedXmlException:
        raise FormatError(f"{source}:1", "the file declares a document type or entities, which "
                          "Moodle never writes; it is refused, since entities can expand without "
                          "end or read other files") from None
    if root.tag != "quiz":
        raise FormatError(f"{source}:1", f"a Moodle XML file starts with <quiz>, not "
                          f"<{root.tag}>; export the questions from Moodle in Moodle XML format")
    return root


def _question_lines(text: str) -> list[int]:
    """Return the line of each <question> tag, in order (CDATA, comments, PIs skipped)."""
    visible = _HIDDEN.sub(lambda match: "\n" * match.group(0).count("\n"), text)
    lines, line, counted = [], 1, 0
    for match in _QUESTION_TAG.finditer(visible):  # count on from the last tag, not from the top
        line += visible.count("\n", counted, match.start())
        counted = match.start()
        lines.append(line)
    return lines


def read(text: str, *, source: str) -> Imported:
    """Read a Moodle XML file into our bank's questions, with a warning for each loss."""
    root = _parse(text.removeprefix("\ufeff"), source)
    lines = _question_lines(text.removeprefix("\ufeff"))
    imported = Imported()
    ids = QuestionIds()
    category: str | None = None
    in_category: list[tuple[Keys, str | None]] = []
    for number, element in enumerate(root.findall("question"), start=1):
        line = lines[number - 1] if number <= len(lines) else 1
        reading = Reading(f"{source}:{line}", f"/quiz/question[{number}]", imported.warnings)
        kind = element.get("type", "")
        if kind == "category":
            category = _category(element)
            imported.title = imported.title or category
            continue
        reader = _READERS.get(kind)
        if reader is None:
            what = "a description (text with no question)" if kind == "description" else (
                f"a question of type '{kind}'")
            reading.lose("", f"{what} has no counterpart here; it is left out")
            continue
        keys = reader(element, reading)
        if keys is not None:
            in_category.append((_common(element, keys, reading, ids), category))
    several = len({name for _, name in in_category}) > 1
    for keys, name in in_category:
        if several and name:  # categories are kept as tags when there is more than one
            keys["tags"] = [*keys.get("tags", []), name]
        imported.questions.append(keys)
    return imported


def _category(element: Element) -> str | None:
    """Return the last part of a category's path ("$course$/top/Yalta" gives "Yalta")."""
    path = (element.findtext("category/text") or "").strip()
    parts = [part.strip() for part in path.replace("//", "\0").split("/") if part.strip()]
    name = parts[-1].replace("\0", "/") if parts else ""
    return name if name and not name.startswith("$") and name != "top" else None


def _common(element: Element, keys: Keys, reading: Reading, ids: QuestionIds) -> Keys:
    """Add the keys every question has (id, prompt, points, explanation, hints, tags, skill)."""
    name = (element.findtext("name/text") or "").strip()
    prompt = keys.pop("prompt", None) or reading.markdown(element.find("questiontext"),
                                                          "/questiontext")
    question: Keys = {"id": ids.next(name, prompt), "type": keys.pop("type")}
    question["prompt"] = prompt or name or "(no question text)"
    points = _points(element, reading)
    if "points" not in keys and points != 1:
        question["points"] = points
    tags: list[str] = []
    for tag in element.findall("tags/tag"):
        text = (tag.findtext("text") or "").strip()
        skill = text.removeprefix(SKILL_TAG)
        if text.startswith(SKILL_TAG) and skill in SKILLS:
            question["skill"] = skill
        elif text:
            tags.append(text)
    if tags:
        question["tags"] = tags
    question.update(keys)
    hints = [text for number, hint in enumerate(element.findall("hint"), start=1)
             if (text := reading.markdown(hint, f"/hint[{number}]"))]
    if hints:
        question["hints"] = hints
    if explanation := reading.markdown(element.find("generalfeedback"), "/generalfeedback"):
        question["explanation"] = explanation
    _report_the_rest(element, reading)
    return question


def _points(element: Element, reading: Reading) -> float:
    try:
        points = float(element.findtext("defaultgrade") or 1)
    except ValueError:
        points = 1.0
    if not 0 < points <= 100:
        reading.lose("/defaultgrade", f"a question is worth more than 0 and at most 100 points, "
                                      f"not {points:g}; it is worth 1")
        return 1.0
    return points


def _report_the_rest(element: Element, reading: Reading) -> None:
    """Warn about the combined feedback and any element this importer does not know."""
    for tag in _COMBINED_FEEDBACK:
        if (element.findtext(f"{tag}/text") or "").strip():
            reading.lose(f"/{tag}", "feedback by overall result is not carried; the "
                                    "explanation and each choice's feedback are")
    for child in element:
        if child.tag not in _DISPLAY_ONLY and "".join(child.itertext()).strip():
            reading.lose(f"/{child.tag}", "this element is not carried")


__all__ = ["FormatError", "Imported", "Lossy", "looks_like", "read", "write"]
