"""A GIN index for full-text search of releases, on PostgreSQL only.

The index is built from the same expression `Release.objects.search()` queries
(`pressroom.models.release_search_vector`), so the planner can use it. SQLite
has no GIN indexes and searches with LIKE, so there it does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX_NAME = "release_search_idx"


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from pressroom.models import release_search_vector

    Release = apps.get_model("pressroom", "Release")
    schema_editor.add_index(
        Release, GinIndex(release_search_vector(), name=INDEX_NAME)
    )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DROP INDEX IF EXISTS %s" % schema_editor.quote_name(INDEX_NAME)
    )


class Migration(migrations.Migration):

    dependencies = [
        ("pressroom", "0002_renditions_and_slug"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index),
    ]
