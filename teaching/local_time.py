"""The school's time zone: times are stored in UTC and shown and entered in local time.

``TEACHING_TIMEZONE`` names the zone (an IANA name such as Europe/Paris); by default it is the
server's own. Plain Python (zoneinfo), so that storage messages and pages share one reading.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Where Debian (and most systems) say which zone the machine is in.
_TIMEZONE_FILE = Path("/etc/timezone")
_LOCALTIME_LINK = Path("/etc/localtime")

DATE_TIME = "%Y-%m-%d %H:%M"
LONG_DATE_TIME = "%d %B %Y, %H:%M"
CLOCK = "%H:%M"
CLOCK_SECONDS = "%H:%M:%S"


class TimeZoneError(ValueError):
    """TEACHING_TIMEZONE names no time zone this machine knows."""


class NoSuchLocalTime(ValueError):
    """A local time entered falls in the hour skipped when clocks go forward."""


class OutOfRange(ValueError):
    """A local time entered is so near year 1 or 9999 that in UTC it falls outside them."""


# Years every zone can convert: no zone is a whole day from UTC.
FIRST_YEAR, LAST_YEAR = 2, 9998


@dataclass(frozen=True)
class LocalTime:
    """Show naive UTC times in the school's zone, and read local times back into UTC."""

    zone: tzinfo
    name: str  # the IANA name, as pages name the zone: "Europe/Paris"

    def local(self, when: datetime) -> datetime:
        """Return a naive UTC time (as the database stores it) in the school's zone."""
        return when.replace(tzinfo=UTC).astimezone(self.zone)

    def show(self, when: datetime, pattern: str = DATE_TIME) -> str:
        """Return the time in local time with the zone's abbreviation: "2026-03-02 10:40 CET"."""
        local = self.local(when)
        return f"{local.strftime(pattern)} {local.strftime('%Z')}"

    def to_utc(self, entered: datetime) -> datetime:
        """Return a naive local time, as entered, as naive UTC; refuse one that never happens.

        A time in the hour repeated when clocks go back is read as its first occurrence. Raise
        OutOfRange for a time whose UTC would fall before year 1 or after year 9999.
        """
        local = entered.replace(tzinfo=self.zone, fold=0)
        try:
            utc = local.astimezone(UTC)
            utc.astimezone(self.zone)
        except OverflowError:
            raise OutOfRange(
                f"{entered.strftime('%H:%M')} on {entered.strftime('%d %B %Y').lstrip('0')} "
                "is too far in the past or the future for this server; enter a year from "
                f"{FIRST_YEAR} to {LAST_YEAR}.") from None
        if utc.astimezone(self.zone).replace(tzinfo=None) != entered.replace(fold=0):
            raise NoSuchLocalTime(
                f"{entered.strftime('%H:%M')} does not exist on "
                f"{entered.strftime('%d %B %Y').lstrip('0')} in {self.name}: the clocks go "
                "forward then. Choose a time outside the skipped hour.")
        return utc.replace(tzinfo=None)


# Coordinated time itself: what bank loaders read times in when no school zone is given.
UTC_TIME = LocalTime(UTC, "UTC")


def server_zone_name() -> str:
    """Return the IANA name of the server's own zone (TZ, /etc/timezone, /etc/localtime)."""
    configured = os.environ.get("TZ", "").removeprefix(":").strip()
    if configured:
        return configured
    try:
        named = _TIMEZONE_FILE.read_text().strip()
    except OSError:
        named = ""
    if named:
        return named
    try:
        target = str(_LOCALTIME_LINK.resolve())
    except OSError:
        return "UTC"
    marker = "/zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else "UTC"


def load(setting: str) -> LocalTime:
    """Return the zone TEACHING_TIMEZONE names ("": the server's own); refuse an unknown name."""
    chosen = setting.strip() or server_zone_name()
    try:
        # A path would be read as a file; only names such as "Europe/Paris" are accepted.
        if chosen.startswith(("/", ".")) or ".." in chosen:
            raise ValueError(chosen)
        zone = ZoneInfo(chosen)
    except (ZoneInfoNotFoundError, ValueError):
        origin = "TEACHING_TIMEZONE" if setting else "The server's time zone"
        raise TimeZoneError(
            f"{origin} is '{chosen}', which is not a time zone this machine knows. Set "
            "TEACHING_TIMEZONE to an IANA name such as Europe/Paris, America/New_York or "
            "UTC (install the tzdata package if none is found).") from None
    return LocalTime(zone, chosen)
