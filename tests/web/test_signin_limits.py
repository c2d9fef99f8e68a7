"""Limits on sign-in, registration and class codes: they stop guessing and floods, never a class."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from teaching.content.catalog import Catalog
from teaching.storage import classes
from teaching.storage.db import Database
from teaching.web.state import app_state
from tests.helpers.accounts import PASSWORD, make_user
from tests.helpers.apps import AppMaker
from tests.helpers.course import serving
from tests.helpers.pages import csrf_token


def browser_at(app: Flask, address: str) -> FlaskClient:
    """Return a browser whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign_in(client: FlaskClient, username: str, password: str) -> int:
    """Send the sign-in form; return the status."""
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_token(client)}).status_code


def test_a_classmate_guessing_a_password_does_not_lock_the_student_out(
        app: Flask, database: Database) -> None:
    make_user(database, "lin")
    classmate = browser_at(app, "10.0.0.66")
    guesses = [sign_in(classmate, "lin", f"guess {n}") for n in range(60)]
    assert guesses[:10] == [401] * 10 and set(guesses[10:]) == {429}  # guessing is slowed down
    student = browser_at(app, "10.0.0.7")
    assert sign_in(student, "lin", PASSWORD) == 302  # and Lin, at her own computer, gets in


def test_guesses_from_many_addresses_never_lock_the_student_out(
        app: Flask, database: Database) -> None:
    # Each address gets its 10 checks a minute for the name; none of them is counted against
    # the student at her own computer (the second red team locked her out with 10 addresses).
    make_user(database, "lin")
    for n in range(12):
        guesser = browser_at(app, f"203.0.113.{n}")
        assert [sign_in(guesser, "LIN", f"guess {m}") for m in range(11)] == [401] * 10 + [429]
    assert sign_in(browser_at(app, "198.51.100.7"), "lin", PASSWORD) == 302


def test_a_whole_school_behind_one_address_signs_in_whatever_one_student_types(
        app: Flask, database: Database) -> None:
    # One student at the school's address tries 300 names, each wrong: the school still signs
    # in (wrong passwords for other names never refuse a right one).
    names = [f"student{n:02d}" for n in range(40)]
    for name in names:
        make_user(database, name)
    school = "192.0.2.1"
    sprayer = browser_at(app, school)
    assert {sign_in(sprayer, f"nobody{n}", "x") for n in range(300)} == {401}

    assert [sign_in(browser_at(app, school), name, PASSWORD) for name in names] == [302] * 40


def test_one_address_can_have_only_so_many_passwords_checked(
        app: Flask, database: Database) -> None:
    # The cap on every attempt from one address, whatever the names: it keeps a flood from
    # taking the server's CPU, and is far above what a school signing in at once sends.
    app.config["RATELIMIT_SIGNIN_PER_ADDRESS"] = "20 per minute"
    flood = browser_at(app, "192.0.2.2")
    assert [sign_in(flood, f"name{n}", "x") for n in range(25)] == [401] * 20 + [429] * 5


def register(client: FlaskClient, username: str, password: str = PASSWORD) -> int:
    """Send the registration form; return the status."""
    return client.post("/register", data={
        "username": username, "display_name": "", "password": password, "confirm": password,
        "csrf_token": csrf_token(client, "/register")}).status_code


def test_a_flood_of_registrations_from_one_address_is_stopped(app: Flask) -> None:
    app.config["RATELIMIT_REGISTER_PER_ADDRESS"] = "12 per minute"
    statuses = [register(browser_at(app, "10.0.0.66"), f"flood{n:02d}") for n in range(15)]
    assert statuses == [302] * 12 + [429] * 3
    assert register(browser_at(app, "10.0.0.7"), "lin") == 302  # another address is not held


def test_probing_which_usernames_exist_is_stopped(app: Flask, database: Database) -> None:
    app.config["RATELIMIT_REGISTER_REFUSED_PER_ADDRESS"] = "5 per minute"
    for name in ("lin", "mei", "wei"):
        make_user(database, name)
    prober = browser_at(app, "10.0.0.66")
    # A student choosing a password is not counted: eight weak ones, and she is still heard.
    assert [register(prober, "newcomer", "12345678") for _ in range(8)] == [422] * 8
    statuses = [register(prober, name) for name in ["lin", "mei", "wei"] * 3]
    assert statuses == [422] * 5 + [429] * 4


def join(client: FlaskClient, code: str) -> str:
    """Type a class code; return what the student is told (or the refusal's status)."""
    response = client.post("/assignments/join", data={
        "code": code, "csrf_token": csrf_token(client, "/assignments")})
    if response.status_code != 302:
        return str(response.status_code)
    page = client.get("/assignments").get_data(as_text=True)
    return "joined" if "You are in the class" in page else "refused"


def class_code(database: Database) -> str:
    """Create Mrs Wu's class and return its join code."""
    teacher = make_user(database, "mrs-wu", "teacher")
    with database.session() as session:
        return classes.create_class(session, teacher.id, "History 9A").code


def student_at(app: Flask, database: Database, name: str, address: str) -> FlaskClient:
    """Create a student and sign them in from ``address``; return their browser."""
    make_user(database, name)
    browser = browser_at(app, address)
    assert sign_in(browser, name, PASSWORD) == 302
    return browser


def test_guessing_class_codes_is_stopped_but_the_right_code_still_joins(
        app: Flask, database: Database) -> None:
    app.config["RATELIMIT_JOIN_FAILURES_PER_ACCOUNT"] = "6 per minute"
    code = class_code(database)
    guesser = student_at(app, database, "guesser", "10.0.0.66")
    assert [join(guesser, f"WRONG{n}") for n in range(8)] == ["refused"] * 6 + ["429"] * 2
    # A class joining together from that same address: right codes never count.
    for n in range(10):
        make_user(database, f"student{n}")
        student = browser_at(app, "10.0.0.66")
        assert sign_in(student, f"student{n}", PASSWORD) == 302
        assert join(student, code) == "joined"


def test_wrong_codes_from_many_accounts_at_one_address_are_stopped(
        app: Flask, database: Database) -> None:
    app.config["RATELIMIT_JOIN_FAILURES_PER_ADDRESS"] = "9 per minute"
    results = []
    for n in range(4):
        make_user(database, f"guesser{n}")
        guesser = browser_at(app, "10.0.0.66")
        assert sign_in(guesser, f"guesser{n}", PASSWORD) == 302
        results += [join(guesser, f"WRONG{n}{m}") for m in range(3)]
    assert results == ["refused"] * 9 + ["429"] * 3


def test_behind_a_proxy_each_student_has_the_address_the_proxy_saw(
        make_app: AppMaker, database_url: str, parsed_course: Catalog) -> None:
    app = make_app({"DATABASE_URL": database_url, "PROXIES": 1, **serving(parsed_course)})
    make_user(app_state(app).database, "lin")
    classmate, student = app.test_client(), app.test_client()
    classmate.environ_base["HTTP_X_FORWARDED_FOR"] = "10.0.0.66"
    student.environ_base["HTTP_X_FORWARDED_FOR"] = "10.0.0.7"
    guesses = [sign_in(classmate, "lin", f"guess {n}") for n in range(12)]
    assert guesses == [401] * 10 + [429] * 2
    assert sign_in(student, "lin", PASSWORD) == 302


def test_without_a_proxy_a_forged_address_changes_nothing(app: Flask,
                                                          database: Database) -> None:
    make_user(database, "lin")
    guesser = app.test_client()
    statuses = []
    for n in range(12):
        guesser.environ_base["HTTP_X_FORWARDED_FOR"] = f"10.9.0.{n}"  # a new address each time
        statuses.append(sign_in(guesser, "lin", f"guess {n}"))
    assert statuses[:10] == [401] * 10 and statuses[10:] == [429] * 2


def test_wrong_codes_from_one_address_never_keep_its_students_out_of_their_class(
        app: Flask, database: Database) -> None:
    # Past the address's limit, wrong codes are refused, but a right one still joins: a few
    # accounts typing wrong codes must not shut a whole school behind one address out.
    app.config["RATELIMIT_JOIN_FAILURES_PER_ADDRESS"] = "3 per minute"
    code = class_code(database)
    guesser = student_at(app, database, "guesser", "10.0.0.66")
    assert [join(guesser, f"WRONG{n}") for n in range(5)] == ["refused"] * 3 + ["429"] * 2
    honest = student_at(app, database, "honest", "10.0.0.66")

    assert join(honest, code) == "joined"


def test_taken_names_from_one_address_never_keep_a_new_pupil_from_registering(
        app: Flask, database: Database) -> None:
    app.config["RATELIMIT_REGISTER_REFUSED_PER_ADDRESS"] = "3 per minute"
    make_user(database, "lin")
    prober = browser_at(app, "10.0.0.66")
    assert [register(prober, "lin") for _ in range(5)] == [422] * 3 + [429] * 2

    assert register(browser_at(app, "10.0.0.66"), "newkid1") == 302


def test_taken_names_never_use_up_the_accounts_an_address_may_create(
        app: Flask, database: Database) -> None:
    # At the default limits: the refused names are counted apart from the accounts created.
    make_user(database, "lin")
    prober = browser_at(app, "10.0.0.66")
    assert [register(prober, "lin") for _ in range(31)] == [422] * 30 + [429]

    assert register(browser_at(app, "10.0.0.66"), "newkid1") == 302


def test_behind_a_busy_address_an_account_still_cannot_try_codes_without_end(
        app: Flask, database: Database) -> None:
    # Codes refused by the address's limit still count against the account: after its 10, a
    # right code is refused too, so 429s tell nothing about which codes are right.
    app.config["RATELIMIT_JOIN_FAILURES_PER_ADDRESS"] = "3 per minute"
    code = class_code(database)
    first = student_at(app, database, "gone", "10.0.0.66")
    assert [join(first, f"WRONG{n}") for n in range(3)] == ["refused"] * 3
    second = student_at(app, database, "gtwo", "10.0.0.66")
    assert {join(second, f"OTHER{n}") for n in range(12)} == {"429"}

    assert join(second, code) == "429"
