"""Problems found in content files, reported as ``file:line:col: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, located as precisely as we can."""

    path: Path
    line: int
    column: int
    message: str
    severity: str = "error"  # "error" stops the file from loading; "warning" does not

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {label}{self.message}"


class ContentError(Exception):
    """Raised when a content file cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
