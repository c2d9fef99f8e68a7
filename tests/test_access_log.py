"""Every request gets gunicorn's own access line, in the log the settings name."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.request import Request, urlopen

from gunicorn.config import Config
from gunicorn.glogging import Logger

from bench.servers import hello_server

# gunicorn's default access_log_format, filled in:
# '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'
LINE = re.compile(r'^127\.0\.0\.1 - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] '
                  r'"GET /\?from=register HTTP/1\.1" 200 13 "http://school\.example/class" '
                  r'"teaching-test/1\.0"$')


def test_a_request_is_logged_in_gunicorns_default_format() -> None:
    folder = Path(tempfile.mkdtemp(prefix="teaching-access-"))
    server = hello_server(folder, {"TEACHING_WORKERS": "1"})
    server.start()
    try:
        request = Request(server.base + "/?from=register", headers={
            "User-Agent": "teaching-test/1.0", "Referer": "http://school.example/class"})
        with urlopen(request, timeout=10) as response:
            assert response.status == 200
    finally:
        server.stop()
    lines = (folder / "hello-access.log").read_text().splitlines()
    assert any(LINE.match(line) for line in lines), lines[-3:]


def test_the_settings_leave_the_logger_to_gunicorn() -> None:
    config = Config()
    settings: dict[str, object] = {}
    exec((Path(__file__).resolve().parent.parent / "gunicorn.conf.py").read_text(),  # noqa: S102
         settings)
    for name in ("accesslog", "errorlog"):
        config.set(name, settings[name])
    assert config.logger_class is Logger
