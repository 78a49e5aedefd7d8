"""The releases table's indexes, declared on the model (`Release.Meta.indexes`)
instead of made by hand in RunPython, so that `makemigrations --check` sees them.

* `release_state_idx` (status, publish time, update time) replaces three that
  overlapped: the status column's own index (and its pattern-matching twin on
  PostgreSQL), `release_public_idx` (status, publish time) and 0007's
  hand-made `release_state_idx`, whose `INCLUDE (updated_at)` SQLite cannot
  have. On PostgreSQL it is built again, in well under a second at 100,000
  releases; on SQLite it is new.
* `release_search_document_idx`, made on PostgreSQL by 0006, is now declared
  and left as it is there: a GIN index takes a while to build. SQLite gets its
  plain stand-in (see `SearchDocumentIndex`).

Both databases migrate from 0008 to the same declared state, and back.
"""

from django.db import migrations, models

import pressroom.models

STATE_INDEX = "release_state_idx"
SEARCH_INDEX = pressroom.models.SearchDocumentIndex(
    fields=["search_document"], name="release_search_document_idx"
)


def drop_hand_made_state_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {STATE_INDEX}")


def restore_hand_made_state_index(apps, schema_editor):
    # As 0007 made it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {STATE_INDEX} ON pressroom_release (status, publish_at) "
            "INCLUDE (updated_at)"
        )


def add_search_index_where_0006_did_not(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        Release = apps.get_model("pressroom", "Release")
        schema_editor.add_index(Release, SEARCH_INDEX)


def remove_search_index_where_0006_did_not_add_it(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        Release = apps.get_model("pressroom", "Release")
        schema_editor.remove_index(Release, SEARCH_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("pressroom", "0008_release_rank_document"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="release",
            name="release_public_idx",
        ),
        migrations.AlterField(
            model_name="release",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("published", "Published")],
                default="draft",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(
            drop_hand_made_state_index, restore_hand_made_state_index
        ),
        migrations.AddIndex(
            model_name="release",
            index=models.Index(
                fields=["status", "publish_at", "updated_at"], name=STATE_INDEX
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="release", index=SEARCH_INDEX),
            ],
            database_operations=[
                migrations.RunPython(
                    add_search_index_where_0006_did_not,
                    remove_search_index_where_0006_did_not_add_it,
                ),
            ],
        ),
    ]
