"""`teaching import` and `export`, as a teacher moving banks to and from Moodle uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from teaching.cli import main
from teaching.content.formats import registry
from tests.helpers.formats import FIXTURES
from tests.helpers.paths import QUIZZES_DIR

EXPORT = FIXTURES / "moodle-bank.xml"
LESSON = "reading-the-telegram"


@pytest.fixture(autouse=True)
def _the_repositorys_course(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read the course in the repository, whatever the shell has configured."""
    monkeypatch.delenv("TEACHING_LESSONS_DIR", raising=False)
    monkeypatch.delenv("TEACHING_QUIZZES_DIR", raising=False)


def teaching(*args: str | Path) -> Result:
    """Run `teaching ARGS...` and return what it printed and its exit code."""
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_import_writes_a_bank_that_checks_and_lists_each_loss_at_its_line(tmp_path: Path) -> None:
    bank = tmp_path / "talks.yaml"

    result = teaching("import", EXPORT, "--lesson", LESSON, "-o", bank)

    assert result.exit_code == 0, result.output
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    assert data["quiz"] == {"id": "talks", "title": "Sino-Soviet talks 1945", "lesson": LESSON}
    assert len(data["questions"]) == 9
    assert f"{EXPORT}:144: warning: /quiz/question[13]: a question of type 'calculated'" in (
        result.output)
    assert "Check: 0 error(s)" in result.output


def test_importing_again_rewrites_the_bank_with_the_same_ids(tmp_path: Path) -> None:
    bank = tmp_path / "talks.yaml"
    teaching("import", EXPORT, "--lesson", LESSON, "-o", bank)
    first = bank.read_text(encoding="utf-8")

    result = teaching("import", EXPORT, "--lesson", LESSON, "-o", bank)

    assert "Rewrote" in result.output
    assert bank.read_text(encoding="utf-8") == first


def test_import_never_overwrites_a_bank_it_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "telegram.yaml"
    mine.write_text((QUIZZES_DIR / "telegram-july-1945.yaml").read_text("utf-8"), "utf-8")

    result = teaching("import", EXPORT, "--lesson", LESSON, "-o", mine)

    assert result.exit_code == 1
    assert "was not written by `teaching import`, so it is left as it is" in result.output
    assert mine.read_text("utf-8") == (QUIZZES_DIR / "telegram-july-1945.yaml").read_text("utf-8")


def test_import_recognises_moodle_xml_by_its_content_whatever_the_name(tmp_path: Path) -> None:
    renamed = tmp_path / "questions.txt"
    renamed.write_bytes(b"\xef\xbb\xbf" + EXPORT.read_bytes().replace(b"\n", b"\r\n"))

    result = teaching("import", renamed, "--lesson", LESSON, "-o", tmp_path / "bank.yaml")

    assert result.exit_code == 0, result.output
    assert "9 question(s) from moodle-xml" in result.output


def test_a_hostile_file_is_refused_and_no_bank_is_written(tmp_path: Path) -> None:
    hostile = tmp_path / "laughs.xml"
    hostile.write_text('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "ha">]>\n'
                       "<quiz>&a;</quiz>\n", encoding="utf-8")

    result = teaching("import", hostile, "--lesson", LESSON, "-o", tmp_path / "bank.yaml")

    assert result.exit_code == 1
    assert f"{hostile}:1: the file declares a document type or entities" in result.output
    assert not (tmp_path / "bank.yaml").exists()


def test_import_asks_for_the_lesson_when_the_course_has_several(tmp_path: Path) -> None:
    result = teaching("import", EXPORT, "-o", tmp_path / "bank.yaml")

    assert result.exit_code == 1
    assert "Name the lesson the bank belongs to with --lesson" in result.output
    assert not (tmp_path / "bank.yaml").exists()


def test_a_format_not_installed_yet_is_named_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(registry.FORMATS, "gift", "teaching.content.formats.not_written_yet")

    exported = teaching("export", "telegram-july-1945", "--format", "gift")
    imported = teaching("import", EXPORT, "--format", "gift", "--lesson", LESSON,
                        "-o", tmp_path / "bank.yaml")

    for result in (exported, imported):
        assert result.exit_code == 1
        assert "the format 'gift' is not available yet" in result.output.lower()


def test_export_writes_moodle_xml_that_imports_back_into_the_same_questions(
    tmp_path: Path
) -> None:
    out = tmp_path / "telegram.xml"

    exported = teaching("export", "telegram-july-1945", "--format", "moodle-xml", "-o", out)
    imported = teaching("import", out, "--lesson", LESSON, "-o", tmp_path / "back.yaml")

    assert exported.exit_code == 0 and imported.exit_code == 0, imported.output
    assert "are not written: Moodle XML has no place for them" in exported.output
    original = yaml.safe_load((QUIZZES_DIR / "telegram-july-1945.yaml").read_text("utf-8"))
    back = yaml.safe_load((tmp_path / "back.yaml").read_text("utf-8"))
    assert [q["id"] for q in back["questions"]] == [q["id"] for q in original["questions"]]


def test_export_prints_to_the_standard_output_without_a_file() -> None:
    result = teaching("export", "telegram-july-1945", "--format", "moodle-xml")

    assert result.exit_code == 0
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')


def test_export_of_an_unknown_bank_names_the_known_ones() -> None:
    result = teaching("export", "no-such-bank", "--format", "moodle-xml")

    assert result.exit_code == 1
    assert "There is no bank 'no-such-bank'" in result.output
    assert "telegram-july-1945" in result.output


def test_every_format_named_is_detected_or_chosen() -> None:
    assert registry.detect("\ufeff  <?xml version='1.0'?><quiz/>") == "moodle-xml"
    assert registry.detect("Who signed?\nA) Soong\nB) Molotov\nANSWER: A\n") == "aiken"
    assert registry.detect("::Q1:: Who signed? {=Soong ~Molotov}\n") == "gift"


def test_import_leaves_a_bank_edited_since_alone_unless_forced(tmp_path: Path) -> None:
    bank = tmp_path / "talks.yaml"
    teaching("import", EXPORT, "--lesson", LESSON, "-o", bank)
    bank.write_text(bank.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")

    refused = teaching("import", EXPORT, "--lesson", LESSON, "-o", bank)
    forced = teaching("import", EXPORT, "--lesson", LESSON, "-o", bank, "--force")

    assert refused.exit_code == 1
    assert "was changed since `teaching import` wrote it" in refused.output
    assert "Rewrote" in forced.output and "# mine" not in bank.read_text(encoding="utf-8")


@pytest.mark.parametrize("names", [("Ялта.xml", "東京.xml"), ("Unit 1.xml", "unit-1.xml")])
def test_two_files_never_share_a_bank_silently(
    names: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEACHING_QUIZZES_DIR", str(tmp_path / "quizzes"))
    for name in names:
        (tmp_path / name).write_bytes(EXPORT.read_bytes())

    results = [teaching("import", tmp_path / name, "--lesson", LESSON) for name in names]

    banks = sorted((tmp_path / "quizzes").glob("*.yaml"))
    if len(banks) == 2:  # each file its own bank, with an id of its own
        assert all(result.exit_code == 0 for result in results)
        assert len({yaml.safe_load(bank.read_text("utf-8"))["quiz"]["id"] for bank in banks}) == 2
    else:  # one bank: the second import is refused and names the file that wrote it
        assert results[1].exit_code == 1
        assert f"was imported from {names[0]}, not {names[1]}" in results[1].output
        assert names[0] in banks[0].read_text("utf-8")
