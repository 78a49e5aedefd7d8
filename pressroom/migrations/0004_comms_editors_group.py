"""The "Comms editors" group: manages releases, tags and media contacts, nothing else.

Permissions are normally created after all migrations ran (post_migrate), so on
a fresh database they do not exist yet here; they are created first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Comms editors"
MODELS = [
    "release",
    "tag",
    "mediacontact",
    "releaseimage",
    "releaseattachment",
    "releasemediacontact",
]
ACTIONS = ["add", "change", "delete", "view"]


def create_group(apps, schema_editor):
    app_config = apps.get_app_config("pressroom")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    permissions = Permission.objects.filter(
        content_type__app_label="pressroom", codename__in=codenames
    )
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("pressroom", "0003_release_search_index"),
    ]

    operations = [
        migrations.RunPython(create_group, delete_group),
    ]
