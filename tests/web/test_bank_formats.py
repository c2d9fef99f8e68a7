"""A teacher brings questions from GIFT or Aiken through the bank page, and takes banks away.

The upload converts the file, asks the lesson, and previews the converted bank with everything
the conversion lost; publishing publishes the converted bank. A bank's export page lists each
format with what its file leaves out.
"""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage

from teaching.content.formats import gift
from teaching.storage.db import Database
from teaching.web import bank_admin
from tests.helpers.accounts import Auth
from tests.helpers.banks import EXAMPLE, post_multipart, publish_form, upload
from tests.helpers.pages import csrf_token
from tests.helpers.paths import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "content" / "formats" / "fixtures"
GIFT = (FIXTURES / "every-kind.gift").read_text(encoding="utf-8")
AIKEN = (FIXTURES / "every-kind.txt").read_text(encoding="utf-8")
LESSON = "reading-the-telegram"
COURSE_BANK = "telegram-july-1945"


def send(client: FlaskClient, text: str, filename: str, lesson: str | None = LESSON,
         title: str = "") -> str:
    """Upload a file with the upload form, the lesson chosen (or not); return the page."""
    fields = {"csrf_token": csrf_token(client, "/teacher/banks/"), "title": title,
              "bank": FileStorage(io.BytesIO(text.encode("utf-8")), filename,
                                  content_type="application/octet-stream")}
    if lesson is not None:
        fields["lesson"] = lesson
    return post_multipart(client, "/teacher/banks/preview", fields).get_data(as_text=True)


def choose_lesson(client: FlaskClient, page: str, lesson: str) -> str:
    """Answer the page that asks which lesson, as a browser sends its form."""
    source = re.search(r'<textarea name="source" hidden aria-hidden="true">(.*?)</textarea>',
                       page, re.S)
    filename = re.search(r'name="filename" value="([^"]*)"', page)
    assert source and filename, "the page does not ask for the lesson"
    return post_multipart(client, "/teacher/banks/preview", {
        "csrf_token": csrf_token(client, "/teacher/banks/"),
        # A browser drops the line break right after <textarea> and sends CRLF line ends.
        "source": unescape(source.group(1)).removeprefix("\n").replace("\n", "\r\n"),
        "filename": unescape(filename.group(1)), "lesson": lesson}).get_data(as_text=True)


@pytest.mark.parametrize(("method", "url"), [
    ("get", f"/teacher/banks/{COURSE_BANK}/export"),
    ("get", f"/teacher/banks/{COURSE_BANK}/export/gift"),
    ("post", "/teacher/banks/preview"),
])
def test_only_teachers_convert_and_export_banks(client: FlaskClient, auth: Auth, method: str,
                                                url: str) -> None:
    assert getattr(client, method)(url).status_code in (302, 400)  # sign in (or no token)
    auth.student()
    token = {"csrf_token": csrf_token(client, "/")} if method == "post" else None
    assert getattr(client, method)(url, data=token).status_code == 403
    auth.logout()
    auth.teacher()
    if method == "get":
        assert getattr(client, method)(url).status_code == 200


def test_a_gift_file_is_converted_previewed_with_its_losses_and_published(
        client: FlaskClient, auth: Auth) -> None:
    auth.teacher()

    asked = send(client, GIFT, "talks.gift", lesson=None)
    assert "Which lesson are these questions about?" in asked
    page = choose_lesson(client, asked, LESSON)
    starting_blank = choose_lesson(client, send(client, "\n" + GIFT, "t.gift", None), LESSON)

    assert "Preview: The Sino-Soviet talks of 1945" in page
    for fields in gift.read(GIFT, source="talks.gift").questions:
        assert f'id="question-{fields["id"]}"' in page
    assert "What the conversion could not carry over" in page
    for lost in gift.read(GIFT, source="talks.gift").warnings:
        assert f"<code>{lost.where}</code>" in page
        line = int(lost.where.rsplit(":", 1)[1])
        assert f"<code>t.gift:{line + 1}</code>" in starting_blank  # the blank first line kept
    published = publish_form(client, page)
    assert published.status_code == 302
    quiz_page = client.get("/quizzes/the-sino-soviet-talks-of-1945")
    assert quiz_page.status_code == 200


def test_an_aiken_file_with_its_lesson_chosen_goes_straight_to_the_preview(
        client: FlaskClient, auth: Auth) -> None:
    auth.teacher()

    page = send(client, AIKEN, "moscow-1945.txt")

    assert "Preview: moscow 1945" in page
    assert page.count('class="question"') == 2
    assert "Key:</strong> T. V. Soong" in page


MOODLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="truefalse">
    <name><text>soong-waited</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Soong waited for <b>Chiang's</b> word.</p>]]></text>
    </questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>
"""
BOMB = ('<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><quiz>&b;</quiz>')


def test_a_title_given_in_the_form_names_the_bank_and_its_id(client: FlaskClient,
                                                             auth: Auth) -> None:
    auth.teacher()

    page = send(client, GIFT, "talks.gift", title="  Talks in   Moscow ")

    assert "Preview: Talks in Moscow" in page  # not the file's category, "The Sino-Soviet..."
    assert "id: talks-in-moscow" in unescape(page)


def test_a_moodle_xml_file_is_converted_like_the_others(client: FlaskClient,
                                                         auth: Auth) -> None:
    auth.teacher()

    page = send(client, MOODLE_XML, "from-moodle.xml")

    assert "Preview: from moodle" in page
    assert 'id="question-soong-waited"' in page


def test_an_xml_file_with_entities_is_refused_in_plain_words(client: FlaskClient,
                                                            auth: Auth) -> None:
    auth.teacher()

    page = send(client, BOMB, "bomb.xml")

    assert "The Moodle XML file could not be read" in page
    assert "declares a document type or entities" in page
    assert "aaaaaaaaaaaaaaaa" not in page


def test_a_broken_file_is_reported_at_its_line_and_nothing_is_published(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.teacher()
    broken = "::a::Who signed?{=Soong ~Stalin}\n\n::b::In what year?{\n=1945\n"

    page = send(client, broken, "broken.gift")

    assert "The GIFT file could not be read" in page
    assert "broken.gift:3: the answers opened with &#39;{&#39; on this line are never closed" \
        in page
    assert "Publish" not in page


def test_a_text_file_without_questions_says_so(client: FlaskClient, auth: Auth) -> None:
    auth.teacher()

    page = send(client, "Notes for Monday: read the telegram again.\n", "notes.txt")

    assert "no question could be read from this GIFT file" in page
    assert "Publish" not in page


def test_a_file_over_the_upload_limit_is_refused_with_its_size(
        client: FlaskClient, auth: Auth) -> None:
    auth.teacher()
    question = "Who signed the treaty for China?\nA. Wang Shijie\nB. Molotov\nANSWER: A\n\n"
    text = question * (bank_admin.MAX_UPLOAD_BYTES // len(question) + 1)

    page = send(client, text, "huge.txt")

    assert f"the file is {len(text.encode()):,} bytes, more than the" in page
    assert "Publish" not in page


@pytest.mark.parametrize("lesson", ["", "../../etc/passwd", "no-such-lesson", "x" * 5000])
def test_a_forged_lesson_only_gets_the_question_again(client: FlaskClient, auth: Auth,
                                                      lesson: str) -> None:
    auth.teacher()

    page = send(client, AIKEN, "../../secret/moscow.txt", lesson=lesson)

    assert "Which lesson are these questions about?" in page
    assert "Preview" not in page


def test_a_binary_file_posing_as_gift_gets_a_plain_message(client: FlaskClient,
                                                           auth: Auth) -> None:
    auth.teacher()
    fields = {"csrf_token": csrf_token(client, "/teacher/banks/"),
              "bank": FileStorage(io.BytesIO(b"\xff\xfe\x00GIFT\x00\x9c"), "x.gift"),
              "lesson": LESSON}

    response = post_multipart(client, "/teacher/banks/preview", fields)

    assert response.status_code == 302
    assert "not UTF-8 text" in client.get("/teacher/banks/").get_data(as_text=True)


def test_a_bank_page_lists_each_format_with_what_it_leaves_out(client: FlaskClient,
                                                               auth: Auth) -> None:
    auth.teacher()
    publish_form(client, upload(client, EXAMPLE.replace("id: every-type-example",
                                                        "id: my-example")).get_data(as_text=True))

    history = client.get("/teacher/banks/my-example").get_data(as_text=True)
    page = client.get("/teacher/banks/my-example/export").get_data(as_text=True)
    download = client.get("/teacher/banks/my-example/export/gift")

    assert "/teacher/banks/my-example/export" in history
    assert all(label in page for label in ("Moodle XML", "GIFT", "Aiken"))
    assert "question &#39;example-order&#39;" in page  # left out of GIFT, and said so
    assert download.headers["Content-Disposition"] == 'attachment; filename="my-example.gift"'
    back = gift.read(download.get_data(as_text=True), source="my-example.gift")
    assert "example-single" in [question["id"] for question in back.questions]


def test_another_teachers_bank_is_not_exported(client: FlaskClient, auth: Auth) -> None:
    auth.teacher()
    publish_form(client, upload(client, EXAMPLE.replace("id: every-type-example",
                                                        "id: my-example")).get_data(as_text=True))
    auth.logout()
    auth.teacher("mr-li")

    assert client.get("/teacher/banks/my-example/export").status_code == 403
    assert client.get("/teacher/banks/my-example/export/aiken").status_code == 403
    assert client.get(f"/teacher/banks/{COURSE_BANK}/export/aiken").status_code == 200
    assert client.get("/teacher/banks/no-such-bank/export").status_code == 404
    assert client.get(f"/teacher/banks/{COURSE_BANK}/export/pdf").status_code == 404


def test_the_bank_page_offers_every_course_bank_for_download(client: FlaskClient,
                                                             auth: Auth) -> None:
    auth.teacher()

    page = client.get("/teacher/banks/").get_data(as_text=True)

    assert page.count(f'href="/teacher/banks/{COURSE_BANK}/export"') == 1
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title and "<" not in title.group(1) and "Question banks" in title.group(1)
