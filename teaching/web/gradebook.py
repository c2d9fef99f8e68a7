"""The class × quiz gradebook, each student's attempts, each response as typed; CSV export."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from teaching.analysis.spreadsheet import CSV_MIMETYPE, csv_download
from teaching.storage import classes as store
from teaching.storage.accommodation_grants import of_class
from teaching.storage.attempts import restored, saved_answers
from teaching.storage.gradebook import (
    attempt_in_class,
    attempts_in_class,
    gradebook,
    is_practice,
    submitted_attempts,
)
from teaching.storage.teacher_scores import awaiting, grading_queue
from teaching.web.accommodation_text import described, marks
from teaching.web.auth import teacher_required
from teaching.web.classes import member_or_404, own_class_or_404
from teaching.web.request_scope import get_catalog, get_session

bp = Blueprint("gradebook", __name__, url_prefix="/teacher/classes/<int:class_id>")


def with_practice() -> bool:
    """Say whether the teacher asked for practice attempts too (``?practice=1``)."""
    return request.args.get("practice") == "1"


def _columns(school_class: store.SchoolClass, practice: bool) -> list[tuple[str, str]]:
    """Return (quiz id, title) for the assigned quizzes, then any others the class has taken."""
    catalog = get_catalog().quizzes
    ids = [a.quiz_id for a in school_class.assignments]
    taken = {a.quiz_id: a.quiz_title for a in submitted_attempts(
        get_session(), school_class.id, practice=practice)}
    columns = [(qid, catalog[qid].title if qid in catalog else taken.get(qid, qid))
               for qid in ids]
    columns += sorted(((qid, title) for qid, title in taken.items() if qid not in ids),
                      key=lambda column: column[1])
    return columns


def _gradebook_of(class_id: int) -> tuple[Any, list[Any], list[tuple[str, str]], Any]:
    """Return the teacher's own class, its students, the quiz columns and the cells."""
    school_class = own_class_or_404(class_id)
    session = get_session()
    students = store.students_of(session, school_class.id)
    columns = _columns(school_class, with_practice())
    cells = gradebook(session, school_class.id, students, [qid for qid, _ in columns],
                      practice=with_practice())
    return school_class, students, columns, cells


@bp.route("/gradebook")
@teacher_required
def table(class_id: int) -> Any:
    """Show every student of the class against every quiz: best, latest, attempts."""
    school_class, students, columns, cells = _gradebook_of(class_id)
    session = get_session()
    given = described(of_class(session, school_class.id), school_class, students,
                      get_catalog().quizzes)
    return render_template("teacher/gradebook.html", school_class=school_class,
                           students=students, columns=columns, cells=cells,
                           practice=with_practice(), accommodations=marks(given),
                           essays_waiting=len(grading_queue(session, school_class.id)))


@bp.route("/gradebook.csv")
@teacher_required
def export(class_id: int) -> Any:
    """Download the gradebook as CSV: one row per student, best % and attempts per quiz."""
    school_class, students, columns, cells = _gradebook_of(class_id)
    header = ["username", "display name"]
    for _, title in columns:
        header += [f"{title}: best %", f"{title}: latest %", f"{title}: attempts"]
    rows: list[list[Any]] = [header]
    for student in students:
        row: list[Any] = [student.username, student.display_name]
        for qid, _ in columns:
            cell = cells[student.id][qid]
            row += [cell.best.percent if cell.best else "", cell.latest.percent
                    if cell.latest else "", cell.attempts]
        rows.append(row)
    name = f"gradebook-class-{school_class.id}{'-with-practice' if with_practice() else ''}.csv"
    return Response(csv_download(rows), mimetype=CSV_MIMETYPE, headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/students/<int:user_id>")
@teacher_required
def student(class_id: int, user_id: int) -> Any:
    """List one student's attempts made for this class, and their practice, on every quiz."""
    school_class = own_class_or_404(class_id)
    person = member_or_404(school_class, user_id)
    attempts = attempts_in_class(get_session(), school_class.id, person.id, with_practice())
    return render_template("teacher/student.html", school_class=school_class, person=person,
                           attempts=attempts, is_practice=is_practice, practice=with_practice())


@bp.route("/attempts/<public_id>")
@teacher_required
def attempt(class_id: int, public_id: str) -> Any:
    """Show every response of an attempt exactly as the student gave it, with its score.

    An attempt made under another class's assignment is that teacher's, and is not found here.
    """
    school_class = own_class_or_404(class_id)
    found = attempt_in_class(get_session(), school_class.id, public_id)
    if found is None:
        abort(404, description="There is no such attempt in this class.")
    answers = saved_answers(found)
    scores = {r.question_id: r.score for r in found.responses}
    comments = {r.question_id: r.teacher_comment for r in found.responses}
    # Practice is graded by no teacher: its essays wait for nobody's score.
    waiting = (set(awaiting(found)) if found.status == "submitted" and not is_practice(found)
               else set())
    rows = [{"question": q, "answer": q.describe_answer(answers.get(q.id)),
             "raw": answers.get(q.id), "score": scores.get(q.id),
             "awaiting": q.id in waiting, "comment": comments.get(q.id),
             "key": q.describe_key()} for q in restored(found.questions)]
    return render_template("teacher/attempt.html", school_class=school_class, attempt=found,
                           person=found.user, rows=rows, practice=is_practice(found))
