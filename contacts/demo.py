"""Demo content for `manage.py load_demo`: enquiry topics and a few enquiries."""

from django.conf import settings
from django.urls import reverse

from contacts import services
from contacts.models import (
    ConsentSource,
    ConsentWording,
    Enquiry,
    EnquiryStatus,
    EnquiryTopic,
)

DEMO_TOPICS = [
    ("general", "General enquiry"),
    ("media", "Media enquiry"),
    ("events", "Events and programmes"),
    ("partnerships", "Partnerships and sponsorship"),
    ("privacy", "Personal data access or correction"),
]

# (name, email, organisation, topic, subject, consented, withdrawn later)
DEMO_ENQUIRIES = [
    (
        "陳大文",
        "chan.taiman@example.com",
        "Harbour Arts Centre",
        "events",
        "Group booking for the spring programme",
        True,
        False,
    ),
    (
        "Priya Raman",
        "priya.raman@example.net",
        "Daily Ledger",
        "media",
        "Interview request about the annual results",
        False,
        False,
    ),
    (
        "Lee Wing Sze",
        "lee.wingsze@example.org",
        "",
        "general",
        "Newsletter question",
        True,
        True,
    ),
]


def load_demo_content(*, stdout=None):
    """Create demo topics and enquiries. Idempotent: a second run changes nothing."""
    created_topics = 0
    for position, (slug, name) in enumerate(DEMO_TOPICS):
        _topic, was_created = EnquiryTopic.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position * 10}
        )
        created_topics += was_created

    created_enquiries = 0
    wording = ConsentWording.objects.current()
    for (
        name,
        email,
        organisation,
        slug,
        subject,
        consented,
        withdrawn,
    ) in DEMO_ENQUIRIES:
        if Enquiry.objects.filter(email=email).exists():
            continue
        enquiry = services.enquiry_submit(
            name=name,
            email=email,
            organisation=organisation,
            phone="+852 2123 4567",
            topic=EnquiryTopic.objects.get(slug=slug),
            subject=subject,
            message="This is a demo enquiry.",
            marketing_consent=consented,
            wording=wording,
            source_url=f"{settings.SITE_URL}{reverse('contacts:contact')}",
            ip_address="127.0.0.1",
            user_agent="Demo data",
            send_emails=False,
        )
        if withdrawn:
            services.consent_withdraw(
                email=email,
                source=ConsentSource.PHONE,
                note="Demo: asked by phone to stop newsletters.",
            )
            Enquiry.objects.filter(pk=enquiry.pk).update(status=EnquiryStatus.CLOSED)
        created_enquiries += 1

    if stdout is not None:
        stdout.write(
            f"Contact Us: {created_topics} enquiry topics and "
            f"{created_enquiries} demo enquiries created (the rest kept)."
        )
