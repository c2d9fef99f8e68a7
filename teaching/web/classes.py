"""Teachers run classes: create one, import a roster, hand out passwords, assign quizzes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from teaching.analysis.spreadsheet import CSV_ENCODING, CSV_MIMETYPE
from teaching.local_time import NoSuchLocalTime, OutOfRange
from teaching.storage import assignments as assigning
from teaching.storage import classes as store
from teaching.storage import published_banks
from teaching.storage.accommodation_grants import of_class
from teaching.storage.models import User
from teaching.storage.roster import MAX_ROWS, import_roster, take_password_slip
from teaching.storage.teacher_scores import grading_queue
from teaching.storage.users import reset_password
from teaching.web.accommodation_forms import accommodation_form
from teaching.web.accommodation_text import described
from teaching.web.auth import teacher_required
from teaching.web.ended_sessions import ended_sessions
from teaching.web.request_scope import get_catalog, get_session
from teaching.web.state import app_state

bp = Blueprint("classes", __name__, url_prefix="/teacher/classes")
MAX_ROSTER_BYTES = 200_000


class ClassForm(FlaskForm):
    """A new class."""

    name = StringField("Class name", validators=[DataRequired(), Length(max=80)])


class RosterForm(FlaskForm):
    """A roster CSV, uploaded or pasted."""

    file = FileField("CSV file")
    text = TextAreaField("Or paste the rows here")


class AssignForm(FlaskForm):
    """A quiz for the class, with its own times and limit."""

    quiz_id = SelectField("Quiz", validators=[DataRequired()])
    # Entered in the school's zone (the labels name it) and stored in UTC.
    opens_at = DateTimeLocalField("Opens", validators=[Optional()],
                                  format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])
    closes_at = DateTimeLocalField("Closes, due", validators=[Optional()],
                                   format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])
    attempts = IntegerField("Attempts allowed", validators=[Optional(), NumberRange(
        min=1, max=100, message="Allow between 1 and 100 attempts, or leave it empty.")])


def own_class_or_404(class_id: int) -> store.SchoolClass:
    """Return the signed-in teacher's class; another teacher's class is not found."""
    school_class = store.class_of_teacher(get_session(), class_id, current_user.id)
    if school_class is None:
        abort(404, description="There is no such class among yours.")
    return school_class


def _assign_form() -> AssignForm:
    form = AssignForm()
    # The course's banks, and the published ones that are this teacher's or shared with them:
    # assigning another teacher's bank would hand its keys to anyone in the class. The form
    # accepts only what it offers.
    session = get_session()
    quizzes = sorted((quiz for quiz in get_catalog().quizzes.values()
                      if not published_banks.belongs_to_another(session, quiz.id,
                                                                current_user.id)),
                     key=lambda quiz: quiz.title)
    form.quiz_id.choices = [(quiz.id, quiz.title) for quiz in quizzes]
    zone = app_state().local_time.name
    form.opens_at.label.text = f"Opens ({zone})"
    form.closes_at.label.text = f"Closes, due ({zone})"
    return form


def _window_in_utc(form: AssignForm) -> tuple[datetime | None, datetime | None] | None:
    """Return the window entered in local time as UTC; None, with the field's error, if not."""
    zone = app_state().local_time
    window: list[datetime | None] = []
    for field, name in ((form.opens_at, "opening"), (form.closes_at, "closing")):
        try:
            window.append(zone.to_utc(field.data) if field.data is not None else None)
        except NoSuchLocalTime as error:
            field.errors = [*field.errors, str(error)]
        except OutOfRange as error:
            field.errors = [*field.errors, f"The {name} time cannot be kept: {error}"]
    return (window[0], window[1]) if len(window) == 2 else None


def class_page(school_class: store.SchoolClass, status: int = 200, **forms: Any) -> Any:
    """Render a class's page with its forms (those passed keep what the teacher typed)."""
    session = get_session()
    students = store.students_of(session, school_class.id)
    quizzes = get_catalog().quizzes
    forms.setdefault("roster_form", RosterForm())
    forms.setdefault("assign_form", _assign_form())
    forms.setdefault("accommodation_form", accommodation_form(school_class, students, quizzes))
    return render_template(
        "teacher/class.html", school_class=school_class, students=students,
        essays_waiting=len(grading_queue(session, school_class.id)),
        accommodations=described(of_class(session, school_class.id), school_class, students,
                                 quizzes),
        quizzes=quizzes, max_rows=MAX_ROWS, **forms), status


@bp.route("/", methods=["POST"])
@teacher_required
def create() -> Any:
    """Create a class and show it."""
    form = ClassForm()
    if not form.validate_on_submit():
        flash("Give the class a name of 1 to 80 characters.", "error")
        return redirect(url_for("teacher.students"))
    try:
        school_class = store.create_class(get_session(), current_user.id, form.name.data or "")
    except store.ClassError as error:
        flash(str(error), "error")
        return redirect(url_for("teacher.students"))
    flash(f"Class '{school_class.name}' created. Students join with the code "
          f"{school_class.code}.", "success")
    return redirect(url_for("classes.show", class_id=school_class.id))


@bp.route("/<int:class_id>")
@teacher_required
def show(class_id: int) -> Any:
    """Show a class: its code, students and assigned quizzes."""
    return class_page(own_class_or_404(class_id))


@bp.route("/<int:class_id>/roster", methods=["POST"])
@teacher_required
def roster(class_id: int) -> Any:
    """Import students from CSV; any bad row stops the whole import, with a report per row."""
    school_class = own_class_or_404(class_id)
    form = RosterForm()
    if not form.validate_on_submit():
        abort(400, description="The form was incomplete; reload the page and try again.")
    text = form.text.data or ""
    upload = form.file.data
    if upload is not None and getattr(upload, "filename", None):
        raw = upload.read(MAX_ROSTER_BYTES + 1)
        if len(raw) > MAX_ROSTER_BYTES:
            flash("That file is too large for a roster.", "error")
            return class_page(school_class, 422, roster_form=form)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            flash("The file is not UTF-8 text. Save it from your spreadsheet as "
                  "'CSV UTF-8' and try again.", "error")
            return class_page(school_class, 422, roster_form=form)
    report = import_roster(get_session(), school_class, text)
    if not report.ok:
        flash("Nothing was imported. Correct the rows marked below and import the file again.",
              "error")
        return class_page(school_class, 422, roster_form=form, report=report)
    flash(f"{report.created} students were added to the class.", "success")
    return class_page(school_class, report=report)


@bp.route("/<int:class_id>/passwords/<token>", methods=["POST"])
@teacher_required
def passwords(class_id: int, token: str) -> Any:
    """Download the initial passwords of an import, once; they are deleted as they are sent."""
    school_class = own_class_or_404(class_id)
    text = take_password_slip(get_session(), school_class.id, token)
    if text is None:
        abort(404, description="These passwords were already downloaded, and are not kept. "
                               "To give a student a new one, open the class page "
                               f"({url_for('classes.show', class_id=school_class.id)}) and "
                               "press “Reset password” beside their name.")
    return Response(text.encode(CSV_ENCODING), mimetype=CSV_MIMETYPE, headers={
        "Content-Disposition": f'attachment; filename="passwords-class-{school_class.id}.csv"',
        "Cache-Control": "no-store"})


def member_or_404(school_class: store.SchoolClass, user_id: int) -> User:
    """Return a member of the class; anyone else is not found."""
    member = store.student_in_class(get_session(), school_class.id, user_id)
    if member is None:
        abort(404, description="There is no such student in this class.")
    return member


def _student_or_404(school_class: store.SchoolClass, user_id: int) -> User:
    """Return a student of the class (a teacher who joined it is none)."""
    member = member_or_404(school_class, user_id)
    if member.role != "student":
        abort(404, description="There is no such student in this class.")
    return member


@bp.route("/<int:class_id>/students/<int:user_id>/password")
@teacher_required
def confirm_password_reset(class_id: int, user_id: int) -> Any:
    """Ask the teacher to confirm a password reset; nothing changes until they do."""
    school_class = own_class_or_404(class_id)
    return render_template("account/reset_confirm.html", school_class=school_class,
                           student=_student_or_404(school_class, user_id))


@bp.route("/<int:class_id>/students/<int:user_id>/password", methods=["POST"])
@teacher_required
def reset_student_password(class_id: int, user_id: int) -> Any:
    """Give a student of the class a one-time password, shown once; they choose a new one."""
    school_class = own_class_or_404(class_id)
    student = _student_or_404(school_class, user_id)
    if request.form.get("confirm") != "yes":
        # A form sent without the confirmation (a page from before it existed): ask first.
        return redirect(url_for("classes.confirm_password_reset", class_id=school_class.id,
                                user_id=student.id), 303)
    session = get_session()
    password = reset_password(session, student, current_user.id, {"class_id": school_class.id})
    # Whoever is signed in as the student is signed out now, on every worker of this server.
    session.refresh(student)
    ended = ended_sessions()
    ended.learn(student.id, student.session_generation)
    ended.announce()
    response = make_response(render_template("account/reset_done.html", student=student,
                                             password=password, school_class=school_class))
    response.headers["Cache-Control"] = "no-store"  # the password must not linger in a cache
    return response


@bp.route("/<int:class_id>/assignments", methods=["POST"])
@teacher_required
def assign(class_id: int) -> Any:
    """Assign a quiz to the class with its own open and close times and attempt limit."""
    school_class = own_class_or_404(class_id)
    form = _assign_form()
    if not form.validate_on_submit():
        return class_page(school_class, 422, assign_form=form)
    window = _window_in_utc(form)
    if window is None:
        return class_page(school_class, 422, assign_form=form)
    try:
        assigning.assign_quiz(get_session(), school_class, form.quiz_id.data or "",
                              *window, form.attempts.data)
    except store.ClassError as error:
        form.closes_at.errors = [*form.closes_at.errors, str(error)]
        return class_page(school_class, 422, assign_form=form)
    title = get_catalog().quizzes[form.quiz_id.data or ""].title
    flash(f"'{title}' is assigned to {school_class.name}.", "success")
    return redirect(url_for("classes.show", class_id=school_class.id))


@bp.route("/<int:class_id>/assignments/<int:assignment_id>/remove", methods=["POST"])
@teacher_required
def unassign(class_id: int, assignment_id: int) -> Any:
    """Remove an assignment; the attempts already made stay in the gradebook."""
    school_class = own_class_or_404(class_id)
    if assigning.unassign_quiz(get_session(), school_class, assignment_id):
        flash("The assignment was removed. Attempts already made are kept.", "success")
    return redirect(url_for("classes.show", class_id=school_class.id))
