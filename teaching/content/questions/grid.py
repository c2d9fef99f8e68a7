"""Corroboration across a lesson's documents: for each claim and each document, does the
document agree with the claim, contradict it, or not mention it?

Every cell of the grid judged right earns an equal share of the points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from teaching.content.questions.base import Grade, Question, read_example
from teaching.content.questions.order import slot_values
from teaching.content.questions.portable import Unportable

if TYPE_CHECKING:
    from teaching.content.lessons import Lesson

Verdict = Literal["agrees", "contradicts", "not_mentioned"]
VERDICTS: tuple[str, ...] = ("agrees", "contradicts", "not_mentioned")
# The answering page posts one value per cell; the quiz view reads at most 50 per question.
MAX_CELLS = 50
VERDICT_WORDS = {"agrees": "agrees", "contradicts": "contradicts",
                 "not_mentioned": "does not mention it"}


class Claim(BaseModel):
    """A statement, and what each document says about it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    claim: str = Field(min_length=1)
    verdicts: dict[str, Verdict]
    feedback: str | None = None  # shown when any cell of this claim is judged wrongly


class Grid(Question):
    """Judge each claim against each document."""

    type: Literal["grid"]
    documents: tuple[str, ...] = Field(min_length=1, max_length=6)
    claims: tuple[Claim, ...] = Field(min_length=1, max_length=12)
    # Filled with the documents' titles when the bank loads (kept in the attempt's snapshot).
    labels: SkipJsonSchema[tuple[str, ...]] = ()

    template = "quiz/types/grid.html"
    feedback_template = "quiz/types/grid_feedback.html"
    example = read_example("grid")

    @model_validator(mode="after")
    def _a_verdict_per_document(self) -> Grid:
        if self.cell_count > MAX_CELLS:
            raise ValueError(f"a grid has at most {MAX_CELLS} cells (claims × documents); "
                             "split it into two questions")
        for number, claim in enumerate(self.claims, start=1):
            if set(claim.verdicts) != set(self.documents):
                raise ValueError(f"claim {number} must give a verdict for each document, "
                                 f"exactly: {', '.join(self.documents)}")
        return self

    def bind(self, lesson: Lesson) -> tuple[Grid, list[tuple[str, str]]]:
        """Label the columns with the documents' titles; report documents not in the lesson."""
        documents = {entry.document.slug: entry.document for entry in lesson.documents}
        missing = [slug for slug in self.documents if slug not in documents]
        if missing:
            known = ", ".join(documents) or "none"
            return self, [("documents", f"the documents {', '.join(missing)} are not in lesson "
                                        f"'{lesson.slug}' (its documents: {known})")]
        labels = tuple(documents[slug].title for slug in self.documents)
        return self.model_copy(update={"labels": labels}), []

    @property
    def cell_count(self) -> int:
        """Return how many cells the grid has."""
        return len(self.claims) * len(self.documents)

    def answer_from_form(self, values: list[str]) -> list[list[str | None]] | None:
        """Store the verdict chosen in each cell, row by row; values are "cell:verdict"."""
        chosen = slot_values(values, self.cell_count, len(VERDICTS))
        if not chosen:
            return None
        width = len(self.documents)
        return [[VERDICTS[chosen[row * width + col]] if row * width + col in chosen else None
                 for col in range(width)] for row in range(len(self.claims))]

    def grade(self, answer: Any) -> Grade:
        """Credit each cell judged right."""
        cells = self._cells(answer)
        right = 0
        feedback: list[str] = []
        for claim, row in zip(self.claims, cells, strict=True):
            hits = [row[col] == claim.verdicts[slug] for col, slug in enumerate(self.documents)]
            right += sum(hits)
            if claim.feedback and not all(hits) and any(row):
                feedback.append(claim.feedback)
        return Grade(round(self.points * right / self.cell_count, 4), self.points,
                     tuple(feedback))

    def describe_answer(self, answer: Any) -> str:
        """Say what the student judged, claim by claim."""
        cells = self._cells(answer)
        if not any(any(row) for row in cells):
            return "(no answer)"
        return self._describe([[VERDICT_WORDS.get(v or "", "—") for v in row] for row in cells])

    def describe_key(self) -> str:
        """Say what each document does with each claim."""
        return self._describe([[VERDICT_WORDS[claim.verdicts[slug]] for slug in self.documents]
                               for claim in self.claims])

    def public(self) -> dict[str, Any]:
        """Give the claims and the documents' names; never the verdicts."""
        labels = self.labels or self.documents
        return {**super().public(), "claims": [claim.claim for claim in self.claims],
                "columns": list(labels),
                "verdicts": [[index, VERDICT_WORDS[v]] for index, v in enumerate(VERDICTS)]}

    def right_answer_form(self) -> list[str]:
        """Judge every cell rightly ("cell:verdict", cells numbered row by row)."""
        return [f"{cell}:{VERDICTS.index(verdict)}" for cell, verdict in enumerate(self._key())]

    def wrong_answer_form(self) -> list[str]:
        """Judge every cell wrongly."""
        return [f"{cell}:{(VERDICTS.index(verdict) + 1) % len(VERDICTS)}"
                for cell, verdict in enumerate(self._key())]

    def portable(self) -> Unportable:
        """Say why no other format holds it: none judges claims against several documents."""
        return Unportable(reason="a grid question (claims judged against documents) has no "
                                 "counterpart in other quiz formats; it is left out")

    def key_permutations(self) -> list[Grid]:
        """Give every cell the next verdict instead."""
        turned = {verdict: VERDICTS[(VERDICTS.index(verdict) + 1) % len(VERDICTS)]
                  for verdict in VERDICTS}
        claims = tuple(claim.model_copy(update={"verdicts": {
            slug: turned[verdict] for slug, verdict in claim.verdicts.items()}})
            for claim in self.claims)
        return [self.model_copy(update={"claims": claims})]

    def _key(self) -> list[str]:
        return [claim.verdicts[slug] for claim in self.claims for slug in self.documents]

    def _cells(self, answer: Any) -> list[list[str | None]]:
        width = len(self.documents)
        rows = answer if isinstance(answer, list) and len(answer) == len(self.claims) else []
        cells: list[list[str | None]] = [[None] * width for _ in self.claims]
        for r, row in enumerate(rows):
            if isinstance(row, list) and len(row) == width:
                cells[r] = [v if v in VERDICTS else None for v in row]
        return cells

    def answer_lines(self, answer: Any) -> list[str]:
        """Say what the student judged, one line per claim (none when unanswered)."""
        cells = self._cells(answer)
        if not any(any(row) for row in cells):
            return []
        return self._lines([[VERDICT_WORDS.get(v or "", "—") for v in row] for row in cells])

    def key_lines(self) -> list[str]:
        """Say what each document does with each claim, one line per claim."""
        return self._lines([[VERDICT_WORDS[claim.verdicts[slug]] for slug in self.documents]
                            for claim in self.claims])

    def _lines(self, rows: list[list[str]]) -> list[str]:
        labels = self.labels or self.documents
        return [f"{claim.claim}: " + ", ".join(f"{label} {word}"
                                               for label, word in zip(labels, row, strict=True))
                for claim, row in zip(self.claims, rows, strict=True)]

    def _describe(self, rows: list[list[str]]) -> str:
        return " | ".join(self._lines(rows))
