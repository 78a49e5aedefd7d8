"""Store each release's search document and index it, instead of indexing an
expression that ranking had to compute again for every matching row.

On PostgreSQL the column is generated (kept current by the database on every
write) and gets the GIN index; the expression index of 0003 goes. On SQLite the
column holds an empty string and nothing is indexed.
"""

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

import pressroom.models

OLD_INDEX = "release_search_idx"
INDEX = "release_search_document_idx"


def drop_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def create_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from pressroom.models import release_search_vector

        Release = apps.get_model("pressroom", "Release")
        schema_editor.add_index(Release, GinIndex(release_search_vector(), name=OLD_INDEX))


def create_document_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        Release = apps.get_model("pressroom", "Release")
        schema_editor.add_index(Release, GinIndex(fields=["search_document"], name=INDEX))


def drop_document_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("pressroom", "0005_release_slug_reserved"),
    ]

    operations = [
        migrations.RunPython(drop_expression_index, create_expression_index),
        migrations.AddField(
            model_name="release",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=pressroom.models.SearchDocument(),
                output_field=django.contrib.postgres.search.SearchVectorField(),
                verbose_name="search document",
            ),
        ),
        migrations.RunPython(create_document_index, drop_document_index),
    ]
