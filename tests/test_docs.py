"""The teachers' guide to question banks: every example in it is a question the checker accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pydantic
import pytest
import yaml

import teaching.content.questions as questions_package
from teaching.content.banks import load_bank
from teaching.content.catalog import Catalog
from teaching.content.lessons import load_lesson
from teaching.content.questions import QUESTION_TYPES, Question, base, portable
from teaching.content.questions.worked_examples import every_type_bank, guide_examples
from tests.helpers import questions as helpers
from tests.helpers.paths import REPO_ROOT

GUIDE = REPO_ROOT / "docs" / "question-banks.md"
EVERY_TYPE = REPO_ROOT / "docs" / "examples" / "every-type.yaml"
REGENERATE = ("run: python -m teaching.content.questions.worked_examples "
              "docs/examples/every-type.yaml docs/question-banks.md")
EXAMPLES = [block for block in re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"),
                                          re.S) if block.startswith("- id:")]


def test_the_guide_shows_a_worked_example_of_every_type() -> None:
    shown = [yaml.safe_load(block)[0]["type"] for block in EXAMPLES]

    assert sorted(shown) == sorted(QUESTION_TYPES)


@pytest.mark.parametrize("name", list(QUESTION_TYPES))
def test_each_types_section_of_the_guide_shows_the_types_own_example(name: str) -> None:
    shown = guide_examples(GUIDE.read_text(encoding="utf-8"))

    assert name in shown, f"docs/question-banks.md has no section headed ### `{name}`"
    assert shown[name] == QUESTION_TYPES[name].example, REGENERATE


def test_the_example_bank_holds_every_types_own_example_in_the_tables_order() -> None:
    text = EVERY_TYPE.read_text(encoding="utf-8")

    assert text == every_type_bank(text), REGENERATE


@pytest.mark.parametrize("block", EXAMPLES, ids=[re.sub(r"\W", "", b[6:30]) for b in EXAMPLES])
def test_each_example_in_the_guide_is_a_valid_question(block: str) -> None:
    data = yaml.safe_load(block)[0]

    question = QUESTION_TYPES[data["type"]].model_validate(data)

    assert question.explanation


# The README and the guides in docs/: short enough to read, every link alive, every setting told.

DOCS = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
FENCED = re.compile(r"^```.*?^```", re.S | re.M)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[[^\[\]]*\]\(([^()\s]+)\)")
SETTING = re.compile(r"\bTEACHING_[A-Z][A-Z_]*[A-Z]\b")


def _prose(path: Path) -> str:
    """Return a Markdown file without its code: what the reader sees as text, links and headings."""
    return FENCED.sub("", path.read_text(encoding="utf-8"))


def _anchors(path: Path) -> set[str]:
    """Return the anchors GitHub gives a Markdown file's headings."""
    anchors: set[str] = set()
    for line in _prose(path).splitlines():
        if match := re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line):
            slug = re.sub(r"[^\w\- ]", "", match.group(1).lower()).replace(" ", "-")
            anchor, number = slug, 0
            while anchor in anchors:  # a repeated heading gets -1, -2, ...
                number += 1
                anchor = f"{slug}-{number}"
            anchors.add(anchor)
    return anchors


def _links(path: Path) -> list[str]:
    """Return the targets of a Markdown file's links and images that stay inside the repository."""
    text = INLINE_CODE.sub("", _prose(path))
    return [target for target in LINK.findall(text)
            if not re.match(r"[a-z][a-z0-9+.-]*:", target)]  # http:, https:, mailto: ...


def test_the_readme_fits_in_200_lines() -> None:
    lines = (REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()

    assert len(lines) <= 200, f"the README has {len(lines)} lines; move details into docs/"


@pytest.mark.parametrize("doc", DOCS, ids=[path.name for path in DOCS])
def test_every_link_and_image_points_to_a_file_that_exists(doc: Path) -> None:
    broken = []
    for target in _links(doc):
        name, _, anchor = target.partition("#")
        linked = (doc.parent / name).resolve() if name else doc
        if not linked.exists():
            broken.append(f"{target}: no file {linked.relative_to(REPO_ROOT)}")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{target}: no heading with the anchor #{anchor}")

    assert not broken, f"{doc.name} has broken links:\n" + "\n".join(broken)


def test_the_readme_shows_the_screenshot_and_every_guide_is_linked_from_another_page() -> None:
    linked = {(doc.parent / target.partition("#")[0]).resolve()
              for doc in DOCS for target in _links(doc) if not target.startswith("#")}

    assert (REPO_ROOT / "docs" / "images" / "question-page.png") in linked
    assert [doc.name for doc in DOCS[1:] if doc not in linked] == []


def test_every_setting_the_code_reads_is_documented() -> None:
    code = [*(REPO_ROOT / "teaching").rglob("*.py"), REPO_ROOT / "gunicorn.conf.py",
            REPO_ROOT / "wsgi.py", REPO_ROOT / "Makefile"]
    read = {name for path in code for name in SETTING.findall(path.read_text(encoding="utf-8"))}
    told = (REPO_ROOT / "README.md").read_text(encoding="utf-8") + (
        REPO_ROOT / "docs" / "operating.md").read_text(encoding="utf-8")

    assert read, "no TEACHING_ setting found in the code: has the pattern gone stale?"
    assert sorted(name for name in read if f"`{name}`" not in told) == []


def _yaml_blocks(doc: str, first_key: str) -> list[str]:
    text = (REPO_ROOT / "docs" / doc).read_text(encoding="utf-8")
    return [block for block in re.findall(r"```yaml\n(.*?)```", text, re.S)
            if block.startswith(first_key)]


def test_the_course_guides_lesson_example_is_a_lesson_the_checker_accepts(
        tmp_path: Path, parsed_course: Catalog) -> None:
    (block,) = _yaml_blocks("writing-a-course.md", "title:")
    path = tmp_path / "example-lesson.yaml"
    path.write_text(block, encoding="utf-8")

    lesson, problems = load_lesson(path, parsed_course.documents)

    assert lesson is not None and [str(problem) for problem in problems] == []
    assert [panel.role for panel in lesson.panels] == [
        "primary source", "the archivist's summary", "context reading, written for this course"]


def test_the_course_guides_question_example_is_a_bank_the_checker_accepts(
        tmp_path: Path, parsed_course: Catalog) -> None:
    (block,) = _yaml_blocks("writing-a-course.md", "quiz:")
    path = tmp_path / "example-bank.yaml"
    path.write_text(block, encoding="utf-8")

    quiz, problems = load_bank(path, parsed_course.lessons)

    assert quiz is not None and [str(problem) for problem in problems] == []


# --- docs/adding-a-question-type.md ----------------------------------------------------------

ADDING_A_TYPE = (REPO_ROOT / "docs" / "adding-a-question-type.md").read_text(encoding="utf-8")
# What every type must write, described in the guide's prose rather than in its table of hooks.
REQUIRED_METHODS = {"answer_from_form", "grade", "describe_answer", "describe_key", "type_name"}


def test_the_guide_to_adding_a_type_lists_every_hook_and_only_hooks_that_exist() -> None:
    listed = set(re.findall(r"^\| `(\w+)` \|", ADDING_A_TYPE, re.M))
    declared = {*vars(Question), *Question.__annotations__}  # with attributes lacking a default
    hooks = {name for name in declared if not name.startswith("_")
             and name not in Question.model_fields and name != "model_config"}

    assert listed == hooks - REQUIRED_METHODS


def test_the_guide_to_adding_a_type_calls_only_functions_that_exist() -> None:
    places = [questions_package, base, Question, helpers, pydantic, portable]
    spans = re.findall(r"`([^`\n]+)`", ADDING_A_TYPE)
    called = {name for span in spans for name in re.findall(r"(\w+)\(", span)}

    assert called >= {"register", "unregister", "registered", "make_question", "read_example"}
    for name in called:
        assert any(hasattr(place, name) for place in places), name


def test_the_guide_to_adding_a_type_names_files_that_exist() -> None:
    paths = re.findall(r"`((?:teaching|templates|tests|docs)/[\w/<>.-]+)`", ADDING_A_TYPE)

    assert len(paths) >= 10
    for path in paths:
        # A path with <name> in it must exist for at least one registered type.
        assert any((REPO_ROOT / path.replace("<name>", name)).exists()
                   for name in QUESTION_TYPES), path
