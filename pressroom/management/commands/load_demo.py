from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from contacts.demo import load_demo_content as load_contacts_demo
from pressroom.demo import load_demo_content as load_pressroom_demo

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "newsroom-demo"  # A published demo credential, by design.


class Command(BaseCommand):
    help = (
        "Load the demo newsroom: releases, tags, media contacts, enquiry topics and "
        "a staff account. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self.create_demo_staff()
            load_pressroom_demo(stdout=self.stdout)
            load_contacts_demo(stdout=self.stdout)
        verb = "Created" if created else "Kept"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} the demo staff account. Sign in at /admin/ with\n"
                f"    username: {DEMO_USERNAME}\n"
                f"    password: {DEMO_PASSWORD}"
            )
        )

    def create_demo_staff(self):
        User = get_user_model()
        if User.objects.filter(username=DEMO_USERNAME).exists():
            return False
        User.objects.create_superuser(
            username=DEMO_USERNAME,
            email="demo@example.com",
            password=DEMO_PASSWORD,
        )
        return True
