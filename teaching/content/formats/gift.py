"""GIFT, Moodle's plain-text question format, read into our bank's questions (and written out).

What each GIFT question becomes (docs/question-banks.md has the whole table):
``{~a =b}`` single, ``{~%50%a ~%50%b}`` multiple, ``{T}`` true_false, ``{=a =b}`` short,
``{#1945:2}`` numeric, ``{=a -> b}`` match, answers inside the sentence (missing word) cloze,
``{}`` essay. A description (no braces) is not a question and is left out with a warning.
"""

from __future__ import annotations

import re
from typing import Any

from teaching.content.formats.common import (
    FormatError,
    Imported,
    Lossy,
    QuestionIds,
    punctuation_lost,
    slug,
)
from teaching.content.formats.gift_syntax import Block, Item, answer_set, blocks, items, shown
from teaching.content.formats.gift_write import write
from teaching.content.formats.markup import to_markdown

__all__ = ["read", "write"]

_HTML = re.compile(r"</\s*[a-zA-Z][a-zA-Z0-9]*\s*>|<br\s*/?>", re.I)
_TITLE = re.compile(r"^\s*::(.*?)::", re.S)
_MARKUP = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
_TRUE_FALSE = re.compile(r"^(TRUE|FALSE|T|F)\s*(#.*)?$", re.S | re.I)
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_TOLERANCE = re.compile(rf"^({_NUMBER})(?:\s*:\s*({_NUMBER}))?$")
# Spaces before punctuation, matched from the first of a run only: linear on any run of spaces.
_SPACE_BEFORE_STOP = re.compile(r"(?<! ) +([.,;:!?])")
_RANGE = re.compile(rf"^({_NUMBER})\s*\.\.\s*({_NUMBER})$")
BLANK_PROMPT = "Fill in the blank."


def read(text: str, *, source: str) -> Imported:
    """Read a GIFT file's questions as bank mappings; raise FormatError where it cannot."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    result = Imported()
    ids = QuestionIds()
    categories: list[str] = []
    for block in blocks(text, source):
        if block.category and result.title is None:
            result.title = block.category
        question = _Reader(block, source, ids, result).read()
        if question is not None:
            result.questions.append(question)
            categories.append(block.category or "")
    if len(set(categories)) > 1:  # one category names the bank; several sort it into tags
        for question, category in zip(result.questions, categories, strict=True):
            if slug(category) and slug(category) not in question.setdefault("tags", []):
                question["tags"].append(slug(category))
    return result


class _Reader:
    """Read one block into one question of ours, noting what does not carry over."""

    def __init__(self, block: Block, source: str, ids: QuestionIds, result: Imported) -> None:
        self.block, self.source, self.ids, self.result = block, source, ids, result
        self.markup = "moodle"

    def where(self, offset: int = 0) -> str:
        """Return "file:line" for a character of the block."""
        return f"{self.source}:{self.block.line_at(offset)}"

    def lose(self, message: str, offset: int = 0) -> None:
        """Warn that something at ``offset`` does not carry over."""
        self.result.warnings.append(Lossy(self.where(offset), message))

    def text(self, raw: str, offset: int = 0) -> str:
        """Return a piece of the question as Markdown, reporting formatting it loses."""
        text = shown(raw)
        # Moodle's own GIFT export writes HTML with no marker; a closing tag gives it away.
        is_html = self.markup == "html" or (self.markup == "moodle" and bool(_HTML.search(text)))
        converted, images = to_markdown(text, is_html=is_html)
        for image in images:
            self.lose(f"the image {image!r} is not imported (a bank holds no files); only "
                      "the words are", offset)
        return converted

    def read(self) -> dict[str, Any] | None:
        """Return the block's question as a bank mapping; None for a description."""
        block = self.block
        body = block.text
        title = None
        if matched := _TITLE.match(body):
            title, body_start = shown(matched.group(1)), matched.end()
        else:
            body_start = 0
        if matched := _MARKUP.match(body[body_start:]):
            self.markup = matched.group(1).lower()
            body_start += matched.end()
        braces = answer_set(block, self.source)
        if braces is None:
            self.lose("a description (text without answers) is not a question here; "
                      "it was left out")
            return None
        opening, closing = braces
        if opening < body_start:
            raise FormatError(self.where(opening), "a '{' in the question's title; write \\{ "
                              "for a brace in a title")
        before = body[body_start:opening]
        after = body[closing + 1:]
        answers, _, general = body[opening + 1:closing].partition("####")
        question = self.question(answers, before, after, opening + 1)
        prompt = question.pop("prompt", None)
        if prompt is None:
            prompt = self.text(before + ("_____" + after if after.strip() else ""))
        if not prompt:
            raise FormatError(self.where(), "the question has no text before its answers; "
                              "write the question, then its answers in braces")
        mapped: dict[str, Any] = {
            # Without a title, the id comes from the words students read (a passage's own).
            "id": self.ids.next(title, question.get("text") or prompt),
            "type": question.pop("type"),
            "prompt": prompt,
            **question,
        }
        if general.strip():
            mapped["explanation"] = self.text(general, closing)
        tags = [slug(tag) for tag in block.tags if slug(tag)]
        if tags:
            mapped["tags"] = list(dict.fromkeys(tags))
        return mapped

    def question(self, answers: str, before: str, after: str, at: int) -> dict[str, Any]:
        """Return the type and fields of the question its answer set describes."""
        body = answers.strip()
        if not body:
            return {"type": "essay", **self.essay()}
        if body.startswith("#"):
            return {"type": "numeric", **self.numeric(body[1:], at)}
        if matched := _TRUE_FALSE.match(body):
            return {"type": "true_false", **self.true_false(matched, at)}
        answer_items = items(body, self.where(at))
        if any("->" in item.text for item in answer_items):
            return {"type": "match", **self.match(answer_items, at)}
        if after.strip() and all(item.weight in (None, 100) for item in answer_items):
            return self.missing_word(answer_items, before, after, at)
        if all(item.mark == "=" for item in answer_items):
            return {"type": "short", "answers": self.right_texts(answer_items, at)}
        if any(item.mark == "=" for item in answer_items):
            return {"type": "single", "choices": self.single(answer_items, at)}
        return {"type": "multiple", "choices": self.multiple(answer_items, at)}

    def essay(self) -> dict[str, Any]:
        self.lose("GIFT gives an essay no rubric; it gets one criterion worth its point: "
                  "write the criteria you grade by")
        return {"rubric": [{"criterion": "Answers the question", "points": 1}]}

    def true_false(self, matched: re.Match[str], at: int) -> dict[str, Any]:
        answer = matched.group(1).upper().startswith("T")
        fields: dict[str, Any] = {"answer": answer}
        feedback = (matched.group(2) or "").split("#")[1:]
        if feedback and feedback[0].strip():
            fields["feedback_wrong"] = self.text(feedback[0], at)
        if len(feedback) > 1 and feedback[1].strip():
            self.lose("the feedback for a right answer to a true/false question is not "
                      "kept (only the feedback for a wrong one is)", at)
        return fields

    def right_texts(self, answer_items: list[Item], at: int) -> list[str]:
        """Return the fully right answers of a typed answer, warning about the others."""
        right = [shown(item.text) for item in answer_items if item.weight in (None, 100)]
        if len(right) < len(answer_items):
            self.lose("answers worth part of the points are not kept: a typed answer here "
                      "is right or wrong", at)
        if any(item.feedback for item in answer_items):
            self.lose("feedback on typed answers is not kept", at)
        if not right:
            raise FormatError(self.where(at), "no answer is fully right (100%); mark the "
                              "right one with '=' and no percentage")
        for text in right:
            if changed := punctuation_lost(text):
                self.lose(changed, at)
        return right

    def single(self, answer_items: list[Item], at: int) -> list[dict[str, Any]]:
        choices = self.choices(answer_items, lambda item: item.mark == "=")
        if sum(choice.get("correct", False) for choice in choices) > 1:
            self.lose("only the first answer marked '=' stays right: a one-answer question "
                      "here has exactly one right choice", at)
            first = next(i for i, choice in enumerate(choices) if choice.get("correct"))
            choices = [{k: v for k, v in choice.items() if k != "correct" or i == first}
                       for i, choice in enumerate(choices)]
        if any(item.mark == "~" and item.weight for item in answer_items):
            self.lose("partly right choices (~%n%) earn nothing here: a one-answer question "
                      "is right or wrong", at)
        return choices

    def multiple(self, answer_items: list[Item], at: int) -> list[dict[str, Any]]:
        choices = self.choices(answer_items, lambda item: (item.weight or 0) > 0)
        right = [item.weight or 0 for item in answer_items if (item.weight or 0) > 0]
        wrong = [item.weight or 0 for item in answer_items if (item.weight or 0) <= 0]
        if not right:
            raise FormatError(self.where(at), "no answer earns anything; give the right ones "
                              "a weight such as ~%50%")
        fair = (all(abs(w - 100 / len(right)) < 0.01 for w in right)
                and all(abs(w + 100 / len(wrong)) < 0.01 for w in wrong))
        if not fair:
            self.lose("the weights become equal shares: each right tick earns the same, and "
                      "each wrong tick costs the points divided by the wrong choices", at)
        return choices

    def choices(self, answer_items: list[Item], right: Any) -> list[dict[str, Any]]:
        found = []
        for item in answer_items:
            choice: dict[str, Any] = {"text": self.text(item.text)}
            if right(item):
                choice["correct"] = True
            if item.feedback and item.feedback.strip():
                choice["feedback"] = self.text(item.feedback)
            found.append(choice)
        return found

    def match(self, answer_items: list[Item], at: int) -> dict[str, Any]:
        pairs, distractors = [], []
        for item in answer_items:
            left, arrow, right = item.text.partition("->")
            if item.mark != "=" or not arrow or not right.strip():
                raise FormatError(self.where(at), "in a matching question every answer is "
                                  "'=left -> right'; one is not")
            if left.strip():
                pairs.append({"left": self.text(left), "right": self.text(right)})
            else:
                distractors.append(self.text(right))
        fields: dict[str, Any] = {"pairs": pairs}
        if distractors:
            fields["distractors"] = distractors
        return fields

    def missing_word(self, answer_items: list[Item], before: str, after: str,
                     at: int) -> dict[str, Any]:
        prompt, _, passage = self.text(before).rpartition("\n\n")  # a prompt, then the passage
        text = _SPACE_BEFORE_STOP.sub(r"\1", f"{passage} {{1}} {self.text(after)}".strip())
        if all(item.mark == "=" for item in answer_items):
            blank: dict[str, Any] = {"answers": self.right_texts(answer_items, at)}
        else:
            choices = self.single(answer_items, at)
            blank = {"choices": [choice["text"] for choice in choices],
                     "correct": next(c["text"] for c in choices if c.get("correct"))}
            feedback = {c.get("feedback") for c in choices if not c.get("correct")}
            if len(feedback) == 1 and None not in feedback:
                blank["feedback"] = feedback.pop()  # the feedback every wrong pick gets
            elif feedback - {None}:
                self.lose("a blank has one feedback for any wrong pick; the feedback of "
                          "each wrong choice is not kept", at)
        return {"type": "cloze", "prompt": prompt or BLANK_PROMPT, "text": text,
                "blanks": [blank]}

    def numeric(self, body: str, at: int) -> dict[str, Any]:
        answer_items = items(body, self.where(at)) if body.strip()[:1] in "=~" else [
            Item("=", None, *body.partition("#")[::2])]
        right = [item for item in answer_items if item.mark == "=" and item.weight in (None, 100)]
        if not right:
            raise FormatError(self.where(at), "no numeric answer is fully right; mark it "
                              "with '=' and no percentage")
        if len(answer_items) > 1:
            self.lose("only the first fully right number is kept: a numeric question here "
                      "has one answer and a tolerance", at)
        if any(item.feedback and item.feedback.strip() for item in answer_items):
            self.lose("feedback on numeric answers is not kept", at)
        value = shown(right[0].text)
        if matched := _RANGE.match(value):
            low, high = sorted((float(matched.group(1)), float(matched.group(2))))
            return {"answer": (low + high) / 2, "tolerance": (high - low) / 2}
        if matched := _TOLERANCE.match(value):
            answer = float(matched.group(1))
            tolerance = abs(float(matched.group(2) or 0))
            return {"answer": int(answer) if answer.is_integer() else answer,
                    "tolerance": int(tolerance) if tolerance.is_integer() else tolerance}
        raise FormatError(self.where(at), f"{value!r} is not a number; write a number, a "
                          "number and its tolerance (1945:2) or a range (1940..1950)")
