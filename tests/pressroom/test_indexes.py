"""The releases table's indexes: declared on the model, none doing another's job,
and used by the queries they are for (checked with EXPLAIN on PostgreSQL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pressroom.models import Release
from tests.pressroom.factories import ReleaseFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="EXPLAIN plans of PostgreSQL"
)


def release_indexes():
    """The releases table's indexes as the database reports them, apart from
    the primary key and unique constraints."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, Release._meta.db_table
        )
    return {
        name: info
        for name, info in constraints.items()
        if info["index"] and not info["unique"] and not info["primary_key"]
    }


def test_every_index_of_the_releases_table_is_declared_on_the_model():
    declared = {index.name for index in Release._meta.indexes}
    # Django's own single-column indexes of fields with db_index (foreign keys
    # among them), and the pattern-matching twin of a unique slug on PostgreSQL.
    field_columns = {
        field.column
        for field in Release._meta.concrete_fields
        if field.db_index or field.unique
    }

    for name, info in release_indexes().items():
        if name in declared:
            continue
        assert len(info["columns"]) == 1, name
        assert info["columns"][0] in field_columns, name

    assert declared <= set(release_indexes())


def test_no_index_repeats_the_first_columns_of_another():
    btrees = {
        name: info["columns"]
        for name, info in release_indexes().items()
        if info["type"] == "idx" and not name.endswith("_like")
    }

    for name, columns in btrees.items():
        for other, other_columns in btrees.items():
            if other != name:
                assert columns != other_columns[: len(columns)], (name, other)


def explain(queryset_call):
    """PostgreSQL's plan for the one query `queryset_call()` runs, with
    sequential scans priced out so that a test table of a few rows shows the
    plan a large one gets."""
    with CaptureQueriesContext(connection) as queries:
        queryset_call()
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {query['sql']}")
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
def test_the_public_state_is_read_from_its_index_alone():
    ReleaseFactory()
    ReleaseFactory(draft=True)

    plan = explain(Release.objects.public_state)

    assert "Index Only Scan using release_state_idx" in plan, plan


@postgresql_only
def test_search_finds_releases_through_the_gin_index():
    ReleaseFactory(title="Harbour robots")

    # Not combined with published(): on a few rows the planner would rather
    # walk the state index; on many, the words narrow the search far more.
    plan = explain(lambda: list(Release.objects.search("robots")))

    assert "release_search_document_idx" in plan, plan


@postgresql_only
@pytest.mark.parametrize(
    ("language", "query", "index"),
    [
        ("zh-hant", "中心", "release_search_zh_hant_idx"),
        ("zh-hans", "AI 创新", "release_search_zh_hans_idx"),
    ],
)
def test_chinese_search_finds_releases_through_its_gin_index(language, query, index):
    ReleaseFactory(title_zh_hant="創新中心開幕", title_zh_hans="AI创新中心开幕")

    plan = explain(lambda: list(Release.objects.search(query, language=language)))

    assert index in plan, plan
    # One document read through its index (releases missing the language have
    # their English in it): no second document, no filter row by row.
    assert "release_search_document_idx" not in plan, plan
    assert "Filter" not in plan, plan
