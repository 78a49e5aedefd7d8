"""Search in English, Traditional and Simplified Chinese.

PostgreSQL's text-search parser splits text at spaces and punctuation, and
Chinese has neither between words: a whole sentence such as 創新中心開幕 comes
out as one token, so a search for 中心 cannot find it. Every run of CJK
characters is therefore cut into overlapping pairs (bigrams) before it is
indexed: 創新中心開幕 → 創新 新中 中心 心開 開幕, plus the run's last character
alone (幕), so that every character starts at least one token. Any word of two
characters or more inside the text is then a token, or a phrase of adjacent
tokens, of the document, and a GIN index finds it. Latin words around them are
kept as they are.

The documents do this with `newsroom_cjk_bigrams()`, an SQL function created
by a migration (a stored generated column can only call IMMUTABLE functions);
the reader's query is cut the same way here, in Python (`cjk_tsquery`).
"""

import functools
import operator
import re

from django.contrib.postgres.search import SearchQuery

# Han ideographs (extension A, the unified block, compatibility ideographs and
# the supplementary planes' extensions) and Japanese kana. Hangul is left out:
# Korean puts spaces between words. CJK punctuation (、。「」) is not in these
# ranges, so it ends a run like any other punctuation. The same class serves
# Python's `re` and PostgreSQL's regular expressions, which both read \u and
# \U escapes.
CJK_CHARACTERS = (
    r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
CJK_RUN = re.compile(f"[{CJK_CHARACTERS}]+")
# Enough for any real query (the news list's search box takes 200 characters)
# while a pasted page cannot make one query of thousands of phrase steps.
MAX_CJK_BIGRAMS = 64

CJK_BIGRAMS_FUNCTION = rf"""
CREATE OR REPLACE FUNCTION newsroom_cjk_bigrams(document text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(
        CASE
            WHEN char_length(piece) > 1 AND piece ~ '^[{CJK_CHARACTERS}]' THEN (
                SELECT string_agg(substr(piece, i, 2), ' ' ORDER BY i)
                FROM generate_series(1, char_length(piece) - 1) AS i
            ) || ' ' || right(piece, 1)
            ELSE piece
        END,
        ' ' ORDER BY position
    ), '')
    FROM regexp_matches(
        document, '[{CJK_CHARACTERS}]+|[^{CJK_CHARACTERS}]+', 'g'
    ) WITH ORDINALITY AS pieces(match, position),
    LATERAL (SELECT match[1] AS piece) AS matched
$$
"""
DROP_CJK_BIGRAMS_FUNCTION = "DROP FUNCTION IF EXISTS newsroom_cjk_bigrams(text)"


def split_query(query):
    """The reader's query as (its CJK runs, the rest of it).

    The rest keeps its quotes, OR and minus signs for `websearch_to_tsquery`;
    each run is replaced by a space, so "AI創新" gives ["創新"] and "AI ".
    """
    runs = CJK_RUN.findall(query)
    return runs, CJK_RUN.sub(" ", query)


def cjk_tsquery(runs):
    """A `to_tsquery` expression that finds every run in a bigram document.

    A run of two characters is one bigram; a longer one is its bigrams as a
    phrase (`<->`: adjacent, in order), so 中心開 does not match a text that
    has 中心 and 心開 apart, as a substring match would not. A single
    character matches as a prefix (中 → '中':*): every character starts a
    token of the document (the run's last one stands alone). All runs must
    match. The runs hold CJK characters only, so nothing needs quoting.
    """
    terms, budget = [], MAX_CJK_BIGRAMS
    for run in runs:
        if budget <= 0:
            break
        if len(run) == 1:
            terms.append(f"'{run}':*")
            budget -= 1
            continue
        bigrams = [run[i : i + 2] for i in range(len(run) - 1)][:budget]
        budget -= len(bigrams)
        terms.append("(" + " <-> ".join(f"'{bigram}'" for bigram in bigrams) + ")")
    return " & ".join(terms)


def has_words(query):
    """Whether the query holds anything to search for: a letter, a digit or a
    CJK character, not only punctuation and symbols."""
    return any(character.isalnum() for character in query)


def search_words(query):
    """The query's words for a substring match (SQLite), as (words every
    match must hold, words none may hold: those typed with a leading minus,
    as PostgreSQL's websearch reads them; CJK runs are always required, as
    in `tsquery`). Words are letters and digits, CJK runs apart from Latin
    words as PostgreSQL's documents have them ("AI創新" → AI, 創新),
    punctuation dropped ("中心。創新" → 中心, 創新). At most ten of each."""
    words, excluded = CJK_RUN.findall(query), []
    for token in query.split():
        found = WORD.findall(CJK_RUN.sub(" ", token))
        (excluded if token.startswith("-") else words).extend(found)
    return words[:10], excluded[:10]


WORD = re.compile(r"[^\W_]+")


def tsquery(query, *configs):
    """The reader's query for documents of the text-search `configs`: the
    words outside CJK runs through `websearch_to_tsquery` (quoted phrases, OR,
    -excluded words) as any of the configs reads them, and every CJK run as
    bigrams (`cjk_tsquery`), all of it required.

    Several configs serve a document that holds text of several languages
    (a Chinese document holds the English of releases not translated):
    "robots" is then 'robot' (English) or 'robots' (as typed).
    """
    runs, rest = split_query(query)
    parts = []
    if has_words(rest):
        parts.append(
            functools.reduce(
                operator.or_,
                (
                    SearchQuery(rest, search_type="websearch", config=config)
                    for config in dict.fromkeys(configs)
                ),
            )
        )
    if runs:
        # Bigrams are not words of any language: no stemming, no stop words.
        parts.append(SearchQuery(cjk_tsquery(runs), search_type="raw", config="simple"))
    return functools.reduce(operator.and_, parts)
