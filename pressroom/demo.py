"""Demo content for `manage.py load_demo`: releases, tags and media contacts."""


def load_demo_content(*, stdout=None):
    """Create the demo releases. Idempotent: a second run changes nothing."""
