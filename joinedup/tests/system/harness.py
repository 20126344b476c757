"""The browser harness: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server. Never `playwright install`: the browser is /usr/bin/chromium, set up by
`make system-deps`. Each xdist worker gets its own live server and browser.

The `browser` and `page` fixtures are registered once, in joinedup/conftest.py, for every
room's browser tests; they use the helpers here and in axe.py:

    from joinedup.tests.system.axe import assert_no_axe_violations
    from joinedup.tests.system.harness import sign_in_without_the_form
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API runs an event loop in the test thread; Django's guard against
# ORM calls from async code would otherwise stop the tests' own database set-up.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Read as data, not imported: nothing outside joinedup.demo may import it.
DEMO_USERS = Path(__file__).resolve().parents[2] / "demo" / "scenarios" / "users.yaml"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run make system-deps")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def demo_login(label: str) -> tuple[str, str]:
    """(email, password) of a demo account, by its label in users.yaml."""
    users = yaml.safe_load(DEMO_USERS.read_text(encoding="utf-8"))["users"]
    user = next(u for u in users if u["label"] == label)
    return user["email"], user["password"]


def sign_in_without_the_form(page: Page, live_server_url: str, user) -> None:
    """Give the browser a signed-in session for `user`, for journeys that are not about signing in."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server_url}]
    )
