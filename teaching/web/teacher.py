"""Teachers' pages: students and their scores."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from sqlalchemy import select

from teaching.storage.attempts import records_by_user
from teaching.storage.models import User
from teaching.web.auth import teacher_required
from teaching.web.requests import get_catalog, get_session

bp = Blueprint("teacher", __name__, url_prefix="/teacher")


@bp.route("/")
@teacher_required
def students() -> Any:
    """Show every student with the latest and best score on each quiz."""
    session = get_session()
    people = list(session.scalars(
        select(User).where(User.role == "student").order_by(User.display_name, User.username)))
    records = records_by_user(session, [person.id for person in people])
    quizzes = sorted(get_catalog().quizzes.values(), key=lambda quiz: quiz.title)
    table = [
        (person, {record.quiz_id: record for record in records.get(person.id, [])})
        for person in people
    ]
    return render_template("teacher/students.html", table=table, quizzes=quizzes)
