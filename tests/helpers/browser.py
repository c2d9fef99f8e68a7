"""Types for the browser tests' fixtures."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext

# The new_context fixture: call it (with Playwright's context options) for a fresh browser.
ContextFactory = Callable[..., BrowserContext]
