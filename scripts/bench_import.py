"""Time importing a large Moodle XML file: the reader alone, and the whole `teaching import`.

Usage: python scripts/bench_import.py [COUNT]   (default 1,000; `make bench-import` runs it)
The file holds COUNT questions: the worked examples of docs/examples/every-type.yaml that
Moodle XML can carry, repeated under new names, as `teaching export` writes them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from teaching.content.banks import load_bank
from teaching.content.catalog import load_catalog
from teaching.content.formats import moodle_xml
from teaching.content.questions.portable import Unportable

REPO_ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0


def moodle_file(count: int) -> str:
    """Return a Moodle XML file of ``count`` questions made from the worked examples."""
    course = load_catalog(REPO_ROOT / "lessons", REPO_ROOT / "quizzes")
    quiz, _ = load_bank(REPO_ROOT / "docs" / "examples" / "every-type.yaml", course.lessons)
    assert quiz is not None
    kinds = [q for q in quiz.questions if not isinstance(q.portable(), Unportable)]
    questions = tuple(kinds[n % len(kinds)].model_copy(update={"id": f"q{n}"})
                      for n in range(count))
    return moodle_xml.write(replace(quiz, questions=questions, marks={})).text


def main() -> None:
    """Write the file, time the reader (best of three) and the command, compare with the target."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    text = moodle_file(count)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as workspace:
        source = Path(workspace) / "bank.xml"
        source.write_text(text, encoding="utf-8")
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            imported = moodle_xml.read(text, source=str(source))
            timings.append(time.perf_counter() - started)
        command = [str(Path(sys.executable).parent / "teaching"), "import", str(source),
                   "--lesson", "reading-the-telegram", "-o", str(Path(workspace) / "bank.yaml")]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        whole = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"teaching import failed:\n{done.stdout}{done.stderr}")
    print(f"{count} questions, {len(text.encode()) / 1e6:.1f} MB of Moodle XML, "
          f"{len(imported.questions)} read; {os.cpu_count()} CPU(s), "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"  reading the file: {min(timings):6.2f} s (best of three)")
    verdict = "met" if whole <= TARGET_SECONDS else "MISSED"
    print(f"  teaching import:  {whole:6.2f} s, interpreter start-up, writing and checking the "
          f"bank included (target <= {TARGET_SECONDS:.0f} s: {verdict})")
    sys.exit(0 if whole <= TARGET_SECONDS else 1)


if __name__ == "__main__":
    main()
