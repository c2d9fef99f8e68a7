"""Who may reach what: every route for a visitor, a student, another student and a teacher."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import Auth, csrf_token

QUIZ_ID = "telegram-july-1945"
ROLES = ["visitor", "student", "other-student", "teacher"]
REFUSED = {302, 400, 401, 403, 404, 405}

# (method, path, who may) -- "<attempt>" is the attempt Lin started.
MATRIX = [
    ("GET", "/", set(ROLES)),
    ("GET", "/lessons/reading-the-telegram", set(ROLES)),
    ("GET", "/documents/harriman-1945-07", set(ROLES)),
    ("GET", f"/quizzes/{QUIZ_ID}", set(ROLES)),
    ("GET", "/healthz", set(ROLES)),
    ("GET", "/progress", {"student", "other-student", "teacher"}),
    ("GET", "/teacher/", {"teacher"}),
    ("POST", f"/quizzes/{QUIZ_ID}/start", {"student", "other-student", "teacher"}),
    ("GET", "/attempts/<attempt>", {"student"}),
    ("POST", "/attempts/<attempt>", {"student"}),
    ("POST", "/attempts/<attempt>/answers", {"student"}),
    ("GET", "/attempts/<attempt>/result", {"student"}),
]


@pytest.fixture
def attempt_id(client: FlaskClient, auth: Auth) -> str:
    """Lin starts the quiz; everyone but Lin is signed out again."""
    auth.student("lin")
    response = client.post(f"/quizzes/{QUIZ_ID}/start",
                           data={"csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")})
    auth.logout()
    return response.location.rstrip("/").rsplit("/", 1)[-1]


def sign_in_as(role: str, auth: Auth) -> None:
    if role == "student":
        auth.login("lin")
    elif role == "other-student":
        auth.student("mei")
    elif role == "teacher":
        auth.teacher()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_only_what_it_may(client: FlaskClient, auth: Auth, attempt_id: str,
                                            role: str) -> None:
    sign_in_as(role, auth)
    token = csrf_token(client, "/") if role != "visitor" else csrf_token(client, "/login")
    for method, path, allowed in MATRIX:
        url = path.replace("<attempt>", attempt_id)
        if method == "GET":
            response = client.get(url)
        elif url.endswith("/answers"):
            response = client.post(url, json={"key": "matrix-key", "revision": 1,
                                              "question": "none", "values": []},
                                   headers={"X-CSRFToken": token})
        else:
            response = client.post(url, data={"csrf_token": token, "action": "save"})
        where = f"{role} {method} {url}: {response.status_code}"
        if role in allowed:
            assert response.status_code in {200, 302, 400}, where  # 400: the empty JSON save
            if response.status_code == 302:
                assert "/login" not in response.location, where
        else:
            assert response.status_code in REFUSED, where
            if response.status_code == 302:
                assert "/login" in response.location, where
            assert "lease" not in response.get_data(as_text=True), where


FORMS = [
    ("/login", {"username": "lin", "password": "x"}),
    ("/register", {"username": "newcomer", "password": "long enough pw",
                   "confirm": "long enough pw"}),
    ("/logout", {}),
    (f"/quizzes/{QUIZ_ID}/start", {}),
    ("/attempts/<attempt>", {"action": "submit"}),
]


@pytest.mark.parametrize("token", ["missing", "wrong", "other-users"])
def test_forms_refuse_a_missing_wrong_or_borrowed_csrf_token(
        app, client: FlaskClient, auth: Auth, attempt_id: str, token: str) -> None:
    other = app.test_client()
    Auth(other, auth.database).student("mei")
    borrowed = csrf_token(other, "/")
    auth.login("lin")
    for path, fields in FORMS:
        data = dict(fields)
        if token == "wrong":
            data["csrf_token"] = "IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAi.forged"
        elif token == "other-users":
            data["csrf_token"] = borrowed
        response = client.post(path.replace("<attempt>", attempt_id), data=data)
        assert response.status_code == 400, path
        assert "security token" in response.get_data(as_text=True)
        assert "Sign out (lin)" in client.get("/").get_data(as_text=True)  # nothing happened
