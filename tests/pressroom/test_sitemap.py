import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from pressroom.sitemaps import ReleaseSitemap
from tests.pressroom.factories import ReleaseFactory, TagFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def locations(root):
    return [loc.text for loc in root.findall(".//sm:loc", NS)]


def test_sitemap_lists_public_pages_with_absolute_urls_from_site_url(client, site_url):
    innovation = TagFactory(slug="innovation")
    TagFactory(slug="unused")
    public = ReleaseFactory(tags=[innovation])
    draft = ReleaseFactory(draft=True, tags=[TagFactory(slug="draft-only")])
    scheduled = ReleaseFactory(scheduled=True)

    root = parse(client, "/sitemap.xml")

    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    urls = locations(root)
    assert f"{site_url}/" in urls
    assert f"{site_url}/news/" in urls
    assert f"{site_url}{public.get_absolute_url()}" in urls
    assert f"{site_url}/news/tag/innovation/" in urls
    assert f"{site_url}{draft.get_absolute_url()}" not in urls
    assert f"{site_url}{scheduled.get_absolute_url()}" not in urls
    # Tags with no public release would be empty pages.
    assert f"{site_url}/news/tag/unused/" not in urls
    assert f"{site_url}/news/tag/draft-only/" not in urls


def test_release_entries_carry_their_last_change(client, site_url):
    release = ReleaseFactory()

    root = parse(client, "/sitemap.xml")

    for url in root.findall("sm:url", NS):
        if url.find("sm:loc", NS).text.endswith(release.get_absolute_url()):
            # Written as a date in the site's time zone.
            local_date = timezone.localtime(release.updated_at).date()
            assert url.find("sm:lastmod", NS).text == local_date.isoformat()
            break
    else:
        pytest.fail("release missing from the sitemap")


def test_sitemap_becomes_an_index_beyond_one_files_limit(
    client, site_url, monkeypatch, make_releases
):
    # 1,666 releases a file in production (5,000 URLs: each in three
    # languages); two here so five releases need three files.
    monkeypatch.setattr(ReleaseSitemap, "limit", 2)
    releases = make_releases(5, title_zh_hant="繁體標題", title_zh_hans="简体标题")

    index = parse(client, "/sitemap.xml")

    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    files = locations(index)
    release_files = [url for url in files if "sitemap-releases.xml" in url]
    assert len(release_files) == 3
    assert any("sitemap-pressroom.xml" in url for url in files)

    listed = []
    for url in release_files:
        path = url.split("://", 1)[1].split("/", 1)[1]
        listed += locations(parse(client, f"/{path}"))
    assert sorted(listed) == sorted(
        f"{site_url}{prefix}/news/{release.slug}/"
        for release in releases
        for prefix in ["", "/zh-hant", "/zh-hans"]
    )


XHTML = "{http://www.w3.org/1999/xhtml}link"


def test_each_page_is_listed_in_each_language_with_its_alternates(client, site_url):
    release = ReleaseFactory(
        title_zh_hant="繁體標題",
        title_zh_hans="简体标题",
        tags=[TagFactory(slug="innovation")],
    )

    root = parse(client, "/sitemap.xml")

    entries = {
        url.find("sm:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.iter(XHTML)
        }
        for url in root.findall("sm:url", NS)
    }
    for path in ["/", "/news/", f"/news/{release.slug}/", "/news/tag/innovation/"]:
        alternates = {
            "en": f"{site_url}{path}",
            "zh-Hant": f"{site_url}/zh-hant{path}",
            "zh-Hans": f"{site_url}/zh-hans{path}",
            "x-default": f"{site_url}{path}",
        }
        for language in ["en", "zh-Hant", "zh-Hans"]:
            assert entries[alternates[language]] == alternates, path


@pytest.mark.parametrize("size", [3, 12])
def test_sitemap_costs_a_fixed_number_of_queries(
    client, django_assert_num_queries, monkeypatch, make_releases, size
):
    make_releases(size, tags=[TagFactory()])

    # the public-state aggregate, the tags' count, the releases, the tags
    with django_assert_num_queries(4):
        assert client.get("/sitemap.xml").status_code == 200
    # The index: the aggregate and the tags' count; the releases' number of
    # files and latest change come from the aggregate.
    monkeypatch.setattr(ReleaseSitemap, "limit", 2)
    with django_assert_num_queries(2):
        assert "sitemapindex" in client.get("/sitemap.xml").content.decode()
    # One file of the index: the aggregate and that file's releases.
    with django_assert_num_queries(2):
        assert client.get("/sitemap-releases.xml?p=2").status_code == 200


def test_sitemap_section_past_its_last_page_is_404(client, monkeypatch):
    monkeypatch.setattr(ReleaseSitemap, "limit", 2)
    ReleaseFactory()

    assert client.get("/sitemap-releases.xml?p=9").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_answers_conditional_gets(client):
    ReleaseFactory()
    first = client.get("/sitemap.xml")

    again = client.get("/sitemap.xml", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304


def test_robots_txt_points_at_the_sitemap_with_an_absolute_url(client, site_url):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {site_url}/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /news/preview/" in lines


def test_robots_txt_keeps_crawlers_off_previews_and_the_language_switcher(client):
    rules = client.get("/robots.txt").content.decode().splitlines()

    for path in [
        "/news/preview/",
        "/zh-hant/news/preview/",
        "/zh-hans/news/preview/",
        "/i18n/",
    ]:
        assert f"Disallow: {path}" in rules
