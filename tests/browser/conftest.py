"""Playwright for Python driving Debian's Chromium (never a downloaded browser) against pytest-django's live server.

Screenshots go to ``test-artifacts/screenshots/``.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import chromium_available, chromium_path, require_service

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser():
    require_service("Chromium", chromium_available(), f"no executable at {chromium_path()}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_locale():
    """Pages in English for behaviour tests; override with "id-ID" to see the Indonesian default."""
    return "en-US"


@pytest.fixture
def context(browser, browser_locale):
    context = browser.new_context(
        locale=browser_locale, timezone_id="Asia/Jakarta", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def screenshot_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
