"""Students join classes with a code and see what is assigned to them and when it is due."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from teaching.storage import classes as store
from teaching.storage.accommodations import NOTHING_EXTRA, allowances_of_student
from teaching.storage.assignments import assignments_of_student, attempts_under_assignments
from teaching.storage.models import utcnow
from teaching.storage.users import find_user
from teaching.web.request_scope import get_catalog, get_session
from teaching.web.security import (
    join_account,
    join_address,
    join_failures_per_account,
    join_failures_per_address,
    limiter,
    note_refusal,
    refused,
    refused_or_limited,
    right_code,
)

bp = Blueprint("assigned", __name__)


class JoinForm(FlaskForm):
    """The code a teacher gave the class."""

    code = StringField("Class code", validators=[DataRequired(), Length(max=20)])


@bp.route("/assignments")
@login_required
def overview() -> Any:
    """List the student's classes and assigned quizzes, soonest due first."""
    session = get_session()
    quizzes = get_catalog().quizzes
    now = utcnow()
    used = attempts_under_assignments(session, current_user.id)  # practice counts for none
    allowances = allowances_of_student(session, current_user.id)  # extra attempts
    rows = []
    for assignment in assignments_of_student(session, current_user.id):
        quiz = quizzes.get(assignment.quiz_id)
        if quiz is None:
            continue  # a bank taken out of the course: nothing to start
        limit = assignment.attempts if assignment.attempts is not None else quiz.settings.attempts
        allowance = allowances.get(assignment.id, NOTHING_EXTRA)
        rows.append({"assignment": assignment, "quiz": quiz,
                     "limit": allowance.attempts(limit),
                     "extra": allowance.extra_attempts if limit is not None else 0,
                     "used": used.get(assignment.id, 0),
                     "state": ("open" if assignment.is_open(now) else "upcoming"
                               if assignment.opens_at and assignment.opens_at > now
                               else "closed")})
    return render_template("assigned/overview.html", rows=rows, form=JoinForm(),
                           classes=store.classes_of_student(session, current_user.id))


@bp.route("/assignments/join", methods=["POST"])
@login_required
# In this order: the limiter checks the account's limit first, so a code the address's limit
# then refuses is still counted against the account (tests/web/test_signin_limits.py).
@limiter.limit(join_failures_per_address, key_func=join_address, deduct_when=refused,
               exempt_when=right_code)
@limiter.limit(join_failures_per_account, key_func=join_account,
               deduct_when=refused_or_limited)
def join() -> Any:
    """Join a class with its code."""
    form = JoinForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            user = find_user(session, current_user.id)
            if user is None:  # the account was removed after this page was loaded
                abort(403)
            school_class = store.join_class(session, user, form.code.data or "")
        except store.ClassError as error:
            note_refusal()  # only wrong codes count against the join limits
            flash(str(error), "error")
        else:
            flash(f"You are in the class '{school_class.name}'.", "success")
    else:
        flash("Type the class code your teacher gave you.", "error")
    return redirect(url_for("assigned.overview"))
