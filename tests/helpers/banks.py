"""A teacher uploads and publishes a bank through the forms of the bank pages."""

from __future__ import annotations

import io
import re
from html import unescape
from typing import Any

from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.helpers.pages import csrf_token
from tests.helpers.paths import REPO_ROOT

# A bank with a question of every type, as the documentation shows it.
EXAMPLE = (REPO_ROOT / "docs" / "examples" / "every-type.yaml").read_text(encoding="utf-8")
# A small bank on the telegram (quiz id good-bank) that loads without a remark.
GOOD = (REPO_ROOT / "tests" / "content" / "fixtures" / "banks" / "good.yaml").read_text(
    encoding="utf-8")
_GOOD_SETTINGS = "  settings: {attempts: 2, time_limit: 15m, pass_mark: 60%}\n"


def timed_bank(opens: str, closes: str | None = None) -> str:
    """Return the good bank opening and closing at these times, as written (opens: line 7)."""
    lines = f"  settings:\n    opens: {opens}\n" + (f"    closes: {closes}\n" if closes else "")
    assert _GOOD_SETTINGS in GOOD
    return GOOD.replace(_GOOD_SETTINGS, lines)


def upload(client: FlaskClient, text: str, filename: str = "my-bank.yaml") -> Any:
    """Upload a bank file through the form."""
    return post_multipart(client, "/teacher/banks/preview", {
        "csrf_token": csrf_token(client, "/teacher/banks/"),
        "bank": FileStorage(io.BytesIO(text.encode("utf-8")), filename,
                            content_type="application/octet-stream"),
    })


def post_multipart(client: FlaskClient, url: str, fields: dict[str, Any]) -> Any:
    """Post ``fields`` as multipart/form-data, as a browser's form with enctype set does."""
    # Encoded here, in memory: the test client spools a body over 500 KB to a file it leaves open.
    boundary, body = encode_multipart(MultiDict(fields))
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def publish_form(client: FlaskClient, page: str) -> Any:
    """Press Publish on a preview page, sending what the page's form holds, as a browser does."""
    source = re.search(r'<textarea name="source" hidden aria-hidden="true">(.*?)</textarea>',
                       page, re.S)
    filename = re.search(r'name="filename" value="([^"]*)"', page)
    assert source and filename, "the preview has no Publish form"
    return post_multipart(client, "/teacher/banks/publish", {
        "csrf_token": csrf_token(client, "/teacher/banks/"),
        # A browser sends a text field's line ends as CRLF.
        "source": unescape(source.group(1)).replace("\n", "\r\n"),
        "filename": unescape(filename.group(1))})
