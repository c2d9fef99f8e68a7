"""A class's teacher grants and removes accommodations: extra time and extra attempts."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user

from teaching.storage import accommodation_grants as grants
from teaching.storage import classes as store
from teaching.web.accommodation_forms import accommodation_form, read_grant
from teaching.web.accommodation_text import amounts
from teaching.web.auth import teacher_required
from teaching.web.classes import class_page, own_class_or_404
from teaching.web.request_scope import get_catalog, get_session

bp = Blueprint("accommodations", __name__, url_prefix="/teacher/classes/<int:class_id>")


def _back(school_class: store.SchoolClass) -> Any:
    return redirect(url_for("classes.show", class_id=school_class.id,
                            _anchor="accommodations"))


@bp.route("/accommodations", methods=["POST"])
@teacher_required
def grant(class_id: int) -> Any:
    """Give extra time or attempts to a student or the class, on one assignment or all."""
    school_class = own_class_or_404(class_id)
    session = get_session()
    quizzes = get_catalog().quizzes
    form = accommodation_form(school_class, store.students_of(session, school_class.id),
                              quizzes)
    if not form.validate_on_submit():
        form.form_errors.append("The form had expired; nothing was saved. Fill it in again.")
        return class_page(school_class, 422, accommodation_form=form)
    try:
        given = grants.grant(session, school_class, current_user.id, read_grant(form), quizzes)
    except grants.AccommodationError as error:
        form.form_errors.append(f"Nothing was saved. {error}")
        return class_page(school_class, 422, accommodation_form=form)
    flash(f"Saved: {amounts(given)}. It applies from the student's next page or save, "
          "in attempts already started too.", "success")
    return _back(school_class)


@bp.route("/accommodations/<int:accommodation_id>/remove", methods=["POST"])
@teacher_required
def remove(class_id: int, accommodation_id: int) -> Any:
    """Remove an accommodation; attempts in progress lose the extra time from the next request."""
    school_class = own_class_or_404(class_id)
    if grants.remove(get_session(), school_class, current_user.id, accommodation_id,
                     get_catalog().quizzes):
        flash("The accommodation was removed.", "success")
    else:
        flash("That accommodation was already removed.", "info")
    return _back(school_class)
