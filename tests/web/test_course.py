"""The course home, the lesson page and the document reader."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_home_lists_the_lesson_and_its_quiz(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'href="/lessons/reading-the-telegram"' in page
    assert 'href="/quizzes/telegram-july-1945"' in page
    assert 'href="/documents"' in page


def test_lesson_page_shows_the_record_and_numbered_paragraphs(client: FlaskClient) -> None:
    response = client.get("/lessons/reading-the-telegram")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Message from Averell Harriman to the President and Secretary of State" in page
    assert "July 1945" in page
    assert 'href="https://digitalarchive.wilsoncenter.org/document/123317"' in page
    assert "The archive's summary" in page
    assert "bartering over the status of Outer Mongolia" in page
    for number in range(1, 8):
        assert f'id="harriman-1945-07-p{number}"' in page
    assert 'href="/quizzes/telegram-july-1945"' in page


def test_the_document_page_links_to_the_public_archive_not_its_test_server(
    client: FlaskClient,
) -> None:
    page = client.get("/documents/harriman-1945-07").get_data(as_text=True)
    assert 'href="https://digitalarchive.wilsoncenter.org/document/123317"' in page
    assert "dvincitest" not in page
    # The citation itself is shown as the archive wrote it.
    assert "Wilson Center Digital Archive, W.A. Harriman Papers, Library of Congress." in page


def test_editorial_marks_are_set_apart_and_explained(client: FlaskClient) -> None:
    page = client.get("/documents/harriman-1945-07").get_data(as_text=True)
    assert ('<details class="gloss gloss-editorial"><summary>[ILLEGIBLE]'
            '<span class="visually-hidden"> (editor&#39;s mark; open for an explanation)</span>'
            "</summary>"
            '<span class="gloss-text" role="note">The transcriber could not read the original here.'
            in page)
    assert "<summary>[sic]" in page


def test_unknown_pages_get_a_clean_404(client: FlaskClient) -> None:
    for url in ["/lessons/nope", "/documents/nope", "/quizzes/nope", "/no/such/page"]:
        response = client.get(url)
        assert response.status_code == 404
        page = response.get_data(as_text=True)
        assert "Traceback" not in page
        assert "Back to the course" in page


def test_health_check_answers_when_the_database_does(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_the_telegram_and_a_digest_of_the_yalta_accord_are_read_as_a_pair(
        client: FlaskClient) -> None:
    page = client.get("/lessons/from-yalta-to-moscow").get_data(as_text=True)
    pair = page.split('class="pair pair-two"')[1].split('class="pair')[0]
    assert 'id="harriman-1945-07-p3"' in pair
    assert "The accord on the Far East, signed at Yalta" in pair
    assert "Summary written for this course, not the document&#39;s words" in pair
    # The course's own reading on Yalta is still there, after the documents, labelled as ours.
    after = page.split('id="reader-heading"')[1]
    assert "The accord on the Far East (Yalta, 11 February 1945)" in after
    assert "written for this course, not an archive document" in after
