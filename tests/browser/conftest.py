"""
Browser tests: Playwright drives Debian's headless Chromium against a live server.

Playwright's own browser downloads are never used (`playwright install` cannot
reach the network here): the tests launch /usr/bin/chromium, or CHROMIUM_PATH.
Without Chromium the tests skip with instructions, except under CI, where a
skipped browser test would hide a broken page, so they fail instead.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from tests.pressroom.factories import (
    MediaContactFactory,
    ReleaseAttachmentFactory,
    ReleaseFactory,
    ReleaseImageFactory,
    TagFactory,
)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
INSTALL_HINT = (
    "Chromium is not installed. Install it with "
    "`sudo apt-get update && sudo apt-get install chromium`, "
    "or set CHROMIUM_PATH to a Chromium binary."
)
# Chromium's background services try to reach Google; this machine has no such
# network, and the failures only add noise and delay.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread, which makes
# Django's ORM refuse to run there; the test thread only sets up data.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("CI"):
            pytest.fail(INSTALL_HINT + " (CI is set, so browser tests may not skip.)")
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def open_page(browser, live_server, **context_options):
    """A new browser context on the live server whose console errors are kept."""
    context = browser.new_context(base_url=live_server.url, **context_options)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error" and page.console_errors.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page (1280 px)."""
    context, page = open_page(
        browser, live_server, viewport={"width": 1280, "height": 900}
    )
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A 360 px wide page, the narrowest phone the site supports."""
    context, page = open_page(
        browser,
        live_server,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    yield page
    context.close()


@pytest.fixture
def newsroom(live_server):
    """A small press room: releases over several years, tags, and one release
    (returned) with everything a release page can show, long words included.

    It names `live_server` so pytest-django prepares the server for the test
    before data is written: tests that pick `page` or `phone_page` at run time
    (`request.getfixturevalue`) would otherwise start it too late.
    """
    innovation = TagFactory(name="Innovation", slug="innovation")
    community = TagFactory(name="Community", slug="community")
    now = timezone.now()
    for day in range(12):
        ReleaseFactory(
            title=f"Start-up programme update number {day}",
            summary="Another cohort of start-ups joins the programme.",
            publish_at=now - datetime.timedelta(days=40 * day + 1),
            tags=[community],
        )
    release = ReleaseFactory(
        with_hero=True,
        title="Science park opens a Hochleistungsrobotiklaboratorium for start-ups",
        subtitle="Thirty companies move in this spring",
        dateline="Hong Kong",
        summary="A shared robotics laboratory opens its doors to start-ups.",
        body="<p>The laboratory opened today.</p>"
        "<h2>What is inside</h2>"
        "<blockquote><p>“Robots for everyone,” said the chair.</p></blockquote>"
        "<table><tr><th>Floor</th><th>Use</th></tr>"
        "<tr><td>1</td><td>Prototyping workshops, see "
        "https://example.com/a-very-long-address-that-does-not-wrap-on-its-own"
        "</td></tr></table>",
        publish_at=now - datetime.timedelta(hours=2),
        tags=[innovation, community],
        media_contacts=[
            MediaContactFactory(
                name="Ada Wong",
                role="Head of Communications",
                organisation="Harbour Science Park",
                phone="+852 1234 5678",
                email="ada.wong@example.com",
            )
        ],
    )
    ReleaseImageFactory(release=release, alt_text="Robot arm sorting parts")
    ReleaseImageFactory(
        release=release, alt_text="Tenants at the opening", credit="A. Photographer"
    )
    ReleaseAttachmentFactory(release=release, title="Laboratory fact sheet")
    ReleaseFactory(title="Draft that nobody sees", draft=True)
    return release
