"""Clean error pages: a message a person can act on, never a traceback."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from teaching.storage.valid_rows import InvalidText

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
    return body, status, {"Retry-After": "2"}


def _invalid_text(error: InvalidText) -> Any:
    # The request's own check (text_guard) names the field; this is its net, so say what we can.
    return _page(400, f"This could not be saved: {error}. Remove that character and try again.")


def init_app(app: Flask) -> None:
    """Register the error pages."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(InvalidText, _invalid_text)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_busy)
