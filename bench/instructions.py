"""Instructions a question page costs in one process, counted by callgrind: a steady figure.

The wrk probe's ratios move with the machine by a tenth from one run to the next; a change of a
few per cent to the page is measured here instead, as instructions, which callgrind counts
the same on a quiet or a busy machine::

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/page.%p \\
        .venv/bin/python -m bench.instructions 200

then read ``summary:`` (or ``totals:``) in /tmp/page.<pid> and divide by 200. (About 25 s;
instructions are counted only around the pages, not while the app starts.) One student signs in,
starts the bench's quiz, and has the question page served through the app's WSGI function,
as gunicorn's worker calls it, with the cookie and browser of the sign-in.

Without valgrind (``python -m bench.instructions 2000``) it prints the best time a page of five
batches instead, which is noisier.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from bench.seed import PASSWORD, add_students, reset_database
from bench.student import CSRF, QUIZ_ID

AGENT = "bench-instructions"


def page_caller() -> Callable[[], bytes]:
    """Create the app on a fresh SQLite database, start an attempt; return a page-serving call."""
    folder = tempfile.mkdtemp(prefix="teaching-instructions-")
    url = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.update(TEACHING_DATABASE_URL=url, TEACHING_INSTANCE_DIR=f"{folder}/instance",
                      TEACHING_SECRET_KEY="bench-instructions-secret-key")
    reset_database(url)
    [name] = add_students(url, "pupil", 1)
    from werkzeug.test import EnvironBuilder

    from teaching.web.app import compile_templates, create_app

    app = create_app()
    compile_templates(app)
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=AGENT, REMOTE_ADDR="127.0.0.1")

    def token(path: str) -> str:
        found = CSRF.search(client.get(path).get_data(as_text=True))
        assert found is not None, path
        return found.group(1)

    client.post("/login", data={"username": name, "password": PASSWORD,
                                "csrf_token": token("/login")})
    started = client.post(f"/quizzes/{QUIZ_ID}/start",
                          data={"csrf_token": token(f"/quizzes/{QUIZ_ID}")})
    page = started.headers["Location"]
    cookie = client.get_cookie("session")
    assert cookie is not None and re.match(r"/attempts/", page), started.status
    environ = EnvironBuilder(path=page, headers=[("Cookie", f"session={cookie.value}"),
                                                 ("User-Agent", AGENT)],
                             environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_environ()

    def serve() -> bytes:
        statuses: list[str] = []

        def start_response(status: str, headers: list[tuple[str, str]],
                           exc_info: Any = None, /) -> Callable[[bytes], object]:
            statuses.append(status)
            # A page that re-signs the session would be measuring the cookie, not the page.
            assert not any(name == "Set-Cookie" for name, _ in headers), "cookie re-signed"
            return lambda data: None  # WSGI's write(), which Flask never calls

        body = app.wsgi_app(dict(environ), start_response)
        try:
            data = b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()
        assert statuses == ["200 OK"], statuses
        return data

    return serve


def _callgrind(instrumenting: bool) -> bool:
    """Turn callgrind's counting on or off for this process; say whether it runs under it."""
    try:
        done = subprocess.run(["callgrind_control", "-i", "on" if instrumenting else "off",
                               str(os.getpid())], capture_output=True, check=False)
    except FileNotFoundError:
        return False
    return done.returncode == 0 and b"Error" not in done.stdout + done.stderr


def main(argv: list[str]) -> None:
    """Serve ``argv[0]`` pages (200 by default) after a warm-up of 50."""
    pages = int(argv[0]) if argv else 200
    serve = page_caller()
    for _ in range(50):  # every cache of the worker filled, as in a worker under load
        serve()
    if _callgrind(True):
        for _ in range(pages):
            serve()
        _callgrind(False)
        print(f"{pages} pages counted; divide callgrind's total by {pages}")
        return
    best = float("inf")
    for _ in range(5):
        began = time.perf_counter()
        for _ in range(pages):
            serve()
        best = min(best, (time.perf_counter() - began) / pages)
    print(f"best of 5 batches of {pages}: {best * 1000:.3f} ms a page")


if __name__ == "__main__":
    main(sys.argv[1:])
