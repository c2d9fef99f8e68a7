"""A student's own progress: every attempt, and the best score per quiz."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from teaching.storage.attempts import attempts_of, records_by_user
from teaching.web.request_scope import get_session

bp = Blueprint("progress", __name__)


@bp.route("/progress")
@login_required
def progress() -> Any:
    """List the signed-in student's attempts and best scores."""
    session = get_session()
    records = records_by_user(session, [current_user.id]).get(current_user.id, [])
    return render_template("progress/progress.html", records=records,
                           attempts=attempts_of(session, current_user.id))
