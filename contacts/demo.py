"""Demo content for `manage.py load_demo`: enquiry topics and consent wording."""


def load_demo_content(*, stdout=None):
    """Create the demo topics. Idempotent: a second run changes nothing."""
