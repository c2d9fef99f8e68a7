"""Register, sign in and sign out; who may see what."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
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
from flask_login import (
    LoginManager,
    UserMixin,
    current_user,
    login_user,
    logout_user,
)
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from teaching.config import instance_dir, self_registration
from teaching.storage.models import User
from teaching.storage.users import (
    AccountError,
    authenticate,
    create_user,
    end_sessions,
    identity,
    password_problem,
)
from teaching.web.ended_sessions import (
    IDENTITY_RECHECK_SECONDS,
    SESSION_CHECK_SECONDS,
    SIGNAL_FILE,
    EndedSessions,
    ended_sessions,
)
from teaching.web.request_scope import get_session
from teaching.web.security import (
    account_created,
    free_username,
    limiter,
    note_refusal,
    only_posts,
    refused,
    register_address,
    register_created_per_address,
    register_refused_address,
    register_refused_per_address,
    signin_address,
    signin_name_and_address,
    signin_per_address,
    signin_per_name_and_address,
)
from teaching.web.state import app_state

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


# Every signed-in request loads its user. Who the user is (name and role) travels in the
# session cookie with the time it was last read from the database, and the account is read
# again only when that is older than IDENTITY_RECHECK_SECONDS. The cookie is signed, so it
# cannot be forged; it is not encrypted, and holds nothing its owner may not see. The session is
# the one place every worker and every app server sees, so a class at its start costs no query
# per request for this (a cache in each worker missed on most requests: with five workers a
# student's next request seldom meets the same one). The app never renames, demotes or deletes
# an account; one changed or removed by hand is seen within IDENTITY_RECHECK_SECONDS.
# A session also ends before its cookie does, at sign-out: see teaching.web.ended_sessions.
_IDENTITY = "identity"  # session key: [id, username, display name, role, checked at (Unix s)]
_GENERATION = "generation"  # session key: the account's session generation at sign-in

def _kept_identity(user_id: int, now: int) -> SignedInUser | None:
    """Return the user the session names, if it is this user and was read recently enough."""
    kept = session.get(_IDENTITY)
    if not isinstance(kept, list) or len(kept) != 5:
        return None
    kept_id, username, display_name, role, checked_at = kept
    # A clock set back (or another server's clock behind ours) reads the account again.
    recent = isinstance(checked_at, int) and 0 <= now - checked_at < IDENTITY_RECHECK_SECONDS
    if kept_id != user_id or not recent:
        return None
    return SignedInUser(kept_id, username, display_name, role)


def _keep_identity(user: SignedInUser, now: int) -> None:
    session[_IDENTITY] = [user.id, user.username, user.display_name, user.role, now]


@login_manager.user_loader
def _load_user(user_id: str) -> SignedInUser | None:
    if not user_id.isdigit():
        return None
    # Sessions signed in before generations existed are of generation 0, as every account was.
    generation = session.get(_GENERATION, 0)
    ended = ended_sessions()
    ended.refresh()
    if not isinstance(generation, int) or ended.is_over(int(user_id), generation):
        session.clear()
        return None
    now = int(time.time())  # wall-clock time: the session may come from another server
    kept = _kept_identity(int(user_id), now)
    if kept is not None:
        return kept
    row = identity(get_session(), int(user_id))
    if row is None or row.session_generation != generation:
        session.clear()  # the account is gone, or this session was signed out
        return None
    signed_in = SignedInUser(row.id, row.username, row.display_name, row.role)
    _keep_identity(signed_in, now)
    return signed_in


def init_app(app: Flask) -> None:
    """Attach Flask-Login to the app; read whether students may register themselves."""
    login_manager.init_app(app)
    app.config.setdefault("SELF_REGISTRATION", self_registration())
    app.config.setdefault("SESSION_CHECK_SECONDS", SESSION_CHECK_SECONDS)
    app.config.setdefault("SESSIONS_ENDED_FILE", instance_dir() / SIGNAL_FILE)
    app_state(app).ended_sessions = EndedSessions(app.config["SESSION_CHECK_SECONDS"],
                                                  Path(app.config["SESSIONS_ENDED_FILE"]))
    # A template global, not a context processor: those run on every page rendered.
    app.jinja_env.globals["self_registration"] = app.config["SELF_REGISTRATION"]


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
    password = PasswordField("Password", validators=[DataRequired()])
    confirm = PasswordField("Password again", validators=[
        DataRequired(), EqualTo("password", message="The two passwords differ.")])


def _safe_next(target: str | None) -> str:
    """Follow ?next= only within this site, never to another host."""
    if target and target.startswith("/") and not target.startswith("//"):
        if not urlsplit(target).netloc and "\\" not in target:
            return target
    return url_for("course.home")


def sign_in(user: User) -> None:
    """Sign this browser in as ``user``, in a new session of the account's generation."""
    # A new session at sign-in: nothing set before (by anyone who had this browser) carries over.
    session.clear()
    signed_in = SignedInUser(user.id, user.username, user.display_name, user.role)
    login_user(signed_in)
    _keep_identity(signed_in, int(time.time()))
    session[_GENERATION] = user.session_generation


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(register_created_per_address, key_func=register_address,
               deduct_when=account_created, exempt_when=only_posts)
@limiter.limit(register_refused_per_address, key_func=register_refused_address,
               deduct_when=refused, exempt_when=free_username)
def register() -> Any:
    """Create a student account and sign in."""
    if not current_app.config["SELF_REGISTRATION"]:
        abort(403, description="Students do not register themselves at this school: your "
                               "teacher gives you an account, or a class code to join with.")
    form = RegisterForm()
    if form.validate_on_submit():
        username, password = form.username.data or "", form.password.data or ""
        weak = password_problem(password, username)
        if weak:
            form.password.errors = [*form.password.errors, weak]
            return render_template("auth/register.html", form=form), 422
        try:
            user = create_user(get_session(), username, password, "student",
                               form.display_name.data)
        except AccountError as error:
            # A taken name gets the same "cannot be used; choose another" as no other refusal
            # would: the page never says in words that an account exists. That much is the
            # usual compromise, since a form that refuses a taken name cannot fully hide it; what
            # keeps the form from listing a school's accounts is the limit on registrations
            # per address, and TEACHING_SELF_REGISTRATION=0 closes it altogether.
            note_refusal()  # counted: a weak password or a typo in "again" is not
            form.username.errors = [*form.username.errors, str(error)]
        else:
            sign_in(user)
            flash(f"Welcome, {user.display_name}. Your account is ready.", "success")
            return redirect(url_for("course.home"))
    return render_template("auth/register.html", form=form), 200 if not form.errors else 422


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(signin_per_name_and_address, key_func=signin_name_and_address,
               exempt_when=only_posts)
@limiter.limit(signin_per_address, key_func=signin_address, exempt_when=only_posts)
def login() -> Any:
    """Sign in with username and password."""
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(get_session(), form.username.data or "", form.password.data or "")
        if user is not None:
            sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors = ["That username and password do not match an account."]
    status = 200 if request.method == "GET" else 401 if form.password.errors else 422
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Any:
    """Sign out (by POST, so that no link on another site can sign anyone out)."""
    if request.method == "POST":
        if current_user.is_authenticated:
            # Ends this account's sessions everywhere, copies of this cookie included: on a
            # school's shared computers "signed out" must mean no one can come back in as you.
            ended = ended_sessions()
            ended.learn(current_user.id, end_sessions(get_session(), current_user.id))
            ended.announce()
        logout_user()
        session.clear()  # sign-out ends the whole session, not only the account in it
        flash("You are signed out.", "info")
        return redirect(url_for("course.home"))
    return render_template("auth/logout.html")


