"""Fixtures for the browser tests: Debian's Chromium driven by Playwright.

Playwright never downloads a browser here; it launches the system Chromium. When
that is missing every browser test errors out (it is not skipped), so a broken
set-up cannot pass for a green run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
# Assertions wait as long as actions: a page that answers a POST with a redirect to a
# freshly built page (a new plan version copies every part) may need more than
# Playwright's default 5 s on a busy two-core CI machine.
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}; install it (apt-get install chromium)")
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def _open_page(browser: Browser, base_url: str, *, javascript: bool = True) -> Page:
    context = browser.new_context(
        base_url=base_url,
        locale="nb-NO",
        timezone_id="Europe/Oslo",
        viewport={"width": 1280, "height": 900},
        java_script_enabled=javascript,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def page(browser: Browser, live_server: Any, demo_data: None) -> Iterator[Page]:
    """A fresh browser context (no cookies) in Norwegian, pointed at the live server."""
    opened = _open_page(browser, live_server.url)
    yield opened
    opened.context.close()


@pytest.fixture
def no_js_page(browser: Browser, live_server: Any, demo_data: None) -> Iterator[Page]:
    """Like `page`, with JavaScript turned off: the pages must work without htmx."""
    opened = _open_page(browser, live_server.url, javascript=False)
    yield opened
    opened.context.close()
