"""Refuse, before any view runs, a request carrying text that cannot be stored.

One check for every entry: the address, the query, form fields, uploaded text files and JSON
bodies. What it refuses is defined in ``teaching.valid_text`` (lone surrogates and NUL); the
storage layer refuses the same again at every ORM flush (``teaching.storage.valid_rows``), for
the command line and anything else that writes without a request.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, abort, jsonify, request

from teaching.valid_text import first_invalid, invalid_part, problem

# In a JSON body a lone surrogate or NUL can only come as an escape (raw, they are not UTF-8
# or not JSON): a body without "\u" needs no parsing here, which keeps the autosave cheap.
_ESCAPE = re.compile(rb"\\u")
_TEXT_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _field(name: str) -> str:
    return f"The field '{name}'"


def _request_problem() -> str | None:
    """Return a message naming the first part of the request whose text cannot be stored."""
    if first_invalid(request.path):
        return problem(request.path, "The address")
    for key, value in request.args.items(multi=True):
        found = problem(key + value, f"The query parameter '{key}'")
        if found:
            return found
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if request.mimetype in _TEXT_FORMS:
        for key, value in request.form.items(multi=True):
            found = problem(key + value, _field(key))
            if found:
                return found
        for key, upload in request.files.items(multi=True):
            found = _file_problem(key, upload)
            if found:
                return found
    elif request.is_json:
        raw = request.get_data(cache=True)
        # Python's JSON reader also takes UTF-16 and UTF-32 bodies, and UTF-8 with encoded
        # surrogates: either way a lone surrogate arrives without a "\u" escape. A body must
        # be strict UTF-8 (as every browser sends), so that the escape search below suffices.
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return "The request is not UTF-8 text; send it again from the page."
        if _ESCAPE.search(raw):
            where = invalid_part(request.get_json(silent=True))
            if where:
                return (f"{where} contains a character that cannot be stored (a null character "
                        "or half of a UTF-16 surrogate pair). Remove it and send again.")
    return None


def _file_problem(key: str, upload: Any) -> str | None:
    """Check an uploaded file's text; a file that is not UTF-8 is left to its view to explain."""
    raw = upload.stream.read()
    upload.stream.seek(0)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    name = upload.filename or key
    return problem(text, f"The file '{name}' (field '{key}')")


def _refuse_invalid_text() -> Any:
    message = _request_problem()
    if message is None:
        return None
    if request.is_json:  # the page's script shows the message where it shows save failures
        return jsonify(saved=False, message=message), 400
    abort(400, description=message)


def init_app(app: Flask) -> None:
    """Check every request's text before its view runs."""
    app.before_request(_refuse_invalid_text)
