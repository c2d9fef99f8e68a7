"""Clean error pages: a message a person can act on, never a traceback."""

from __future__ import annotations

import math
import time
from typing import Any

from flask import Flask, render_template
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from teaching.storage.db import SQLITE_BUSY_TIMEOUT_MS
from teaching.storage.valid_rows import InvalidText
from teaching.web.security import limiter

# Retry-After is sent by these handlers only, on 503 and 429, in whole seconds (the limiter's
# own headers are off: they put it on every response of a limited view, 200s too). A busy
# database is waited out by one save at a time for the busy timeout; retry after that.
BUSY_RETRY_SECONDS = math.ceil(SQLITE_BUSY_TIMEOUT_MS / 1000)

HEADINGS = {
    400: "The request could not be understood",
    403: "That page is not for your account",
    404: "Page not found",
    405: "That action is not allowed here",
    413: "That was too much to send",
    422: "Please check the form",
    429: "Too many tries in a short time",
    500: "Something went wrong on our side",
    503: "Busy for a moment",
}


def _page(status: int, message: str) -> Any:
    heading = HEADINGS.get(status, "Something went wrong")
    return render_template("errors/error.html", heading=heading, message=message), status


def _http_error(error: HTTPException) -> Any:
    return _page(error.code or 500, error.description or "")


def _csrf_error(_error: CSRFError) -> Any:
    return _page(400, "This form was sent without a valid security token: it may have been sent "
                      "twice, or from a page opened before you signed in. Go back, reload the "
                      "page and try again. Answers you already saved are kept.")


def _database_busy(_error: OperationalError) -> Any:
    body, status = _page(503, "The database is busy. Wait a few seconds and try again; "
                              "nothing you saved before is lost.")
    # Retryable: the page's script and well-behaved clients try again after this many seconds.
    return body, status, {"Retry-After": str(BUSY_RETRY_SECONDS)}


def _too_many(error: RateLimitExceeded) -> Any:
    body, status = _page(429, error.description or "")
    # The seconds until the limit's window lets this client in again.
    limit = limiter.current_limit
    wait = int(limit.reset_at - time.time()) if limit is not None else 60
    return body, status, {"Retry-After": str(max(1, wait))}


def _invalid_text(error: InvalidText) -> Any:
    # The request's own check (text_guard) names the field; this is its net, so say what we can.
    return _page(400, f"This could not be saved: {error}. Remove that character and try again.")


def init_app(app: Flask) -> None:
    """Register the error pages."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(InvalidText, _invalid_text)
    app.register_error_handler(RateLimitExceeded, _too_many)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_busy)
