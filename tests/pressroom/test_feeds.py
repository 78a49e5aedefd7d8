import datetime

import feedparser
import pytest
from django.core.files.storage import default_storage

from tests.pressroom.conftest import days_ago
from tests.pressroom.factories import ReleaseFactory, TagFactory

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, feedparser.parse(response.content)


@pytest.mark.parametrize(
    ("url", "version", "content_type"),
    [
        ("/news/feed/", "rss20", "application/rss+xml"),
        ("/news/feed/atom/", "atom10", "application/atom+xml"),
    ],
)
def test_site_feed_lists_public_releases_with_summary_date_categories_and_hero(
    client, site_url, url, version, content_type
):
    innovation = TagFactory(name="Innovation", slug="innovation")
    release = ReleaseFactory(
        with_hero=True,
        title="Robotics lab opens",
        summary="A new robotics lab for start-ups.",
        publish_at=datetime.datetime(2021, 2, 24, 2, 0, tzinfo=datetime.UTC),
        tags=[innovation],
    )

    response, feed = parse(client, url)

    assert response["Content-Type"].startswith(content_type)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == version
    assert feed.feed.link == f"{site_url}/news/"
    [entry] = feed.entries
    assert entry.title == "Robotics lab opens"
    assert entry.link == f"{site_url}{release.get_absolute_url()}"
    assert entry.summary == "A new robotics lab for start-ups."
    assert entry.published_parsed[:5] == (2021, 2, 24, 2, 0)
    assert [tag.term for tag in entry.tags] == ["Innovation"]
    [enclosure] = entry.enclosures
    assert enclosure.href.startswith(f"{site_url}/media/")
    assert enclosure.type == "image/jpeg"
    # The length readers are told is the size of the file they download.
    stored = enclosure.href.removeprefix(f"{site_url}/media/")
    assert int(enclosure.length) == default_storage.size(stored)


def test_feed_is_newest_first_and_leaves_out_drafts_and_scheduled(client):
    older = ReleaseFactory(title="Older", publish_at=days_ago(3))
    newer = ReleaseFactory(title="Newer", publish_at=days_ago(1))
    ReleaseFactory(title="Draft", draft=True)
    ReleaseFactory(title="Scheduled", scheduled=True)

    for url in ["/news/feed/", "/news/feed/atom/"]:
        _, feed = parse(client, url)
        assert [entry.title for entry in feed.entries] == [newer.title, older.title]


def test_feed_holds_the_twenty_newest_releases(client, make_releases):
    releases = make_releases(23)

    _, feed = parse(client, "/news/feed/")

    assert [entry.title for entry in feed.entries] == [r.title for r in releases[:20]]


def test_release_without_hero_has_no_enclosure(client):
    ReleaseFactory()

    _, feed = parse(client, "/news/feed/")

    assert feed.entries[0].enclosures == []


@pytest.mark.parametrize(
    "url", ["/news/tag/innovation/feed/", "/news/tag/innovation/feed/atom/"]
)
def test_tag_feed_lists_only_that_tags_releases(client, site_url, url):
    innovation = TagFactory(name="Innovation", slug="innovation")
    tagged = ReleaseFactory(title="Robotics lab opens", tags=[innovation])
    ReleaseFactory(title="Annual report")
    ReleaseFactory(title="Tagged draft", tags=[innovation], draft=True)

    _, feed = parse(client, url)

    assert feed.bozo == 0
    assert "Innovation" in feed.feed.title
    assert feed.feed.link == f"{site_url}/news/tag/innovation/"
    assert [entry.title for entry in feed.entries] == [tagged.title]


def test_feed_of_an_unknown_tag_is_404(client):
    assert client.get("/news/tag/no-such-tag/feed/").status_code == 404


def test_titles_with_markup_characters_survive_the_feed(client):
    ReleaseFactory(title="R&D <centre> opens", summary="Fish & chips < 5 dollars")

    _, feed = parse(client, "/news/feed/")

    assert feed.bozo == 0
    assert feed.entries[0].title == "R&D <centre> opens"
    # The summary is HTML to readers: escaped, it shows the text as typed.
    assert feed.entries[0].summary == "Fish &amp; chips &lt; 5 dollars"


@pytest.mark.parametrize("url", ["/news/feed/", "/news/tag/innovation/feed/atom/"])
def test_feed_readers_revalidate_with_one_or_two_queries(
    client, django_assert_max_num_queries, url
):
    ReleaseFactory(tags=[TagFactory(slug="innovation")])
    first = client.get(url)

    with django_assert_max_num_queries(2):
        again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304


def test_a_new_release_changes_the_feed_etag(client):
    ReleaseFactory(publish_at=days_ago(2))
    etag = client.get("/news/feed/")["ETag"]

    ReleaseFactory(publish_at=days_ago(1))

    assert client.get("/news/feed/", headers={"if-none-match": etag}).status_code == 200


@pytest.mark.parametrize("size", [5, 25])
def test_feeds_cost_a_fixed_number_of_queries(
    client, django_assert_num_queries, make_releases, size
):
    other = TagFactory()
    releases = make_releases(size, tags=[TagFactory(slug="innovation"), other])
    untagged = ReleaseFactory(publish_at=days_ago(0.5), tags=[other])
    titles = [release.title for release in releases]

    # the public-state aggregate, the releases, their tags
    with django_assert_num_queries(3):
        _response, feed = parse(client, "/news/feed/")
    assert [entry.title for entry in feed.entries] == [untagged.title, *titles[:19]]
    # plus the tag
    with django_assert_num_queries(4):
        _response, feed = parse(client, "/news/tag/innovation/feed/")
    assert [entry.title for entry in feed.entries] == titles[:20]
