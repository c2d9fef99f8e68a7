"""Select the paragraph or sentence of a document that supports a claim.

The teacher names the document and the span(s) that support the claim: paragraph numbers
(``3``) or sentences within a paragraph (``3.2``, the second sentence of paragraph 3). The
student picks among every numbered span of the document, with radio buttons (one span to find)
or checkboxes (``several: true``), so the question works by keyboard and with a screen reader.
With several spans, each right pick earns a share and each wrong pick costs one, as in a
``multiple`` question.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, WithJsonSchema, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from teaching.content.questions.base import Grade, Question, read_example
from teaching.content.questions.passages import Passage, passages
from teaching.content.questions.portable import Choices, Option, Unportable

if TYPE_CHECKING:
    from teaching.content.lessons import Lesson

_REF = re.compile(r"^\d{1,3}(\.\d{1,3})?$")


class Evidence(Question):
    """Find the words in the document that support the claim."""

    type: Literal["evidence"]
    document: str = Field(min_length=1)
    unit: Literal["paragraph", "sentence"] = "paragraph"
    answers: Annotated[tuple[str, ...], WithJsonSchema({
        "type": "array", "minItems": 1,
        "items": {"anyOf": [{"type": "integer", "minimum": 1},
                            {"type": "string", "pattern": r"^\d{1,3}(\.\d{1,3})?$"}]},
        "description": "paragraph numbers (3) or sentences (3.2)"})] = Field(min_length=1)
    several: bool = False
    # Filled from the lesson's document when the bank loads, and kept in the attempt's snapshot.
    passages: SkipJsonSchema[tuple[Passage, ...]] = ()

    template = "quiz/types/evidence.html"
    example = read_example("evidence")
    # Links each right span to its paragraph in the lesson.
    feedback_template = "quiz/types/evidence_feedback.html"

    @field_validator("answers", mode="before")
    @classmethod
    def _refs_as_text(cls, value: Any) -> Any:
        if isinstance(value, int | float | str):
            value = [value]
        if isinstance(value, list | tuple):
            return tuple(str(item) if isinstance(item, int | float) else item for item in value)
        return value

    @model_validator(mode="after")
    def _refs_fit_unit(self) -> Evidence:
        for ref in self.answers:
            if not _REF.match(ref) or ("." in ref) != (self.unit == "sentence"):
                example = "3.2 (paragraph 3, sentence 2)" if self.unit == "sentence" else "3"
                raise ValueError(f"the answer {ref!r} does not name a {self.unit}; write it "
                                 f"like {example}")
        if len(self.answers) > 1 and not self.several:
            raise ValueError("several answers are given; add 'several: true' so the student "
                             "may tick more than one")
        return self

    def bind(self, lesson: Lesson) -> tuple[Evidence, list[tuple[str, str]]]:
        """Number the spans of the named document; report spans the key names but it lacks."""
        documents = {entry.document.slug: entry.document for entry in lesson.documents}
        document = documents.get(self.document)
        if document is None:
            known = ", ".join(documents) or "none"
            return self, [("document", f"the document '{self.document}' is not in lesson "
                                       f"'{lesson.slug}' (its documents: {known})")]
        spans = passages(document, self.unit)
        refs = {span.ref for span in spans}
        missing = [ref for ref in self.answers if ref not in refs]
        if missing:
            return self, [("answers", f"the document '{self.document}' has no {self.unit} "
                                      f"{', '.join(missing)}; it has {len(spans)} numbered "
                                      f"{self.unit}s")]
        return self.model_copy(update={"passages": spans}), []

    def answer_from_form(self, values: list[str]) -> list[str] | None:
        """Store the spans picked (only ones the document has)."""
        refs = {span.ref for span in self.passages}
        picked = [value for value in dict.fromkeys(values) if value in refs]
        return (picked if self.several else picked[:1]) or None

    def grade(self, answer: Any) -> Grade:
        """Credit the right spans picked and debit the wrong ones."""
        picked = {ref for ref in answer or [] if isinstance(ref, str)} if isinstance(
            answer, list) else set()
        key = set(self.answers)
        right, wrong = len(picked & key), len(picked - key)
        if not self.several:
            return Grade(self.points if right and not wrong else 0, self.points)
        others = max(1, len(self.passages) - len(key))
        score = right * self.points / len(key) - wrong * self.points / others
        return Grade(max(0.0, round(score, 4)), self.points)

    def describe_answer(self, answer: Any) -> str:
        """Name and quote the spans picked."""
        refs = [ref for ref in answer or [] if isinstance(ref, str)] if isinstance(
            answer, list) else []
        return self._quote(refs) or "(no answer)"

    def describe_key(self) -> str:
        """Name and quote the spans that support the claim."""
        return self._quote(list(self.answers))

    def public(self) -> dict[str, Any]:
        """Give every numbered span of the document; never which supports the claim."""
        return {**super().public(), "unit": self.unit, "several": self.several,
                "passages": [span.model_dump() for span in self.passages]}

    def right_answer_form(self) -> list[str]:
        """Pick every span that supports the claim."""
        return list(self.answers)

    def wrong_answer_form(self) -> list[str] | None:
        """Pick one span that does not support the claim (None before the document is bound)."""
        wrong = [span.ref for span in self.passages if span.ref not in self.answers]
        return wrong[:1] or None

    def portable(self) -> Choices | Unportable:
        """Give the document's spans as options: the same choice, graded the same, no document.

        One span to find is a single choice; several share the points as a 'multiple' does.
        """
        if not self.passages:
            return Unportable(reason="an evidence question needs its lesson's document, "
                                     "which is not loaded")
        key = set(self.answers)
        others = max(1, len(self.passages) - len(key))
        options = tuple(
            Option(f"{self.unit.capitalize()} {span.ref}: {span.text}",
                   (1.0 if not self.several else 1 / len(key)) if span.ref in key
                   else (0.0 if not self.several else -1 / others))
            for span in self.passages)
        note = (f"an evidence question is written as a choice among the {len(options)} "
                f"{self.unit}s of '{self.document}'; it comes back as a choice question")
        return Choices(options=options, single=not self.several, notes=(note,))

    def key_permutations(self) -> list[Evidence]:
        """Make as many other spans the supporting ones (none before the document is bound)."""
        others = [span.ref for span in self.passages if span.ref not in self.answers]
        if not others:
            return []
        return [self.model_copy(update={"answers": tuple(others[:len(self.answers)])})]

    def _quote(self, refs: list[str]) -> str:
        texts = {span.ref: span.text for span in self.passages}
        return "; ".join(f"{self.unit} {ref}: \u201c{texts.get(ref, '')}\u201d" for ref in refs)
