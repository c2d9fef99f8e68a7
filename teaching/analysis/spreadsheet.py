"""Write CSV that opens safely, and correctly, in a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain decimal number ("-1.000", "+2", "3e-5"): a spreadsheet reads it as a number, never as
# a formula, so quoting it would only turn a number into text.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Excel on Windows reads a CSV file as the local code page unless it starts with a byte-order
# mark; every other spreadsheet program ignores the mark.
CSV_ENCODING = "utf-8-sig"
CSV_MIMETYPE = "text/csv; charset=utf-8"


def safe_cell(value: Any) -> Any:
    """Quote text that a spreadsheet would take for a formula; leave numbers alone."""
    if (isinstance(value, str) and value.startswith(_FORMULA_STARTS)
            and not _NUMBER.fullmatch(value)):
        return "'" + value
    return "" if value is None else value


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Return the rows as CSV text, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def csv_download(rows: Iterable[Iterable[Any]]) -> bytes:
    """Return the rows as a CSV file to download: UTF-8 with a byte-order mark, cells made safe."""
    return csv_text(rows).encode(CSV_ENCODING)
