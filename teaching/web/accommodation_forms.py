"""The class page's form for accommodations, and reading what a teacher typed into it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from teaching.content.banks import Quiz
from teaching.storage.accommodation_grants import AccommodationError, Grant
from teaching.storage.classes import SchoolClass
from teaching.storage.models import User

# A plain decimal number in ASCII digits: no exponent, underscore, "inf" or other script, all
# of which Decimal would read (as 1_5 reads 15).
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")

EVERYONE = "everyone"
EVERY_ASSIGNMENT = "every"


class AccommodationForm(FlaskForm):
    """Extra time (a factor or minutes) and extra attempts, for whom and on what."""

    # The lists are checked by the storage layer, which says in a sentence what is wrong
    # (WTForms would say "Not a valid choice").
    student = SelectField("For", validate_choice=False)
    assignment = SelectField("On", validate_choice=False)
    time_factor = StringField("Time limit multiplied by")
    extra_minutes = StringField("Or minutes added")
    extra_attempts = StringField("Extra attempts")


def accommodation_form(school_class: SchoolClass, students: Sequence[User],
                       quizzes: Mapping[str, Quiz]) -> AccommodationForm:
    """Return the form, offering the class's students and assigned quizzes."""
    form = AccommodationForm()
    form.student.choices = [(EVERYONE, "Everyone in the class")] + [
        (str(student.id), f"{student.display_name} ({student.username})")
        for student in students]
    form.assignment.choices = [(EVERY_ASSIGNMENT, "Every assignment of the class")] + [
        (str(assignment.id), quizzes[assignment.quiz_id].title
         if assignment.quiz_id in quizzes else assignment.quiz_id)
        for assignment in school_class.assignments]
    return form


def read_grant(form: AccommodationForm) -> Grant:
    """Return what the form asks to give; raise AccommodationError naming what to correct."""
    return Grant(
        user_id=_choice(form.student.data, EVERYONE, "student"),
        assignment_id=_choice(form.assignment.data, EVERY_ASSIGNMENT, "assignment"),
        time_factor=_factor(form.time_factor.data or ""),
        extra_minutes=_whole(form.extra_minutes.data or "", "the extra minutes", "10"),
        extra_attempts=_whole(form.extra_attempts.data or "", "the extra attempts", "1") or 0)


def _choice(value: str | None, everything: str, what: str) -> int | None:
    if value == everything:
        return None
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 12:
        raise AccommodationError(f"Choose a {what} from the list.")
    return int(value)


def _factor(text: str) -> float | None:
    """Read a factor such as 1.5, 1,5 or 1.5× (None when the field is empty)."""
    text = text.strip().rstrip("x×X").strip().replace(",", ".")
    if not text:
        return None
    if len(text) > 20 or not _PLAIN_DECIMAL.fullmatch(text):
        raise AccommodationError("Write the time factor as a number such as 1.5, or leave it "
                                 "empty.")
    return float(text)


def _whole(text: str, what: str, example: str) -> int | None:
    """Read a whole number, signed or not (None when the field is empty)."""
    text = text.strip().replace("\u2212", "-")
    if not text:
        return None
    digits = text.removeprefix("-").removeprefix("+")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 6:
        raise AccommodationError(f"Write {what} as a whole number such as {example}, or "
                                 "leave it empty.")
    return int(text)
