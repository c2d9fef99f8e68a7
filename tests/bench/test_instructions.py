"""The in-process page counter serves the real question page, as a signed-in student sees it."""

from __future__ import annotations

import pytest

from bench.instructions import page_caller


def test_the_counted_page_is_the_students_question_page_without_a_new_cookie(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TEACHING_DATABASE_URL", "TEACHING_INSTANCE_DIR", "TEACHING_SECRET_KEY"):
        monkeypatch.setenv(name, "")  # page_caller sets them; restored after the test
    serve = page_caller()
    first, again = serve().decode(), serve().decode()
    assert 'class="quiz-form"' in first and first.count('class="question"') >= 10
    assert "Sign out (pupil-00000)" in again  # signed in, and served again from the same cookie
