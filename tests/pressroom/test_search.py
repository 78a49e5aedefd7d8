# Chinese punctuation is what some of these tests are about.
# ruff: noqa: RUF001
"""Search in English, Traditional and Simplified Chinese, on SQLite and PostgreSQL.

PostgreSQL's parser keeps a Chinese sentence as one token; the documents cut
CJK text into overlapping bigrams (pressroom.search) so any word of two
characters or more inside a sentence is found, as SQLite's substring match
finds it.
"""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from pressroom.models import Release
from pressroom.search import cjk_tsquery, has_words, split_query
from tests.pressroom.conftest import days_ago
from tests.pressroom.factories import ReleaseFactory


def test_a_query_is_split_into_cjk_runs_and_the_rest():
    assert split_query("AI創新 中心") == (["創新", "中心"], "AI   ")


def test_each_cjk_run_must_match_as_adjacent_bigrams():
    assert cjk_tsquery(["中心"]) == "('中心')"
    assert cjk_tsquery(["創新中心", "开幕"]) == (
        "('創新' <-> '新中' <-> '中心') & ('开幕')"
    )


def test_a_single_cjk_character_matches_as_a_prefix():
    assert cjk_tsquery(["中"]) == "'中':*"


def test_a_pasted_page_of_chinese_makes_a_bounded_query():
    assert cjk_tsquery(["中心" * 500]).count("<->") < 64


@pytest.mark.parametrize("query", ["!!!", "“”。、「」", "- ( ) :"])
def test_punctuation_alone_has_nothing_to_search_for(query):
    assert not has_words(query)


@pytest.mark.parametrize("query", ["AI", "中", "2024"])
def test_a_letter_digit_or_character_is_something_to_search_for(query):
    assert has_words(query)


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full-text search"
)


def found(query, language):
    return sorted(
        release.slug for release in Release.objects.search(query, language=language)
    )


def trilingual(slug, *, en, zh_hant="", zh_hans="", **kwargs):
    """A public release with the given titles (and anything else)."""
    return ReleaseFactory(
        slug=slug, title_en=en, title_zh_hant=zh_hant, title_zh_hans=zh_hans, **kwargs
    )


@pytest.mark.django_db
def test_a_two_character_word_inside_a_traditional_sentence_is_found():
    trilingual("opening", en="Innovation centre opens", zh_hant="創新中心開幕")
    trilingual("other", en="Annual report", zh_hant="年報發佈")

    assert found("中心", "zh-hant") == ["opening"]
    assert found("開幕", "zh-hant") == ["opening"]


@pytest.mark.django_db
def test_a_two_character_word_inside_a_simplified_sentence_is_found():
    trilingual("opening", en="Innovation centre opens", zh_hans="创新中心开幕")
    trilingual(
        "grant",
        en="Start-up grants",
        zh_hans="初创资助",
        body_zh_hans="<p>科学园今日宣布，<strong>创新</strong>资助计划接受申请。</p>",
    )

    assert found("中心", "zh-hans") == ["opening"]
    # In the body too, across the HTML tags around it.
    assert found("创新", "zh-hans") == ["grant", "opening"]
    assert found("资助计划", "zh-hans") == ["grant"]


@pytest.mark.django_db
def test_chinese_is_found_in_summary_and_body_by_words_of_any_length():
    trilingual(
        "opening",
        en="Innovation centre opens",
        zh_hant="科學園新里程",
        summary_zh_hant="創新中心今日開幕。",
        body_zh_hant="<p>中心設有實驗室和共享工作空間。</p>",
    )

    assert found("中心今日", "zh-hant") == ["opening"]
    assert found("共享工作空間", "zh-hant") == ["opening"]
    assert found("幕", "zh-hant") == ["opening"]
    # Characters that are each in the text, but not next to each other.
    assert found("中開", "zh-hant") == []
    assert found("心今中", "zh-hant") == []


@pytest.mark.django_db
def test_each_script_is_searched_by_its_own_readers():
    trilingual("park", en="Science park", zh_hant="科學園擴建", zh_hans="科学园扩建")

    assert found("科學園", "zh-hant") == ["park"]
    assert found("科学园", "zh-hans") == ["park"]
    # Simplified words on the Traditional pages find what those pages show.
    assert found("科学园", "zh-hant") == []
    assert found("科學園", "zh-hans") == []


@pytest.mark.django_db
def test_a_mixed_query_needs_every_word():
    trilingual("ai", en="AI innovation fund", zh_hant="AI 創新基金成立")
    trilingual("joined", en="AI lab", zh_hant="AI創新實驗室")
    trilingual("innovation", en="Innovation award", zh_hant="創新大獎")
    trilingual("robots", en="AI robots", zh_hant="AI 機械人")

    assert found("AI 創新", "zh-hant") == ["ai", "joined"]
    assert found("ai創新", "zh-hant") == ["ai", "joined"]


@pytest.mark.django_db
def test_a_release_missing_the_readers_language_is_found_by_its_english():
    trilingual("english-only", en="Robotics lab opens")
    trilingual("translated", en="Robotics fair", zh_hant="機械人展覽")

    assert found("robotics", "zh-hant") == ["english-only"]
    assert found("機械人", "zh-hant") == ["translated"]
    assert found("robotics", "en") == ["english-only", "translated"]
    # Its Chinese translation is not searched where it is not shown.
    assert found("機械人", "zh-hans") == []


@pytest.mark.django_db
def test_search_reads_the_active_language():
    trilingual("opening", en="Innovation centre opens", zh_hant="創新中心開幕")

    with translation.override("zh-hant"):
        assert [r.slug for r in Release.objects.search("中心")] == ["opening"]
    with translation.override("en"):
        assert list(Release.objects.search("中心")) == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_a_query_of_punctuation_alone_finds_nothing(language):
    trilingual("loud", en="Wow!!!", zh_hant="「好」！！！", zh_hans="「好」！！！")

    assert found("!!!", language) == []
    assert found("「」！", language) == []


@pytest.mark.django_db
def test_chinese_punctuation_in_a_query_separates_words():
    trilingual("opening", en="Innovation centre opens", zh_hant="創新中心開幕")

    assert found("開幕。創新", "zh-hant") == ["opening"]
    assert found("「中心」", "zh-hant") == ["opening"]


@pytest.mark.django_db
def test_a_minus_excludes_english_words_on_every_database():
    trilingual("open", en="Open day", zh_hant="開放日")
    trilingual("closed", en="Open day closed early", zh_hant="開放日提早結束")

    assert found("open -closed", "en") == ["open"]
    assert found("開放 -closed", "zh-hant") == ["closed", "open"]


@pytest.mark.django_db
def test_english_words_are_found_in_chinese_text():
    trilingual("fund", en="Fund", zh_hant="InnoHK 創新基金")

    assert found("innohk", "zh-hant") == ["fund"]


def news_search(language, query):
    """The news list's address for `query` in `language` (its own prefix once
    the site has one per language)."""
    with translation.override(language):
        return f"{reverse('pressroom:list')}?{urlencode({'q': query})}"


@pytest.mark.django_db
def test_the_news_list_finds_chinese_for_a_chinese_reader(client):
    trilingual("opening", en="Innovation centre opens", zh_hant="創新中心開幕")
    trilingual("other", en="Annual report", zh_hant="年報發佈")

    with translation.override("zh-hant"):
        response = client.get(news_search("zh-hant", "中心"))

    assert response.status_code == 200
    assert [r.slug for r in response.context["releases"]] == ["opening"]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(
    ("language", "query"),
    [("en", "science"), ("zh-hant", "中心"), ("zh-hans", "AI 创新")],
)
def test_a_search_costs_the_same_queries_in_every_language_and_size(
    client, django_assert_num_queries, language, query, size
):
    for number in range(size):
        trilingual(
            f"release-{number}",
            en=f"Science park news {number}",
            zh_hant=f"AI 創新中心第{number}號",
            zh_hans=f"AI 创新中心第{number}号",
        )

    # The public state, the tags for the filter, the count, the page, its tags.
    with translation.override(language), django_assert_num_queries(5):
        response = client.get(news_search(language, query))

    assert response.status_code == 200
    assert len(response.context["releases"]) == min(size, 10)


@postgresql_only
@pytest.mark.django_db
def test_english_search_still_stems_words():
    trilingual("robot", en="Harbour robot sorts recycling")

    assert found("robots", "en") == ["robot"]
    assert found("sorting", "en") == ["robot"]


@postgresql_only
@pytest.mark.django_db
def test_a_title_match_ranks_above_a_newer_body_match_in_chinese():
    trilingual("title", en="A", zh_hant="創新中心開幕", publish_at=days_ago(30))
    trilingual(
        "body",
        en="B",
        zh_hant="年度報告",
        body_zh_hant="<p>報告提及創新中心。</p>",
        publish_at=days_ago(1),
    )

    assert [r.slug for r in Release.objects.search("中心", language="zh-hant")] == [
        "title",
        "body",
    ]


@postgresql_only
@pytest.mark.django_db
def test_the_bigram_function_cuts_chinese_runs_and_keeps_latin_words():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT newsroom_cjk_bigrams(%s), newsroom_cjk_bigrams(NULL)",
            ["創新中心開幕，AI創新 中"],
        )
        ((cut, null),) = cursor.fetchall()

    assert cut.split() == [
        "創新", "新中", "中心", "心開", "開幕", "幕", "，AI", "創新", "新", "中"
    ]  # fmt: skip
    assert null is None
