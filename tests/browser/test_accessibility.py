"""
Every public page type checked in Chromium for WCAG 2.2 AA and strict-CSP readiness.

axe-core (shipped inside axe-playwright-python, nothing downloaded) runs the
automated WCAG rules; the other checks cover what axe leaves to people: no
sideways scrolling on a 360 px phone, a visible focus indicator on what the
keyboard reaches, and served HTML that needs no 'unsafe-inline' in a
Content-Security-Policy. The site sends such a policy (django-csp), so what
it would block shows up as a console error.
"""

from html.parser import HTMLParser

import pytest
from axe_playwright_python.sync_playwright import Axe

from contacts.models import ConsentWording
from contacts.services import consent_wording_create
from tests.contacts.factories import EnquiryTopicFactory

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}
# Script types that hold data, not code: a strict CSP does not run them.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
VIEWPORTS = ["page", "phone_page"]
axe = Axe()


@pytest.fixture
def contact_form_ready(settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Transactional tests start from an empty database: put back what the
    # migrations give every site.
    if not ConsentWording.objects.exists():
        consent_wording_create(
            text="I agree to receive direct marketing about events, programmes "
            "and newsletters. I can opt out free of charge at any time."
        )
    EnquiryTopicFactory(name="Media enquiry", slug="media")


@pytest.fixture(autouse=True)
def reduced_motion(page, phone_page):
    """Bootstrap turns its transitions off: focus styles are read at once."""
    for browser_page in (page, phone_page):
        browser_page.emulate_media(reduced_motion="reduce")


class InlineCodeFinder(HTMLParser):
    """Collects what a strict Content-Security-Policy would refuse to run."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.problems.append(f"<{tag} style={attrs['style']!r}>")
        if any(name.startswith("on") for name in attrs):
            self.problems.append(f"<{tag}> with an inline event handler")
        if tag == "script" and not attrs.get("src"):
            if (attrs.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> element")


def assert_strict_csp_ready(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    assert finder.problems == [], "Inline code a strict CSP blocks: " + ", ".join(
        finder.problems
    )


def assert_no_axe_violations(browser_page):
    # Lazy images must be in place before contrast is measured over them.
    browser_page.wait_for_load_state("networkidle")
    results = axe.run(browser_page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    report = "\n".join(
        f"- {violation['id']} ({violation['impact']}): "
        + "; ".join(", ".join(node["target"]) for node in violation["nodes"])
        for violation in violations
    )
    width = browser_page.viewport_size["width"]
    assert violations == [], (
        f"axe found WCAG violations on {browser_page.url} at {width} px:\n{report}"
    )


def assert_fits(browser_page):
    width = browser_page.viewport_size["width"]
    overflow = browser_page.evaluate(
        "document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, (
        f"{browser_page.url} scrolls {overflow} px sideways at {width} px"
    )


def audit(browser_page, html, status=200):
    assert_no_axe_violations(browser_page)
    assert_strict_csp_ready(html)
    assert_fits(browser_page)
    # Chromium logs the error status of the page itself; anything else is a fault.
    expected = f"the server responded with a status of {status}"
    assert [
        error for error in browser_page.console_errors if expected not in error
    ] == []


def visit(browser_page, url, status=200):
    response = browser_page.goto(url)
    assert response.status == status, f"{url} answered {response.status}"
    return response.text()


def submit_contact_form(browser_page):
    """Send the Contact Us form as it is; returns the HTML the server answered."""
    with browser_page.expect_response(
        lambda response: response.request.method == "POST"
    ) as answer:
        browser_page.get_by_role("button", name="Send enquiry").click()
    browser_page.wait_for_load_state()
    return answer.value.text(), answer.value.status


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/news/",
        "/news/?q=laboratory&tag=innovation",
        "/news/?q=nothing+matches+this",
        "/news/?page=2",
        "/news/tag/innovation/",
        "/privacy/",
        # Chinese pages: their lang, fonts and line height, the switcher.
        "/zh-hant/",
        "/zh-hant/news/",
        "/zh-hant/news/tag/innovation/",
        "/zh-hans/news/?page=2",
        "/zh-hant/contact/",
    ],
)
def test_press_room_pages_pass_wcag_checks(request, newsroom, viewport, url):
    browser_page = request.getfixturevalue(viewport)
    audit(browser_page, visit(browser_page, url))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_release_with_hero_gallery_downloads_and_contacts_passes_wcag_checks(
    request, newsroom, viewport
):
    browser_page = request.getfixturevalue(viewport)
    html = visit(browser_page, newsroom.get_absolute_url())

    for heading in ("Photos", "Downloads", "For media enquiries, please contact"):
        assert browser_page.get_by_role("heading", name=heading).is_visible()
    # Lazy gallery photos load only when scrolled to.
    browser_page.locator("img").last.scroll_into_view_if_needed()
    audit(browser_page, html)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("prefix", ["/zh-hant", "/zh-hans"])
def test_release_page_in_chinese_passes_wcag_checks(
    request, newsroom, viewport, prefix
):
    browser_page = request.getfixturevalue(viewport)
    html = visit(browser_page, f"{prefix}{newsroom.get_absolute_url()}")

    browser_page.locator("img").last.scroll_into_view_if_needed()
    audit(browser_page, html)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_empty_press_room_passes_wcag_checks(request, db, viewport):
    browser_page = request.getfixturevalue(viewport)
    audit(browser_page, visit(browser_page, "/"))
    audit(browser_page, visit(browser_page, "/news/"))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_not_found_page_passes_wcag_checks(request, db, viewport):
    browser_page = request.getfixturevalue(viewport)
    html = visit(browser_page, "/news/no-such-release/", status=404)
    audit(browser_page, html, status=404)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_contact_form_blank_with_errors_and_thanks_pass_wcag_checks(
    request, contact_form_ready, viewport
):
    browser_page = request.getfixturevalue(viewport)
    audit(browser_page, visit(browser_page, "/contact/"))

    html, status = submit_contact_form(browser_page)
    assert status == 200
    # Screen readers start at the list of mistakes and hear it in the title.
    assert browser_page.title().startswith("Error: Contact Us")
    assert browser_page.evaluate("document.activeElement.id") == "form-errors"
    audit(browser_page, html)

    browser_page.get_by_role("textbox", name="Name").fill("Chan Tai Man")
    browser_page.get_by_role("textbox", name="Email").fill("chan@example.com")
    browser_page.get_by_role("combobox", name="Enquiry topic").select_option(
        label="Media enquiry"
    )
    browser_page.get_by_role("textbox", name="Subject").fill("Interview request")
    browser_page.get_by_role("textbox", name="Message").fill("Could we talk?")
    browser_page.get_by_label("I have read the").check()
    browser_page.get_by_role("button", name="Send enquiry").click()
    browser_page.wait_for_url("**/contact/thanks/")
    audit(browser_page, visit(browser_page, "/contact/thanks/"))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_too_many_requests_page_passes_wcag_checks(
    request, contact_form_ready, settings, viewport
):
    # Refused posts count only against the attempt cap (contacts/antispam.py).
    settings.CONTACT_ATTEMPT_LIMIT = "1/h"
    browser_page = request.getfixturevalue(viewport)
    visit(browser_page, "/contact/")
    submit_contact_form(browser_page)

    html, status = submit_contact_form(browser_page)

    assert status == 429
    assert browser_page.get_by_role("heading", level=1).inner_text() == (
        "Too many requests"
    )
    audit(browser_page, html, status=429)


# What can make focus visible: an outline, a ring drawn as a shadow, a colour
# change or an underline.
FOCUS_LOOK = """
element => {
  const style = getComputedStyle(element);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow,
          style.backgroundColor, style.color, style.textDecorationLine].join("|");
}
"""
SAMPLE_FOCUS = f"""
() => {{
  const element = document.activeElement;
  // Past the last stop the focus leaves the page for the browser's own controls.
  if (element === document.body) return null;
  window.focusSamples = window.focusSamples || [];
  window.focusSamples.push({{element, focused: ({FOCUS_LOOK})(element)}});
  return element.outerHTML.slice(0, 120);
}}
"""
UNFOCUSED_LOOK_ALIKES = f"""
() => {{
  document.activeElement.blur();
  return window.focusSamples
    .filter(sample => ({FOCUS_LOOK})(sample.element) === sample.focused)
    .map(sample => sample.element.outerHTML.slice(0, 120));
}}
"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ["/", "release", "/news/", "/contact/"])
def test_keyboard_focus_is_always_visible(
    request, newsroom, contact_form_ready, viewport, path
):
    """The first twenty stops of the Tab key each look different when focused."""
    browser_page = request.getfixturevalue(viewport)
    visit(browser_page, newsroom.get_absolute_url() if path == "release" else path)

    reached = []
    for _ in range(20):
        browser_page.keyboard.press("Tab")
        reached.append(browser_page.evaluate(SAMPLE_FOCUS))
    invisible = browser_page.evaluate(UNFOCUSED_LOOK_ALIKES)

    assert len([element for element in reached if element]) >= 5
    assert invisible == [], "No visible focus indicator on:\n" + "\n".join(invisible)


# WCAG 1.4.11 in numbers: the relative luminance contrast of two CSS colours, and
# the colour actually painted behind an element (its nearest opaque background).
CONTRAST = """
(() => {
  const rgb = colour => colour.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = colour => {
    const [r, g, b] = rgb(colour).map(value => {
      value /= 255;
      return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (one, other) => {
    const [light, dark] = [luminance(one), luminance(other)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
  };
  const backdrop = element => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (!colour.startsWith("rgba") || !colour.endsWith(", 0)")) return colour;
    }
    return "rgb(255, 255, 255)";
  };
  return {contrast, backdrop};
})()
"""
FIELD_EDGES = f"""
() => {{
  const {{contrast, backdrop}} = {CONTRAST};
  return Array.from(document.querySelectorAll(
    "input:not([type=hidden]), select, textarea"
  )).filter(field => field.offsetParent && !field.closest("[aria-hidden=true]"))
    .map(field => [
      field.id || field.name,
      contrast(getComputedStyle(field).borderTopColor, backdrop(field)),
    ]);
}}
"""
FOCUS_RING = f"""
() => {{
  const {{contrast, backdrop}} = {CONTRAST};
  const element = document.activeElement;
  const style = getComputedStyle(element);
  if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) === 0) return 0;
  return contrast(style.outlineColor, backdrop(element));
}}
"""


@pytest.mark.parametrize("path", ["/contact/", "/news/"])
def test_form_fields_and_focus_rings_stand_out_from_their_background(
    page, newsroom, contact_form_ready, path
):
    """Where to type and where the keyboard is must be seen (WCAG 1.4.11, 3:1)."""
    visit(page, path)

    edges = dict(page.evaluate(FIELD_EDGES))
    faint = {field: round(ratio, 2) for field, ratio in edges.items() if ratio < 3}
    assert len(edges) >= 3
    assert faint == {}, f"Field edges below 3:1 on {path}: {faint}"

    rings = []
    for _ in range(10):
        page.keyboard.press("Tab")
        rings.append(page.evaluate(FOCUS_RING))
    assert min(rings) >= 3, f"A focus ring on {path} is below 3:1: {rings}"
