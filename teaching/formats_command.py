"""`teaching import` and `teaching export`: banks in and out of Moodle XML, GIFT and Aiken."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from teaching.config import Settings, load_settings
from teaching.content.formats.registry import FORMATS
from teaching.local_time import LocalTime, TimeZoneError
from teaching.local_time import load as load_local_time

if TYPE_CHECKING:
    from teaching.content.formats.common import Lossy

FORMAT_CHOICE = click.Choice(list(FORMATS))


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def school_zone(settings: Settings) -> LocalTime:
    """Return the zone TEACHING_TIMEZONE names, read as the server reads it; stop if unknown."""
    try:
        return load_local_time(settings.timezone)
    except TimeZoneError as error:
        click.echo(str(error), err=True)
        sys.exit(1)


def _show(warnings: tuple[Lossy, ...] | list[Lossy]) -> None:
    for warning in warnings:
        click.echo(f"{warning.where}: warning: {warning.message}")


def _lesson_for(requested: str | None, lessons: list[str]) -> str:
    """Return the lesson the bank belongs to: the one asked for, or the course's only one."""
    if requested and requested in lessons:
        return requested
    known = ", ".join(lessons) or "none"
    if requested:
        _fail(f"There is no lesson '{requested}' in the course (its lessons: {known}).")
    if len(lessons) != 1:
        _fail(f"Name the lesson the bank belongs to with --lesson (one of: {known}).")
    return lessons[0]


def _refuse_to_replace(target: Path, source: str, force: bool) -> None:
    """Stop unless the bank at ``target`` is one this import may replace."""
    from teaching.content.formats.bankfile import comment_safe, import_record

    record = import_record(target.read_text(encoding="utf-8", errors="replace"))
    if record is None:
        _fail(f"{target} exists and was not written by `teaching import`, so it is left as it "
              "is; name another file with -o.")
        return
    if force:
        return
    if record.source is not None and record.source != comment_safe(source):
        _fail(f"{target} was imported from {record.source}, not {comment_safe(source)}, so it "
              "is left as it is; name another bank with -o (or pass --force to replace it).")
    if record.edited:
        _fail(f"{target} was changed since `teaching import` wrote it, and importing again "
              "would undo those changes; name another bank with -o (or pass --force to "
              "replace it).")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lesson", "lesson_slug", default=None, help="The lesson the bank belongs to.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The bank to write (default: quizzes/NAME.yaml, NAME from the file).")
@click.option("--format", "format_name", type=FORMAT_CHOICE, default=None,
              help="The file's format (default: recognised from its content).")
@click.option("--force", is_flag=True,
              help="Replace a bank imported before even if it was edited or came from another "
                   "file.")
def import_command(file: Path, lesson_slug: str | None, output: Path | None,
                   format_name: str | None, force: bool) -> None:
    """Read a Moodle XML, GIFT or Aiken file into a question bank, then check the bank.

    Every question that could not come across whole is listed as file:line: warning. Importing
    the same file again keeps the ids of the questions, and so their students' results. A bank
    edited since it was imported, or imported from another file, is left alone unless --force.
    """
    from teaching.content.banks import load_bank
    from teaching.content.catalog import load_catalog
    from teaching.content.formats.bankfile import bank_yaml, default_bank_id
    from teaching.content.formats.common import FormatError
    from teaching.content.formats.registry import decode, detect, format_module

    settings = load_settings()
    try:
        text = decode(file.read_bytes(), str(file))
        name = format_name or detect(text)
        imported = format_module(name).read(text, source=str(file))
    except FormatError as error:
        _fail(f"{error.where}: {error.message}")
        return
    _show(imported.warnings)
    if not imported.questions:
        _fail(f"{file}: no question could be imported, so no bank was written.")
    with tempfile.TemporaryDirectory() as no_banks:  # the lessons alone: the banks cost time
        course = load_catalog(settings.lessons_dir, Path(no_banks))
    lesson = _lesson_for(lesson_slug, sorted(course.lessons))
    target = output or settings.quizzes_dir / f"{default_bank_id(file.stem)}.yaml"
    title = imported.title or file.stem.replace("-", " ").replace("_", " ")
    existed = target.exists()
    if existed:
        _refuse_to_replace(target, file.name, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(bank_yaml(imported, quiz_id=default_bank_id(target.stem), title=title,
                                lesson=lesson, source=file.name), encoding="utf-8")
    click.echo(f"{'Rewrote' if existed else 'Wrote'} {target}: {len(imported.questions)} "
               f"question(s) from {name}, {len(imported.warnings)} warning(s).", err=True)
    # Ours: libyaml may read it.
    problems = load_bank(target, course.lessons, zone=school_zone(settings), generated=True)[1]
    for problem in problems:
        click.echo(str(problem))
    errors = sum(problem.severity == "error" for problem in problems)
    click.echo(f"Check: {errors} error(s), {len(problems) - errors} warning(s).", err=True)
    if errors:
        sys.exit(1)


@click.command("export")
@click.argument("quiz_id", metavar="QUIZ")
@click.option("--format", "format_name", type=FORMAT_CHOICE, required=True,
              help="The format to write.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file to write (default: the standard output).")
def export_command(quiz_id: str, format_name: str, output: Path | None) -> None:
    """Write a bank of the course (QUIZ: its id, or the path of a bank) in another format.

    What the format cannot hold is listed as file:line: warning on the standard error.
    """
    from teaching.content.banks import load_bank
    from teaching.content.catalog import load_catalog
    from teaching.content.formats.common import FormatError
    from teaching.content.formats.registry import format_module

    settings = load_settings()
    zone = school_zone(settings)
    course = load_catalog(settings.lessons_dir, settings.quizzes_dir, zone=zone)
    quiz = course.quizzes.get(quiz_id)
    if quiz is None and Path(quiz_id).is_file():
        quiz, problems = load_bank(Path(quiz_id), course.lessons, zone=zone)
        for problem in problems:
            if problem.severity == "error":
                click.echo(str(problem), err=True)
    if quiz is None:
        known = ", ".join(sorted(course.quizzes)) or "none"
        _fail(f"There is no bank '{quiz_id}' that loads without errors (the course's: {known}); "
              "run `teaching check` to see why.")
        return
    try:
        exported = format_module(format_name).write(quiz)
    except FormatError as error:
        _fail(error.message[:1].upper() + error.message[1:] + ".")
        return
    for warning in exported.warnings:
        click.echo(f"{warning.where}: warning: {warning.message}", err=True)
    if output is None:
        click.echo(exported.text, nl=False)
        return
    output.write_text(exported.text, encoding="utf-8")
    click.echo(f"Wrote {output}: {format_name}, {len(exported.warnings)} warning(s).", err=True)
