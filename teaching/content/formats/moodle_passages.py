"""Read Moodle's two kinds of question built around a text: embedded answers (cloze) and essays."""

from __future__ import annotations

import html
import re
from xml.etree.ElementTree import Element

from teaching.content.formats.common import punctuation_lost
from teaching.content.formats.embedded import GapText, ParsedGap, parse_gap, replace_gaps
from teaching.content.formats.moodle_read import Keys, Reading, text_and_format
from teaching.content.formats.moodle_write import MODEL_ANSWER
from teaching.content.questions.cloze import BLANK

_MARK = "\u27e6{}\u27e7"  # stands for a gap while the HTML around it becomes Markdown
_MARKED = re.compile("\u27e6(\\d+)\u27e7")
_CRITERION = re.compile(r"^[-*] (.+?) \((\d+(?:\.\d+)?) ?(?:pt|pts|points?|marks?)\)$")
FILL_IN = "Fill in the blanks."


def cloze(element: Element, reading: Reading) -> Keys | None:
    """Read a text with embedded answers into a passage with blanks."""
    raw, is_html = text_and_format(element.find("questiontext"))
    gaps: list[ParsedGap] = []

    def mark(gap: GapText) -> str:
        body = html.unescape(gap.body) if is_html else gap.body
        gaps.append(parse_gap(gap.weight, gap.code, body))
        return _MARK.format(len(gaps))

    if _MARKED.search(raw):
        reading.lose("/questiontext", f"the text holds a {_MARK.format(1)} of its own; the "
                                      "question is left out")
        return None
    text = reading.converted(replace_gaps(raw, mark), is_html, "/questiontext")
    if not gaps:
        reading.lose("/questiontext", "an embedded-answers question has no {1:TYPE:...} gap; "
                                      "it is left out")
        return None
    kept = [int(number) for number in _MARKED.findall(text)]
    if kept != list(range(1, len(gaps) + 1)):
        lost = sorted(set(range(1, len(gaps) + 1)) - set(kept))
        where = f"gap {lost[0]}" if lost else "a gap"
        reading.lose("/questiontext", f"{where} sits inside an HTML comment, script, style or "
                                      "attribute, which is removed from the text; the question "
                                      "is left out")
        return None
    blanks = []
    for number, gap in enumerate(gaps, start=1):
        blank = _blank(gap, reading, f"/questiontext (gap {number})")
        if blank is None:
            return None
        blanks.append(blank)
    if len({gap.weight for gap in gaps}) > 1:
        reading.lose("/questiontext", "the gaps' weights differ; every blank earns an equal share")
    paragraphs = text.split("\n\n")
    first_gap = next(i for i, part in enumerate(paragraphs) if _MARKED.search(part))
    prompt = "\n\n".join(paragraphs[:first_gap]) or FILL_IN
    passage = "\n\n".join(paragraphs[first_gap:])
    if BLANK.search(passage):  # a literal "{1}" after the first gap would stand for a blank
        reading.lose("/questiontext", "the text holds a mark like {1} of its own, which would "
                                      "stand for a blank; the question is left out")
        return None
    passage = _MARKED.sub(lambda m: f"{{{m.group(1)}}}", passage)
    return {"type": "cloze", "prompt": prompt, "text": passage, "blanks": blanks}


def _blank(gap: ParsedGap, reading: Reading, inside: str) -> Keys | None:
    """Turn one gap into one of our blanks; None (and a warning) when it cannot be."""
    if gap.kind is None:
        reading.lose(inside, f"the gap type {gap.code} is not supported; the question is left "
                             "out")
        return None
    picked = gap.kind in ("multichoice", "multiresponse")
    texts = [answer.text for answer in gap.answers if picked or answer.fraction > 0]
    if "" in texts:
        reading.lose(inside, "an answer of the gap is empty; the question is left out")
        return None
    if picked and len(set(texts)) < len(texts):
        reading.lose(inside, "the gap offers the same choice twice; the question is left out")
        return None
    right = [answer for answer in gap.answers if answer.fraction >= 1 and answer.text != "*"]
    if not right:
        reading.lose(inside, "no answer is worth all the gap's points; the question is left out")
        return None
    if any(0 < answer.fraction < 1 for answer in gap.answers):
        reading.lose(inside, "partial credit within a gap is not carried")
    wrong_feedback = {answer.feedback for answer in gap.answers
                      if answer.fraction <= 0 and answer.feedback}
    if any(answer.feedback for answer in right) or len(wrong_feedback) > 1:
        reading.lose(inside, "feedback per answer is not carried; one note for a wrong "
                             "answer is")
    blank: Keys
    if picked:
        if gap.kind == "multiresponse" or len(right) > 1:
            reading.lose(inside, "several right answers become one: the first")
        blank = {"choices": [answer.text for answer in gap.answers], "correct": right[0].text}
    else:
        if gap.kind == "shortanswer_c":
            reading.lose(inside, "answers are compared without regard to case")
        if gap.kind == "numerical":  # our blanks compare text: "-5.0" is not "-5" there
            reading.lose(inside, f"the number {right[0].text} becomes a typed answer compared "
                                 "as text, not as a number: other ways of writing it are "
                                 "refused, and no tolerance is carried")
        for answer in right:
            if changed := punctuation_lost(answer.text):
                reading.lose(inside, changed)
        blank = {"answers": [answer.text for answer in right]}
    if wrong_feedback:
        blank["feedback"] = sorted(wrong_feedback)[0]
    return blank


def essay(element: Element, reading: Reading) -> Keys | None:
    """Read an essay; the grader information becomes the rubric (and the model answer)."""
    info = reading.markdown(element.find("graderinfo"), "/graderinfo")
    rubric: list[Keys] = []
    model: list[str] = []
    other: list[str] = []
    for line in info.split("\n"):
        # Everything after "Model answer:" is the model answer, lines like criteria included:
        # the writer puts the rubric first, so a list in the model answer stays there.
        if line.startswith(MODEL_ANSWER) or model:
            model.append(line.removeprefix(MODEL_ANSWER) if not model else line)
        elif criterion := _CRITERION.match(line.strip()):
            rubric.append({"criterion": criterion.group(1), "points": float(criterion.group(2))})
        elif line.strip():
            other.append(line.strip())
    try:
        points = float(element.findtext("defaultgrade") or 1) or 1
    except ValueError:
        points = 1.0
    keys: Keys = {"type": "essay"}
    if not rubric:
        reading.lose("/graderinfo", "no rubric (lines like '- criterion (2 pt)'): the grader "
                                    "information becomes one criterion worth all the points")
        rubric = [{"criterion": " ".join(other)[:300] or "Answers the question in full",
                   "points": min(points, 100)}]
    elif other:
        reading.lose("/graderinfo", "grader information beside the rubric is not carried")
    total = round(sum(float(item["points"]) for item in rubric), 4)
    keys["rubric"] = rubric
    keys["points"] = total
    if total != points:
        reading.lose("/defaultgrade", f"the question is worth what its rubric adds up to, "
                                      f"{total:g}, not {points:g}")
    if model:
        keys["model_answer"] = "\n".join(model).strip()
    for tag, key in (("minwordlimit", "min_words"), ("maxwordlimit", "max_words")):
        value = (element.findtext(tag) or "").strip()
        if value.isdigit() and int(value) > 0:
            keys[key] = int(value)
    if (element.findtext("responsetemplate/text") or "").strip():
        reading.lose("/responsetemplate", "the response template is not carried")
    if (element.findtext("attachments") or "0").strip() not in ("0", ""):
        reading.lose("/attachments", "students cannot attach files; they write the answer")
    return keys
