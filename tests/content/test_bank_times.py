"""A bank's opening times written without a zone are the school's (TEACHING_TIMEZONE), kept in UTC.

Times that name an offset or zone mean what they say, whatever the school's zone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from teaching.content.banks import Quiz, load_bank_text
from teaching.content.catalog import Catalog, load_catalog
from teaching.content.problems import Problem
from teaching.local_time import LocalTime, NoSuchLocalTime, load
from tests.helpers.banks import timed_bank
from tests.helpers.paths import REPO_ROOT

PARIS = load("Europe/Paris")


def loaded(text: str, course: Catalog, zone: LocalTime | None = None) -> tuple[
        Quiz | None, list[Problem]]:
    path = Path("quizzes/timed.yaml")
    if zone is None:
        return load_bank_text(text, path, course.lessons)
    return load_bank_text(text, path, course.lessons, zone=zone)


def test_a_time_without_a_zone_is_the_schools(parsed_course: Catalog) -> None:
    quiz, problems = loaded(timed_bank("2026-03-02 09:00", "2026-07-09 17:00"), parsed_course,
                            PARIS)

    assert problems == []
    assert quiz is not None
    # 09:00 in Paris in winter is 08:00 UTC; 17:00 in summer is 15:00 UTC.
    assert (quiz.settings.opens, quiz.settings.closes) == (
        datetime(2026, 3, 2, 8, 0), datetime(2026, 7, 9, 15, 0))
    assert not quiz.settings.is_open(datetime(2026, 3, 2, 7, 59))
    assert quiz.settings.is_open(datetime(2026, 3, 2, 8, 0))
    assert quiz.settings.is_closed(datetime(2026, 7, 9, 15, 0))


def test_without_a_school_zone_a_time_without_one_is_utc(parsed_course: Catalog) -> None:
    quiz, _ = loaded(timed_bank("2026-03-02 09:00"), parsed_course)

    assert quiz is not None and quiz.settings.opens == datetime(2026, 3, 2, 9, 0)


@settings(max_examples=40, deadline=None)
@given(zone_name=st.timezone_keys(allow_prefix=False),
       written=st.datetimes(datetime(2000, 1, 1), datetime(2037, 12, 31)).map(
           lambda when: when.replace(second=0, microsecond=0)),
       offset_minutes=st.integers(-14 * 60, 14 * 60).map(lambda minutes: minutes // 15 * 15))
def test_every_zone_keeps_the_wall_time_written_and_an_offset_means_what_it_says(
        parsed_course: Catalog, zone_name: str, written: datetime, offset_minutes: int) -> None:
    zone = load(zone_name)
    try:
        zone.to_utc(written)
    except NoSuchLocalTime:
        assume(False)  # a time the clocks skip there: refused, see below
    naive = written.strftime("%Y-%m-%d %H:%M")
    sign, minutes = "+-"[offset_minutes < 0], abs(offset_minutes)
    offset = f"{naive}{sign}{minutes // 60:02}:{minutes % 60:02}"

    quiz, problems = loaded(timed_bank(naive, offset), parsed_course, zone)
    if written - timedelta(minutes=offset_minutes) <= zone.to_utc(written):
        return  # closes before it opens: another error, tested elsewhere

    assert quiz is not None, problems
    assert quiz.settings.opens is not None and quiz.settings.closes is not None
    assert zone.local(quiz.settings.opens).replace(tzinfo=None) == written
    assert quiz.settings.closes == written - timedelta(minutes=offset_minutes)


def test_a_time_the_clocks_skip_is_an_error_at_its_place(parsed_course: Catalog) -> None:
    quiz, problems = loaded(timed_bank("2026-03-29 02:30"), parsed_course, PARIS)

    assert quiz is None
    assert [str(problem) for problem in problems] == [
        "quizzes/timed.yaml:7:12: the quiz, 'settings.opens': 02:30 does not exist on 29 March "
        "2026 in Europe/Paris: the clocks go forward then. Choose a time outside the skipped "
        "hour."]


def test_a_time_the_clocks_repeat_is_its_first_occurrence(parsed_course: Catalog) -> None:
    quiz, _ = loaded(timed_bank("2026-10-25 02:30"), parsed_course, PARIS)

    assert quiz is not None
    assert quiz.settings.opens == datetime(2026, 10, 25, 0, 30)  # 02:30 CEST, not CET


def test_the_catalog_reads_its_banks_in_the_schools_zone(tmp_path: Path) -> None:
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    (quizzes / "timed.yaml").write_text(timed_bank("2026-03-02 09:00"), encoding="utf-8")

    catalog = load_catalog(REPO_ROOT / "lessons", quizzes, zone=PARIS)

    assert catalog.quizzes["good-bank"].settings.opens == datetime(2026, 3, 2, 8, 0)
