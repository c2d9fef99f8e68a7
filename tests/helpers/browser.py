"""What the browser tests share: the context factory's type, signing in with the form."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect

from tests.helpers.accounts import PASSWORD

# The new_context fixture: call it (with Playwright's context options) for a fresh browser.
ContextFactory = Callable[..., BrowserContext]


def sign_in(page: Page, username: str) -> None:
    """Sign in with the form, as a person does, and wait until the page says so."""
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=f"Sign out ({username})")).to_be_visible()
