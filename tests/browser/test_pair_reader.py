"""A student reads the telegram beside its summary and opens explanations from the keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.helpers.browser import ContextFactory

pytestmark = pytest.mark.browser
LESSON = "/lessons/reading-the-telegram"


def tab_to(page: Page, text: str, limit: int = 60) -> None:
    """Press Tab until the focused element reads ``text`` (as a sighted keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.firstChild?.textContent ?? ''")
        if focused == text:
            return
    pytest.fail(f"'{text}' was not reached with the Tab key")


def test_a_student_opens_a_glossary_term_with_the_keyboard(page: Page) -> None:
    # Mei follows a link to the third paragraph of the telegram.
    page.goto(f"{LESSON}#harriman-1945-07-p3")
    paragraph = page.locator("#harriman-1945-07-p3")
    expect(paragraph).to_be_in_viewport()
    term = paragraph.locator("details.gloss-glossary", has=page.locator("summary",
                                                                        has_text="plebiscite"))
    explanation = term.locator(".gloss-text")
    expect(explanation).to_be_hidden()

    # She tabs to the underlined word and presses Enter: the explanation opens in place.
    tab_to(page, "plebiscite")
    expect(term.locator("summary")).to_be_focused()
    page.keyboard.press("Enter")
    expect(explanation).to_be_visible()
    expect(explanation).to_contain_text("A vote in which the people of a territory decide")
    # A screen reader hears what kind of note it is, and that it is now open.
    expect(term.locator("summary")).to_contain_text("glossary; open for an explanation")
    expect(term).to_have_attribute("open", "")

    # Space closes it again; the reading goes on where it was.
    page.keyboard.press(" ")
    expect(explanation).to_be_hidden()
    expect(term.locator("summary")).to_be_focused()


def test_a_telegraph_convention_opens_the_same_way(page: Page) -> None:
    page.goto(f"{LESSON}#harriman-1945-07-p3")

    tab_to(page, "repeat not")
    page.keyboard.press("Enter")

    opened = page.locator("#harriman-1945-07-p3 details[open]")
    expect(opened).to_have_count(1)
    expect(opened.locator(".gloss-text")).to_contain_text("Telegraph convention")


@pytest.mark.parametrize(("width", "side_by_side"), [(1400, True), (390, False)])
def test_the_two_texts_stand_in_columns_only_on_a_wide_screen(
    new_context: ContextFactory, width: int, side_by_side: bool
) -> None:
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(LESSON)

    panels = page.locator(".pair").first.locator(".panel")
    expect(panels).to_have_count(2)
    first, second = panels.nth(0).bounding_box(), panels.nth(1).bounding_box()
    assert first is not None and second is not None
    beside = second["x"] >= first["x"] + first["width"] - 1
    assert beside == side_by_side
    # Nothing spills out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
