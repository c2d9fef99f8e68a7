"""A teacher uploads and publishes a bank through the forms of the bank pages."""

from __future__ import annotations

import io
import re
from html import unescape
from typing import Any

from flask.testing import FlaskClient

from tests.helpers.pages import csrf_token
from tests.helpers.paths import REPO_ROOT

# A bank with a question of every type, as the documentation shows it.
EXAMPLE = (REPO_ROOT / "docs" / "examples" / "every-type.yaml").read_text(encoding="utf-8")


def upload(client: FlaskClient, text: str, filename: str = "my-bank.yaml") -> Any:
    """Upload a bank file through the form."""
    return client.post("/teacher/banks/preview", data={
        "csrf_token": csrf_token(client, "/teacher/banks/"),
        "bank": (io.BytesIO(text.encode("utf-8")), filename),
    }, content_type="multipart/form-data")


def publish_form(client: FlaskClient, page: str) -> Any:
    """Press Publish on a preview page, sending what the page's form holds."""
    source = re.search(r'<textarea name="source" hidden aria-hidden="true">(.*?)</textarea>',
                       page, re.S)
    filename = re.search(r'name="filename" value="([^"]*)"', page)
    assert source and filename, "the preview has no Publish form"
    return client.post("/teacher/banks/publish", data={
        "csrf_token": csrf_token(client, "/teacher/banks/"),
        "source": unescape(source.group(1)), "filename": unescape(filename.group(1))})
