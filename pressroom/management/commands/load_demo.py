from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from contacts.demo import load_demo_content as load_contacts_demo
from pressroom.demo import load_demo_content as load_pressroom_demo

# Published demo credentials, by design: one account per staff role, so an
# evaluator can see what each role sees. The groups come from migrations.
DEMO_PASSWORD = "newsroom-demo"
DEMO_ACCOUNTS = [
    ("demo", None, "superuser: sees everything"),
    ("editor", "Comms editors", "writes and publishes releases"),
    ("handler", "Enquiry handlers", "triages enquiries"),
    ("exporter", "Marketing exporters", "exports consented contacts"),
]


class Command(BaseCommand):
    help = (
        "Load the demo newsroom: releases, tags, media contacts and enquiry topics, "
        "and with --with-demo-accounts one staff account per role. Running it again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-accounts",
            action="store_true",
            help=(
                f"Also create a superuser and one staff account per role, all with "
                f"the published password {DEMO_PASSWORD!r}: never on a server "
                f"others can reach (make demo passes it)."
            ),
        )

    def handle(self, *args, with_demo_accounts=False, **options):
        # A superuser whose password is in the README is an open door on any
        # server: the demo content alone, unless the accounts are asked for.
        with transaction.atomic():
            if with_demo_accounts:
                for username, group_name, _role in DEMO_ACCOUNTS:
                    self.ensure_account(username, group_name)
            load_pressroom_demo(stdout=self.stdout)
            load_contacts_demo(stdout=self.stdout)
        if not with_demo_accounts:
            self.stdout.write(
                "No demo accounts were created. Sign in with an account of your own "
                "(manage.py createsuperuser), or add --with-demo-accounts on a "
                "machine only you can reach."
            )
            return
        lines = [f"Sign in at /admin/ with password {DEMO_PASSWORD!r} as:"]
        lines += [f"    {username:<9} {role}" for username, _, role in DEMO_ACCOUNTS]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))

    def ensure_account(self, username, group_name):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            return
        email = f"{username}@example.com"
        if group_name is None:
            User.objects.create_superuser(username, email, DEMO_PASSWORD)
            return
        user = User.objects.create_user(username, email, DEMO_PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group_name))
