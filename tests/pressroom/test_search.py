"""Search in English, Traditional and Simplified Chinese, on SQLite and PostgreSQL.

PostgreSQL's parser keeps a Chinese sentence as one token; the documents cut
CJK text into overlapping bigrams (pressroom.search) so any word of two
characters or more inside a sentence is found, as SQLite's substring match
finds it.
"""

import pytest

from pressroom.search import cjk_tsquery, has_words, split_query


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
