"""
What a careless or malicious editor types never reaches readers as live markup,
and never takes a public page, feed or the sitemap down: markup characters,
characters XML cannot carry, whatever is already stored.
"""

import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse

from pressroom.models import MediaContact, Release, Tag
from tests.contacts.factories import EnquiryFactory
from tests.pressroom.factories import (
    MediaContactFactory,
    ReleaseFactory,
    ReleaseImageFactory,
    TagFactory,
)
from tests.pressroom.test_admin import ADD_URL, jpeg_upload, release_form

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert(1)</script><img src=x onerror="alert(2)"> & co'
ATOM = "{http://www.w3.org/2005/Atom}"
# Every character XML 1.0 forbids that an editor could paste (NUL aside: the
# databases refuse it), and U+FFFE, U+FFFF.
XML_FORBIDDEN = "".join(
    chr(code) for code in [*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE]
)
FEEDS = [
    "/news/feed/",
    "/news/feed/atom/",
    "/news/tag/hostile/feed/",
    "/news/tag/hostile/feed/atom/",
]


def feed_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    # A strict XML parser, as feed readers use: a forbidden character is fatal.
    return ET.fromstring(response.content)


@pytest.fixture
def hostile_release():
    tag = TagFactory(name=f"Tag {PAYLOAD}", slug="hostile", description=PAYLOAD)
    return ReleaseFactory(
        title=f"Title {PAYLOAD}",
        subtitle=f"Subtitle {PAYLOAD}",
        summary=f"Summary {PAYLOAD}",
        dateline=f"Dateline {PAYLOAD}",
        tags=[tag],
        with_hero=True,
        hero_alt=f"Alt {PAYLOAD}",
        hero_caption=f"Caption {PAYLOAD}",
        hero_credit=f"Credit {PAYLOAD}",
        media_contacts=[
            MediaContactFactory(
                name=f"Name {PAYLOAD}",
                role=f"Role {PAYLOAD}",
                organisation=f"Org {PAYLOAD}",
            )
        ],
    )


# Feeds: the elements readers render as HTML carry the text as escaped HTML.


@pytest.mark.parametrize("url", ["/news/feed/", "/news/tag/hostile/feed/"])
def test_rss_descriptions_carry_plain_text_as_escaped_html(
    client, hostile_release, url
):
    channel = feed_xml(client, url).find("channel")
    [item] = channel.findall("item")

    # RSS readers render <description> as HTML: the HTML must show the text.
    description = item.findtext("description")
    assert "<" not in description
    assert html.unescape(description) == f"Summary {PAYLOAD}"
    if "tag" in url:
        assert "<" not in channel.findtext("description")
        assert html.unescape(channel.findtext("description")) == PAYLOAD
    # Titles and categories are plain text (RSS Advisory Board: no HTML in
    # titles); readers show them literally.
    assert item.findtext("title") == f"Title {PAYLOAD}"
    assert [c.text for c in item.findall("category")] == [f"Tag {PAYLOAD}"]


@pytest.mark.parametrize("url", ["/news/feed/atom/", "/news/tag/hostile/feed/atom/"])
def test_atom_summary_is_escaped_html_and_titles_are_text(client, hostile_release, url):
    feed = feed_xml(client, url)
    [entry] = feed.findall(f"{ATOM}entry")

    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<" not in summary.text
    assert html.unescape(summary.text) == f"Summary {PAYLOAD}"
    # Atom text constructs without a type are text (RFC 4287, 3.1.1).
    title = entry.find(f"{ATOM}title")
    assert title.get("type", "text") == "text"
    assert title.text == f"Title {PAYLOAD}"
    assert entry.find(f"{ATOM}category").get("term") == f"Tag {PAYLOAD}"
    if "tag" in url:
        subtitle = feed.find(f"{ATOM}subtitle")
        assert subtitle.get("type", "text") == "text"
        assert subtitle.text == PAYLOAD


# Pages, structured data and social tags: text stays text.


def test_release_page_shows_every_field_as_text(client, hostile_release):
    page = client.get(hostile_release.get_absolute_url()).content.decode()

    escaped = html.escape(PAYLOAD, quote=False)
    shown = page.replace("&quot;", '"').replace("&#x27;", "'")
    for field in ["Title", "Subtitle", "Caption", "Credit", "Tag", "Name", "Role"]:
        assert f"{field} {escaped}" in shown, field
    assert f"Org {escaped}" in shown


class Elements(HTMLParser):
    """Every element of a page, as (tag, attributes)."""

    def __init__(self, page):
        super().__init__()
        self.elements = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


@pytest.mark.parametrize("url", ["/", "/news/", "/news/tag/hostile/", "detail"])
def test_no_page_carries_live_markup_from_plain_text(client, hostile_release, url):
    if url == "detail":
        url = hostile_release.get_absolute_url()

    elements = Elements(client.get(url).content.decode()).elements

    assert ("img", {"src": "x", "onerror": "alert(2)"}) not in elements
    assert not [attrs for _tag, attrs in elements if "onerror" in attrs]
    # Scripts are our own files and, on a release page, its JSON-LD.
    assert {
        attrs.get("type", "file") if "src" not in attrs else "file"
        for tag, attrs in elements
        if tag == "script"
    } <= {"file", "application/ld+json"}


def test_json_ld_and_social_tags_cannot_break_out_of_their_element(
    client, hostile_release
):
    page = client.get(hostile_release.get_absolute_url()).content.decode()

    start = page.index('<script type="application/ld+json">')
    json_ld = page[start : page.index("</script>", start)]
    assert "<" not in json_ld.removeprefix('<script type="application/ld+json">')
    assert '<meta property="og:title" content="Title &lt;script&gt;' in page
    assert 'content="Alt &lt;script&gt;' in page


def test_emails_show_what_a_visitor_typed_as_text(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CONTACT_NOTIFY_EMAILS = ["enquiries@newsroom.test"]
    fields = ["name", "organisation", "subject", "message"]

    with django_capture_on_commit_callbacks(execute=True):
        EnquiryFactory(**{field: f"{field} {PAYLOAD}" for field in fields})

    acknowledgement, notification = mail.outbox
    assert PAYLOAD in acknowledgement.subject
    for message, shown in [
        (acknowledgement, ["name", "subject", "message"]),
        (notification, fields),
    ]:
        html_body, _mimetype = message.alternatives[0]
        assert "<script>" not in html_body
        assert "<img" not in html_body
        for field in shown:
            assert f"{field} {html.escape(PAYLOAD)}" in html_body.replace("&#x27;", "'")
        # The plain-text part is text: nothing to escape there.
        assert f"subject {PAYLOAD}" in message.body


# Characters XML 1.0 cannot carry: no feed or sitemap answers 500.


@pytest.fixture
def stored_control_characters():
    """A public release whose text holds them, written behind the forms' back."""
    tag = TagFactory(slug="hostile")
    release = ReleaseFactory(tags=[tag], with_hero=True)
    ReleaseImageFactory(release=release)
    text = f"Bell{XML_FORBIDDEN}ringer"
    Release.objects.filter(pk=release.pk).update(
        title=text, subtitle=text, summary=text, dateline=text
    )
    Tag.objects.filter(pk=tag.pk).update(name=text, description=text)
    MediaContact.objects.update(name=text)
    return release


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_drop_characters_xml_cannot_carry(client, stored_control_characters, url):
    feed = ET.tostring(feed_xml(client, url), encoding="unicode")

    assert "Bellringer" in feed


def test_sitemap_and_pages_survive_stored_control_characters(
    client, stored_control_characters
):
    ET.fromstring(client.get("/sitemap.xml").content)
    for url in ["/", "/news/", stored_control_characters.get_absolute_url()]:
        assert client.get(url).status_code == 200


# What editors paste: control characters are removed at the form.

PASTED = "Bell\x07 ringer\x0bof\x1f the\x7f\x9f year"


def test_admin_removes_control_characters_from_every_text_an_editor_pastes(
    admin_client,
):
    data = release_form(
        title=f"Title {PASTED}",
        subtitle=f"Subtitle {PASTED}",
        dateline=f"Dateline {PASTED}",
        summary=f"Summary {PASTED}\r\nSecond\tline",
        body=f"<p>Body {PASTED}</p>",
        **{
            "gallery_images-TOTAL_FORMS": "1",
            "gallery_images-0-image": jpeg_upload("gallery.jpg"),
            "gallery_images-0-alt_text": f"Alt {PASTED}",
            "gallery_images-0-caption": f"Caption {PASTED}",
            "gallery_images-0-position": "0",
        },
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["errors"]
    release = Release.objects.get()
    assert release.title == "Title Bell ringer of the year"
    assert release.subtitle == "Subtitle Bell ringer of the year"
    assert release.dateline == "Dateline Bell ringer of the year"
    assert release.summary == "Summary Bell ringer of the year\r\nSecond\tline"
    assert release.body == "<p>Body Bell ringer of the year</p>"
    photo = release.gallery_images.get()
    assert photo.alt_text == "Alt Bell ringer of the year"
    assert photo.caption == "Caption Bell ringer of the year"


def test_a_title_of_control_characters_alone_is_refused_as_empty(admin_client):
    response = admin_client.post(ADD_URL, release_form(title="\x01\x02\x0b"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title_en"] == [
        "This field is required."
    ]
    assert Release.objects.count() == 0


def test_tags_and_media_contacts_are_cleaned_too(admin_client):
    admin_client.post(
        reverse("admin:pressroom_tag_add"),
        {"name_en": f"Tag {PASTED}", "slug": "bells", "description_en": PASTED},
    )
    admin_client.post(
        reverse("admin:pressroom_mediacontact_add"),
        {"name": f"Ada {PASTED}", "role_en": PASTED, "is_active": "on"},
    )

    tag = Tag.objects.get()
    assert (tag.name, tag.description) == (
        "Tag Bell ringer of the year",
        "Bell ringer of the year",
    )
    contact = MediaContact.objects.get()
    assert (contact.name, contact.role) == (
        "Ada Bell ringer of the year",
        "Bell ringer of the year",
    )
