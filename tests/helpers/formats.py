"""Banks taken out to another format and read back, as `teaching export` and `import` do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from teaching.content.banks import Quiz, load_bank_text
from teaching.content.formats.bankfile import bank_yaml
from teaching.content.formats.common import Exported, Imported
from teaching.content.lessons import Lesson
from teaching.content.problems import Problem

FIXTURES = Path(__file__).resolve().parents[1] / "content" / "fixtures" / "formats"


def as_bank(imported: Imported, lessons: Mapping[str, Lesson],
            lesson: str = "reading-the-telegram") -> tuple[Quiz | None, list[Problem]]:
    """Write imported questions as a bank's YAML and load it as the checker does."""
    text = bank_yaml(imported, quiz_id="imported", title=imported.title or "Imported",
                     lesson=lesson, source="test")
    return load_bank_text(text, Path("imported.yaml"), lessons)


@dataclass(frozen=True)
class RoundTrip:
    """A bank written out in a format, and what reading that text back gave."""

    exported: Exported
    imported: Imported
    quiz: Quiz

    def warned_about(self, question_id: str) -> bool:
        """Say whether writing the bank out warned about this question."""
        return any(f"'{question_id}'" in warning.message for warning in self.exported.warnings)


def round_trip(quiz: Quiz, module: ModuleType, lessons: Mapping[str, Lesson]) -> RoundTrip:
    """Write ``quiz`` with a format module, read the text back, and load it as a bank."""
    exported = module.write(quiz)
    imported = module.read(exported.text, source="exported")
    back, problems = as_bank(imported, lessons, quiz.lesson)
    errors = [str(problem) for problem in problems if problem.severity == "error"]
    assert back is not None and not errors, errors
    return RoundTrip(exported, imported, back)
