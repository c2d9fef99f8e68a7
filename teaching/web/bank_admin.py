"""Teachers upload a bank in the browser, see its problems, preview it as students will, publish it.

Published versions live in the database, so every app server of a school serves the same banks
(``storage.served_catalog`` puts them into the catalog). Banks in quizzes/ ship with the course
and cannot be replaced from the browser. A published bank belongs to the teacher who published it
first: only they and the co-teachers they name see its versions and source and publish new
ones (others get 403).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from teaching.content.banks import Quiz, load_bank_text
from teaching.content.formats.common import FormatError, Lossy
from teaching.content.problems import Problem
from teaching.storage import published_banks as store
from teaching.web.auth import teacher_required
from teaching.web.bank_convert import (
    Converted,
    Format,
    accepted_suffixes,
    convert,
    foreign_format,
)
from teaching.web.request_scope import get_catalog, get_session
from teaching.web.state import app_state

bp = Blueprint("bank_admin", __name__, url_prefix="/teacher/banks")

UPLOAD_NAME = "uploaded bank"
# The largest bank a teacher may upload, preview and publish in the browser (with LF line ends;
# docs/question-banks.md says so). The requests that carry it are allowed more: a browser sends a
# form's text with CRLF line ends, and the publish form sends the whole source back.
MAX_UPLOAD_BYTES = 1_000_000
MAX_REQUEST_BYTES = 2 * MAX_UPLOAD_BYTES + 100_000
# How a problem says the quiz id is another teacher's bank (publishing it is then forbidden).
OTHERS_BANK = "belongs to a bank another teacher published"


def _too_large(text: str, filename: str, what: str = "bank") -> Problem | None:
    """Refuse a file larger than a browser upload may be, saying its size."""
    size = len(text.encode("utf-8"))
    if size <= MAX_UPLOAD_BYTES:
        return None
    return Problem(Path(filename or UPLOAD_NAME), 1, 1, (
        f"the {what} is {size:,} bytes, more than the {MAX_UPLOAD_BYTES:,} a bank uploaded "
        f"in the browser may have; split it into several {what}s"))


def _check(text: str, filename: str) -> tuple[Quiz | None, list[Problem], list[Problem]]:
    """Load the text as a bank; return the quiz, its errors and its warnings.

    A quiz id of a course bank, or of another teacher's published bank, is an error.
    """
    if (refused := _too_large(text, filename)) is not None:
        return None, [refused], []
    catalog = get_catalog()
    quiz, problems = load_bank_text(text, Path(filename or UPLOAD_NAME), catalog.lessons,
                                    zone=app_state().local_time)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    if quiz is not None and _ships_with_course(quiz.id):
        errors.append(Problem(quiz.path, 1, 1, f"the quiz id '{quiz.id}' belongs to a bank in "
                              "quizzes/, which ships with the course; give this quiz another id"))
        quiz = None
    if quiz is not None and store.belongs_to_another(get_session(), quiz.id, current_user.id):
        errors.append(Problem(quiz.path, 1, 1, f"the quiz id '{quiz.id}' {OTHERS_BANK}, and "
                              "only they can publish a new version of it; give this quiz "
                              "another id"))
        quiz = None
    return (None if errors else quiz), errors, warnings


def _ships_with_course(quiz_id: str) -> bool:
    quiz = get_catalog().quizzes.get(quiz_id)
    return quiz is not None and quiz.origin == "course"


def _uploaded_text() -> tuple[str, str] | None:
    """Return the uploaded file's (or the pasted) text and its name; None if not readable."""
    upload = request.files.get("bank")
    if upload is not None and upload.filename:
        raw = upload.read()
        try:
            return _lf(raw.decode("utf-8-sig")), upload.filename
        except UnicodeDecodeError:
            return None
    return _lf(request.form.get("source", "")), request.form.get("filename", "") or UPLOAD_NAME


def _lf(text: str) -> str:
    # Browsers send a form's text with CRLF line ends; a bank's size and stored source must be
    # the same whether it came as a file, pasted, or back from the preview's Publish form.
    return text.replace("\r\n", "\n")


@bp.route("/")
@teacher_required
def index() -> Any:
    """List the published banks, the teacher's own and shared ones linked, and offer an upload."""
    session = get_session()
    banks = store.latest_versions(session)
    mine = {bank.quiz_id for bank in banks if bank.owner_id == current_user.id}
    return render_template("bank_admin/index.html", banks=banks, me=current_user.id,
                           max_bytes=MAX_UPLOAD_BYTES, accept=accepted_suffixes(),
                           lessons=_lessons(), course_banks=sorted(
                               (quiz for quiz in get_catalog().quizzes.values()
                                if quiz.origin == "course"), key=lambda quiz: quiz.title),
                           mine=mine | store.shared_with(session, current_user.id))


@bp.route("/preview", methods=["POST"])
@teacher_required
def preview() -> Any:
    """Check an uploaded bank; show its problems, or every question as a student would see it."""
    uploaded = _uploaded_text()
    if uploaded is None:
        flash("The file is not UTF-8 text; save it as UTF-8 and upload it again.", "error")
        return redirect(url_for("bank_admin.index"))
    text, filename = uploaded
    if not text.strip():
        flash("Choose a bank file to upload, or paste its text.", "error")
        return redirect(url_for("bank_admin.index"))
    conversion: tuple[Lossy, ...] = ()
    fmt = foreign_format(filename, text)
    if fmt is not None:
        converted = _converted(text, filename, fmt)
        if not isinstance(converted, Converted):
            return converted  # a page asking for the lesson, or saying why it cannot be read
        text, filename, conversion = converted.source, converted.filename, converted.warnings
    quiz, errors, warnings = _check(text, filename)
    questions = []
    if quiz is not None:
        rng = random.Random(0)  # the preview shows one arrangement, as one attempt would
        questions = [question.arranged(rng, False) for question in quiz.questions]
    return render_template("bank_admin/preview.html", quiz=quiz, errors=errors,
                           warnings=warnings, source=text, filename=filename,
                           questions=[q.public() for q in questions],
                           templates={q.id: q.template for q in questions},
                           keys={q.id: q.describe_key() for q in questions}, answers={},
                           conversion=conversion)


def _converted(text: str, filename: str, fmt: Format) -> Converted | Any:
    """Convert a file in another format to a bank, or return the page to show instead."""
    refused = _too_large(text, filename, "file")
    if refused is not None:
        return _unreadable(fmt.label, filename, f"{filename}: {refused.message}")
    lesson = request.form.get("lesson", "")
    if lesson not in get_catalog().lessons:  # none chosen yet, or a forged one
        return render_template("bank_admin/lesson.html", source=text, filename=filename,
                               fmt=fmt, lessons=_lessons())
    try:
        return convert(text, filename, fmt, lesson, request.form.get("title", ""))
    except FormatError as error:
        return _unreadable(fmt.label, filename, str(error))


def _unreadable(label: str, filename: str, message: str) -> Any:
    """Show why a file in another format could not be converted (nothing was published)."""
    return render_template("bank_admin/preview.html", quiz=None, errors=[], warnings=[],
                           unreadable=(label, message), source="", filename=filename,
                           questions=[], templates={}, answers={}), 422


def _lessons() -> list[tuple[str, str]]:
    """Return every lesson's slug and title, by title, for a lesson chooser."""
    lessons = get_catalog().lessons.values()
    return sorted(((lesson.slug, lesson.title) for lesson in lessons), key=lambda x: x[1])


@bp.route("/publish", methods=["POST"])
@teacher_required
def publish() -> Any:
    """Check the bank again and publish it as the next version."""
    text = _lf(request.form.get("source", ""))
    filename = request.form.get("filename", UPLOAD_NAME)
    quiz, errors, _ = _check(text, filename)
    if quiz is None:
        flash("The bank has errors and was not published; the previous version stays in "
              "service.", "error")
        # Another teacher's bank is refused as forbidden, not as a mistake in the file.
        status = 403 if any(OTHERS_BANK in e.message for e in errors) else 422
        return render_template("bank_admin/preview.html", quiz=None, errors=errors,
                               warnings=[], source=text, filename=filename, questions=[],
                               templates={}, answers={}), status
    try:
        version = store.publish(get_session(), quiz.id, text, filename, current_user.username,
                                actor_id=current_user.id)
    except store.NotYourBank as refusal:  # published by another teacher a moment ago
        abort(403, description=str(refusal))
    except store.PublishConflict:
        flash("Someone published this bank at the same moment; check its history and try "
              "again.", "error")
        return redirect(url_for("bank_admin.history", quiz_id=quiz.id))
    app_state().catalog_source.refresh(force=True)
    flash(f"Published version {version.version} of '{quiz.title}'. Students see it now; "
          "attempts already started keep their questions.", "success")
    return redirect(url_for("bank_admin.history", quiz_id=quiz.id))


@bp.route("/<quiz_id>")
@teacher_required
def history(quiz_id: str) -> Any:
    """Show every published version of a bank the teacher owns or shares, and its co-teachers."""
    session = get_session()
    versions = store.history(session, quiz_id)
    if not versions:
        abort(404, description=f"No bank '{quiz_id}' was published from the browser.")
    if store.belongs_to_another(session, quiz_id, current_user.id):
        abort(403, description=str(store.NotYourBank(quiz_id)))
    return render_template("bank_admin/history.html", quiz_id=quiz_id, versions=versions,
                           quiz=get_catalog().quizzes.get(quiz_id),
                           owner=versions[0].owner_id == current_user.id,
                           co_teachers=store.co_teachers(session, quiz_id))


def _owned_or_403(quiz_id: str) -> None:
    """Stop unless the signed-in teacher owns this published bank (co-teachers do not)."""
    session = get_session()
    if not store.history(session, quiz_id):
        abort(404, description=f"No bank '{quiz_id}' was published from the browser.")
    if store.owner_of(session, quiz_id) != current_user.id:
        abort(403, description="Only the teacher who published this bank names its co-teachers.")


@bp.route("/<quiz_id>/co-teachers", methods=["POST"])
@teacher_required
def add_co_teacher(quiz_id: str) -> Any:
    """Share the owner's bank with another teacher, named by username."""
    _owned_or_403(quiz_id)
    try:
        teacher = store.name_co_teacher(get_session(), quiz_id, current_user.id,
                                        request.form.get("username", "")[:80])
    except store.CoTeacherError as error:
        flash(str(error), "error")
    else:
        flash(f"{teacher.display_name} can now see this bank's source and publish new "
              "versions of it.", "success")
    return redirect(url_for("bank_admin.history", quiz_id=quiz_id))


@bp.route("/<quiz_id>/co-teachers/<int:user_id>/remove", methods=["POST"])
@teacher_required
def remove_co_teacher(quiz_id: str, user_id: int) -> Any:
    """Stop sharing the owner's bank with a co-teacher."""
    _owned_or_403(quiz_id)
    if store.remove_co_teacher(get_session(), quiz_id, current_user.id, user_id):
        flash("That teacher no longer shares this bank.", "success")
    return redirect(url_for("bank_admin.history", quiz_id=quiz_id))


@bp.route("/<quiz_id>/<int:version>.yaml")
@teacher_required
def source(quiz_id: str, version: int) -> Any:
    """Return the text of one version of the teacher's own bank, to download and edit."""
    found = store.find_version(get_session(), quiz_id, version)
    if found is None:
        abort(404, description="There is no such version.")
    if store.belongs_to_another(get_session(), quiz_id, current_user.id):
        abort(403, description=str(store.NotYourBank(quiz_id)))
    return Response(found.source, mimetype="text/plain; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{quiz_id}-v{version}.yaml"'})
