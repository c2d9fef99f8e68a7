"""Every form, fed hostile input (invalid UTF-8, NUL bytes, thousands of fields, megabytes):
never a 500, and whatever is echoed back is escaped."""

from __future__ import annotations

import json
from urllib.parse import quote_from_bytes

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.helpers.accounts import Auth
from tests.helpers.pages import csrf_token

QUIZ_ID = "telegram-july-1945"
FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Field names the forms know, plus anything at all.
NAMES = st.sampled_from(["username", "password", "confirm", "display_name", "action",
                         "save_key", "q-t1-which-war", "q-mongolia-now", "base-mongolia-now",
                         "csrf_token"]) | st.binary(max_size=20)
VALUES = st.binary(max_size=300) | st.text(max_size=300) .map(str.encode) | st.sampled_from(
    [b"\x00", b"\xff\xfe", b"<script>alert(1)</script>", b"submit", b"save", b"9" * 40])
FIELDS = st.lists(st.tuples(NAMES, VALUES), max_size=40)


def encode(fields: list[tuple[bytes | str, bytes]], token: str) -> bytes:
    """Build a raw form body (bytes, so invalid UTF-8 reaches the server as sent)."""
    parts = [f"csrf_token={token}".encode()]
    for name, value in fields:
        raw = name.encode() if isinstance(name, str) else name
        parts.append(quote_from_bytes(raw).encode() + b"=" + quote_from_bytes(value).encode())
    return b"&".join(parts)


@pytest.fixture
def attempt_url(client: FlaskClient, auth: Auth) -> str:
    auth.student()
    return client.post(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")}).location


def assert_handled(response, sent: bytes) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert b"<script>alert(1)</script>" not in response.get_data()


@pytest.mark.parametrize("form", ["/login", "/register", "<attempt>", f"/quizzes/{QUIZ_ID}/start"])
def test_hostile_form_posts_get_an_answer_not_a_traceback(
        client: FlaskClient, attempt_url: str, form: str) -> None:
    url = attempt_url if form == "<attempt>" else form
    token = csrf_token(client, "/")

    @FUZZ
    @given(fields=FIELDS)
    @example(fields=[("q-t1-which-war", b"x" * 900_000)])
    @example(fields=[(f"q-{i}", b"1") for i in range(3000)])
    @example(fields=[("username", b"\x00\xff<script>alert(1)</script>")])
    def post(fields: list[tuple[bytes | str, bytes]]) -> None:
        body = encode(fields, token)
        response = client.post(url, data=body,
                               content_type="application/x-www-form-urlencoded")
        assert_handled(response, body)

    post()


def test_hostile_autosave_bodies_get_an_answer_not_a_traceback(
        client: FlaskClient, attempt_url: str) -> None:
    token = csrf_token(client, attempt_url)
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner,
                                                                    max_size=5), max_leaves=20)
    payloads = st.fixed_dictionaries({}, optional={
        "key": st.text(max_size=80) | json_values, "revision": st.integers() | json_values,
        "question": st.sampled_from(["t1-which-war", "mongolia-now"]) | st.text(),
        "values": st.lists(st.text(max_size=50), max_size=60) | json_values})

    @FUZZ
    @given(body=payloads.map(lambda p: json.dumps(p).encode()) | st.binary(max_size=200))
    @example(body=b'{"key": "key-00001", "revision": 1e400, "question": "x", "values": []}')
    def post(body: bytes) -> None:
        response = client.post(f"{attempt_url}/answers", data=body,
                               content_type="application/json", headers={"X-CSRFToken": token})
        assert_handled(response, body)

    post()
