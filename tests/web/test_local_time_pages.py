"""Pages show and take times in the school's zone (TEACHING_TIMEZONE), and store them in UTC."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from teaching.content.catalog import Catalog
from teaching.local_time import TimeZoneError
from teaching.storage.classes import Assignment
from teaching.storage.db import Database
from teaching.storage.models import Attempt, utcnow
from teaching.web.state import app_state
from tests.helpers.accounts import Auth
from tests.helpers.apps import AppMaker
from tests.helpers.banks import publish_form, timed_bank, upload
from tests.helpers.classroom import build_classroom, join
from tests.helpers.course import serving
from tests.helpers.pages import csrf_token
from tests.helpers.paths import REPO_ROOT
from tests.helpers.quiz import QUIZ_ID, autosave, short_question, start

ZONE = "Europe/Paris"


@pytest.fixture
def app(make_app: AppMaker, database_url: str, parsed_course: Catalog) -> Flask:
    """Return the app of a school in Paris."""
    return make_app({"DATABASE_URL": database_url, "TIMEZONE": ZONE, **serving(parsed_course)})


def assign(client: FlaskClient, url: str, **window: str) -> object:
    """Assign the telegram quiz with the class page's form."""
    return client.post(f"{url}/assignments", data={
        "quiz_id": QUIZ_ID, "csrf_token": csrf_token(client, url), **window})


def stored_window(database: Database) -> tuple[datetime | None, datetime | None]:
    with database.session() as session:
        assignment = session.scalars(select(Assignment)).one()
        return assignment.opens_at, assignment.closes_at


def test_a_window_entered_in_paris_is_stored_in_utc_and_shown_back_as_entered(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = build_classroom(database, app_state(app).catalog.quizzes[QUIZ_ID])
    auth.login(room.teacher.username)
    url = f"/teacher/classes/{room.class_id}"
    page = client.get(url).get_data(as_text=True)
    assert f"Times are in {ZONE} time." in page
    assert f"Opens ({ZONE})" in page

    # Winter to summer: the clocks go forward on 29 March 2026 in between.
    response = assign(client, url, opens_at="2026-03-28T10:40", closes_at="2026-03-30T10:40")

    assert response.status_code == 302
    assert stored_window(database) == (datetime(2026, 3, 28, 9, 40), datetime(2026, 3, 30, 8, 40))
    page = client.get(url).get_data(as_text=True)
    assert '<time datetime="2026-03-28T09:40:00Z">2026-03-28 10:40 CET</time>' in page
    assert '<time datetime="2026-03-30T08:40:00Z">2026-03-30 10:40 CEST</time>' in page


def test_a_time_in_the_hour_the_clocks_skip_is_refused_and_nothing_is_stored(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = build_classroom(database, app_state(app).catalog.quizzes[QUIZ_ID])
    auth.login(room.teacher.username)
    url = f"/teacher/classes/{room.class_id}"
    before = stored_window(database)

    response = assign(client, url, opens_at="2026-03-29T02:30")

    assert response.status_code == 422
    assert ("02:30 does not exist on 29 March 2026 in Europe/Paris: the clocks go forward "
            "then.") in response.get_data(as_text=True)
    assert stored_window(database) == before


@pytest.mark.parametrize(("zone", "field", "entered", "message"), [
    ("Asia/Tokyo", "opens_at", "0001-01-01T00:00",
     "The opening time cannot be kept: 00:00 on 1 January 1 is too far in the past or the "
     "future for this server; enter a year from 2 to 9998."),
    ("America/New_York", "closes_at", "9999-12-31T20:00",
     "The closing time cannot be kept: 20:00 on 31 December 9999 is too far")])
def test_a_time_too_far_off_to_keep_is_refused_naming_its_field(
        make_app: AppMaker, database_url: str, parsed_course: Catalog, zone: str, field: str,
        entered: str, message: str) -> None:
    app = make_app({"DATABASE_URL": database_url, "TIMEZONE": zone, **serving(parsed_course)})
    database = app_state(app).database
    client = app.test_client()
    room = build_classroom(database, app_state(app).catalog.quizzes[QUIZ_ID])
    Auth(client, database).login(room.teacher.username)
    url = f"/teacher/classes/{room.class_id}"
    before = stored_window(database)

    response = assign(client, url, **{field: entered})

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert stored_window(database) == before


def test_a_student_reads_when_the_assignment_opens_in_local_time(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = build_classroom(database, app_state(app).catalog.quizzes[QUIZ_ID])
    auth.login(room.teacher.username)
    assign(client, f"/teacher/classes/{room.class_id}", opens_at="2037-01-10T08:15")
    auth.logout()
    auth.student()
    join(client, room.code)

    about = client.get(f"/quizzes/{QUIZ_ID}").get_data(as_text=True)
    refused = client.post(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")}, follow_redirects=True)

    for page in (about, refused.get_data(as_text=True)):
        assert "This quiz opens for your class at 2037-01-10 08:15 CET." in page
    assert "2037-01-10 08:15 CET" in client.get("/assignments").get_data(as_text=True)


def test_the_question_page_says_when_time_ends_in_local_time(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.student()
    url = start(client)
    with database.session() as session:
        deadline = session.scalars(select(Attempt)).one().deadline
    assert deadline is not None
    page = client.get(url).get_data(as_text=True)
    shown = re.search(r"ends at <time datetime=\"[^\"]+Z\">(\d\d:\d\d) (CES?T)</time>", page)
    assert shown is not None, page
    offset = 2 if shown.group(2) == "CEST" else 1  # the abbreviation names the offset used
    assert shown.group(1) == (deadline + timedelta(hours=offset)).strftime("%H:%M")
    saved = autosave(client, url, short_question(database, url), "Soong", revision=1).get_json()
    assert re.fullmatch(r"\d\d:\d\d:\d\d CES?T", saved["saved_at"])
    assert "Started (Europe/Paris)" in client.get("/progress").get_data(as_text=True)


def test_an_unknown_zone_stops_the_app_with_a_sentence(make_app: AppMaker,
                                                       database_url: str) -> None:
    with pytest.raises(TimeZoneError, match="TEACHING_TIMEZONE is 'Europe/Pari'"):
        make_app({"DATABASE_URL": database_url, "TIMEZONE": "Europe/Pari"})


def test_the_audit_log_shows_its_times_in_local_time(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = build_classroom(database, app_state(app).catalog.quizzes[QUIZ_ID])
    auth.login(room.teacher.username)
    assign(client, f"/teacher/classes/{room.class_id}", opens_at="2026-07-01T09:00")
    page = client.get("/teacher/log").get_data(as_text=True)
    assert f"When ({ZONE})" in page
    today = app_state(app).local_time.local(utcnow()).strftime("%Y-%m-%d")
    assert re.search(rf"<time datetime=\"[^\"]+Z\">{today} \d\d:\d\d:\d\d CES?T</time>", page)
    assert "opens at: 2026-07-01 09:00 CEST" in page  # stored as 07:00 UTC


def test_the_server_refuses_to_start_in_a_zone_it_does_not_know(tmp_path: Path) -> None:
    started = subprocess.run(
        [sys.executable, "-c", "import wsgi"], cwd=REPO_ROOT, capture_output=True, text=True,
        env={**os.environ, "TEACHING_TIMEZONE": "Europe/Pari",
             "TEACHING_INSTANCE_DIR": str(tmp_path)}, timeout=60)
    assert started.returncode == 1
    assert started.stderr.strip() == (
        "teaching: TEACHING_TIMEZONE is 'Europe/Pari', which is not a time zone this machine "
        "knows. Set TEACHING_TIMEZONE to an IANA name such as Europe/Paris, America/New_York "
        "or UTC (install the tzdata package if none is found).")


def test_a_banks_time_without_a_zone_is_read_and_shown_in_the_schools_zone(
        make_app: AppMaker, database_url: str, tmp_path: Path) -> None:
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    (quizzes / "timed.yaml").write_text(timed_bank("2026-03-02 09:00"), encoding="utf-8")
    paris = make_app({"DATABASE_URL": database_url, "TIMEZONE": ZONE, "QUIZZES_DIR": quizzes,
                      "LESSONS_DIR": REPO_ROOT / "lessons", "CATALOG_CACHE_DIR": tmp_path / "b"})

    page = paris.test_client().get("/quizzes/good-bank").get_data(as_text=True)

    assert '<time datetime="2026-03-02T08:00:00Z">02 March 2026, 09:00 CET</time>' in page
    settings = app_state(paris).catalog.quizzes["good-bank"].settings
    assert not settings.is_open(datetime(2026, 3, 2, 7, 59))
    assert settings.is_open(datetime(2026, 3, 2, 8, 0))


def test_a_bank_uploaded_in_the_browser_reads_its_times_in_the_schools_zone(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.teacher()
    text = timed_bank("2026-03-02 09:00", "2026-03-09 17:00+00:00").replace(
        "id: good-bank", "id: my-timed-bank")

    publish_form(client, upload(client, text).get_data(as_text=True))
    page = client.get("/quizzes/my-timed-bank").get_data(as_text=True)

    assert '<time datetime="2026-03-02T08:00:00Z">02 March 2026, 09:00 CET</time>' in page
    # An offset written in the bank means what it says.
    assert '<time datetime="2026-03-09T17:00:00Z">09 March 2026, 18:00 CET</time>' in page
    skipped = upload(client, timed_bank("2026-03-29 02:30").replace("good-bank", "skipped"))
    assert ("<code>7:12</code> the quiz, &#39;settings.opens&#39;: 02:30 does not exist on 29 "
            "March 2026 in Europe/Paris") in skipped.get_data(as_text=True)
