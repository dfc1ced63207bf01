"""Headless Debian Chromium driven by Playwright (never `playwright install`: it downloads a browser)."""

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def _chromium():
    # One Chromium per test file (a launch is ~1.3 s), not per session: while Playwright's sync API is alive, its
    # event loop runs in this thread and asyncio.run() in another file's test would refuse to start.
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium package is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def browser(_chromium):
    """The file's Chromium; every page a test opened (each page has a context of its own) is closed after it, so
    none keeps polling a server that test stopped."""
    yield _chromium
    for context in _chromium.contexts:
        context.close()
