"""Demo content for `manage.py load_demo`: enquiry topics and consent wording."""

from contacts.models import EnquiryTopic

DEMO_TOPICS = [
    ("general", "General enquiry"),
    ("media", "Media enquiry"),
    ("events", "Events and programmes"),
    ("partnerships", "Partnerships and sponsorship"),
    ("privacy", "Personal data access or correction"),
]


def load_demo_content(*, stdout=None):
    """Create the demo topics. Idempotent: a second run changes nothing."""
    created = 0
    for position, (slug, name) in enumerate(DEMO_TOPICS):
        _topic, was_created = EnquiryTopic.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position * 10}
        )
        created += was_created
    if stdout is not None:
        stdout.write(
            f"Enquiry topics: {created} created, {len(DEMO_TOPICS) - created} kept."
        )
