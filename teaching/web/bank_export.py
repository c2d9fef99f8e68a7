"""Teachers take a bank to another system: Moodle XML, GIFT or Aiken, with what each leaves out.

The page lists every format with the warnings its file would carry (questions left out, feedback
or marks the format has no place for) before the teacher downloads it. A course bank (quizzes/)
can be exported by any teacher; a bank published in the browser by its owner and co-teachers.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user

from teaching.content.banks import Quiz
from teaching.storage import published_banks as store
from teaching.web.auth import teacher_required
from teaching.web.bank_convert import formats as known_formats
from teaching.web.request_scope import get_catalog, get_session

bp = Blueprint("bank_export", __name__, url_prefix="/teacher/banks")


def _exportable(quiz_id: str) -> Quiz:
    """Return the bank the signed-in teacher may export; stop with 404 or 403 otherwise."""
    quiz = get_catalog().quizzes.get(quiz_id)
    if quiz is None:
        abort(404, description=f"There is no bank '{quiz_id}' being served.")
    if quiz.origin != "course" and store.belongs_to_another(get_session(), quiz_id,
                                                            current_user.id):
        abort(403, description=str(store.NotYourBank(quiz_id)))
    return quiz


@bp.route("/<quiz_id>/export")
@teacher_required
def formats(quiz_id: str) -> Any:
    """List the formats a bank can be downloaded in, each with what its file leaves out."""
    quiz = _exportable(quiz_id)
    exports = [(fmt, fmt.write(quiz)) for fmt in known_formats().values()]
    return render_template("bank_admin/export.html", quiz=quiz, exports=exports)


@bp.route("/<quiz_id>/export/<name>")
@teacher_required
def download(quiz_id: str, name: str) -> Any:
    """Send the bank written in one format, as a file to save."""
    quiz = _exportable(quiz_id)
    fmt = known_formats().get(name)
    if fmt is None:
        abort(404, description=f"There is no export format '{name}'.")
    exported = fmt.write(quiz)
    return Response(exported.text, mimetype="text/plain; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{quiz.id}{fmt.suffix}"'})
