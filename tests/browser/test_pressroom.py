"""The press room in Chromium: a journalist's path through the public pages."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


def assert_fits(browser_page):
    assert browser_page.evaluate(NO_OVERFLOW), (
        f"{browser_page.url} scrolls sideways at "
        f"{browser_page.viewport_size['width']} px"
    )


def images_loaded(browser_page):
    return browser_page.evaluate(
        "Array.from(document.images).every(img => img.complete && img.naturalWidth > 0)"
    )


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_reader_opens_home_and_follows_the_featured_release(
    request, newsroom, viewport
):
    browser_page = request.getfixturevalue(viewport)
    browser_page.goto("/")
    assert_fits(browser_page)

    browser_page.get_by_role("link", name=newsroom.title).first.click()

    browser_page.wait_for_url(f"**{newsroom.get_absolute_url()}")
    assert browser_page.get_by_role("heading", level=1).inner_text() == newsroom.title
    assert "For media enquiries, please contact" in browser_page.content()
    browser_page.locator("img").last.scroll_into_view_if_needed()
    browser_page.wait_for_load_state("networkidle")
    assert images_loaded(browser_page)
    assert_fits(browser_page)
    assert browser_page.console_errors == []


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_reader_filters_the_news_by_tag_and_removes_the_filter(
    request, newsroom, viewport
):
    browser_page = request.getfixturevalue(viewport)
    browser_page.goto("/news/")
    assert browser_page.locator(".release-card").count() == 10

    browser_page.get_by_label("Tag", exact=True).select_option("innovation")
    browser_page.get_by_role("button", name="Search").click()

    browser_page.wait_for_url("**tag=innovation**")
    assert browser_page.locator(".release-card").count() == 1
    assert_fits(browser_page)
    browser_page.get_by_role("link", name="Tag: Innovation").click()
    browser_page.wait_for_url("**/news/")
    assert browser_page.locator(".release-card").count() == 10
    assert browser_page.console_errors == []


def test_reader_follows_a_tag_link_to_the_tag_page(page, newsroom):
    page.goto(newsroom.get_absolute_url())

    page.locator(".tag-links").last.get_by_role("link", name="Innovation").click()

    page.wait_for_url("**/news/tag/innovation/")
    assert "Innovation" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".release-card").count() == 1
    assert page.console_errors == []


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_reader_searches_and_pages_through_results(request, newsroom, viewport):
    browser_page = request.getfixturevalue(viewport)
    browser_page.goto("/news/")

    browser_page.get_by_role("searchbox", name="Search").fill("start-ups")
    browser_page.get_by_role("searchbox", name="Search").press("Enter")

    browser_page.wait_for_url("**q=start-ups**")
    assert "Search: “start-ups”" in browser_page.content()
    assert browser_page.locator(".release-card").count() == 10
    assert_fits(browser_page)
    browser_page.get_by_role("navigation", name="Pages").get_by_role(
        "link", name="Next"
    ).click()
    browser_page.wait_for_url("**page=2**")
    assert browser_page.locator(".release-card").count() == 3
    assert "Draft that nobody sees" not in browser_page.content()
    assert browser_page.console_errors == []


def test_keyboard_focus_is_visible_on_release_links(page, newsroom):
    page.goto("/news/")

    link = page.locator(".release-card__title a").first
    link.focus()

    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_reader_switches_language_from_the_header_and_it_is_remembered(
    request, newsroom, viewport
):
    browser_page = request.getfixturevalue(viewport)
    browser_page.goto(newsroom.get_absolute_url())

    # Visible without opening the phone menu.
    browser_page.get_by_role("link", name="繁體").click()

    browser_page.wait_for_url(f"**/zh-hant{newsroom.get_absolute_url()}")
    assert browser_page.locator("html").get_attribute("lang") == "zh-Hant"
    current = browser_page.get_by_role("link", name="繁體")
    assert current.get_attribute("aria-current") == "true"
    assert_fits(browser_page)
    # The choice is remembered: the bare home page opens in it.
    browser_page.goto("/")
    assert browser_page.url.endswith("/zh-hant/")
    browser_page.get_by_role("link", name="English").click()
    browser_page.wait_for_url("**/")
    browser_page.goto("/")
    assert browser_page.locator("html").get_attribute("lang") == "en"
    assert browser_page.console_errors == []
