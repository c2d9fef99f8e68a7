"""Question banks as teachers write them: a good bank is served, a broken one says where it breaks.

Each broken bank is a file under fixtures/banks/, checked against the real lesson on the
telegram, and must produce exactly the lines `teaching check` would print.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import pytest

from teaching.content.archive import load_record
from teaching.content.banks import Quiz, load_bank
from teaching.content.catalog import load_catalog
from teaching.content.lessons import Lesson, load_lesson
from tests.helpers.paths import REPO_ROOT

BANKS = Path(__file__).parent / "fixtures" / "banks"
TYPES = "single, multiple, true_false, short, numeric, order, match, cloze, evidence, grid, essay"


@pytest.fixture(scope="module")
def lessons() -> Mapping[str, Lesson]:
    """Return the real lesson on Harriman's telegram, by slug."""
    telegram = load_record(REPO_ROOT / "lessons" / "documents" / "harriman-1945-07.txt")
    lesson, problems = load_lesson(REPO_ROOT / "lessons" / "reading-the-telegram.yaml",
                                   {telegram.slug: telegram})
    assert lesson is not None, problems
    return {lesson.slug: lesson}


def check(name: str, lessons: Mapping[str, Lesson]) -> tuple[Quiz | None, list[str]]:
    """Load a fixture bank; return the quiz (or None) and its problems as printed lines."""
    quiz, problems = load_bank(BANKS / name, lessons)
    return quiz, [str(problem) for problem in problems]


def test_a_good_bank_loads_without_a_single_remark(lessons: Mapping[str, Lesson]) -> None:
    quiz, problems = check("good.yaml", lessons)

    assert problems == []
    assert quiz is not None
    assert (quiz.id, quiz.title) == ("good-bank", "A good bank")
    assert quiz.lesson == "reading-the-telegram"
    assert [question.id for question in quiz.questions] == [
        "mongolia-now", "port-arthur-word", "tonight", "wartime-capital"]
    assert [question.type for question in quiz.questions] == [
        "single", "short", "true_false", "short"]
    assert quiz.max_score == 4


def test_the_teachers_settings_are_read_in_their_own_words(
    lessons: Mapping[str, Lesson],
) -> None:
    quiz, _ = check("good.yaml", lessons)

    assert quiz is not None
    assert quiz.settings.attempts == 2
    assert quiz.settings.time_limit == timedelta(minutes=15)
    assert quiz.settings.pass_mark == 60
    assert quiz.settings.review.level(closed=False) == "feedback"


@pytest.mark.parametrize(("question_id", "paragraph"), [
    ("mongolia-now", 3),      # "cannot repeat not recognize ..."
    ("port-arthur-word", 4),  # "... the term quote lease unquote"
    ("tonight", 6),           # written in other capitals and spacing
    ("wartime-capital", 2),   # written with a typographic apostrophe
])
def test_evidence_is_found_at_its_paragraph_of_the_telegram(
    lessons: Mapping[str, Lesson], question_id: str, paragraph: int
) -> None:
    quiz, _ = check("good.yaml", lessons)

    assert quiz is not None
    location = quiz.evidence[question_id]
    assert (location.document, location.paragraph) == ("harriman-1945-07", paragraph)
    assert location.anchor == f"harriman-1945-07-p{paragraph}"


# Each broken bank, and exactly what the checker says about it (line:column: message).
ERRORS = {
    "typo-corect.yaml": [
        "11:9: question 'mongolia-now' has an unknown key 'corect'; did you mean 'correct'?",
    ],
    "points-many.yaml": [
        "10:13: question 'tonight', 'points': input should be a valid number, "
        "unable to parse string as a number",
    ],
    "single-no-correct.yaml": [
        "6:5: question 'who-wrote': a 'single' question needs exactly one choice with "
        "correct: true, not 0",
    ],
    "single-two-correct.yaml": [
        "6:5: question 'who-wrote': a 'single' question needs exactly one choice with "
        "correct: true, not 2",
    ],
    "unknown-type.yaml": [f"7:11: question 'podcast' has type 'podcast'; use one of: {TYPES}"],
    "missing-type.yaml": [f"6:5: question 'tonight' has no 'type'; add one of: {TYPES}"],
    "type-list.yaml": [f"7:11: question 'tonight' has type ['true_false']; use one of: {TYPES}"],
    "duplicate-ids.yaml": ["13:9: the id 'tonight' is used twice; ids must be unique"],
    "unknown-lesson.yaml": [
        "4:11: no lesson 'reading-the-treaty' in lessons/ (known: reading-the-telegram)",
    ],
    "alias.yaml": [
        "9:14: YAML anchors (&people) are not allowed in course files; write the value out",
    ],
    "question-not-mapping.yaml": [
        "6:5: question 1 must be a mapping of keys such as id, type, prompt",
    ],
    "bad-time-limit.yaml": [
        "7:17: the quiz, 'settings.time_limit': write a time limit such as 20m, 1h or 90s",
    ],
    "bad-per-page.yaml": [
        "7:15: the quiz, 'settings.per_page': write how many questions each page shows, from 1 "
        "to 200, or leave per_page out to show them all on one",
    ],
    "cloze-blanks.yaml": [
        "6:5: question 'ports': the text must mark each of the 2 blanks once, in order: {1} {2}",
    ],
    "evidence-bad-paragraph.yaml": [
        "10:14: question 'which-paragraph': the document 'harriman-1945-07' has no paragraph 9; "
        "it has 7 numbered paragraphs",
    ],
    "grid-unknown-document.yaml": [
        "9:16: question 'corroborate': the documents treaty-1945-08 are not in lesson "
        "'reading-the-telegram' (its documents: harriman-1945-07)",
    ],
    "essay-rubric-points.yaml": [
        "6:5: question 'why-plebiscite': the rubric's points add up to 4 but the question is "
        "worth 5; make them agree, or leave 'points' out",
    ],
    "pool-too-small.yaml": [
        "6:12: the pool of tag 'ports' draws 2 questions but the bank has only 1 with that tag",
    ],
    "closes-before-opens.yaml": [
        "6:5: the quiz, 'settings': the quiz closes before it opens; 'closes' must come after "
        "'opens'",
    ],
}


@pytest.mark.parametrize(("name", "expected"), ERRORS.items(), ids=list(ERRORS))
def test_a_broken_bank_is_refused_with_its_line_column_and_a_remedy(
    lessons: Mapping[str, Lesson], name: str, expected: list[str]
) -> None:
    quiz, problems = check(name, lessons)

    assert problems == [f"{BANKS / name}:{line}" for line in expected]
    assert quiz is None


WARNINGS = {
    "evidence-not-found.yaml": (
        "10:15: warning: question 'tonight': the evidence quote is not in the documents of "
        "lesson 'reading-the-telegram'; copy it exactly from one paragraph"
    ),
    "no-explanation.yaml": (
        "6:5: warning: question 'tonight' has no explanation; students see it after they submit"
    ),
    "no-evidence-or-source.yaml": (
        "6:5: warning: question 'tonight' has neither 'evidence' (a quote from the document) "
        "nor 'source' (the fact it rests on)"
    ),
}


@pytest.mark.parametrize(("name", "expected"), WARNINGS.items(), ids=list(WARNINGS))
def test_a_doubtful_question_is_warned_about_but_the_quiz_still_loads(
    lessons: Mapping[str, Lesson], name: str, expected: str
) -> None:
    quiz, problems = check(name, lessons)

    assert problems == [f"{BANKS / name}:{expected}"]
    assert quiz is not None
    assert [question.id for question in quiz.questions] == ["tonight"]


BANK_WARNINGS = {
    "same-position.yaml": (
        "7:5: warning: the correct option is always choice 1 in all 3 one-answer questions; "
        "students will notice: vary its place, or set 'shuffle: true' in the quiz settings"
    ),
    "few-distractors.yaml": (
        "7:5: warning: question 'who-wrote' has too few distractors (1 wrong option); add at "
        "least 2 so guessing does not pay"
    ),
}


@pytest.mark.parametrize(("name", "expected"), BANK_WARNINGS.items(), ids=list(BANK_WARNINGS))
def test_a_bank_that_lets_students_guess_is_warned_about(
    lessons: Mapping[str, Lesson], name: str, expected: str
) -> None:
    quiz, problems = check(name, lessons)

    assert problems == [f"{BANKS / name}:{expected}"]
    assert quiz is not None


def test_shuffling_silences_the_warning_about_the_right_options_place(
    lessons: Mapping[str, Lesson], tmp_path: Path
) -> None:
    text = (BANKS / "same-position.yaml").read_text(encoding="utf-8")
    shuffled = tmp_path / "shuffled.yaml"
    shuffled.write_text(text.replace("  lesson: reading-the-telegram\n",
                                     "  lesson: reading-the-telegram\n  settings: "
                                     "{shuffle: true}\n"), encoding="utf-8")

    quiz, problems = load_bank(shuffled, lessons)

    assert problems == []
    assert quiz is not None and quiz.settings.shuffle


def test_the_worked_example_of_every_type_loads_without_a_remark(
    lessons: Mapping[str, Lesson],
) -> None:
    quiz, problems = load_bank(REPO_ROOT / "docs" / "examples" / "every-type.yaml", lessons)

    assert problems == []
    assert quiz is not None
    assert sorted({question.type for question in quiz.questions}) == sorted(TYPES.split(", "))


def test_a_quote_that_is_not_found_links_to_no_paragraph(lessons: Mapping[str, Lesson]) -> None:
    quiz, _ = check("evidence-not-found.yaml", lessons)

    assert quiz is not None
    assert "tonight" not in quiz.evidence


@pytest.fixture
def quizzes_dir(tmp_path: Path) -> Path:
    """Return an empty quizzes folder for a teacher to fill."""
    folder = tmp_path / "quizzes"
    folder.mkdir()
    return folder


def test_the_course_serves_the_good_bank_and_reports_the_broken_one(quizzes_dir: Path) -> None:
    shutil.copy(BANKS / "good.yaml", quizzes_dir / "good.yaml")
    shutil.copy(BANKS / "typo-corect.yaml", quizzes_dir / "typo.yaml")

    catalog = load_catalog(REPO_ROOT / "lessons", quizzes_dir)

    assert list(catalog.quizzes) == ["good-bank"]
    assert [str(problem) for problem in catalog.problems] == [
        f"{quizzes_dir / 'typo.yaml'}:11:9: question 'mongolia-now' has an unknown key "
        "'corect'; did you mean 'correct'?",
    ]
    assert [quiz.id for quiz in catalog.quizzes_for("reading-the-telegram")] == ["good-bank"]


def test_two_banks_with_one_quiz_id_keep_the_first(quizzes_dir: Path) -> None:
    shutil.copy(BANKS / "good.yaml", quizzes_dir / "a-first.yaml")
    shutil.copy(BANKS / "good.yaml", quizzes_dir / "b-copy.yaml")

    catalog = load_catalog(REPO_ROOT / "lessons", quizzes_dir)

    assert catalog.quizzes["good-bank"].path == quizzes_dir / "a-first.yaml"
    assert [str(problem) for problem in catalog.errors] == [
        f"{quizzes_dir / 'b-copy.yaml'}:1:1: the quiz id 'good-bank' is already used by "
        f"{quizzes_dir / 'a-first.yaml'}; give this quiz another id",
    ]


def test_a_question_id_used_in_two_banks_is_warned_about(quizzes_dir: Path) -> None:
    shutil.copy(BANKS / "good.yaml", quizzes_dir / "a-first.yaml")
    text = (BANKS / "good.yaml").read_text(encoding="utf-8")
    (quizzes_dir / "b-second.yaml").write_text(text.replace("id: good-bank", "id: second-bank"),
                                               encoding="utf-8")

    catalog = load_catalog(REPO_ROOT / "lessons", quizzes_dir)

    assert sorted(catalog.quizzes) == ["good-bank", "second-bank"]
    assert [str(problem) for problem in catalog.problems][:1] == [
        f"{quizzes_dir / 'b-second.yaml'}:8:9: warning: the question id 'mongolia-now' is also "
        "used in a-first.yaml; give each question its own id",
    ]
    assert len(catalog.problems) == 4  # one for each question of the copy
