from django.db import migrations, models


def mark_sent_emails(apps, schema_editor):
    # Before this migration both emails went out together or not at all, so a
    # "sent" enquiry had both; a resend must not send them again.
    Enquiry = apps.get_model("contacts", "Enquiry")
    Enquiry.objects.filter(email_status="sent").update(
        acknowledged_at=models.F("email_attempted_at"),
        staff_notified_at=models.F("email_attempted_at"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_default_wording_topic_and_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="enquiry",
            name="acknowledged_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="acknowledgement sent at"
            ),
        ),
        migrations.AddField(
            model_name="enquiry",
            name="staff_notified_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="staff notification sent at"
            ),
        ),
        migrations.RunPython(mark_sent_emails, migrations.RunPython.noop),
    ]
