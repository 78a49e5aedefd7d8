"""The press room's content in three languages (pressroom/translation.py).

Adds a column per language to each translated field and copies today's text,
all English, into the `_en` columns, so every release, tag and contact exists
in English after the migration as before it. Going back copies the English
columns into the original ones first, so English edits made since are kept.
"""

from django.db import migrations, models

# The translated fields of each model, as in pressroom/translation.py when
# this migration was written.
TRANSLATED_FIELDS = {
    "release": [
        "title",
        "subtitle",
        "summary",
        "dateline",
        "body",
        "hero_alt",
        "hero_caption",
    ],
    "tag": ["name", "description"],
    "mediacontact": ["role", "organisation"],
    "releaseimage": ["alt_text", "caption"],
    "releaseattachment": ["title"],
}


def copy_columns(apps, schema_editor, *, to_english):
    for model_name, fields in TRANSLATED_FIELDS.items():
        model = apps.get_model("pressroom", model_name)
        rows = model._base_manager.using(schema_editor.connection.alias)
        if to_english:
            rows.update(**{f"{field}_en": models.F(field) for field in fields})
        else:
            # A field left empty in English keeps its original value (the
            # original columns are NOT NULL).
            for field in fields:
                rows.exclude(**{f"{field}_en": None}).update(
                    **{field: models.F(f"{field}_en")}
                )


def copy_into_english(apps, schema_editor):
    copy_columns(apps, schema_editor, to_english=True)


def copy_from_english(apps, schema_editor):
    copy_columns(apps, schema_editor, to_english=False)



class Migration(migrations.Migration):

    dependencies = [
        ('pressroom', '0010_release_dates_in_range'),
    ]

    operations = [
        migrations.AddField(
            model_name='mediacontact',
            name='organisation_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='organisation or department'),
        ),
        migrations.AddField(
            model_name='mediacontact',
            name='organisation_zh_hans',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='organisation or department'),
        ),
        migrations.AddField(
            model_name='mediacontact',
            name='organisation_zh_hant',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='organisation or department'),
        ),
        migrations.AddField(
            model_name='mediacontact',
            name='role_en',
            field=models.CharField(blank=True, max_length=150, null=True, verbose_name='role'),
        ),
        migrations.AddField(
            model_name='mediacontact',
            name='role_zh_hans',
            field=models.CharField(blank=True, max_length=150, null=True, verbose_name='role'),
        ),
        migrations.AddField(
            model_name='mediacontact',
            name='role_zh_hant',
            field=models.CharField(blank=True, max_length=150, null=True, verbose_name='role'),
        ),
        migrations.AddField(
            model_name='release',
            name='body_en',
            field=models.TextField(null=True, verbose_name='body'),
        ),
        migrations.AddField(
            model_name='release',
            name='body_zh_hans',
            field=models.TextField(null=True, verbose_name='body'),
        ),
        migrations.AddField(
            model_name='release',
            name='body_zh_hant',
            field=models.TextField(null=True, verbose_name='body'),
        ),
        migrations.AddField(
            model_name='release',
            name='dateline_en',
            field=models.CharField(blank=True, help_text='Where the news comes from, e.g. “Hong Kong”.', max_length=100, null=True, verbose_name='dateline'),
        ),
        migrations.AddField(
            model_name='release',
            name='dateline_zh_hans',
            field=models.CharField(blank=True, help_text='Where the news comes from, e.g. “Hong Kong”.', max_length=100, null=True, verbose_name='dateline'),
        ),
        migrations.AddField(
            model_name='release',
            name='dateline_zh_hant',
            field=models.CharField(blank=True, help_text='Where the news comes from, e.g. “Hong Kong”.', max_length=100, null=True, verbose_name='dateline'),
        ),
        migrations.AddField(
            model_name='release',
            name='hero_alt_en',
            field=models.CharField(blank=True, help_text='Describe the image for people who cannot see it. Required.', max_length=250, null=True, verbose_name='hero image alt text'),
        ),
        migrations.AddField(
            model_name='release',
            name='hero_alt_zh_hans',
            field=models.CharField(blank=True, help_text='Describe the image for people who cannot see it. Required.', max_length=250, null=True, verbose_name='hero image alt text'),
        ),
        migrations.AddField(
            model_name='release',
            name='hero_alt_zh_hant',
            field=models.CharField(blank=True, help_text='Describe the image for people who cannot see it. Required.', max_length=250, null=True, verbose_name='hero image alt text'),
        ),
        migrations.AddField(
            model_name='release',
            name='hero_caption_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='hero image caption'),
        ),
        migrations.AddField(
            model_name='release',
            name='hero_caption_zh_hans',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='hero image caption'),
        ),
        migrations.AddField(
            model_name='release',
            name='hero_caption_zh_hant',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='hero image caption'),
        ),
        migrations.AddField(
            model_name='release',
            name='subtitle_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='subtitle'),
        ),
        migrations.AddField(
            model_name='release',
            name='subtitle_zh_hans',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='subtitle'),
        ),
        migrations.AddField(
            model_name='release',
            name='subtitle_zh_hant',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='subtitle'),
        ),
        migrations.AddField(
            model_name='release',
            name='summary_en',
            field=models.TextField(help_text='Plain text, one or two sentences. Shown in news lists, feeds and search results.', max_length=600, null=True, verbose_name='summary'),
        ),
        migrations.AddField(
            model_name='release',
            name='summary_zh_hans',
            field=models.TextField(help_text='Plain text, one or two sentences. Shown in news lists, feeds and search results.', max_length=600, null=True, verbose_name='summary'),
        ),
        migrations.AddField(
            model_name='release',
            name='summary_zh_hant',
            field=models.TextField(help_text='Plain text, one or two sentences. Shown in news lists, feeds and search results.', max_length=600, null=True, verbose_name='summary'),
        ),
        migrations.AddField(
            model_name='release',
            name='title_en',
            field=models.CharField(max_length=250, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='release',
            name='title_zh_hans',
            field=models.CharField(max_length=250, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='release',
            name='title_zh_hant',
            field=models.CharField(max_length=250, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='releaseattachment',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='releaseattachment',
            name='title_zh_hans',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='releaseattachment',
            name='title_zh_hant',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='releaseimage',
            name='alt_text_en',
            field=models.CharField(help_text='Describe the image for people who cannot see it.', max_length=250, null=True, verbose_name='alt text'),
        ),
        migrations.AddField(
            model_name='releaseimage',
            name='alt_text_zh_hans',
            field=models.CharField(help_text='Describe the image for people who cannot see it.', max_length=250, null=True, verbose_name='alt text'),
        ),
        migrations.AddField(
            model_name='releaseimage',
            name='alt_text_zh_hant',
            field=models.CharField(help_text='Describe the image for people who cannot see it.', max_length=250, null=True, verbose_name='alt text'),
        ),
        migrations.AddField(
            model_name='releaseimage',
            name='caption_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='caption'),
        ),
        migrations.AddField(
            model_name='releaseimage',
            name='caption_zh_hans',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='caption'),
        ),
        migrations.AddField(
            model_name='releaseimage',
            name='caption_zh_hant',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='caption'),
        ),
        migrations.AddField(
            model_name='tag',
            name='description_en',
            field=models.TextField(blank=True, help_text="Optional. Shown at the top of the tag's page.", null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='tag',
            name='description_zh_hans',
            field=models.TextField(blank=True, help_text="Optional. Shown at the top of the tag's page.", null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='tag',
            name='description_zh_hant',
            field=models.TextField(blank=True, help_text="Optional. Shown at the top of the tag's page.", null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='tag',
            name='name_en',
            field=models.CharField(max_length=100, null=True, unique=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='tag',
            name='name_zh_hans',
            field=models.CharField(max_length=100, null=True, unique=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='tag',
            name='name_zh_hant',
            field=models.CharField(max_length=100, null=True, unique=True, verbose_name='name'),
        ),
        migrations.RunPython(copy_into_english, copy_from_english),
    ]
