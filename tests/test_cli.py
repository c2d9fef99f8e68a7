"""The `teaching` command, as a teacher or an administrator types it.

The autouse fixture in conftest gives every test an empty TEACHING_INSTANCE_DIR, so init-db and
create-user work on a fresh SQLite database of their own.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from teaching.cli import main
from teaching.config import load_settings
from teaching.storage.db import Database
from teaching.storage.models import User
from teaching.storage.users import authenticate
from tests.helpers.accounts import PASSWORD
from tests.helpers.banks import timed_bank
from tests.helpers.paths import REPO_ROOT

BANKS = REPO_ROOT / "tests" / "content" / "fixtures" / "banks"
RECORDS = REPO_ROOT / "tests" / "content" / "fixtures" / "records"
TYPO_MESSAGE = "question 'mongolia-now' has an unknown key 'corect'; did you mean 'correct'?"


@pytest.fixture(autouse=True)
def _the_repositorys_course(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check against the course in the repository, whatever the shell has configured."""
    monkeypatch.delenv("TEACHING_LESSONS_DIR", raising=False)
    monkeypatch.delenv("TEACHING_QUIZZES_DIR", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    """Return a runner for the command line."""
    return CliRunner()


def teaching(runner: CliRunner, *args: str | Path, stdin: str | None = None) -> Result:
    """Run `teaching ARGS...` and return what it printed and its exit code."""
    return runner.invoke(main, [str(arg) for arg in args], input=stdin)


def sign_in(username: str, password: str) -> User | None:
    """Return the account that this name and password open, or None."""
    database = Database(load_settings().database_url)
    try:
        with database.session() as session:
            return authenticate(session, username, password)
    finally:
        database.engine.dispose()


# --- teaching check --------------------------------------------------------------------------

def test_check_passes_on_the_course(runner: CliRunner) -> None:
    result = teaching(runner, "check")

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "0 error(s), 0 warning(s).\n"


def test_check_passes_on_the_course_folder_named_explicitly(runner: CliRunner) -> None:
    result = teaching(runner, "check", REPO_ROOT)

    assert result.exit_code == 0, result.output
    assert result.stdout == ""


@pytest.fixture
def broken_course(tmp_path: Path) -> Path:
    """Return a copy of the course folder with a bank that has a typo in it."""
    course = tmp_path / "course"
    shutil.copytree(REPO_ROOT / "lessons", course / "lessons")
    shutil.copytree(REPO_ROOT / "quizzes", course / "quizzes")
    shutil.copy(BANKS / "typo-corect.yaml", course / "quizzes" / "typo.yaml")
    return course


def test_check_fails_on_a_course_with_a_broken_bank_and_says_where(
    runner: CliRunner, broken_course: Path
) -> None:
    result = teaching(runner, "check", broken_course)

    assert result.exit_code == 1
    assert result.stdout == f"{broken_course / 'quizzes' / 'typo.yaml'}:11:9: {TYPO_MESSAGE}\n"
    assert result.stderr == "1 error(s), 0 warning(s).\n"


def test_check_fails_on_a_folder_of_draft_banks(runner: CliRunner, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    shutil.copy(BANKS / "good.yaml", drafts / "good.yaml")
    shutil.copy(BANKS / "typo-corect.yaml", drafts / "typo.yaml")

    result = teaching(runner, "check", drafts)

    assert result.exit_code == 1
    assert result.stdout == f"{drafts / 'typo.yaml'}:11:9: {TYPO_MESSAGE}\n"


def test_check_names_a_long_quotation_in_a_digest_at_its_line_and_column(
        runner: CliRunner, tmp_path: Path) -> None:
    digests = tmp_path / "lessons" / "digests"
    digests.mkdir(parents=True)
    digest = digests / "hurley-1945-07.yaml"
    text = (REPO_ROOT / "lessons" / "digests" / "hurley-1945-07.yaml").read_text(encoding="utf-8")
    digest.write_text(text.replace(
        "  negotiating.", '  negotiating, "as he put it in so many words to the Secretary of State '
        'that day".'), encoding="utf-8")
    line = 1 + text[:text.index("  negotiating.")].count("\n")

    result = teaching(runner, "check", digest)

    assert result.exit_code == 1
    assert result.stdout.startswith(f"{digest}:{line}:16: a quotation of 15 words;")


def test_check_reports_a_bank_nested_without_end_as_a_line_not_a_crash(
        runner: CliRunner, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "deep.yaml").write_text("quiz:\n  id: deep\nquestions: " + "[" * 900 + "]" * 900)

    result = teaching(runner, "check", drafts)

    assert result.exit_code == 1
    assert result.stdout.startswith(f"{drafts / 'deep.yaml'}:3:61: lists and mappings are "
                                    "nested more than 50 deep")


def test_check_reports_a_broken_document(runner: CliRunner) -> None:
    path = RECORDS / "missing-contents.txt"

    result = teaching(runner, "check", path)

    assert result.exit_code == 1
    assert result.stdout == (f"{path}:7:1: the record has no 'Contents:' section; "
                             "add a line 'Contents:' followed by its text\n")


def test_check_reads_a_records_metadata_as_metadata_not_as_a_lesson(
    runner: CliRunner, tmp_path: Path
) -> None:
    documents = tmp_path / "documents"
    shutil.copytree(REPO_ROOT / "lessons" / "documents", documents)
    assert teaching(runner, "check", "--strict", documents).exit_code == 0
    metadata = documents / "harriman-1945-07.yaml"
    metadata.write_text("url: the archive's site\n", encoding="utf-8")

    result = teaching(runner, "check", metadata)

    assert result.exit_code == 1
    assert result.stdout == (f"{metadata}:1:6: 'url' must be the record's public web address, "
                             "starting with https://\n")


def test_check_refuses_a_file_that_is_not_course_content(
    runner: CliRunner, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# To do\n", encoding="utf-8")

    result = teaching(runner, "check", notes)

    assert result.exit_code == 1
    assert result.stdout == (
        f"{notes}:1:1: not a course file: expected .txt (document) or .yaml\n")


def test_warnings_pass_unless_the_check_is_strict(runner: CliRunner) -> None:
    path = BANKS / "no-explanation.yaml"
    warning = (f"{path}:6:5: warning: question 'tonight' has no explanation; "
               "students see it after they submit\n")

    relaxed = teaching(runner, "check", path)
    strict = teaching(runner, "check", "--strict", path)

    assert (relaxed.exit_code, relaxed.stdout) == (0, warning)
    assert relaxed.stderr == "0 error(s), 1 warning(s).\n"
    assert (strict.exit_code, strict.stdout) == (1, warning)


def test_strict_check_passes_on_the_course(runner: CliRunner) -> None:
    assert teaching(runner, "check", "--strict").exit_code == 0


def test_a_bank_saved_with_a_byte_order_mark_is_checked_as_a_bank(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "from-notepad.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (BANKS / "good.yaml").read_bytes())

    result = teaching(runner, "check", "--strict", path)

    assert result.exit_code == 0, result.output
    assert result.stdout == ""


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", ""])
def test_check_reads_a_banks_times_in_the_zone_the_server_would(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    # 02:30 on 29 March 2026 never happens in Paris: the clocks go from 02:00 to 03:00.
    path = tmp_path / "timed.yaml"
    path.write_text(timed_bank("2026-03-29 02:30"), encoding="utf-8")
    monkeypatch.setenv("TEACHING_TIMEZONE", zone)
    monkeypatch.setenv("TZ", "Europe/Paris")  # the server's own zone, when none is set

    result = teaching(runner, "check", path)

    if zone == "UTC":
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}:7:12: the quiz, 'settings.opens': 02:30 does not exist on 29 March 2026 in "
        "Europe/Paris: the clocks go forward then. Choose a time outside the skipped hour.\n")


def test_check_refuses_a_zone_it_does_not_know(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEACHING_TIMEZONE", "Europe/Pari")

    result = teaching(runner, "check")

    assert result.exit_code == 1
    assert result.stderr.startswith("TEACHING_TIMEZONE is 'Europe/Pari', which is not a time "
                                    "zone this machine knows.")


# --- teaching init-db ------------------------------------------------------------------------

def shown_password(result: Result) -> str | None:
    """Return the password init-db printed for the first teacher, if it printed one."""
    match = re.search(r"^\s*password: (\S+)$", result.stdout, re.MULTILINE)
    return match.group(1) if match else None


def test_init_db_creates_the_first_teacher_and_shows_the_password_once(
    runner: CliRunner,
) -> None:
    first = teaching(runner, "init-db")

    assert first.exit_code == 0, first.output
    assert "username: teacher" in first.stdout
    password = shown_password(first)
    assert password is not None
    teacher = sign_in("teacher", password)
    assert teacher is not None
    assert teacher.role == "teacher"

    second = teaching(runner, "init-db")

    assert second.exit_code == 0, second.output
    assert "Database ready" in second.stdout
    assert shown_password(second) is None
    assert "password" not in second.stdout.lower()
    assert sign_in("teacher", password) is not None  # the first password still works


# --- teaching create-user --------------------------------------------------------------------

def test_create_user_makes_a_student_with_a_password_shown_once(runner: CliRunner) -> None:
    result = teaching(runner, "create-user", "lin")

    assert result.exit_code == 0, result.output
    assert "Created student 'lin'." in result.stdout
    match = re.search(r"Password \(shown only this once\): (\S+)", result.stdout)
    assert match is not None
    student = sign_in("lin", match.group(1))
    assert student is not None
    assert student.role == "student"


def test_create_user_refuses_a_name_already_taken(runner: CliRunner) -> None:
    teaching(runner, "create-user", "lin")

    again = teaching(runner, "create-user", "Lin", "--role", "teacher")

    assert again.exit_code == 1
    assert again.stderr == "Error: That username cannot be used; choose another.\n"
    assert "Traceback" not in again.output


def test_create_user_reads_the_password_from_stdin(runner: CliRunner) -> None:
    result = teaching(runner, "create-user", "mrs-wu", "--role", "teacher",
                      "--display-name", "Mrs Wu", "--password-stdin", stdin=f"{PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert result.stdout == "Created teacher 'mrs-wu'.\n"  # the password is not echoed
    teacher = sign_in("mrs-wu", PASSWORD)
    assert teacher is not None
    assert (teacher.role, teacher.display_name) == ("teacher", "Mrs Wu")
    assert sign_in("mrs-wu", "not the password") is None


def test_create_user_refuses_a_short_password_from_stdin(runner: CliRunner) -> None:
    result = teaching(runner, "create-user", "lin", "--password-stdin", stdin="short\n")

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: A password needs at least 10 characters;")
    assert sign_in("lin", "short") is None


@pytest.mark.parametrize(("name", "password", "message"), [
    ("lin", "1234567890", "one of the most common"),
    ("lin", "password1234", "one of the most common"),
    ("lin.wei", "Lin.Wei", "at least 10 characters"),
    ("history-fan", "HISTORY-FAN", "cannot be the username"),
])
def test_create_user_refuses_a_weak_password_and_says_why(
        runner: CliRunner, name: str, password: str, message: str) -> None:
    result = teaching(runner, "create-user", name, "--password-stdin", stdin=f"{password}\n")

    assert result.exit_code == 1
    assert message in result.stderr
    assert sign_in(name, password) is None


@pytest.mark.parametrize("display_name", ["Lin \udcff", "Lin\x00Wei", "\ud800"])
def test_create_user_refuses_a_name_that_cannot_be_stored(
        runner: CliRunner, display_name: str) -> None:
    result = teaching(runner, "create-user", "lin", "--display-name", display_name)

    assert result.exit_code == 1
    assert "--display-name contains a character that cannot be stored" in result.stderr
    assert "Traceback" not in result.output


def test_set_password_changes_it_and_refuses_a_weak_one(runner: CliRunner) -> None:
    teaching(runner, "create-user", "lin", "--password-stdin", stdin=f"{PASSWORD}\n")

    weak = teaching(runner, "set-password", "lin", "--password-stdin", stdin="qwertyuiop\n")
    assert weak.exit_code == 1 and "one of the most common" in weak.stderr
    assert sign_in("lin", PASSWORD) is not None

    result = teaching(runner, "set-password", "LIN")
    assert result.exit_code == 0, result.output
    match = re.search(r"Password \(shown only this once\): (\S+)", result.stdout)
    assert match is not None
    assert sign_in("lin", match.group(1)) is not None
    assert sign_in("lin", PASSWORD) is None
    assert teaching(runner, "set-password", "nobody").exit_code == 1


def test_create_user_refuses_an_unknown_role(runner: CliRunner) -> None:
    result = teaching(runner, "create-user", "lin", "--role", "headmaster")

    assert result.exit_code == 2
    assert "'headmaster' is not one of 'student', 'teacher'" in result.stderr


# --- teaching build --------------------------------------------------------------------------

def test_build_parses_the_course_once_then_only_what_changed(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lessons = tmp_path / "lessons"
    shutil.copytree(REPO_ROOT / "lessons", lessons)
    monkeypatch.setenv("TEACHING_LESSONS_DIR", str(lessons))

    first = teaching(runner, "build")
    again = teaching(runner, "build")
    shutil.copy(RECORDS / "circa.txt", lessons / "documents")
    after_a_new_record = teaching(runner, "build")

    assert first.exit_code == 0, first.output
    assert "Built 1 record(s): 1 parsed, 0 unchanged, 0 removed;" in first.output
    assert "Built 1 record(s): 0 parsed, 1 unchanged" in again.output
    assert "Built 2 record(s): 1 parsed, 1 unchanged" in after_a_new_record.output


def test_build_reports_a_broken_record_and_fails(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lessons = tmp_path / "lessons"
    shutil.copytree(REPO_ROOT / "lessons", lessons)
    shutil.copy(RECORDS / "no-title.txt", lessons / "documents")
    monkeypatch.setenv("TEACHING_LESSONS_DIR", str(lessons))

    result = teaching(runner, "build")

    assert result.exit_code == 1
    assert f"{lessons / 'documents' / 'no-title.txt'}:2:1: the record has no title" in result.output
    assert "1 error(s)" in result.output


def test_build_checks_the_quiz_again_when_a_record_it_quotes_changes(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lessons = tmp_path / "lessons"
    shutil.copytree(REPO_ROOT / "lessons", lessons)
    monkeypatch.setenv("TEACHING_LESSONS_DIR", str(lessons))
    assert teaching(runner, "build").exit_code == 0
    telegram = lessons / "documents" / "harriman-1945-07.txt"
    text = telegram.read_text(encoding="utf-8")
    telegram.write_text(text.replace("quote lease unquote", "quote concession unquote"),
                        encoding="utf-8")
    os.utime(telegram, ns=(telegram.stat().st_mtime_ns + 2_000_000_000,) * 2)

    result = teaching(runner, "build")

    assert "1 parsed" in result.output
    assert "the evidence quote is not in the documents of lesson 'reading-the-telegram'" in (
        result.output)


# --- teaching reset-password -----------------------------------------------------------------

def test_reset_password_gives_a_one_time_password_and_the_old_one_stops_working(
        runner: CliRunner) -> None:
    teaching(runner, "create-user", "mrs-wu", "--role", "teacher", "--password-stdin",
             stdin=PASSWORD + "\n")

    result = teaching(runner, "reset-password", "MRS-WU")

    assert result.exit_code == 0, result.output
    match = re.search(r"One-time password \(shown only this once\): (\S+)", result.stdout)
    assert match is not None
    assert sign_in("mrs-wu", PASSWORD) is None
    teacher = sign_in("mrs-wu", match.group(1))
    assert teacher is not None
    assert teacher.must_change_password


def test_reset_password_names_an_unknown_account(runner: CliRunner) -> None:
    result = teaching(runner, "reset-password", "nobody")

    assert result.exit_code == 1
    assert "There is no account named 'nobody'" in result.output
