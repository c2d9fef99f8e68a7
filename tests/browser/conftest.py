"""Fixtures for the browser tests: the app on a real port, and a real Chromium to drive it.

Chromium is the Debian package (``/usr/bin/chromium``, or ``$CHROMIUM``), never a browser that
Playwright downloads. When it is missing the tests fail rather than skip: CI must run them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.helpers.browser import ContextFactory
from tests.helpers.servers import served_in_thread

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """Serve the app on a free local port in a background thread; yield its base URL."""
    with served_in_thread(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch headless Chromium once for the whole run (it holds no state of its own)."""
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        pytest.fail(f"Chromium is not installed at {executable}. Install the 'chromium' package "
                    "or set CHROMIUM to its path; the browser tests must run, not be skipped.",
                    pytrace=False)
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=executable, headless=True,
                                                  args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            failure = f"Chromium at {executable} did not start: {error}"
        else:
            yield launched
            launched.close()
            return
    pytest.fail(failure, pytrace=False)  # outside the except: one message, not a chain of two


@pytest.fixture
def new_context(browser: Browser, live_server: str) -> Iterator[ContextFactory]:
    """Return a maker of fresh browser contexts (own cookies) pointed at the live server.

    Every context is closed before the server stops, so no request is left hanging.
    """
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=live_server, **options)
        context.set_default_timeout(5_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: ContextFactory) -> Page:
    """Return a page in a fresh context: a student who has never visited the site."""
    return new_context().new_page()
