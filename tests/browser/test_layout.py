def test_home_page_shows_navigation_on_desktop_without_console_errors(page):
    page.goto("/")

    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="News", exact=True).is_visible()
    assert nav.get_by_role("link", name="Contact Us").is_visible()
    assert page.console_errors == []


def test_phone_menu_opens_from_the_toggle(phone_page):
    phone_page.goto("/")
    contact = phone_page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Contact Us"
    )
    assert not contact.is_visible()

    phone_page.get_by_role("button", name="Toggle navigation").click()

    contact.wait_for(state="visible")
    assert phone_page.console_errors == []


def test_skip_link_moves_focus_to_the_main_content(page):
    page.goto("/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == (
        "Skip to main content"
    )
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"
