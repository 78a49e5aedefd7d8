import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pressroom.models import MediaContact, Release, ReleaseMediaContact
from tests.pressroom.conftest import days_ago
from tests.pressroom.factories import (
    MediaContactFactory,
    ReleaseAttachmentFactory,
    ReleaseFactory,
    ReleaseImageFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def titles(response):
    """Release titles in the order a reader sees them on a list page."""
    return re.findall(
        r'class="(?:release-card__title|featured-release__title)"[^>]*>'
        r'<a href="[^"]+">([^<]+)</a>',
        response.content.decode(),
    )


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


# Home ---------------------------------------------------------------------------


def test_home_features_the_newest_release_and_lists_the_next_ones(
    client, make_releases
):
    releases = make_releases(9)

    response = client.get("/")

    assert response.status_code == 200
    shown = titles(response)
    assert shown[0] == releases[0].title
    assert shown == [release.title for release in releases[:7]]
    assert 'id="featured-title"' in response.content.decode()
    assert f'href="{reverse("pressroom:list")}"' in response.content.decode()


def test_home_without_releases_says_so(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "There are no news releases yet" in response.content.decode()


# News list ----------------------------------------------------------------------


def test_news_list_shows_ten_releases_a_page_newest_first(client, make_releases):
    releases = make_releases(23)

    first = client.get("/news/")
    second = client.get("/news/?page=2")
    third = client.get("/news/?page=3")

    assert titles(first) == [release.title for release in releases[:10]]
    assert titles(second) == [release.title for release in releases[10:20]]
    # The back half of the list is read from the other end: same order for readers.
    assert titles(third) == [release.title for release in releases[20:]]
    assert "23 releases" in first.content.decode()
    assert "page 3 of 3" in third.content.decode()


def test_news_list_shows_date_summary_tags_and_thumbnail(client):
    tag = TagFactory(name="Innovation", slug="innovation")
    ReleaseFactory(
        with_hero=True,
        publish_at=at(2021, 2, 24),
        summary="Green buildings for every tenant.",
        tags=[tag],
    )

    html = client.get("/news/").content.decode()

    assert ">24 Feb 2021</time>" in html
    assert "Green buildings for every tenant." in html
    assert 'href="/news/tag/innovation/">Innovation</a>' in html
    assert '<source type="image/webp"' in html
    assert re.search(r'<img [^>]*width="\d+" height="\d+"', html)


def test_pagination_links_keep_the_filters_and_mark_the_current_page(
    client, make_releases
):
    make_releases(25, tags=[TagFactory(slug="innovation")])

    html = client.get("/news/?tag=innovation&page=2").content.decode()

    assert 'rel="prev" href="/news/?tag=innovation"' in html
    assert 'rel="next" href="/news/?tag=innovation&amp;page=3"' in html
    current = 'aria-current="page" href="/news/?tag=innovation&amp;page=2"'
    assert current in html


def test_pages_of_a_submitted_filter_form_leave_its_empty_fields_out(
    client, make_releases
):
    make_releases(25, tags=[TagFactory(slug="innovation")])

    html = client.get("/news/?q=&tag=innovation&year=&page=2").content.decode()

    assert 'rel="prev" href="/news/?tag=innovation"' in html
    assert 'rel="next" href="/news/?tag=innovation&amp;page=3"' in html


def test_the_first_page_link_of_an_unfiltered_list_is_the_plain_list(
    client, make_releases
):
    make_releases(15)

    html = client.get("/news/?page=2").content.decode()

    assert 'rel="prev" href="/news/"' in html
    assert '<a class="page-link" href="/news/"><span class="visually-hidden">' in html


@pytest.mark.parametrize(
    ("page", "expected_index"), [("abc", 0), ("0", 0), ("999", 10), ("-1", 0)]
)
def test_a_bad_page_number_shows_a_real_page_not_an_error(
    client, make_releases, page, expected_index
):
    releases = make_releases(12)

    response = client.get(f"/news/?page={page}")

    assert response.status_code == 200
    assert titles(response)[0] == releases[expected_index].title


def test_news_list_filters_by_tag(client):
    innovation = TagFactory(name="Innovation", slug="innovation")
    tagged = ReleaseFactory(title="Robotics lab opens", tags=[innovation])
    ReleaseFactory(title="Annual report published")

    response = client.get("/news/?tag=innovation")

    assert titles(response) == [tagged.title]
    assert "Tag: Innovation" in response.content.decode()


def test_news_list_filters_by_year_in_hong_kong_time(client):
    # 31 Dec 2020 17:00 UTC is already 1 Jan 2021 in Hong Kong.
    new_year = ReleaseFactory(
        title="New year greeting", publish_at=at(2020, 12, 31, 17)
    )
    ReleaseFactory(title="Old news", publish_at=at(2020, 6, 1))

    response = client.get("/news/?year=2021")

    assert titles(response) == [new_year.title]
    assert "Year: 2021" in response.content.decode()


def test_news_list_search_finds_words_in_title_summary_and_body(client):
    ReleaseFactory(title="Robotics lab opens", summary="A new lab.")
    ReleaseFactory(title="Annual report", summary="Figures for the year.")
    ReleaseFactory(title="Awards night", body="<p>Prizes for robotics teams.</p>")

    response = client.get("/news/?q=robotics")

    assert sorted(titles(response)) == ["Awards night", "Robotics lab opens"]
    assert "Search: “robotics”" in response.content.decode()


def test_filters_combine(client):
    innovation = TagFactory(name="Innovation", slug="innovation")
    match = ReleaseFactory(
        title="Robotics lab opens", tags=[innovation], publish_at=at(2021, 3, 1)
    )
    ReleaseFactory(title="Robotics fair", tags=[innovation], publish_at=at(2020, 3, 1))
    ReleaseFactory(title="Robotics grant", publish_at=at(2021, 4, 1))
    ReleaseFactory(title="Lab tour", tags=[innovation], publish_at=at(2021, 5, 1))

    response = client.get("/news/?q=robotics&tag=innovation&year=2021")

    assert titles(response) == [match.title]


def test_each_active_filter_can_be_removed_on_its_own(client):
    innovation = TagFactory(name="Innovation", slug="innovation")
    ReleaseFactory(
        title="Robotics lab opens", tags=[innovation], publish_at=at(2021, 3, 1)
    )

    html = client.get("/news/?q=robotics&tag=innovation&year=2021").content.decode()

    assert 'href="/news/?tag=innovation&amp;year=2021">Search: “robotics”' in html
    assert 'href="/news/?q=robotics&amp;year=2021">Tag: Innovation' in html
    assert 'href="/news/?q=robotics&amp;tag=innovation">Year: 2021' in html
    assert ">Clear all filters</a>" in html


def test_a_bad_year_or_unknown_tag_is_ignored_with_a_note(client, make_releases):
    make_releases(3)

    response = client.get("/news/?year=abc&tag=no-such-tag")

    assert response.status_code == 200
    assert len(titles(response)) == 3
    html = response.content.decode()
    assert "have been ignored" in html
    assert "Year: abc" not in html


def test_no_match_gives_a_helpful_empty_state(client, make_releases):
    make_releases(2)

    response = client.get("/news/?q=zeppelin")

    assert response.status_code == 200
    assert titles(response) == []
    html = response.content.decode()
    assert "No releases match these filters" in html
    assert 'href="/news/">See all news releases' in html


def test_the_search_form_keeps_what_the_reader_typed(client, make_releases):
    make_releases(1)

    html = client.get("/news/?q=green+building").content.decode()

    assert 'value="green building"' in html


# Visibility ----------------------------------------------------------------------


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_unpublished_and_future_releases_are_404_and_absent_from_lists(client, trait):
    tag = TagFactory(slug="innovation")
    hidden = ReleaseFactory(title="Not for the public yet", tags=[tag], **{trait: True})
    ReleaseFactory(title="Public news", tags=[tag])

    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in ["/", "/news/", "/news/tag/innovation/", "/news/?q=public"]:
        assert hidden.title not in client.get(url).content.decode(), url


def test_a_scheduled_release_appears_by_itself_at_its_publish_time(client):
    release = ReleaseFactory(scheduled=True)
    assert client.get(release.get_absolute_url()).status_code == 404

    # Moving the publish time into the past is what the clock does at 09:00.
    Release.objects.filter(pk=release.pk).update(
        publish_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert client.get(release.get_absolute_url()).status_code == 200


# Release page -------------------------------------------------------------------


def test_release_page_shows_everything_about_the_release(client, full_release):
    response = client.get(full_release.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "HONG KONG, 24 February 2021 \N{EN DASH}" in html
    assert f'<h1 class="release__title">{full_release.title}</h1>' in html
    assert "New green building standard for all tenants" in html
    # Hero image through the picture include, with its caption and credit.
    assert 'alt="Researchers in a laboratory at the science park"' in html
    assert "The new laboratory" in html and "Photo: Harbour Science Park" in html
    # The body as stored.
    assert "<blockquote><p>“We are committed,” said the chair.</p></blockquote>" in html
    # Gallery, attachments with type and size, media contacts in order.
    assert 'alt="Guests cut the ribbon"' in html
    assert 'alt="The new green building"' in html
    download = r"Green building fact sheet</a> <span[^>]*>\(PDF, [\d.]+\sKB\)"
    assert re.search(download, html)
    assert "For media enquiries, please contact" in html
    assert html.index("Ada Wong") < html.index("Ben Chan")
    assert 'href="tel:+85226296802"' in html
    assert 'href="/news/tag/innovation/">Innovation</a>' in html


def test_release_page_links_the_previous_and_next_public_releases(client):
    older = ReleaseFactory(title="Older news", publish_at=days_ago(10))
    ReleaseFactory(title="Draft in between", draft=True, publish_at=days_ago(8))
    current = ReleaseFactory(title="Current news", publish_at=days_ago(5))
    newer = ReleaseFactory(title="Newer news", publish_at=days_ago(1))
    ReleaseFactory(title="Scheduled news", scheduled=True)

    html = client.get(current.get_absolute_url()).content.decode()

    assert f'rel="prev" href="{older.get_absolute_url()}"' in html
    assert f'rel="next" href="{newer.get_absolute_url()}"' in html
    assert "Draft in between" not in html and "Scheduled news" not in html


def test_releases_published_in_the_same_second_still_link_to_each_other(client):
    moment = days_ago(2)
    first = ReleaseFactory(title="First", publish_at=moment)
    second = ReleaseFactory(title="Second", publish_at=moment)

    html = client.get(first.get_absolute_url()).content.decode()

    assert f'rel="next" href="{second.get_absolute_url()}"' in html
    assert 'rel="prev"' not in html


def test_release_body_never_carries_scripts(client):
    release = ReleaseFactory(
        body='<p onclick="steal()">Hi</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a>'
    )

    html = client.get(release.get_absolute_url()).content.decode()

    assert "alert(1)" not in html and "steal()" not in html


def test_text_fields_are_escaped(client):
    release = ReleaseFactory(title="<b>Bold</b> & brave", subtitle="<i>x</i>")

    html = client.get(release.get_absolute_url()).content.decode()

    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; brave" in html
    assert "<i>x</i>" not in html


def test_unknown_release_is_a_friendly_404(client):
    response = client.get("/news/no-such-release/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# Tag page -------------------------------------------------------------------------


def test_tag_page_lists_its_releases_with_its_own_feed(client):
    tag = TagFactory(name="Innovation", slug="innovation", description="New ideas.")
    tagged = ReleaseFactory(title="Robotics lab opens", tags=[tag])
    ReleaseFactory(title="Annual report")

    response = client.get("/news/tag/innovation/")

    assert response.status_code == 200
    assert titles(response) == [tagged.title]
    html = response.content.decode()
    assert "<h1" in html and "News tagged “Innovation”" in html
    assert "New ideas." in html
    assert 'href="/news/tag/innovation/feed/"' in html
    assert (
        '<link rel="alternate" type="application/rss+xml" title="News tagged '
        '“Innovation” (RSS)" href="/news/tag/innovation/feed/">'
    ) in html


def test_tag_page_paginates(client, make_releases):
    tag = TagFactory(slug="innovation")
    releases = make_releases(13, tags=[tag])

    response = client.get("/news/tag/innovation/?page=2")

    assert titles(response) == [release.title for release in releases[10:]]


def test_unknown_tag_is_404(client):
    assert client.get("/news/tag/no-such-tag/").status_code == 404


# Staff preview --------------------------------------------------------------------


@pytest.fixture
def comms_editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="editor", password="pw", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="view_release"))
    return user


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_staff_preview_shows_unpublished_releases_under_a_banner(
    client, comms_editor, trait
):
    release = ReleaseFactory(title="Coming soon", **{trait: True})
    client.force_login(comms_editor)

    response = client.get(reverse("pressroom:preview", kwargs={"pk": release.pk}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview — not public" in html
    assert "Coming soon" in html
    assert release.get_status_display() in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]


def test_preview_sends_anonymous_visitors_to_the_staff_login(client):
    release = ReleaseFactory(draft=True)

    response = client.get(reverse("pressroom:preview", kwargs={"pk": release.pk}))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_preview_is_refused_to_staff_without_permission_on_releases(
    client, django_user_model
):
    staff = django_user_model.objects.create_user(
        username="clerk", password="pw", is_staff=True
    )
    client.force_login(staff)
    release = ReleaseFactory(draft=True)

    response = client.get(reverse("pressroom:preview", kwargs={"pk": release.pk}))

    assert response.status_code == 403


def test_preview_of_a_missing_release_is_404(client, comms_editor):
    client.force_login(comms_editor)

    response = client.get(reverse("pressroom:preview", kwargs={"pk": 999999}))

    assert response.status_code == 404


# Query counts: fixed however much there is ----------------------------------------


def translations(day):
    """Every other release in both Chinese scripts, the others in English only
    (listed with their English text, marked and labelled, on Chinese pages)."""
    if day % 2:
        return {}
    return {
        "title_zh_hant": f"科學園 science 夥伴第 {day} 號",
        "title_zh_hans": f"科学园 science 伙伴第 {day} 号",
        "summary_zh_hant": "新聞摘要。",
        "summary_zh_hans": "新闻摘要。",
    }


def populate(count):
    """`count` public releases, each with two tags and a hero, plus hidden ones."""
    tags = [TagFactory(slug="innovation"), TagFactory()]
    releases = [
        ReleaseFactory(publish_at=days_ago(day + 1), tags=tags, **translations(day))
        for day in range(count)
    ]
    ReleaseFactory(draft=True, tags=tags)
    ReleaseFactory(scheduled=True, tags=tags)
    target = releases[count // 2]
    for _ in range(count // 4 + 1):
        ReleaseImageFactory(release=target)
        ReleaseAttachmentFactory(release=target)
    for _ in range(count // 4 + 1):
        MediaContactFactory()
    target.tags.add(*[TagFactory() for _ in range(count // 4)])
    for position, contact in enumerate(MediaContact.objects.all()):
        ReleaseMediaContact.objects.create(
            release=target, media_contact=contact, position=position
        )
    return target


# Early in a year, so the releases `populate` spreads over the days before
# reach back into the previous one and the year filter has something to drop.
QUERY_COUNTS_NOW = datetime.datetime(2026, 1, 12, 12, tzinfo=datetime.UTC)

QUERY_COUNTS = {
    # the public-state aggregate, the latest releases, their tags
    "/": 3,
    # aggregate, tags for the filter, the page, its tags
    "/news/": 4,
    "/news/?page=2": 4,
    # plus one count of the filtered releases
    "/news/?tag=innovation&year={year}&page=2": 5,
    "/news/?q=science": 5,
    # the tag, the aggregate, the count, the page, its tags
    "/news/tag/innovation/": 5,
    "/news/tag/innovation/?page=2": 5,
    # the release with its neighbours; tags, gallery, attachments, contacts
    "release": 5,
}


# The same counts in every language: a page's translations are columns of
# the rows it reads already.
LANGUAGE_PREFIXES = ["", "/zh-hant", "/zh-hans"]


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("size", [12, 40])
@pytest.mark.parametrize("url", list(QUERY_COUNTS))
def test_public_pages_cost_a_fixed_number_of_queries(
    client, django_assert_num_queries, time_machine, url, size, prefix
):
    time_machine.move_to(QUERY_COUNTS_NOW, tick=False)
    target = populate(size)
    if url == "release":
        expected = QUERY_COUNTS["release"]
        url = f"/news/{target.slug}/"
    else:
        expected = QUERY_COUNTS[url]
        url = url.format(year=QUERY_COUNTS_NOW.year)
    url = f"{prefix}{url}"

    with django_assert_num_queries(expected):
        response = client.get(url)

    assert response.status_code == 200
    if "year=" in url:
        # The filter works: page 2 holds this year's last releases, no older ones.
        shown = Release.objects.filter(
            Q(title_en__in=titles(response))
            | Q(title_zh_hant__in=titles(response))
            | Q(title_zh_hans__in=titles(response))
        )
        assert len(shown) == len(titles(response)) > 0
        years = {timezone.localtime(release.publish_at).year for release in shown}
        assert years == {QUERY_COUNTS_NOW.year}


# Conditional GET ------------------------------------------------------------------


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize(
    "url", ["/", "/news/", "/news/?tag=innovation", "/news/tag/innovation/", "release"]
)
def test_pages_answer_a_matching_etag_with_304_before_their_main_queries(
    client, django_assert_max_num_queries, url, prefix
):
    release = ReleaseFactory(tags=[TagFactory(slug="innovation")])
    url = prefix + (f"/news/{release.slug}/" if url == "release" else url)
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]

    # Only the validators' own query (and the tag's, on a tag page) runs.
    with django_assert_max_num_queries(2):
        again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""


def test_if_modified_since_is_answered_304(client, make_releases):
    make_releases(3)
    first = client.get("/news/")

    again = client.get("/news/", headers={"if-modified-since": first["Last-Modified"]})

    assert again.status_code == 304


def test_the_etag_changes_when_a_release_is_published_or_edited(client, make_releases):
    releases = make_releases(3)
    etag = client.get("/news/")["ETag"]

    draft = ReleaseFactory(draft=True)
    assert client.get("/news/")["ETag"] == etag

    draft.status = Release.Status.PUBLISHED
    draft.save()
    published_etag = client.get("/news/")["ETag"]
    assert published_etag != etag

    releases[2].title = "Corrected title"
    releases[2].save()
    assert client.get("/news/")["ETag"] != published_etag


def test_release_etag_changes_when_a_neighbour_appears(client):
    release = ReleaseFactory(publish_at=days_ago(3))
    etag = client.get(release.get_absolute_url())["ETag"]

    ReleaseFactory(publish_at=days_ago(1))

    again = client.get(release.get_absolute_url(), headers={"if-none-match": etag})
    assert again.status_code == 200
    assert "Newer release" in again.content.decode()


def test_removing_the_last_filter_of_a_submitted_form_leads_to_the_plain_list(
    client,
):
    ReleaseFactory(tags=[TagFactory(name="Innovation", slug="innovation")])
    ReleaseFactory(title="Untagged news")

    html = client.get("/news/?q=&tag=innovation&year=").content.decode()
    chip = re.search(r'href="([^"]*)">Tag: Innovation', html).group(1)
    assert chip == "/news/"
    plain = client.get(chip)

    assert "Untagged news" in titles(plain)
    assert "2 releases" in plain.content.decode()
    assert "remove this filter" not in plain.content.decode()


@pytest.mark.parametrize("url", ["/", "/news/", "/news/feed/", "/sitemap.xml"])
def test_pages_ask_browsers_to_revalidate_rather_than_guess(client, url):
    ReleaseFactory()

    response = client.get(url)

    assert "no-cache" in response["Cache-Control"]
    assert response["ETag"]


def test_the_last_page_is_read_from_the_end_of_the_index_not_after_a_long_offset(
    client, make_releases
):
    releases = make_releases(45)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/news/?page=5")

    assert titles(response) == [release.title for release in releases[40:]]
    page_query = next(
        q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"].upper()
    )
    # Page 5 of 5 is the first five rows in reverse order: no OFFSET 40.
    assert "OFFSET 40" not in page_query.upper()
    assert "ASC" in page_query.upper()


def test_search_words_are_shown_escaped(client, make_releases):
    make_releases(1)

    html = client.get("/news/?q=<script>alert(1)</script>").content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_overlong_search_is_ignored_with_a_note(client, make_releases):
    make_releases(2)

    response = client.get("/news/?q=" + "word " * 100)

    assert response.status_code == 200
    assert len(titles(response)) == 2
    assert "have been ignored" in response.content.decode()


def test_search_results_with_equal_rank_and_date_are_each_on_exactly_one_page(client):
    # Same words (equal rank on PostgreSQL) and the same publish time: only the
    # final tie-breaker orders them, also on pages read from the other end.
    same_time = days_ago(2)
    releases = [
        ReleaseFactory(title="Harbour robots sort recycling", publish_at=same_time)
        for _ in range(35)
    ]
    ReleaseFactory(title="Unrelated news", publish_at=same_time)

    seen = []
    for number in range(1, 5):
        response = client.get(f"/news/?q=robots&page={number}")
        assert response.context["page_obj"].number == number
        seen += [release.pk for release in response.context["releases"]]

    assert len(seen) == len(set(seen)) == len(releases)
    assert seen == sorted((release.pk for release in releases), reverse=True)
