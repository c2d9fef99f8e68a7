"""A student reads digests, the central question and the map on the lesson pages."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask.testing import FlaskClient

from teaching.content.catalog import Catalog
from teaching.content.digests import LABEL, Digest, load_digests
from teaching.content.panels import DigestPanel
from tests.helpers.paths import LESSONS_DIR

DIGESTS = sorted(load_digests(LESSONS_DIR / "digests")[0].values(), key=lambda d: d.slug)


def text_of(html: str) -> str:
    """Return what a reader sees: the page's text, tags removed, entities decoded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("digest", DIGESTS, ids=lambda digest: digest.slug)
def test_every_digest_has_a_page_with_its_label_and_a_link_to_the_full_text(
        client: FlaskClient, digest: Digest) -> None:
    response = client.get(f"/documents/{digest.slug}")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert LABEL in text_of(page)
    assert f'href="{digest.url}"' in page
    assert digest.citation in text_of(page)
    assert digest.author in text_of(page) and digest.recipient in text_of(page)


def test_every_digest_in_a_lesson_is_labelled_and_linked_where_it_stands(
        client: FlaskClient, parsed_course: Catalog) -> None:
    shown = 0
    for lesson in parsed_course.lessons.values():
        page = client.get(f"/lessons/{lesson.slug}").get_data(as_text=True)
        for panel in lesson.panels:
            if not isinstance(panel, DigestPanel):
                continue
            shown += 1
            article = page.split(f'aria-labelledby="{panel.digest.slug}-title"')[1]
            article = article.split("</article>")[0]
            assert LABEL in text_of(article)
            assert f'href="{panel.digest.url}"' in article
    assert shown >= 8


def test_the_central_question_comes_first(client: FlaskClient,
                                          parsed_course: Catalog) -> None:
    for lesson in parsed_course.lessons.values():
        page = client.get(f"/lessons/{lesson.slug}").get_data(as_text=True)
        body = page.split("<h1>")[1]

        assert text_of(lesson.central_question) in text_of(body)
        assert body.index("central-question") < body.index('id="reader-heading"')
        assert body.index("central-question") < body.index('class="introduction"')


def test_the_map_is_a_figure_with_a_caption_and_a_description_in_words(
        client: FlaskClient, parsed_course: Catalog) -> None:
    lesson = next(lesson for lesson in parsed_course.lessons.values() if lesson.map)
    drawn = lesson.map
    assert drawn is not None

    page = client.get(f"/lessons/{lesson.slug}").get_data(as_text=True)
    figure = page.split('<figure class="course-map-figure"')[1].split("</figure>")[0]

    assert "<svg" in figure and "<figcaption" in figure
    description = text_of(figure.split('class="map-description"')[1])
    for place in drawn.places:
        assert place.name in description and place.modern in description
    for line in drawn.railways:
        assert line.name in description
    assert all(arrow.heading in description for arrow in drawn.arrows)


def test_the_library_finds_digests_and_says_what_they_are(client: FlaskClient) -> None:
    page = client.get("/documents?q=Hurley").get_data(as_text=True)

    assert 'href="/documents/hurley-1945-07"' in page
    entry = page.split('href="/documents/hurley-1945-07"')[1].split("</li>")[0]
    assert LABEL in text_of(entry)


def test_every_comparison_a_question_asks_for_opens_side_by_side(
        client: FlaskClient, parsed_course: Catalog) -> None:
    opened = 0
    for quiz in parsed_course.quizzes.values():
        lesson = parsed_course.lessons[quiz.lesson]
        for question in quiz.questions:
            if question.skill != "corroboration":
                continue
            first, second = question.compares[:2]
            url = f"/lessons/{lesson.slug}/compare/{first}/{second}"
            page = client.get(url).get_data(as_text=True)
            pair = unescape(page.split('class="pair pair-two"')[1])
            assert lesson.sources[first] in pair and lesson.sources[second] in pair
            listed = client.get(f"/lessons/{lesson.slug}").get_data(as_text=True)
            assert url in listed or f"/compare/{second}/{first}\"" in listed
            opened += 1
    assert opened >= 15


@pytest.mark.parametrize("url", [
    "/lessons/nowhere/compare/harriman-1945-07/hurley-1945-07",
    "/lessons/reading-the-telegram/compare/harriman-1945-07/harriman-1945-07",
    "/lessons/reading-the-telegram/compare/harriman-1945-07/yalta-1945-02-11",
])
def test_a_comparison_the_lesson_does_not_hold_is_not_found(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404
