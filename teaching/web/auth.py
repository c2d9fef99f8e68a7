"""Register, sign in and sign out; who may see what."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import bindparam, select
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from teaching.storage.db import run
from teaching.storage.models import User
from teaching.storage.users import MIN_PASSWORD_LENGTH, AccountError, authenticate, create_user
from teaching.web.requests import get_session
from teaching.web.security import (
    limiter,
    only_posts,
    signin_per_account,
    signin_per_address,
    signin_username,
)

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


@dataclass(frozen=True)
class SignedInUser(UserMixin):
    """The signed-in person, detached from any database session."""

    id: int
    username: str
    display_name: str
    role: str

    @property
    def is_teacher(self) -> bool:
        """Say whether this person teaches."""
        return self.role == "teacher"


# Every signed-in request loads its user; a student saving every few seconds need not cost a
# query each time. Each worker remembers who an id is for a moment: accounts are never renamed
# or deleted by the app, and an account removed by hand is refused within USER_CACHE_SECONDS.
# Sign-out clears the session, so it never reaches this cache.
USER_CACHE_SECONDS = 2.0
USER_CACHE_SIZE = 4096
# The four columns a request needs, as plain values: loading a User object cost 0.2 ms more,
# and with several workers most requests at a class's start miss the cache.
_SIGNED_IN_USER = select(User.id, User.username, User.display_name, User.role).where(
    User.id == bindparam("user_id"))


def _user_cache() -> dict[int, tuple[float, SignedInUser]]:
    # One per app, so that apps on different databases (tests, the bench) never share users.
    return current_app.extensions.setdefault("teaching.user_cache", {})


@login_manager.user_loader
def _load_user(user_id: str) -> SignedInUser | None:
    if not user_id.isdigit():
        return None
    cache, now = _user_cache(), time.monotonic()
    cached = cache.get(int(user_id))
    if cached is not None and now - cached[0] < USER_CACHE_SECONDS:
        return cached[1]
    row = run(get_session(), _SIGNED_IN_USER, {"user_id": int(user_id)}).first()
    if row is None:
        cache.pop(int(user_id), None)
        return None
    signed_in = SignedInUser(*row)
    if len(cache) >= USER_CACHE_SIZE:
        cache.clear()  # simpler than an LRU, and refilled at one query per active student
    cache[signed_in.id] = (now, signed_in)
    return signed_in


def init_app(app: Flask) -> None:
    """Attach Flask-Login to the app."""
    login_manager.init_app(app)


def teacher_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let only signed-in teachers through."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_teacher:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField("Username", validators=[DataRequired(), Length(max=40)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class RegisterForm(FlaskForm):
    """A new student account."""

    username = StringField("Username", validators=[DataRequired(), Length(
        min=3, max=40, message="A username has 3 to 40 characters.")])
    display_name = StringField("Your name, as your teacher knows you",
                               validators=[Length(max=80)])
    password = PasswordField("Password", validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200, message=(
            f"A password needs at least {MIN_PASSWORD_LENGTH} characters (and at most 200)."))])
    confirm = PasswordField("Password again", validators=[
        DataRequired(), EqualTo("password", message="The two passwords differ.")])


def _safe_next(target: str | None) -> str:
    """Follow ?next= only within this site, never to another host."""
    if target and target.startswith("/") and not target.startswith("//"):
        if not urlsplit(target).netloc and "\\" not in target:
            return target
    return url_for("course.home")


def _sign_in(user: User) -> None:
    # A new session at sign-in: nothing set before (by anyone who had this browser) carries over.
    session.clear()
    login_user(SignedInUser(user.id, user.username, user.display_name, user.role))


@bp.route("/register", methods=["GET", "POST"])
def register() -> Any:
    """Create a student account and sign in."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = create_user(get_session(), form.username.data or "", form.password.data or "",
                               "student", form.display_name.data)
        except AccountError as error:
            form.username.errors = [*form.username.errors, str(error)]
        else:
            _sign_in(user)
            flash(f"Welcome, {user.display_name}. Your account is ready.", "success")
            return redirect(url_for("course.home"))
    return render_template("auth/register.html", form=form), 200 if not form.errors else 422


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(signin_per_address, exempt_when=only_posts)
@limiter.limit(signin_per_account, key_func=signin_username, exempt_when=only_posts)
def login() -> Any:
    """Sign in with username and password."""
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(get_session(), form.username.data or "", form.password.data or "")
        if user is not None:
            _sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors = ["That username and password do not match an account."]
    status = 200 if request.method == "GET" else 401 if form.password.errors else 422
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Any:
    """Sign out (by POST, so that no link on another site can sign anyone out)."""
    if request.method == "POST":
        logout_user()
        session.clear()  # sign-out ends the whole session, not only the account in it
        flash("You are signed out.", "info")
        return redirect(url_for("course.home"))
    return render_template("auth/logout.html")
