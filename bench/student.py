"""A simulated student: the requests a browser without JavaScript makes, timed one by one.

Every action goes through ``Student._request``, which times it, checks the answer the server
gave, and keeps this student's cookies (one shared connection pool serves every student, so
cookies are kept here rather than in a cookie jar per client).
"""

from __future__ import annotations

import html
import random
import re
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
    answers: dict[str, str | list[str]] = field(default_factory=dict)
    # What the server acknowledged: (attempt, question id) -> answer as stored.
    acknowledged: dict[tuple[str, str], Any] = field(default_factory=dict)
    # Answers sent but never acknowledged (an error, or the phase ended while waiting): the
    # database may hold them instead of the acknowledged ones without anything being lost.
    unconfirmed: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    async def _request(self, action: str, method: str, path: str, *, data: Any = None,
                       expect: int = 200, location: str | None = None,
                       keep_cookies: bool = True) -> tuple[str, str]:
        """Send one request, time it, and return its body and redirect target."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
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
            self.recorder.fail(action, f"{method} {path} gave {status} {target}".strip())
            raise ActionFailed(action)
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

    async def start(self) -> None:
        """Open the quiz's page and start (or resume) an attempt."""
        page, _ = await self._request("quiz page", "GET", f"/quizzes/{QUIZ_ID}")
        _, target = await self._request(
            "start", "POST", f"/quizzes/{QUIZ_ID}/start", expect=302, location="/attempts/",
            data={"csrf_token": csrf_token(page)})
        self.attempt = target.rsplit("/attempts/", 1)[1].split("/")[0].split("?")[0]
        await self.question_page()

    async def question_page(self) -> None:
        """Open the attempt's question page and read its questions and form token."""
        page, _ = await self._request("question page", "GET", f"/attempts/{self.attempt}")
        self.questions = question_fields(page)
        self.token = csrf_token(page)
        # Like a browser, post back what the page shows: the answers saved so far.
        self.answers = {question.name: (question.shown if question.kind == "checkbox"
                                        else question.shown[0])
                        for question in self.questions if question.shown}
        if not self.questions:
            raise ActionFailed("the question page shows no questions")

    def answer_some(self, how_many: int) -> None:
        """Answer (or change the answer to) a few questions, as a student does between saves."""
        for question in self.rng.sample(self.questions, min(how_many, len(self.questions))):
            self.answers[question.name] = pick_answer(question, self.rng)

    def _form(self, action: str) -> list[tuple[str, str]]:
        form = [("csrf_token", self.token), ("action", action)]
        for name, answer in self.answers.items():
            form += [(name, value) for value in ([answer] if isinstance(answer, str) else answer)]
        return form

    def _sending(self) -> dict[tuple[str, str], Any]:
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

    async def save(self, follow: bool = True) -> None:
        """Save the answers so far: the one place to switch to a JSON autosave endpoint.

        Now it posts the quiz form with ``action=save``; the server acknowledges with a redirect
        back to the question page, which a browser then opens (``follow``).
        """
        sent = self._sending()
        await self._request("save", "POST", f"/attempts/{self.attempt}", data=self._form("save"),
                            expect=302, location=f"/attempts/{self.attempt}",
                            keep_cookies=follow)
        self._acknowledge(sent)
        if follow:
            await self.question_page()

    async def submit(self) -> None:
        """Submit the attempt with the answers so far, and open the result."""
        sent = self._sending()
        await self._request("submit", "POST", f"/attempts/{self.attempt}",
                            data=self._form("submit"), expect=302, location="/result")
        self._acknowledge(sent)
        await self._request("result", "GET", f"/attempts/{self.attempt}/result")
