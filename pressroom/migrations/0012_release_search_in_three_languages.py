"""Search documents per language: English from the `_en` columns, Traditional
and Simplified Chinese from theirs, with CJK text cut into bigrams by
`newsroom_cjk_bigrams()` (created here: a generated column may only call an
IMMUTABLE function) so that a word inside a Chinese sentence is a token.

A generated column's expression cannot be altered in place: the English
documents are dropped and added again, computed from the English columns.
"""

import django.contrib.postgres.search
from django.db import migrations, models

import pressroom.models
from pressroom.search import CJK_BIGRAMS_FUNCTION, DROP_CJK_BIGRAMS_FUNCTION


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CJK_BIGRAMS_FUNCTION)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CJK_BIGRAMS_FUNCTION)


def document(language, *, body, verbose_name):
    # Written as the model writes them, so the autodetector sees no change.
    options = {} if body else {"body": False}
    return models.GeneratedField(
        db_persist=True,
        expression=pressroom.models.SearchDocument(language=language, **options),
        output_field=django.contrib.postgres.search.SearchVectorField(),
        verbose_name=verbose_name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pressroom", "0011_translated_content"),
    ]

    operations = [
        migrations.RunPython(create_function, drop_function),
        migrations.RemoveIndex(
            model_name="release", name="release_search_document_idx"
        ),
        migrations.RemoveField(model_name="release", name="search_document"),
        migrations.RemoveField(model_name="release", name="rank_document"),
        migrations.AddField(
            model_name="release",
            name="search_document",
            field=document("en", body=True, verbose_name="search document"),
        ),
        migrations.AddField(
            model_name="release",
            name="rank_document",
            field=document("en", body=False, verbose_name="rank document"),
        ),
        migrations.AddField(
            model_name="release",
            name="search_document_zh_hant",
            field=document(
                "zh-hant",
                body=True,
                verbose_name="search document (Traditional Chinese)",
            ),
        ),
        migrations.AddField(
            model_name="release",
            name="rank_document_zh_hant",
            field=document(
                "zh-hant", body=False, verbose_name="rank document (Traditional Chinese)"
            ),
        ),
        migrations.AddField(
            model_name="release",
            name="search_document_zh_hans",
            field=document(
                "zh-hans",
                body=True,
                verbose_name="search document (Simplified Chinese)",
            ),
        ),
        migrations.AddField(
            model_name="release",
            name="rank_document_zh_hans",
            field=document(
                "zh-hans", body=False, verbose_name="rank document (Simplified Chinese)"
            ),
        ),
        migrations.AddIndex(
            model_name="release",
            index=pressroom.models.SearchDocumentIndex(
                fields=["search_document"], name="release_search_document_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="release",
            index=pressroom.models.SearchDocumentIndex(
                fields=["search_document_zh_hant"], name="release_search_zh_hant_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="release",
            index=pressroom.models.SearchDocumentIndex(
                fields=["search_document_zh_hans"], name="release_search_zh_hans_idx"
            ),
        ),
    ]
