"""A small stored vector (title, subtitle, summary) that search ranks by."""

import django.contrib.postgres.search
import pressroom.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pressroom', '0007_release_state_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='release',
            name='rank_document',
            field=models.GeneratedField(db_persist=True, expression=pressroom.models.SearchDocument(body=False), output_field=django.contrib.postgres.search.SearchVectorField(), verbose_name='rank document'),
        ),
    ]
