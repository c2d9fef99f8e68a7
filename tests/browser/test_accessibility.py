"""The accessibility gate: axe-core finds no WCAG 2.2 A or AA fault on any page a person reaches.

Each page state is a test of its own, so a failure names the page, and each fault is written
as "rule (impact) on state: target: help". Every question type is checked unanswered and
answered (axe scoped to that question's list item; the whole answering page is checked too),
then the result page, a timed exam in pages with its review, the course's lessons (with their
map), records, digests and sources side by side, and every teacher page (accommodations given,
a bank's export), each at a desktop's width and at a phone's; then the answers to forms, wrong
and right, and the conversion of questions uploaded in other formats. One server and one
browser serve the whole module and each person signs in once: the pages opened by address
change nothing, and the forms, sent last, change nothing another state reads.

Accessibility does not depend on the database, so the gate runs on SQLite alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from jinja2 import BytecodeCache
from playwright.sync_api import Browser, Page, expect

from teaching.content.questions import QUESTION_TYPES
from teaching.storage import attempts as store
from teaching.storage.accommodation_grants import Grant, grant
from teaching.storage.assignments import assign_quiz
from teaching.storage.classes import SchoolClass
from teaching.storage.db import Database
from teaching.web.state import app_state
from tests.helpers.attempts import key_answers, started
from tests.helpers.banks import EXAMPLE
from tests.helpers.browser import sign_in
from tests.helpers.classroom import build_classroom, submit
from tests.helpers.paths import LESSONS_DIR, REPO_ROOT
from tests.helpers.questions import key_answer
from tests.helpers.quiz import QUIZ_ID as TIMED
from tests.helpers.servers import served_in_thread

pytestmark = pytest.mark.browser

EVERY_TYPE = "every-type-example"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
AXE = Axe()  # the axe-core the package bundles: no download, no CDN
DESKTOP = {"width": 1280, "height": 720}  # Playwright's window unless told otherwise
EXAMPLE_PATH = REPO_ROOT / "docs" / "examples" / "every-type.yaml"
MY_COPY = EXAMPLE.replace(f"id: {EVERY_TYPE}", "id: my-copy")
# A bank with a problem the checker reports, for the preview that lists problems.
BROKEN_BANK = "quiz:\n  id: broken\n  title: Broken\nquestions:\n  - id: q1\n    type: single\n"
# Questions from other systems, which the bank page converts (each loses something on the way).
FORMATS = REPO_ROOT / "tests" / "content" / "formats" / "fixtures"
FOREIGN_FILES = {"gift": FORMATS / "every-kind.gift", "aiken": FORMATS / "every-kind.txt",
                 "moodle-xml": REPO_ROOT / "tests" / "content" / "fixtures" / "formats"
                 / "moodle-bank.xml"}
PER_PAGE = 5  # the timed quiz is served in pages of this many questions


@dataclass
class Site:
    """The served app, a signed-in page per person, and the ids that page addresses need."""

    url: str
    pages: dict[str, Page] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)  # question type -> id in the bank

    def go(self, person: str, path: str, status: int = 200) -> Page:
        """Open ``path`` (with ids filled in) in the person's page, unless it is open already."""
        page = self.pages[person]
        target = self.url + path.format(**self.ids)
        if page.url != target:
            response = page.goto(target)
            assert response is not None and response.status == status, target
        return page


Opener = Callable[[Site], Page]


@dataclass(frozen=True)
class State:
    """A page as a person sees it: how to get there, and what part of it axe reads."""

    name: str
    open: Opener
    scope: Callable[[Site], str] | None = None  # a CSS selector; None: the whole page
    expand: bool = False  # open every explanation (<details>) first, as a curious reader does
    width: int | None = None  # a phone's width in pixels; None: a desktop window


def visit(person: str, path: str, status: int = 200, shows: str = "") -> Opener:
    """Return an opener of ``path`` for ``person``, a page whose main part shows ``shows``."""
    def open_page(site: Site) -> Page:
        page = site.go(person, path, status)
        expect(page.get_by_role("main")).to_contain_text(shows)
        return page
    return open_page


def uploaded(text: str, heading: str, filename: str = "my-bank.yaml",
             lesson: str | None = None) -> Opener:
    """Return an opener of the answer to a file the teacher uploads (its lesson chosen or not)."""
    def open_preview(site: Site) -> Page:
        page = site.go("teacher", "/teacher/banks/")
        page.locator('input[type="file"]').set_input_files(
            {"name": filename, "mimeType": "application/octet-stream",
             "buffer": text.encode("utf-8")})
        if lesson is not None:
            page.locator("select#lesson").select_option(lesson)
        page.get_by_role("button", name="Check and preview").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        return page
    return open_preview


def submitted(person: str, path: str, fields: dict[str, str], button: str,
              shows: str) -> Opener:
    """Return an opener that fills a form's fields (by label), presses its button, and waits
    for the answer to show ``shows``."""
    def open_answer(site: Site) -> Page:
        page = site.pages[person]
        page.goto(site.url + path.format(**site.ids))
        for label, value in fields.items():
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name=button, exact=True).click()
        expect(page.get_by_role("main")).to_contain_text(shows)
        return page
    return open_answer


def published(site: Site) -> Page:
    """Upload a bank, press Publish, and land on its history."""
    page = uploaded(MY_COPY, "Preview")(site)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("versions")
    return page


def converted(site: Site) -> Page:
    """Upload a GIFT file without its lesson, choose the lesson when asked, and land on the
    preview with what the conversion lost."""
    page = uploaded(FOREIGN_FILES["gift"].read_text(encoding="utf-8"), "Which lesson",
                    "talks.gift")(site)
    page.get_by_role("button", name="Convert and preview").click()
    expect(page.get_by_role("heading", level=2, name="What the conversion could not carry "
                                                      "over")).to_be_visible()
    return page


def password_reset(site: Site) -> Page:
    """Follow Reset password beside a student on the class page, and confirm it."""
    page = site.go("teacher", CLASS)
    page.get_by_role("link", name="Reset password of Student 4").click()
    page.get_by_role("button", name="Reset the password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New password for Student 4")
    return page


def question_of(kind: str) -> Callable[[Site], str]:
    """Return the selector of the bank's question of type ``kind`` on the answering page."""
    def selector(site: Site) -> str:
        assert kind in site.questions, f"{EXAMPLE_PATH.name} has no {kind!r} question"
        return f"#question-{site.questions[kind]}"
    return selector


LESSONS = sorted(path.stem for path in LESSONS_DIR.glob("*.yaml"))
# The course's records, and one with a transcript in Russian (its language declared).
FOREIGN_RECORD = REPO_ROOT / "tests" / "content" / "fixtures" / "records" / "several-contents.txt"
RECORDS = sorted(path.stem for path in [*(LESSONS_DIR / "documents").glob("*.txt"),
                                        FOREIGN_RECORD])
DIGESTS = sorted(path.stem for path in (LESSONS_DIR / "digests").glob("*.yaml"))
CLASS = "/teacher/classes/{class_id}"
BLANK, ANSWERED = "/attempts/{blank_attempt}", "/attempts/{answered_attempt}"
EXAM = "/attempts/{exam_attempt}"


def compared_pairs() -> list[tuple[str, str, str]]:
    """Return each lesson and pair of sources its banks ask students to compare, once."""
    found: dict[tuple[str, frozenset[str]], tuple[str, str, str]] = {}
    for path in sorted((REPO_ROOT / "quizzes").glob("*.yaml")):
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        lesson = bank["quiz"]["lesson"]
        for question in bank["questions"]:
            pair = question.get("compares") or []
            if len(pair) >= 2:
                found.setdefault((lesson, frozenset(pair[:2])), (lesson, pair[0], pair[1]))
    return list(found.values())


COMPARED = compared_pairs()

# Pages a person opens by address: read at a desktop's width and at a phone's.
PAGES = [
    State("sign-in", visit("anyone", "/login")),
    State("register", visit("anyone", "/register")),
    State("sign-out-page", visit("anyone", "/logout")),
    State("course-home-signed-out", visit("anyone", "/")),
    State("not-found", visit("anyone", "/documents/no-such-record", 404)),
    State("course-home", visit("student", "/")),
    *(State(f"lesson-{slug}", visit("student", f"/lessons/{slug}"), expand=True)
      for slug in LESSONS),
    State("library", visit("student", "/documents")),
    *(State(f"record-{slug}", visit("student", f"/documents/{slug}"), expand=True)
      for slug in RECORDS),
    State("quiz-about", visit("student", f"/quizzes/{EVERY_TYPE}")),
    State("assignments", visit("student", "/assignments")),
    State("progress", visit("student", "/progress")),
    State("own-password", visit("student", "/account/password")),
    State("answering-unanswered", visit("blank", BLANK)),
    State("answering-answered", visit("answered", ANSWERED)),
    State("result", visit("student", "/attempts/{done}/result"), expand=True),
    *(State(f"digest-{slug}", visit("student", f"/documents/{slug}"), expand=True)
      for slug in DIGESTS),
    *(State(f"compare-{lesson}-{first}-{second}",
            visit("student", f"/lessons/{lesson}/compare/{first}/{second}"), expand=True)
      for lesson, first, second in COMPARED),
    # A timed quiz in pages: the clock, the count of answers, the pager; the review.
    State("timed-quiz-about", visit("student", f"/quizzes/{TIMED}", shows="extended from")),
    State("exam-page-1", visit("student", EXAM, shows="Time limit: ends at")),
    State("exam-page-2", visit("student", EXAM + "?page=2", shows="Page 2 of")),
    State("exam-review", visit("student", EXAM + "/review", shows="no answer yet")),
    State("teacher-home", visit("teacher", "/teacher/")),
    State("audit-log", visit("teacher", "/teacher/log")),
    State("class", visit("teacher", CLASS, shows="Remove")),  # an accommodation given
    State("gradebook", visit("teacher", CLASS + "/gradebook", shows="Accommodations:")),
    State("gradebook-student", visit("teacher", CLASS + "/students/{student_id}")),
    State("attempt-results", visit("teacher", CLASS + "/attempts/{attempt}")),
    State("essays", visit("teacher", CLASS + "/essays")),
    State("statistics", visit("teacher", CLASS + f"/quizzes/{EVERY_TYPE}/statistics")),
    State("bank-upload", visit("teacher", "/teacher/banks/")),
    State("bank-export", visit("teacher", f"/teacher/banks/{EVERY_TYPE}/export")),
    State("teacher-password", visit("teacher", "/account/password")),
    State("password-reset-question", visit("teacher", CLASS + "/students/{reset_id}/password",
                                           shows="Reset the password")),
]
PHONE = 320  # the narrowest phone: the layout changes, and with it the size of what is pressed

STATES = [
    *PAGES,
    *(State(f"{kind}-unanswered", visit("blank", BLANK), question_of(kind))
      for kind in QUESTION_TYPES),
    *(State(f"{kind}-answered", visit("answered", ANSWERED), question_of(kind))
      for kind in QUESTION_TYPES),
    *(replace(state, name=f"phone-{state.name}", width=PHONE) for state in PAGES),
    # The answers to forms, wrong and right (each sent once).
    State("sign-in-refused", submitted("anyone", "/login", {
        "Username": "nobody", "Password": "not the password"}, "Sign in",
        "That username and password do not match an account.")),
    State("register-refused", submitted("anyone", "/register", {}, "Create my account",
                                           "This field is required.")),
    State("own-password-refused", submitted("student", "/account/password", {
        "Current password": "not my password", "New password": "a brand new secret",
        "New password again": "a brand new secret"}, "Change password",
        "That is not your current password.")),
    State("class-assign-refused", submitted("teacher", CLASS, {"Attempts allowed": "0"},
                                            "Assign", "Allow between 1 and 100 attempts")),
    State("class-roster-refused", submitted("teacher", CLASS, {
        "Or paste the rows here": "newcomer,New Comer\nnot a name!,Someone"}, "Import students",
        "Nothing was imported")),
    State("class-roster-imported", submitted("teacher", CLASS, {
        "Or paste the rows here": "newcomer,New Comer"}, "Import students",
        "Download the initial passwords now")),
    State("bank-preview", uploaded(MY_COPY, "Preview")),
    State("bank-problems", uploaded(BROKEN_BANK, "problems")),
    State("bank-history", published),
    State("password-reset-done", password_reset),
]
# The answers to forms that change nothing a later state reads: read at a phone's width too.
REPEATABLE = [
    State("accommodation-refused", submitted("teacher", CLASS, {
        "Time limit multiplied by": "9"}, "Give", "Nothing was saved.")),
    State("bank-which-lesson", uploaded(FOREIGN_FILES["gift"].read_text(encoding="utf-8"),
                                        "Which lesson", "talks.gift")),
    State("bank-converted-gift", converted),
    *(State(f"bank-converted-{name}", uploaded(path.read_text(encoding="utf-8"), "Preview",
                                               path.name, "reading-the-telegram"))
      for name, path in FOREIGN_FILES.items() if name != "gift"),
]
STATES += [*REPEATABLE, *(replace(state, name=f"phone-{state.name}", width=PHONE)
                          for state in REPEATABLE)]


@pytest.fixture(scope="module")
def site(browser: Browser, compiled_templates: BytecodeCache, empty_sqlite: Path,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Serve the course and the every-type bank once; sign each person in once."""
    from teaching.web.app import create_app

    folder = tmp_path_factory.mktemp("accessibility")
    shutil.copytree(REPO_ROOT / "quizzes", folder / "quizzes")
    timed = folder / "quizzes" / f"{TIMED}.yaml"  # timed already; served in pages too
    timed.write_text(timed.read_text(encoding="utf-8").replace(
        "settings: {", f"settings: {{per_page: {PER_PAGE}, ", 1), encoding="utf-8")
    shutil.copy(EXAMPLE_PATH, folder / "quizzes" / "every-type.yaml")
    shutil.copytree(LESSONS_DIR, folder / "lessons")
    shutil.copy(FOREIGN_RECORD, folder / "lessons" / "documents")
    shutil.copyfile(empty_sqlite, folder / "site.sqlite3")
    # The suite's per-test settings (instance folder, cheap hashes), for the module's life.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TEACHING_INSTANCE_DIR", str(folder / "instance"))
        patch.delenv("TEACHING_DATABASE_URL", raising=False)
        patch.setattr("teaching.storage.users.PASSWORD_METHOD", "scrypt:1024:8:1")
        app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "RATELIMIT_ENABLED": False,
                          "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
                          "LESSONS_DIR": folder / "lessons", "QUIZZES_DIR": folder / "quizzes"})
        app.jinja_env.bytecode_cache = compiled_templates
        database = app_state(app).database
        with served_in_thread(app) as url:
            built = Site(url, ids=people(database, app))
            built.questions = {question.type: question.id
                               for question in app_state(app).catalog.quizzes[EVERY_TYPE].questions}
            contexts = []
            for person in ("anyone", "student", "blank", "answered", "teacher"):
                context = browser.new_context(base_url=url)
                context.set_default_timeout(10_000)
                contexts.append(context)
                built.pages[person] = context.new_page()
                if person != "anyone":
                    sign_in(built.pages[person], built.ids[person])
            yield built
            for context in contexts:
                context.close()
        database.engine.dispose()


def people(database: Database, app: Flask) -> dict[str, Any]:
    """Create the class, its students and their attempts; return the ids pages need.

    Every student has one attempt submitted, and the quiz allows two: "blank" has started a
    second and left it empty, "answered" answered the second in full, "student" submitted a
    second with right, wrong and unanswered questions. Student 4 has their password reset.
    The timed quiz is assigned too, "student" has half as long again for it, and is taking it
    with two questions answered.
    """
    quizzes = app_state(app).catalog.quizzes
    quiz = quizzes[EVERY_TYPE]
    # Student 1 answers all in the first attempt (an essay waits for grading).
    room = build_classroom(database, quiz, rights=(len(quiz.questions), 3, 0, 1))
    users = dict(zip(("blank", "answered", "student"), room.students[:3], strict=True))
    ids: dict[str, Any] = {"teacher": room.teacher.username, "class_id": room.class_id,
                           "student_id": room.students[0].id, "attempt": room.attempts[0],
                           "reset_id": room.students[3].id}
    ids |= {person: user.username for person, user in users.items()}
    with database.session() as session:
        ids["blank_attempt"] = started(session, users["blank"].id, quiz).public_id
        answered = started(session, users["answered"].id, quiz)
        store.save(session, answered, key_answers(quiz, len(quiz.questions)))
        ids["answered_attempt"] = answered.public_id
    half = len(quiz.questions) // 2
    answers = {question.id: question.answer_from_form(wrong)
               for question in quiz.questions[half:]
               if (wrong := question.wrong_answer_form()) is not None}
    answers |= {question.id: key_answer(question) for question in quiz.questions[:half - 1]}
    ids["done"] = submit(database, users["student"], quiz, answers)
    with database.session() as session:
        school_class = session.get_one(SchoolClass, room.class_id)
        exam = assign_quiz(session, school_class, TIMED, None, None, None)
        grant(session, school_class, room.teacher.id,
              Grant(users["student"].id, exam.id, time_factor=1.5), quizzes)
        taking = started(session, users["student"].id, quizzes[TIMED])
        assert taking.deadline is not None and len(taking.questions) > PER_PAGE
        store.save(session, taking, key_answers(quizzes[TIMED], 2))
        ids["exam_attempt"] = taking.public_id
    return ids


def faults(results: dict[str, Any], state: str) -> list[str]:
    """Describe each node axe faults: rule, impact, page state, target, and the rule's help."""
    return [f"{violation['id']} ({violation['impact']}) on {state}: "
            f"{' '.join(str(part) for part in node['target'])}: {violation['help']}"
            for violation in results["violations"] for node in violation["nodes"]]


@pytest.mark.parametrize("state", STATES, ids=[state.name for state in STATES])
def test_axe_finds_no_wcag_fault(site: Site, state: State) -> None:
    page = state.open(site)
    if state.expand:
        page.eval_on_selector_all("details", "all => all.forEach(d => { d.open = true; })")
    context = state.scope(site) if state.scope else None
    if state.width is not None:
        page.set_viewport_size({"width": state.width, "height": 800})
    try:
        found = faults(AXE.run(page, context=context, options=AXE_OPTIONS).response, state.name)
    finally:
        page.set_viewport_size(DESKTOP)
    for line in found:
        print(line)
    assert not found, f"{len(found)} accessibility faults:\n" + "\n".join(found)

