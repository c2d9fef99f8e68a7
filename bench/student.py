"""A simulated student: the requests a browser without JavaScript makes, timed one by one.

Every action goes through ``Student._request``, which times it, checks the answer the server
gave, and keeps this student's cookies (one shared connection pool serves every student, so
cookies are kept here rather than in a cookie jar per client).
"""

from __future__ import annotations

import html
import json
import random
import re
import secrets
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import aiohttp

from bench.stats import Recorder

QUIZ_ID = "telegram-july-1945"
LESSON = "reading-the-telegram"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
INPUT = re.compile(r"<input\b([^>]*)>", re.S)
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')


class ActionFailed(Exception):
    """The server's answer was not what a working app gives; the journey stops here."""


@dataclass
class Field:
    """One question on the page, as the form presents it."""

    name: str  # "q-<question id>"
    kind: str  # "radio", "checkbox" or "text"
    values: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)  # what the page shows as answered now

    @property
    def question_id(self) -> str:
        """Return the question's id."""
        return self.name.removeprefix("q-")


def csrf_token(page: str) -> str:
    """Return the CSRF token of a page's form."""
    match = CSRF.search(page)
    if match is None:
        raise ActionFailed("the page has no csrf_token")
    return html.unescape(match.group(1))


def question_fields(page: str) -> list[Field]:
    """Return the questions of an attempt page, in page order, with their options."""
    fields: dict[str, Field] = {}
    for match in INPUT.finditer(page):
        attributes = dict(ATTRIBUTE.findall(match.group(1)))
        name = html.unescape(attributes.get("name", ""))
        if not name.startswith("q-"):
            continue
        kind = attributes.get("type", "text")
        entry = fields.setdefault(name, Field(name, kind))
        value = html.unescape(attributes.get("value", ""))
        if kind in ("radio", "checkbox"):
            entry.values.append(value)
            if re.search(r"\bchecked\b", match.group(1)):
                entry.shown.append(value)
        elif value:
            entry.shown.append(value)
    return list(fields.values())


def hidden_fields(page: str) -> list[tuple[str, str]]:
    """Return the form's hidden fields other than the CSRF token (save key, base revisions)."""
    found = []
    for match in INPUT.finditer(page):
        attributes = dict(ATTRIBUTE.findall(match.group(1)))
        name = html.unescape(attributes.get("name", ""))
        if attributes.get("type") == "hidden" and name and name != "csrf_token":
            found.append((name, html.unescape(attributes.get("value", ""))))
    return found


def pick_answer(question: Field, rng: random.Random) -> str | list[str]:
    """Choose what a student puts in a question: one option, some boxes, or a word."""
    if question.kind == "radio":
        return rng.choice(question.values)
    if question.kind == "checkbox":
        return rng.sample(question.values, rng.randint(1, len(question.values)))
    return rng.choice(["lease", "Chungking", "a plebiscite", "Yalta", "I am not sure"])


def stored_form(question: Field, answer: str | list[str]) -> Any:
    """Return the answer as the app stores it, to compare with the database afterwards."""
    if question.kind == "checkbox":
        return sorted({int(value) for value in answer})
    if question.kind == "radio":
        assert isinstance(answer, str)
        if answer in ("true", "false"):
            return answer == "true"
        return int(answer) if answer.isdigit() else answer
    assert isinstance(answer, str)
    return answer.strip() or None


@dataclass
class Student:
    """One simulated student with their own cookies, attempt and acknowledged answers."""

    http: aiohttp.ClientSession
    base: str
    username: str
    password: str
    recorder: Recorder
    rng: random.Random = field(default_factory=random.Random)
    cookies: dict[str, str] = field(default_factory=dict)
    attempt: str | None = None
    questions: list[Field] = field(default_factory=list)
    token: str = ""
    unread_page: str = ""  # a question page kept to be read when first needed (see start)
    hidden: list[tuple[str, str]] = field(default_factory=list)  # posted back as a browser does
    answers: dict[str, str | list[str]] = field(default_factory=dict)
    # What the server acknowledged: (attempt, question id) -> answer as stored.
    acknowledged: dict[tuple[str, str], Any] = field(default_factory=dict)
    # Answers sent but never acknowledged (an error, or the phase ended while waiting): the
    # database may hold them instead of the acknowledged ones without anything being lost.
    unconfirmed: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    async def _request(self, action: str, method: str, path: str, *, data: Any = None,
                       expect: int = 200, location: str | None = None,
                       keep_cookies: bool = True,
                       headers: dict[str, str] | None = None) -> tuple[str, str]:
        """Send one request, time it, and return its body and redirect target."""
        headers = {**(headers or {}),
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        begun = time.perf_counter()
        try:
            async with self.http.request(method, self.base + path, data=data, headers=headers,
                                         allow_redirects=False) as response:
                body = await response.text()
                status, target = response.status, response.headers.get("Location", "")
                set_cookies = response.headers.getall("Set-Cookie", [])
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            self.recorder.fail(action, f"{type(error).__name__}: {error}")
            raise ActionFailed(action) from error
        elapsed = time.perf_counter() - begun
        if status != expect or (location is not None and location not in target):
            why = f"{method} {path} gave {status} {target}".strip()
            self.recorder.fail(action, why)
            raise ActionFailed(f"{action}: {why}")
        self.recorder.record(action, elapsed)
        if keep_cookies:
            self._keep(set_cookies)
        return body, target

    def _keep(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    async def sign_in(self) -> None:
        """Open the sign-in page and sign in."""
        page, _ = await self._request("sign-in page", "GET", "/login")
        await self._request("sign-in", "POST", "/login", expect=302, data={
            "username": self.username, "password": self.password, "csrf_token": csrf_token(page)})

    async def read_lesson(self) -> None:
        """Open the lesson the quiz is about."""
        await self._request("lesson", "GET", f"/lessons/{LESSON}")

    async def start(self, read_form: bool = True) -> None:
        """Open the quiz's page and start (or resume) an attempt.

        Without ``read_form`` the question page is read only when the student first answers
        or submits: at a class's synchronized start the load generator, which shares the
        machine with the server, then spends its CPU on requests rather than on parsing pages
        (a browser parses on a machine of its own).
        """
        page, _ = await self._request("quiz page", "GET", f"/quizzes/{QUIZ_ID}")
        _, target = await self._request(
            "start", "POST", f"/quizzes/{QUIZ_ID}/start", expect=302, location="/attempts/",
            data={"csrf_token": csrf_token(page)})
        self.attempt = target.rsplit("/attempts/", 1)[1].split("/")[0].split("?")[0]
        if read_form:
            await self.question_page()
        else:
            self.unread_page = await self._question_page()

    async def question_page(self, read_form: bool = True) -> None:
        """Open the attempt's question page and read its questions and form token.

        Without ``read_form`` the page is only checked for its questions, not parsed: the
        throughput probe repeats one page, and parsing 20 kB of HTML each time made the load
        generator take CPU the server it measures needs (both share the machine).
        """
        page = await self._question_page()
        if read_form:
            self._read_form(page)

    async def _question_page(self) -> str:
        """Open the question page and check that it shows questions; return it."""
        page, _ = await self._request("question page", "GET", f"/attempts/{self.attempt}")
        if 'name="q-' not in page:
            self.recorder.fail("question page", "the page shows no questions")
            raise ActionFailed("the question page shows no questions")
        return page

    def _read_form(self, page: str) -> None:
        """Read the page's questions, form token and hidden fields, and what it shows saved."""
        self.unread_page = ""
        self.questions = question_fields(page)
        self.token = csrf_token(page)
        self.hidden = hidden_fields(page)
        # Like a browser, post back what the page shows: the answers saved so far.
        self.answers = {question.name: (question.shown if question.kind == "checkbox"
                                        else question.shown[0])
                        for question in self.questions if question.shown}
        if not self.questions:
            raise ActionFailed("the question page shows no questions")

    def _catch_up(self) -> None:
        if self.unread_page:
            self._read_form(self.unread_page)

    def answer_some(self, how_many: int) -> None:
        """Answer (or change the answer to) a few questions, as a student does between saves."""
        self._catch_up()
        for question in self.rng.sample(self.questions, min(how_many, len(self.questions))):
            self.answers[question.name] = pick_answer(question, self.rng)

    def _form(self, action: str) -> list[tuple[str, str]]:
        self._catch_up()
        form = [("csrf_token", self.token), ("action", action), *self.hidden]
        for name, answer in self.answers.items():
            form += [(name, value) for value in ([answer] if isinstance(answer, str) else answer)]
        return form

    def _sending(self) -> dict[tuple[str, str], Any]:
        self._catch_up()
        by_name = {question.name: question for question in self.questions}
        sent = {(self.attempt or "", by_name[name].question_id): stored_form(by_name[name], answer)
                for name, answer in self.answers.items()}
        for key, value in sent.items():
            self.unconfirmed.setdefault(key, []).append(value)
        return sent

    def _acknowledge(self, sent: dict[tuple[str, str], Any]) -> None:
        self.acknowledged.update(sent)
        for key in sent:
            self.unconfirmed.pop(key, None)

    async def save(self) -> None:
        """Save the answers so far with the form's Save button, as without JavaScript.

        The server acknowledges with a redirect back to the question page, which a browser then
        opens (with the new revisions the next save must carry).
        """
        sent = self._sending()
        await self._request("save", "POST", f"/attempts/{self.attempt}", data=self._form("save"),
                            expect=302, location=f"/attempts/{self.attempt}")
        self._acknowledge(sent)
        await self.question_page()

    async def autosave(self, how_many: int) -> None:
        """Change a few answers and save each at once, as the page's script does (JSON).

        A script saves without reloading the page, so this is how a student with JavaScript
        saves many times in a row; each save is one question, acknowledged in JSON.
        """
        self._catch_up()
        by_name = {question.name: question for question in self.questions}
        for question in self.rng.sample(self.questions, min(how_many, len(self.questions))):
            answer = pick_answer(question, self.rng)
            self.answers[question.name] = answer
            values = [answer] if isinstance(answer, str) else answer
            key = (self.attempt or "", question.question_id)
            stored = stored_form(by_name[question.name], answer)
            self.unconfirmed.setdefault(key, []).append(stored)
            body = json.dumps({"key": secrets.token_urlsafe(12), "question": question.question_id,
                               "revision": int(time.time() * 1000), "values": values})
            reply, _ = await self._request(
                "save", "POST", f"/attempts/{self.attempt}/answers", data=body,
                headers={"Content-Type": "application/json", "X-CSRFToken": self.token})
            if not json.loads(reply).get("saved"):
                self.recorder.fail("save", f"not saved: {reply[:200]}")
                raise ActionFailed("save")
            self._acknowledge({key: stored})

    async def submit(self) -> None:
        """Submit as a browser does: "Review and submit" (which saves), Confirm, the result."""
        sent = self._sending()
        review = f"/attempts/{self.attempt}/review"
        await self._request("review", "POST", f"/attempts/{self.attempt}",
                            data=self._form("review"), expect=302, location=review)
        self._acknowledge(sent)
        await self._request("review page", "GET", review)
        await self._request("submit", "POST", f"/attempts/{self.attempt}/submit",
                            data=[("csrf_token", self.token)], expect=302, location="/result")
        await self._request("result", "GET", f"/attempts/{self.attempt}/result")
