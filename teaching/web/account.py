"""A signed-in person's own account: change the password, chosen anew after a reset."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, user_logged_in
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from teaching.storage.users import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    AccountError,
    change_password,
    find_user,
    must_change_password,
)
from teaching.web.auth import sign_in
from teaching.web.ended_sessions import ended_sessions
from teaching.web.request_scope import get_session

bp = Blueprint("account", __name__, url_prefix="/account")
# Session key: set at sign-in while the account still has a one-time password, so that every
# request can send its owner to choose one without asking the database.
_MUST_CHANGE = "must_change_password"
# What someone who must choose a password may still reach: that page, sign-out, and files.
_ALLOWED_MEANWHILE = frozenset({"account.password", "auth.logout", "static", "health.healthz"})


class PasswordForm(FlaskForm):
    """The current password and a new one, twice."""

    current = PasswordField("Current password", validators=[
        DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    new = PasswordField("New password", validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH, message=(
            f"A password needs at least {MIN_PASSWORD_LENGTH} characters "
            f"(and at most {MAX_PASSWORD_LENGTH})."))])
    confirm = PasswordField("New password again", validators=[
        DataRequired(), EqualTo("new", message="The two new passwords differ.")])


def _note_one_time_password(app: Flask, user: Any, **_: Any) -> None:
    """Remember in the session that the one who just signed in must choose a password."""
    if must_change_password(get_session(), int(user.id)):
        session[_MUST_CHANGE] = True


@bp.record_once
def _connect(state: Any) -> None:
    user_logged_in.connect(_note_one_time_password, state.app)


@bp.before_app_request
def _send_to_choose_a_password() -> Any:
    """Send someone signed in with a one-time password to choose their own first."""
    if _MUST_CHANGE in session and request.endpoint not in _ALLOWED_MEANWHILE:
        return redirect(url_for("account.password"))
    return None


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> Any:
    """Change one's own password (the current one is asked for)."""
    form = PasswordForm()
    forced = _MUST_CHANGE in session
    if form.validate_on_submit():
        db = get_session()
        try:
            generation = change_password(db, current_user.id, form.new.data or "",
                                         old_password=form.current.data or "",
                                         actor_id=current_user.id)
        except AccountError as error:
            form.current.errors = [*form.current.errors, str(error)]
        else:
            # Every other session of the account is over, on every worker and server; this
            # browser goes on, signed in anew under the account's new generation.
            ended = ended_sessions()
            ended.learn(current_user.id, generation)
            ended.announce()
            user = find_user(db, current_user.id)
            assert user is not None  # it was just changed
            db.refresh(user)
            sign_in(user)
            flash("Your password is changed. Use the new one from now on; any other device "
                  "signed in as you is signed out.", "success")
            return redirect(url_for("course.home"))
    status = 200 if not form.errors else 422
    return render_template("account/password.html", form=form, forced=forced), status
