"""Teachers' home: their classes, the students in them with their scores, and their own log."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user

from teaching.storage import audit
from teaching.storage.attempts import records_by_user
from teaching.storage.classes import classes_taught_by, students_taught_by
from teaching.web.auth import teacher_required
from teaching.web.classes import ClassForm
from teaching.web.request_scope import get_catalog, get_session

bp = Blueprint("teacher", __name__, url_prefix="/teacher")
LOG_LENGTH = 200


@bp.route("/")
@teacher_required
def students() -> Any:
    """Show the teacher's classes and their students with latest and best score per quiz."""
    session = get_session()
    people = students_taught_by(session, current_user.id)
    records = records_by_user(session, [person.id for person in people], current_user.id)
    quizzes = sorted(get_catalog().quizzes.values(), key=lambda quiz: quiz.title)
    table = [
        (person, {record.quiz_id: record for record in records.get(person.id, [])})
        for person in people
    ]
    return render_template("teacher/students.html", table=table, quizzes=quizzes,
                           classes=classes_taught_by(session, current_user.id), form=ClassForm())


@bp.route("/log")
@teacher_required
def log() -> Any:
    """List the teacher's own recorded actions, newest first."""
    recorded = audit.entries(get_session(), actor_id=current_user.id, limit=LOG_LENGTH)
    return render_template("teacher/log.html", entries=recorded, limit=LOG_LENGTH)
