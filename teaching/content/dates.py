"""Archive dates as catalogues write them ("July 1945", "9 July 1945", "c. 1945"), made sortable."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_PATTERNS = [
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$"),  # July 9, 1945
    re.compile(rf"^(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{4}})$"),    # 9 July 1945
    re.compile(rf"^{_MONTH}\s+(?P<year>\d{{4}})$"),                          # July 1945
    re.compile(r"^(?P<circa>(?:c\.|ca\.|circa)\s*)?(?P<year>\d{4})$", re.IGNORECASE),
]

# Precision ranks: within the same period a precise date sorts first, then a month, then a year,
# then an approximate year.
DAY, MONTH, YEAR, CIRCA = 0, 1, 2, 3


@dataclass(frozen=True, order=True)
class ArchiveDate:
    """A date as the record gives it, with what it pins down (year, month, day)."""

    year: int
    month: int | None
    day: int | None
    circa: bool
    text: str

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """Order by period; within a period, a precise date before a month, a year, a 'c.'."""
        if self.circa:
            precision = CIRCA
        elif self.day is not None:
            precision = DAY
        elif self.month is not None:
            precision = MONTH
        else:
            precision = YEAR
        # A month-only date sorts after every day of its month, a year-only date after every month
        # of its year: "9 July 1945" < "July 1945" < "1 August 1945" < "1945" < "c. 1945".
        return (self.year, self.month or 13, self.day or 32, precision)


def parse_date(text: str) -> ArchiveDate | None:
    """Read a catalogue date; return None when it is in no form we know."""
    cleaned = " ".join(text.split())
    for pattern in _PATTERNS:
        match = pattern.match(cleaned)
        if match is None:
            continue
        fields = match.groupdict()
        month = None
        if fields.get("month"):
            month = MONTHS.get(fields["month"].lower())
            if month is None:
                return None
        day = int(fields["day"]) if fields.get("day") else None
        if day is not None and not 1 <= day <= 31:
            return None
        return ArchiveDate(int(fields["year"]), month, day, bool(fields.get("circa")), cleaned)
    return None
