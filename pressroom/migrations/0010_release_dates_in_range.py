"""A release's dates within the years 1900 to 2100, as database constraints.

Releases published outside them before (a year 1 typed on PostgreSQL, which
took the public pages down) are moved to the nearest bound as drafts, so that
the constraint can be added and nothing wrongly dated turns up on the site; an
editor then sets the real date. Creation and change times out of range (only
writable behind Django's back) are moved to the nearest bound.
"""

import datetime

import django.utils.timezone
from django.db import migrations, models

import pressroom.models

EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2101, 1, 1, tzinfo=datetime.UTC)


def repair_out_of_range_publish_times(apps, schema_editor):
    # Compared in SQL and set with an update: such a row cannot be read into
    # Python, whose datetimes stop at year 1.
    releases = apps.get_model("pressroom", "Release").objects.using(
        schema_editor.connection.alias
    )
    releases.filter(publish_at__lt=EARLIEST).update(
        publish_at=EARLIEST, status="draft"
    )
    releases.filter(publish_at__gte=LATEST).update(
        publish_at=LATEST - datetime.timedelta(seconds=1), status="draft"
    )
    for field in ["created_at", "updated_at"]:
        releases.filter(**{f"{field}__lt": EARLIEST}).update(**{field: EARLIEST})
        releases.filter(**{f"{field}__gte": LATEST}).update(
            **{field: LATEST - datetime.timedelta(seconds=1)}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pressroom", "0009_declared_indexes"),
    ]

    operations = [
        migrations.RunPython(
            repair_out_of_range_publish_times, migrations.RunPython.noop
        ),
        migrations.AlterField(
            model_name="release",
            name="publish_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                help_text=(
                    "A published release appears on the site at this time. Set a "
                    "future time to schedule it."
                ),
                validators=[pressroom.models.validate_publish_at],
                verbose_name="publish time",
            ),
        ),
        migrations.AddConstraint(
            model_name="release",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("publish_at__gte", EARLIEST), ("publish_at__lt", LATEST)
                ),
                name="release_publish_at_in_range",
                violation_error_code="publish_at_out_of_range",
                violation_error_message=(
                    "Choose a publish time between the years 1900 and 2100."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="release",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("created_at__gte", EARLIEST),
                    ("created_at__lt", LATEST),
                    ("updated_at__gte", EARLIEST),
                    ("updated_at__lt", LATEST),
                ),
                name="release_timestamps_in_range",
            ),
        ),
    ]
