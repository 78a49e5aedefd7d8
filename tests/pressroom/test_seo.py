import itertools
import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.pressroom.factories import ReleaseFactory, TagFactory

pytestmark = pytest.mark.django_db


class HeadParser(HTMLParser):
    """Collects <meta>, <link> and <title> from a page's head, and its headings."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.headings = {}, [], []
        self.title = ""
        self.json_ld = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content")
        elif tag == "link":
            self.links.append(attrs)
        elif tag in ("title", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._in = tag
            if tag != "title":
                self.headings.append(tag)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "ld"
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag in ("title", "script") or tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "ld":
            self.json_ld[-1] += data

    def link(self, rel, type_=None):
        return [
            link
            for link in self.links
            if link.get("rel") == rel and (type_ is None or link.get("type") == type_)
        ]


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def test_release_page_has_title_description_canonical_and_social_tags(client, site_url):
    release = ReleaseFactory(
        with_hero=True,
        title="Robotics lab opens",
        summary="A new robotics lab for start-ups.",
    )
    url = f"{site_url}{release.get_absolute_url()}"

    page = head(client, release.get_absolute_url())

    assert page.title == "Robotics lab opens · Newsroom"
    assert page.meta["description"] == "A new robotics lab for start-ups."
    assert [link["href"] for link in page.link("canonical")] == [url]
    assert page.meta["og:type"] == "article"
    assert page.meta["og:title"] == "Robotics lab opens"
    assert page.meta["og:url"] == url
    assert page.meta["og:image"].startswith(f"{site_url}/media/")
    assert "social" in page.meta["og:image"]
    assert (page.meta["og:image:width"], page.meta["og:image:height"]) == (
        "1200",
        "630",
    )
    assert page.meta["og:image:alt"] == release.hero_alt
    assert page.meta["twitter:card"] == "summary_large_image"
    assert page.meta["twitter:image"] == page.meta["og:image"]


def test_release_page_carries_news_article_json_ld(client, site_url):
    release = ReleaseFactory(
        with_hero=True, title="Robotics lab opens", tags=[TagFactory(name="Labs")]
    )

    page = head(client, release.get_absolute_url())

    [data] = [json.loads(text) for text in page.json_ld]
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Robotics lab opens"
    assert data["url"] == f"{site_url}{release.get_absolute_url()}"
    assert data["datePublished"] == release.publish_at.isoformat()
    assert data["publisher"]["name"] == "Newsroom"
    assert data["keywords"] == ["Labs"]
    assert data["image"][0].startswith(f"{site_url}/media/")


def test_json_ld_cannot_be_broken_out_of_by_a_title(client):
    release = ReleaseFactory(title="</script><script>alert(1)</script>")

    html = client.get(release.get_absolute_url()).content.decode()
    [script] = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )

    assert "<" not in script
    assert json.loads(script)["headline"] == release.title


def test_release_without_hero_uses_a_summary_card(client):
    release = ReleaseFactory()

    page = head(client, release.get_absolute_url())

    assert page.meta["twitter:card"] == "summary"
    assert "og:image" not in page.meta


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/", "/"),
        ("/news/", "/news/"),
        ("/news/?page=2", "/news/?page=2"),
        ("/news/tag/innovation/", "/news/tag/innovation/"),
    ],
)
def test_every_page_has_meta_tags_feeds_and_one_h1(
    client, site_url, make_releases, url, canonical
):
    make_releases(12, tags=[TagFactory(name="Innovation", slug="innovation")])

    page = head(client, url)

    assert page.title.endswith("· Newsroom")
    assert page.meta["description"]
    assert [link["href"] for link in page.link("canonical")] == [
        f"{site_url}{canonical}"
    ]
    assert page.meta["og:url"] == f"{site_url}{canonical}"
    assert page.meta["og:title"] and page.meta["twitter:card"]
    assert page.link("alternate", "application/rss+xml")[0]["href"] == "/news/feed/"
    assert page.link("alternate", "application/atom+xml")[0]["href"] == (
        "/news/feed/atom/"
    )
    assert page.headings.count("h1") == 1
    assert page.headings[0] == "h1"
    assert page.json_ld == []
    assert "robots" not in page.meta


def test_filtered_lists_are_kept_out_of_search_engines(client, make_releases):
    make_releases(2)

    page = head(client, "/news/?q=science")

    assert page.meta["robots"] == "noindex"


def test_contact_page_keeps_its_own_title_and_gets_a_canonical(client, site_url):
    page = head(client, reverse("contacts:contact"))

    assert page.link("canonical")[0]["href"] == f"{site_url}/contact/"
    assert page.link("alternate", "application/rss+xml")


def test_preview_is_noindex_and_has_no_json_ld(client, django_user_model):
    editor = django_user_model.objects.create_user(
        username="editor", password="pw", is_staff=True
    )
    editor.user_permissions.add(Permission.objects.get(codename="view_release"))
    client.force_login(editor)
    release = ReleaseFactory(draft=True)

    page = head(client, reverse("pressroom:preview", kwargs={"pk": release.pk}))

    assert page.meta["robots"] == "noindex"
    assert page.json_ld == []


def test_release_page_headings_are_in_order(client, full_release):
    page = head(client, full_release.get_absolute_url())

    levels = [int(tag[1]) for tag in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
