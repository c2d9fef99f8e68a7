"""The access line is gunicorn's own, built from fewer atoms."""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from teaching.access_log import AccessLogger

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
FULL_REQUEST = {
    "REMOTE_ADDR": "10.1.2.3", "REQUEST_METHOD": "POST", "RAW_URI": "/attempts/abc?x=1",
    "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": "/attempts/abc", "QUERY_STRING": "x=1",
    "HTTP_REFERER": 'https://school.example/"quoted"', "HTTP_USER_AGENT": "Mozilla/5.0 (X11)",
    "HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"teacher:secret").decode(),
}
BARE_REQUEST = {"REQUEST_METHOD": "GET", "RAW_URI": "/", "SERVER_PROTOCOL": "HTTP/1.0"}


def access_line(logger_class: type[Logger], log: Path, environ: dict[str, str],
                sent: int | None = 1234, access_format: str | None = None) -> str:
    """Log one request with ``logger_class`` and return the line it wrote."""
    config = Config()
    config.set("accesslog", str(log))
    if access_format is not None:
        config.set("access_log_format", access_format)
    logger = logger_class(config)
    logger.now = lambda: "[28/Nov/2026:10:00:00 +0000]"  # type: ignore[method-assign]
    response = SimpleNamespace(status="302 FOUND", sent=sent,
                               headers=[("Location", "/attempts/abc"), ("X-Frame-Options", "DENY")])
    request = SimpleNamespace(headers=[("HOST", "school.example"), ("X-FORWARDED-FOR", "10.9.9.9")])
    logger.access(response, request, environ, timedelta(seconds=1, microseconds=2500))
    for handler in logger.access_log.handlers:
        handler.close()
    return log.read_text().splitlines()[-1]


@pytest.mark.parametrize(("environ", "sent"), [(FULL_REQUEST, 1234), (BARE_REQUEST, None)])
def test_the_default_line_is_gunicorns_to_the_character(tmp_path: Path, environ: dict[str, str],
                                                        sent: int | None) -> None:
    ours = access_line(AccessLogger, tmp_path / "ours.log", environ, sent)
    assert ours == access_line(Logger, tmp_path / "theirs.log", environ, sent)
    assert ours.split(" [")[0] in ("10.1.2.3 - teacher", "- - -")


def test_another_format_is_left_to_gunicorn(tmp_path: Path) -> None:
    custom = '%(h)s "%(r)s" %(s)s %(M)s ms host=%({host}i)s frame=%({x-frame-options}o)s'
    ours = access_line(AccessLogger, tmp_path / "ours.log", FULL_REQUEST, access_format=custom)
    assert ours == access_line(Logger, tmp_path / "theirs.log", FULL_REQUEST, access_format=custom)
    assert ours == ('10.1.2.3 "POST /attempts/abc?x=1 HTTP/1.1" 302 1002 ms'
                    ' host=school.example frame=DENY')


def test_the_servers_configuration_uses_it() -> None:
    settings: dict[str, Any] = {}
    exec(SETTINGS_FILE.read_text(), settings)  # noqa: S102 - our own settings file
    assert settings["logger_class"] == "teaching.access_log.AccessLogger"
