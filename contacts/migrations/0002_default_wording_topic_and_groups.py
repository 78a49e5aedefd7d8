"""
Data every site needs before its first visitor: the default direct-marketing
consent wording (version 1, PDPO s35C), a first enquiry topic, and the staff
groups "Enquiry handlers" and "Marketing exporters".
"""

import hashlib

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

DEFAULT_WORDING = (
    "I agree that {site} may use my name, email address, phone number and "
    "organisation to send me information about its events, programmes and "
    "newsletters (direct marketing). I can withdraw this consent at any time, "
    "free of charge, through the unsubscribe link in any email or the Contact Us "
    "form."
)

GROUPS = {
    "Enquiry handlers": [
        "view_enquiry",
        "change_enquiry",
        "view_enquirytopic",
        "add_enquirytopic",
        "change_enquirytopic",
        "view_consentevent",
        "add_consentevent",
        "view_consentwording",
    ],
    "Marketing exporters": [
        "view_enquiry",
        "view_enquirytopic",
        "view_consentevent",
        "view_consentwording",
        "view_exportlog",
        "export_consented_contacts",
    ],
}


def create_defaults(apps, schema_editor):
    from django.conf import settings

    ConsentWording = apps.get_model("contacts", "ConsentWording")
    EnquiryTopic = apps.get_model("contacts", "EnquiryTopic")
    if not ConsentWording.objects.exists():
        text = DEFAULT_WORDING.format(site=settings.SITE_NAME)
        ConsentWording.objects.create(
            purpose="direct_marketing",
            version=1,
            text=text,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            created_at=timezone.now(),
        )
    EnquiryTopic.objects.get_or_create(
        slug="general", defaults={"name": "General enquiry", "position": 100}
    )


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations ran; the groups need
    # them now, so make them here (it is idempotent).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="contacts", codename__in=codenames
            )
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_defaults, migrations.RunPython.noop),
        migrations.RunPython(create_groups, remove_groups),
    ]
