"""
The admin works under the site's Content-Security-Policy: comms staff write in
the rich-text editor and staff open enquiries without the browser refusing any
script or style (a refusal is logged as a console error).
"""

import pytest

from pressroom.models import Release
from tests.pressroom.factories import ReleaseFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"


@pytest.fixture
def signed_in(page, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.com", PASSWORD)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def test_pages_are_served_with_a_strict_content_security_policy(page):
    response = page.goto("/")

    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_staff_write_a_release_in_the_rich_text_editor_under_the_policy(signed_in):
    page = signed_in
    page.goto("/admin/pressroom/release/add/")
    editor = page.locator(".field-body_en [contenteditable=true]")
    editor.wait_for(state="visible")

    page.locator("#id_title_en").fill("Robotics lab opens")
    page.locator("#id_summary_en").fill("A shared lab for start-ups.")
    editor.click()
    page.keyboard.type("The park opened today.")
    # The Traditional Chinese text, folded away until opened, has its own editor.
    page.get_by_role("heading", name="Traditional Chinese").click()
    page.locator("#id_title_zh_hant").fill("機械人實驗室開幕")
    page.locator(".field-body_zh_hant [contenteditable=true]").click()
    page.keyboard.type("科學園今日開幕。")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/pressroom/release/")

    release = Release.objects.get(title_en="Robotics lab opens")
    assert release.body_en == "<p>The park opened today.</p>"
    assert release.body_zh_hant == "<p>科學園今日開幕。</p>"
    assert release.languages == ["en", "zh-hant"]
    assert page.console_errors == []


def test_release_list_and_enquiry_list_open_under_the_policy(signed_in):
    ReleaseFactory(title="Robotics lab opens", with_hero=True)
    page = signed_in

    page.goto("/admin/pressroom/release/")
    assert page.get_by_role("link", name="Robotics lab opens").is_visible()
    page.goto("/admin/pressroom/release/?missing=zh-hant")
    assert page.get_by_role("link", name="Robotics lab opens").is_visible()
    page.goto("/admin/contacts/enquiry/")
    assert page.get_by_role("heading", level=1).is_visible()

    assert page.console_errors == []
