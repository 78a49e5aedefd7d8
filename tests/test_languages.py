"""The public site in English, Traditional and Simplified Chinese: addresses,
`<html lang>`, canonical and alternate links, the header's switcher, the home
page's choice of language, dates, feeds, and caching per language."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.conf import settings
from django.utils import translation

from tests.pressroom.factories import ReleaseFactory, TagFactory
from tests.pressroom.test_seo import HeadParser

pytestmark = pytest.mark.django_db

SITE_URL = "https://news.example.com"
LANGUAGES = {
    "en": ("", "en"),
    "zh-hant": ("/zh-hant", "zh-Hant"),
    "zh-hans": ("/zh-hans", "zh-Hans"),
}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_LINK = "{http://www.w3.org/1999/xhtml}link"
PAGES = ["/", "/news/", "/news/tag/innovation/", "release", "/contact/", "/privacy/"]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL
    return SITE_URL


@pytest.fixture
def release():
    """A release in all three languages."""
    return ReleaseFactory(
        slug="lab-opens",
        title="Robotics lab opens",
        title_zh_hant="機械人實驗室開幕",
        title_zh_hans="机器人实验室开幕",
        summary_zh_hant="科學園為初創企業開設共用機械人實驗室。",
        summary_zh_hans="科学园为初创企业开设共用机器人实验室。",
        publish_at=datetime.datetime(2024, 4, 15, 2, tzinfo=datetime.UTC),
        tags=[TagFactory(name="Innovation", slug="innovation")],
    )


def page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    parser = HeadParser()
    parser.feed(response.content.decode())
    parser.response = response
    parser.html = response.content.decode()
    return parser


def html_lang(parsed):
    return re.search(r'<html lang="([^"]+)"', parsed.html).group(1)


def alternates(parsed):
    return {
        link["hreflang"]: link["href"]
        for link in parsed.link("alternate")
        if "hreflang" in link
    }


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_answers_in_each_language_with_its_lang_and_links(
    client, release, language, path
):
    prefix, tag = LANGUAGES[language]
    path = "/news/lab-opens/" if path == "release" else path

    parsed = page(client, f"{prefix}{path}")

    assert html_lang(parsed) == tag
    assert parsed.response["Content-Language"] == language
    [canonical] = parsed.link("canonical")
    assert canonical["href"] == f"{SITE_URL}{prefix}{path}"
    if path in ("/contact/", "/privacy/"):
        return  # their views are the Contact Us helper's: no PageMeta
    assert alternates(parsed) == {
        "en": f"{SITE_URL}{path}",
        "zh-Hant": f"{SITE_URL}/zh-hant{path}",
        "zh-Hans": f"{SITE_URL}/zh-hans{path}",
        "x-default": f"{SITE_URL}{path}",
    }
    assert (
        parsed.meta["og:locale"]
        == {"en": "en_GB", "zh-hant": "zh_HK", "zh-hans": "zh_CN"}[language]
    )


def test_english_addresses_are_unchanged_and_site_files_stay_unprefixed(client):
    for url in ["/healthz", "/robots.txt", "/sitemap.xml"]:
        assert client.get(url).status_code == 200, url
    assert client.get("/favicon.ico").status_code == 301
    for url in [
        "/zh-hant/admin/",
        "/zh-hant/healthz",
        "/zh-hans/sitemap.xml",
        "/en/news/",
    ]:
        assert client.get(url).status_code == 404, url


def test_a_chinese_404_page_is_in_chinese_and_leads_to_that_home_page(client):
    response = client.get("/zh-hant/news/no-such-release/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="zh-Hant">' in html
    assert 'href="/zh-hant/">' in html


# The switcher -------------------------------------------------------------------


def switcher(html):
    return re.findall(
        r'<a class="language-switcher__link" href="([^"]+)" lang="([^"]+)" '
        r'hreflang="[^"]+"( aria-current="true")?>([^<]+)</a>',
        html,
    )


def test_the_switcher_names_each_language_in_itself_and_marks_the_current_one(
    client, release
):
    parsed = page(client, "/zh-hans/news/?page=1")

    links = switcher(parsed.html)

    assert [(lang, current, name) for _url, lang, current, name in links] == [
        ("en", "", "English"),
        ("zh-Hant", "", "繁體"),
        ("zh-Hans", ' aria-current="true"', "简体"),
    ]
    assert links[1][0] == "/i18n/zh-hant/?next=%2Fzh-hans%2Fnews%2F%3Fpage%3D1"


@pytest.mark.parametrize(
    ("start", "language", "lands_on"),
    [
        ("/news/lab-opens/", "zh-hant", "/zh-hant/news/lab-opens/"),
        ("/zh-hant/news/lab-opens/", "zh-hans", "/zh-hans/news/lab-opens/"),
        ("/zh-hans/news/tag/innovation/?page=2", "en", "/news/tag/innovation/?page=2"),
        ("/zh-hant/contact/", "en", "/contact/"),
        ("/", "zh-hans", "/zh-hans/"),
    ],
)
def test_following_a_switcher_link_keeps_the_page_and_remembers_the_choice(
    client, release, start, language, lands_on
):
    [url] = [
        url
        for url, lang, *_ in switcher(page(client, start).html)
        if lang.lower() == language
    ]

    response = client.get(url.replace("&amp;", "&"))

    assert response.status_code == 302
    assert response["Location"] == lands_on
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == language
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "no-cache" in response["Cache-Control"]
    assert page(client, lands_on).response.status_code == 200


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", ""])
def test_the_switcher_never_leads_off_the_site(client, next_url):
    response = client.get("/i18n/zh-hant/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/zh-hant/"


def test_the_switcher_refuses_a_language_the_site_does_not_have(client):
    response = client.get("/i18n/fr/", {"next": "/news/"})

    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


# The home page follows the reader's choice -----------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "cookie", "lands_on"),
    [
        ("zh-HK,zh;q=0.9,en;q=0.8", None, "/zh-hant/"),
        ("zh-TW", None, "/zh-hant/"),
        ("zh-CN,zh;q=0.9", None, "/zh-hans/"),
        ("zh-HK", "zh-hans", "/zh-hans/"),
    ],
)
def test_the_bare_home_page_leads_to_the_readers_language_uncached(
    client, accept_language, cookie, lands_on
):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response["Location"] == lands_on
    assert "no-cache" in response["Cache-Control"]
    assert (
        "private" in response["Cache-Control"]
        or "no-store" in response["Cache-Control"]
    )
    vary = {value.strip().lower() for value in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary


@pytest.mark.parametrize(
    ("accept_language", "cookie"),
    [(None, None), ("en-GB,en;q=0.9,zh-HK;q=0.5", None), ("zh-HK", "en")],
)
def test_the_home_page_stays_english_for_english_readers_and_says_it_varies(
    client, accept_language, cookie
):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    headers = {"accept-language": accept_language} if accept_language else {}

    response = client.get("/", headers=headers)

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    vary = {value.strip().lower() for value in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary


def test_other_addresses_keep_their_language_whatever_the_reader_prefers(
    client, release
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"

    for url in ["/news/", "/news/lab-opens/", "/zh-hans/"]:
        response = client.get(url, headers={"accept-language": "zh-HK"})
        assert response.status_code == 200, url
        assert (
            '<html lang="zh-Hans">'
            if url.startswith("/zh-hans")
            else '<html lang="en">'
        ) in response.content.decode()


# Dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "short", "long"),
    [
        ("", "15 Apr 2024", "15 April 2024"),
        ("/zh-hant", "2024年4月15日", "2024年4月15日"),
        ("/zh-hans", "2024年4月15日", "2024年4月15日"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(
    client, release, prefix, short, long
):
    listed = page(client, f"{prefix}/news/").html
    detail = page(client, f"{prefix}/news/lab-opens/").html

    assert f">{short}</time>" in listed
    assert f">{short}</time>" in detail
    assert long in re.search(
        r'class="release__dateline">(.*?)</p>', detail, re.S
    ).group(1)


# Feeds ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize(
    "path",
    [
        "/news/feed/",
        "/news/feed/atom/",
        "/news/tag/innovation/feed/",
        "/news/tag/innovation/feed/atom/",
    ],
)
def test_each_language_has_its_feeds_declaring_their_language(
    client, release, language, path
):
    prefix, tag = LANGUAGES[language]

    response = client.get(f"{prefix}{path}")

    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.feed.language == tag
    [entry] = feed.entries
    assert entry.link == f"{SITE_URL}{prefix}/news/lab-opens/"


def test_pages_link_the_feeds_of_their_own_language(client, release):
    parsed = page(client, "/zh-hant/news/tag/innovation/")

    feeds = [link["href"] for link in parsed.link("alternate") if "type" in link]

    assert feeds == [
        "/zh-hant/news/feed/",
        "/zh-hant/news/feed/atom/",
        "/zh-hant/news/tag/innovation/feed/",
        "/zh-hant/news/tag/innovation/feed/atom/",
    ]


# Caching and conditional GET per language ---------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/news/", "/news/lab-opens/", "/news/tag/innovation/", "/news/feed/"]
)
def test_a_page_in_one_language_has_an_etag_of_its_own(client, release, path):
    english = client.get(path)
    chinese = client.get(f"/zh-hant{path}")
    simplified = client.get(f"/zh-hans{path}")

    assert len({english["ETag"], chinese["ETag"], simplified["ETag"]}) == 3
    again = client.get(f"/zh-hant{path}", headers={"if-none-match": english["ETag"]})
    assert again.status_code == 200


def test_the_page_cache_keeps_each_language_apart(client, release, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "languages",
        }
    }
    client.get("/news/")
    client.get("/zh-hant/news/")

    cached = {
        url: client.get(url).content.decode()
        for url in ["/news/", "/zh-hant/news/", "/zh-hans/news/"]
    }

    assert '<html lang="en">' in cached["/news/"]
    assert '<html lang="zh-Hant">' in cached["/zh-hant/news/"]
    assert '<html lang="zh-Hans">' in cached["/zh-hans/news/"]


# A release written in English only ---------------------------------------------------


@pytest.fixture
def english_only():
    return ReleaseFactory(
        slug="annual-report",
        title="Annual report published",
        summary="Figures for the year.",
        publish_at=datetime.datetime(2024, 4, 16, 2, tzinfo=datetime.UTC),
        tags=[TagFactory(name="Reports", slug="reports")],
    )


@pytest.mark.parametrize("prefix", ["/zh-hant", "/zh-hans"])
def test_a_chinese_list_shows_an_english_only_release_marked_and_labelled(
    client, release, english_only, prefix
):
    for url in [f"{prefix}/news/", f"{prefix}/", f"{prefix}/news/tag/reports/"]:
        html = page(client, url).html

        english = re.search(
            r'class="(?:release-card|featured-release)__title" lang="en"><a href="'
            + prefix
            + r'/news/annual-report/">Annual report published</a>.*?'
            r'<p class="language-label">([^<]+)</p>\s*'
            r'<p class="[^"]+" lang="en">Figures for the year.</p>',
            html,
            re.S,
        )
        assert english, url
        with translation.override(prefix.strip("/")):
            assert english.group(1) == translation.gettext("English only")
    # The translated release is in Chinese, unmarked and unlabelled.
    html = page(client, f"{prefix}/news/").html
    assert f'__title"><a href="{prefix}/news/lab-opens/">' in html
    assert html.count('class="language-label"') == 1


def test_english_pages_label_nothing(client, release, english_only):
    html = page(client, "/news/").html

    assert 'lang="en"><a' not in html
    assert "language-label" not in html


@pytest.mark.parametrize("prefix", ["/zh-hant", "/zh-hans"])
def test_an_english_only_release_under_a_chinese_address_says_so_and_points_to_english(
    client, english_only, prefix
):
    parsed = page(client, f"{prefix}/news/annual-report/")

    assert html_lang(parsed) == LANGUAGES[prefix.strip("/")][1]
    assert re.search(
        r'<h1 class="release__title" lang="en">Annual report published</h1>',
        parsed.html,
    )
    assert 'class="language-notice" role="note"' in parsed.html
    assert '<div class="release__body" lang="en">' in parsed.html
    # The dateline is English too: the text it heads is.
    assert "HONG KONG, 16 April 2024 \N{EN DASH}" in parsed.html
    [canonical] = parsed.link("canonical")
    assert canonical["href"] == f"{SITE_URL}/news/annual-report/"
    assert alternates(parsed) == {
        "en": f"{SITE_URL}/news/annual-report/",
        "x-default": f"{SITE_URL}/news/annual-report/",
    }
    assert "noindex" not in parsed.meta.get("robots", "")
    assert parsed.meta["og:locale"] == "en_GB"
    [article] = [json.loads(data) for data in parsed.json_ld]
    assert article["inLanguage"] == "en"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_translated_release_page_is_in_the_pages_language(client, release, language):
    prefix, tag = LANGUAGES[language]

    parsed = page(client, f"{prefix}/news/lab-opens/")

    [article] = [json.loads(data) for data in parsed.json_ld]
    assert article["inLanguage"] == tag
    title = getattr(release, f"title_{language.replace('-', '_')}")
    assert article["headline"] == title
    assert "language-notice" not in parsed.html
    assert '<h1 class="release__title">' in parsed.html


@pytest.mark.parametrize(
    "path",
    [
        "/news/feed/",
        "/news/feed/atom/",
        "/news/tag/reports/feed/",
        "/news/tag/reports/feed/atom/",
    ],
)
def test_chinese_feeds_leave_out_releases_not_written_in_chinese(
    client, release, english_only, path
):
    release.tags.add(english_only.tags.get())
    english = feedparser.parse(client.get(path).content)
    assert [entry.title for entry in english.entries] == [
        "Annual report published",
        "Robotics lab opens",
    ]
    for prefix, title in [
        ("/zh-hant", "機械人實驗室開幕"),
        ("/zh-hans", "机器人实验室开幕"),
    ]:
        feed = feedparser.parse(client.get(f"{prefix}{path}").content)

        assert feed.bozo == 0, feed.bozo_exception
        assert [entry.title for entry in feed.entries] == [title]


def test_the_sitemap_lists_an_english_only_release_in_english_alone(
    client, release, english_only
):
    root = ET.fromstring(client.get("/sitemap.xml").content)

    listed = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert f"{SITE_URL}/news/annual-report/" in listed
    assert f"{SITE_URL}/zh-hant/news/annual-report/" not in listed
    assert f"{SITE_URL}/zh-hans/news/annual-report/" not in listed
    assert f"{SITE_URL}/zh-hant/news/lab-opens/" in listed
    for url in root.iter(f"{SITEMAP}url"):
        if url.find(f"{SITEMAP}loc").text.endswith("/annual-report/"):
            hreflangs = [link.get("hreflang") for link in url.iter(XHTML_LINK)]
            assert hreflangs == ["en", "x-default"]
