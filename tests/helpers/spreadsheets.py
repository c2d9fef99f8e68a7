"""Read a CSV download as a spreadsheet program on Windows would."""

from __future__ import annotations

import csv
import io

from werkzeug.test import TestResponse

BOM = "\ufeff".encode()


def csv_rows(response: TestResponse) -> list[list[str]]:
    """Return the rows of a CSV download, checked to be UTF-8 marked with a byte-order mark."""
    body = response.get_data()
    assert response.mimetype == "text/csv"
    assert response.mimetype_params.get("charset") == "utf-8"
    # Without the mark, Excel on Windows reads the file in the local code page: "Zoë" turns to
    # "ZoÃ«".
    assert body.startswith(BOM), "a CSV download must start with a UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
