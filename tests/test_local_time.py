"""Times are stored in UTC and shown and entered in the school's zone (TEACHING_TIMEZONE)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teaching.local_time import (
    FIRST_YEAR,
    LAST_YEAR,
    LocalTime,
    NoSuchLocalTime,
    OutOfRange,
    TimeZoneError,
    load,
)

ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]
# Whole minutes, as a teacher enters them, over years with and without summer time.
entered_times = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2037, 12, 31)
                             ).map(lambda when: when.replace(second=0, microsecond=0))


@given(zone=st.sampled_from(ZONES), entered=entered_times)
def test_a_time_entered_in_any_zone_is_shown_back_as_entered(zone: str,
                                                             entered: datetime) -> None:
    local = load(zone)
    try:
        stored = local.to_utc(entered)
    except NoSuchLocalTime as refusal:  # in the hour skipped when clocks go forward
        assert local.name in str(refusal)
        return
    assert local.show(stored).rsplit(" ", 1)[0] == entered.strftime("%Y-%m-%d %H:%M")
    assert local.local(stored).replace(tzinfo=None) == entered


@given(zone=st.sampled_from([*ZONES, "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Niue"]),
       entered=st.datetimes().map(lambda when: when.replace(microsecond=0)))
def test_any_time_the_form_accepts_is_kept_or_refused_with_a_sentence(
        zone: str, entered: datetime) -> None:
    local = load(zone)
    try:
        stored = local.to_utc(entered)
    except NoSuchLocalTime:
        return
    except OutOfRange as refusal:
        assert not FIRST_YEAR <= entered.year <= LAST_YEAR
        assert str(refusal).endswith(f"enter a year from {FIRST_YEAR} to {LAST_YEAR}.")
        return
    assert local.local(stored).replace(tzinfo=None) == entered


def test_paris_in_winter_and_summer() -> None:
    paris = load("Europe/Paris")
    assert paris.to_utc(datetime(2026, 1, 15, 10, 40)) == datetime(2026, 1, 15, 9, 40)
    assert paris.show(datetime(2026, 1, 15, 9, 40)) == "2026-01-15 10:40 CET"
    assert paris.show(datetime(2026, 7, 15, 8, 40), "%H:%M") == "10:40 CEST"


def test_the_skipped_hour_is_refused_and_the_repeated_hour_is_read_as_its_first() -> None:
    paris = load("Europe/Paris")
    with pytest.raises(NoSuchLocalTime, match="02:30 does not exist on 29 March 2026 in "
                                              "Europe/Paris"):
        paris.to_utc(datetime(2026, 3, 29, 2, 30))
    first = paris.to_utc(datetime(2026, 10, 25, 2, 30))
    assert first == datetime(2026, 10, 25, 0, 30)
    assert paris.show(first) == "2026-10-25 02:30 CEST"
    assert paris.show(first + timedelta(hours=1)) == "2026-10-25 02:30 CET"


@pytest.mark.parametrize("name", ["Europe/Pari", "CEST+1", "../etc/passwd", "/etc/localtime"])
def test_a_zone_this_machine_does_not_know_is_refused_with_a_sentence(name: str) -> None:
    with pytest.raises(TimeZoneError, match=r"TEACHING_TIMEZONE is '.*', which is not a time "
                                            r"zone this machine knows\. Set TEACHING_TIMEZONE"):
        load(name)


def test_without_a_setting_the_servers_zone_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    assert load("") == LocalTime(load("Asia/Kolkata").zone, "Asia/Kolkata")
