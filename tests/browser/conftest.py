"""Browser journeys: Playwright driving Debian's Chromium against a live server."""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses
# to run inside one unless told that this test process is single-threaded here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make browsers).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Email").first.fill(email)
    page.get_by_label("Password").first.fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(transactional_db):
    """Every journey signs in from 127.0.0.1, and the rate limits live in the cache
    table, which flushing the database between live-server tests leaves alone."""
    from django.core.cache import caches

    caches["default"].clear()
