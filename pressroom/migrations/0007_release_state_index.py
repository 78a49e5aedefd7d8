"""An index that answers the public-state aggregate on PostgreSQL without
reading the releases' rows.

Every public page (and every conditional GET of one) that is not served from
the cache asks how many releases are public and when they last changed
(pressroom.views.public_state). The table's rows carry the bodies, so at
100,000 releases that aggregate read 185 MB of them; status, publish time and
update time alone are a small index, read by an index-only scan. Covering
indexes (INCLUDE) are PostgreSQL's: on SQLite nothing is created.
"""

from django.db import migrations

INDEX = "release_state_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON pressroom_release (status, publish_at) "
            "INCLUDE (updated_at)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("pressroom", "0006_release_search_document"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
